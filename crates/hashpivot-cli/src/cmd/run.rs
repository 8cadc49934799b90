//! `hashpivot run FILE.toml`: a company's monthly cash flows, deterministic and under N Monte Carlo paths,
//! with the risk figures that decide a pivot.

use super::validate;
use crate::output::{Table, num, print, print_json};
use anyhow::{Context, Result};
use clap::Args;
use hashpivot::bounds;
use hashpivot::decide::PathSettings;
use hashpivot::sim::{self, MonthRecord, PathSummary, Prepared, Report};
use hashpivot_output::Column;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The Monte Carlo flags `run`, `decide`, `sensitivity` and `breakeven` share: `--paths`, `--seed`, `--threads`.
/// The help and defaults are `run`'s; a command whose paths mean something else (per plan, per run) or whose
/// default differs says so with `mut_arg` on its own arguments.
#[derive(Debug, Args)]
pub struct MonteCarloArgs {
    /// Monte Carlo paths.
    #[arg(long, default_value_t = 2_000, value_parser = paths_parser())]
    pub paths: u64,
    /// Seed of the random streams (path i uses stream i of this seed).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores). Results are identical for any count.
    #[arg(long, value_parser = threads_parser())]
    pub threads: Option<u16>,
}

impl MonteCarloArgs {
    /// The paths and seed of a decision's evaluator.
    pub fn settings(&self) -> PathSettings {
        PathSettings {
            paths: self.paths,
            seed: self.seed,
        }
    }
}

/// [`MonteCarloArgs`] as the commands that run a plan many times on the same paths (`sensitivity`,
/// `breakeven`) word them: 500 paths by default, the same for every run.
#[derive(Debug, Args)]
#[command(
    mut_arg("paths", |a| a
        .help("Monte Carlo paths per run (the same paths for every run)")
        .default_value("500")),
    mut_arg("seed", |a| a.help("Seed of the random streams"))
)]
pub struct PerRunArgs {
    /// The flags, as [`MonteCarloArgs`] reads them.
    #[command(flatten)]
    pub mc: MonteCarloArgs,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// Run only the base case: every volatility at zero.
    #[arg(long)]
    pub deterministic: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write summary.json, cashflows_base.csv, paths.csv and paths.parquet to this directory, as one set
    /// (staged beside it, then renamed into place).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write a workbook (sheets Summary, Assumptions, Yearly, Monthly, Paths) to this file.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// With --out: replace a non-empty folder that hashpivot did not write.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Refuse a run whose estimated memory (from --paths and the months simulated) is above this many GB.
    #[arg(long, value_name = "GB", default_value_t = crate::limits::DEFAULT_MEMORY_LIMIT_GB)]
    pub memory_limit_gb: f64,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// With --out: compute only shard k of K (the k-th of K contiguous ranges of the --paths path indices) and
    /// write what `hashpivot merge` needs to give the whole run's outputs.
    #[arg(long, value_name = "k/K", requires = "out", conflicts_with_all = ["deterministic", "json"],
          value_parser = |s: &str| hashpivot::sim::Shard::parse(s).map_err(|e| e.to_string()))]
    pub shard: Option<hashpivot::sim::Shard>,
}

/// Parses `--paths`: a whole number of Monte Carlo paths in [`bounds::PATHS`].
pub fn paths_parser() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(bounds::PATHS.min as u64..=bounds::PATHS.max as u64)
}

/// Parses `--threads`: a whole number of worker threads in [`bounds::THREADS`].
pub fn threads_parser() -> clap::builder::RangedI64ValueParser<u16> {
    clap::value_parser!(u16).range(bounds::THREADS.min as i64..=bounds::THREADS.max as i64)
}

/// Runs a scenario on a pool of `threads` threads with an optional progress bar.
pub fn simulate(
    sc: &hashpivot::scenario::Scenario,
    power: &hashpivot::power::PriceBook,
    paths: u64,
    seed: u64,
    threads: Option<u16>,
    deterministic: bool,
    quiet: bool,
) -> Result<(Report, Vec<MonthRecord>)> {
    let prepared = Prepared::new(sc, power)?;
    on_pool(threads, paths, quiet || deterministic, |inc| {
        sim::run(&prepared, paths, seed, deterministic, inc)
    })
}

/// Runs `work` on a pool of `threads` threads (default: all cores), handing it the step of a progress bar of
/// `paths` paths (hidden with `quiet` or when stderr is not a terminal).
pub fn on_pool<T: Send>(
    threads: Option<u16>,
    paths: u64,
    quiet: bool,
    work: impl FnOnce(&(dyn Fn() + Sync)) -> T + Send,
) -> Result<T> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let bar = if quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(paths);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} paths {elapsed_precise} (eta {eta})",
            )
            .expect("a valid template"),
        );
        b
    };
    let inc = || bar.inc(1);
    let result = pool.install(|| work(&inc));
    bar.finish_and_clear();
    Ok(result)
}

fn musd(v: f64) -> String {
    num(v / 1e6, 1)
}

/// A rate with two decimals of a percent (7.75%).
fn rate(v: f64) -> String {
    format!("{}%", num(v * 100.0, 2))
}

fn pct(v: f64) -> String {
    format!("{}%", num(v * 100.0, 1))
}

/// The human summary.
pub fn render(r: &Report) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let mode = if r.deterministic {
        "deterministic base case".to_string()
    } else {
        format!("{} paths, seed {}", s.paths, s.seed)
    };
    out.push_str(&format!(
        "{} — {} from {} ({} years)\n\n",
        s.scenario,
        mode,
        r.first_month,
        s.ebitda_usd_by_year.len()
    ));
    let mut t = Table::new(["NPV (USD M)", "mean", "P5", "P50", "P95"]);
    t.row([
        "equity cash flows".to_string(),
        musd(s.npv_usd.mean),
        musd(s.npv_usd.p5),
        musd(s.npv_usd.p50),
        musd(s.npv_usd.p95),
    ]);
    out.push_str(&t.render());
    out.push_str(&format!(
        "base case NPV {} M · CVaR 5% {} M · P(NPV < 0) {} · IRR P50 {}\n",
        musd(r.base_npv_usd),
        musd(s.cvar5_usd),
        pct(s.prob_npv_negative),
        match s.irr_p50 {
            Some(irr) if r.irr_defined_share < 1.0 => format!(
                "{} (of the {} of paths with an IRR)",
                pct(irr),
                pct(r.irr_defined_share)
            ),
            Some(irr) => pct(irr),
            None => format!(
                "n/a (an IRR needs equity flows whose NPV falls through zero as the rate rises; {} of paths have one)",
                pct(r.irr_defined_share)
            ),
        }
    ));
    let c = &s.cases;
    out.push_str(&format!(
        "base case (expected path) NPV {} M, BTC {} USD at the horizon · median case (median path) NPV {} M, BTC {} USD\n\
         why they differ: {}\n",
        musd(c.base.npv_usd),
        num(c.base.final_btc_usd, 0),
        musd(c.median.npv_usd),
        num(c.median.final_btc_usd, 0),
        c.note
    ));
    out.push_str(&class_table(r));
    out.push_str(&match r.terminal_value {
        hashpivot::scenario::TerminalValue::None => format!(
            "terminal value: none — cash flows stop at the horizon ({}), where debt outstanding is repaid\n\n",
            r.last_month
        ),
        tv => {
            let v = &r.terminal_value_usd;
            let w = &r.npv_without_terminal_usd;
            format!(
                "terminal value: {} — P50 {} M at {} (PV {} M, in every NPV above; P5 {} M, P95 {} M)\n\
                 NPV without terminal value: P5 {} M · P50 {} M · P95 {} M\n\n",
                tv.describe(),
                musd(v.p50),
                r.last_month,
                musd(v.p50 * r.horizon_discount_factor),
                musd(v.p5),
                musd(v.p95),
                musd(w.p5),
                musd(w.p50),
                musd(w.p95),
            )
        }
    });
    let mut t = Table::new([
        "year",
        "EBITDA P5",
        "P50",
        "P95 (USD M)",
        "accrual P50",
        "mining %",
        "hosting/lease %",
        "GPU cloud %",
        "power sales %",
        "BTC-beta (USD M / +0.10 log return)",
    ]);
    for ((y, mix), acc) in s
        .ebitda_usd_by_year
        .iter()
        .zip(&s.revenue_mix_by_year)
        .zip(&s.ebitda_accrual_usd_by_year)
    {
        let total = mix.self_mining + mix.hosting_lease + mix.gpu_cloud + mix.power_sales;
        let share = |v: f64| {
            if total > 0.0 {
                num(100.0 * v / total, 0)
            } else {
                "-".into()
            }
        };
        let beta = r.btc_beta_ebitda_by_year.get(y.year - 1).copied().flatten();
        t.row([
            format!("Y{}", y.year),
            musd(y.p5),
            musd(y.p50),
            musd(y.p95),
            musd(acc.p50),
            share(mix.self_mining),
            share(mix.hosting_lease),
            share(mix.gpu_cloud),
            share(mix.power_sales),
            beta.map_or("-".into(), |b| num(b * 0.1 / 1e6, 2)),
        ]);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\nBTC mined P50 {} · cost per BTC P50 {} USD (power the mining drew, at contract price, + variable opex; power sales not netted) · BTC-beta of monthly EBITDA {} USD M per +0.10 BTC log return (≈ +10.5%)\n",
        num(s.btc_mined_p50, 0),
        r.cost_per_btc_usd_p50.map_or("-".into(), |c| num(c, 0)),
        s.btc_beta_ebitda.map_or("-".into(), |b| num(b * 0.1 / 1e6, 2)),
    ));
    if let Some(p) = &s.power_years {
        out.push_str(&super::run_power_years::render(p));
    }
    out.push_str(
        "EBITDA on the cash basis books a prepayment when received; accrual P50 recognises it over its contract \
         (tax is on the accrual basis, losses carried forward).\n",
    );
    out.push_str(&defaults_list(r));
    out
}

/// The NPV by class of cash flow, each at its rate, and the rates used.
fn class_table(r: &Report) -> String {
    let s = &r.summary;
    let mut t = Table::new(["NPV by class (USD M)", "rate", "mean", "P50", "base case"]);
    for c in &s.npv_by_class_usd {
        let all_zero = c.mean_usd == 0.0 && c.p50_usd == 0.0 && c.base_usd == 0.0;
        if all_zero && c.class != "tax_shield" {
            continue;
        }
        t.row([
            c.class.replace('_', " "),
            c.rate.map_or("debt".into(), rate),
            musd(c.mean_usd),
            musd(c.p50_usd),
            musd(c.base_usd),
        ]);
    }
    let mut out = String::from("\n");
    out.push_str(&t.render());
    let debt: Vec<String> = s
        .debt_rates
        .iter()
        .map(|d| {
            format!(
                "{} {} ({} effective)",
                d.conversion,
                rate(d.rate),
                rate(d.effective_rate)
            )
        })
        .collect();
    out.push_str(&format!(
        "adjusted present value: each class at its rate; the debt and its interest tax shield at the debt's rate{}; \
         the classes' means add up to the mean NPV\n",
        if debt.is_empty() {
            String::new()
        } else {
            format!(" ({})", debt.join(", "))
        }
    ));
    out
}

/// The assumptions not stated in the file, with their basis.
fn defaults_list(r: &Report) -> String {
    let defaults: Vec<_> = r
        .summary
        .assumptions
        .iter()
        .filter(|a| a.is_default())
        .collect();
    if defaults.is_empty() {
        return String::new();
    }
    let mut out = String::from("\ndefaults (not stated in the file; all assumptions in --json):\n");
    for a in defaults {
        if let hashpivot::assumption::Basis::Default { reason } = &a.basis {
            out.push_str(&format!(
                "  {} = {} {} — {}\n",
                a.name,
                if a.value.abs() >= 1_000.0 {
                    num(a.value, 0)
                } else {
                    format!("{}", a.value)
                },
                a.unit,
                reason
            ));
        }
    }
    out
}

pub fn cashflows_csv(rows: &[MonthRecord]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    Ok(w.into_inner()?)
}

/// The per-path summaries as a table, the rows and columns of `paths.csv` and `paths.parquet`. A path without
/// an IRR (no rate at which its NPV falls through zero) has a missing `irr`: NULL in Parquet, an empty CSV cell.
pub fn paths_table(r: &Report) -> Result<hashpivot_output::Table> {
    let years = r.summary.ebitda_usd_by_year.len();
    let f = |name: String, get: &dyn Fn(&PathSummary) -> f64| {
        Column::f64(name, r.paths.iter().map(get).collect())
    };
    let mut cols = vec![
        Column::i64("path", r.paths.iter().map(|p| p.path as i64).collect()),
        f("npv_usd".into(), &|p| p.npv_usd),
        f("npv_without_terminal_usd".into(), &|p| {
            p.npv_without_terminal_usd
        }),
        Column::optional_f64("irr", r.paths.iter().map(|p| p.irr).collect()),
        f("btc_mined".into(), &|p| p.btc_mined),
        f("mining_cost_usd".into(), &|p| p.mining_cost_usd),
        f("final_btc_usd".into(), &|p| p.final_btc_usd),
        f("terminal_value_usd".into(), &|p| p.terminal_value_usd),
    ];
    for (k, class) in hashpivot::sim::NPV_CLASSES.iter().enumerate() {
        cols.push(f(format!("npv_{class}_usd"), &|p| {
            p.npv_by_class_usd.to_array()[k]
        }));
    }
    for y in 0..years {
        cols.push(f(format!("ebitda_usd_y{}", y + 1), &|p| {
            p.ebitda_usd_by_year[y]
        }));
    }
    for y in 0..years {
        cols.push(f(format!("ebitda_accrual_usd_y{}", y + 1), &|p| {
            p.ebitda_accrual_usd_by_year[y]
        }));
    }
    hashpivot_output::Table::new(cols).context("cannot tabulate the per-path summaries")
}

/// Writes a run's output set into `set` and commits it: summary.json, cashflows_base.csv, paths.csv and
/// paths.parquet (`merge` writes the same set from a run's shards).
pub fn write_outputs(
    set: hashpivot_output::OutputDir,
    report: &Report,
    rows: &[MonthRecord],
) -> Result<()> {
    let mut json = serde_json::to_string_pretty(&report.summary)?;
    json.push('\n');
    set.write("summary.json", json.as_bytes())?;
    set.write("cashflows_base.csv", &cashflows_csv(rows)?)?;
    let paths = paths_table(report)?;
    set.write("paths.csv", &paths.to_csv()?)?;
    set.write("paths.parquet", &paths.to_parquet()?)?;
    set.commit()?;
    Ok(())
}

pub fn run(args: RunArgs) -> Result<()> {
    if let Some(shard) = args.shard {
        return super::merge::run_shard(&args, shard);
    }
    let libs = validate::libraries()?;
    // An invalid scenario fails here, before any file is touched.
    let sc = validate::load(&args.file, &libs)?;
    validate::warn_omitted_market(&sc);
    let paths = if args.deterministic { 1 } else { args.mc.paths };
    let keeps_paths = args.out.is_some() || args.xlsx.is_some();
    crate::limits::check_run_memory(paths, sc.months(), keeps_paths, args.memory_limit_gb)?;
    if args.xlsx.is_some() && paths > hashpivot_output::xlsx::MAX_ROWS as u64 {
        anyhow::bail!(
            "--xlsx: {paths} paths do not fit a sheet; expected at most {} (Excel's row limit)",
            hashpivot_output::xlsx::MAX_ROWS
        );
    }
    // A folder that cannot take the outputs is refused before the run.
    let out = match &args.out {
        Some(dir) => Some(hashpivot_output::OutputDir::begin(dir, args.force)?),
        None => None,
    };
    let (report, rows) = simulate(
        &sc,
        &libs.power,
        args.mc.paths,
        args.mc.seed,
        args.mc.threads,
        args.deterministic,
        args.quiet,
    )?;
    if let Some(set) = out {
        write_outputs(set, &report, &rows)?;
    }
    if let Some(file) = &args.xlsx {
        let book = crate::workbook::run(&report, &cashflows_csv(&rows)?, &paths_table(&report)?)?;
        crate::workbook::write(file, &book)?;
    }
    if args.json {
        print_json(&report.summary)
    } else {
        print(&render(&report))
    }
}
