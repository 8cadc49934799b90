//! `hashpivot option FILE.toml --conversion NAME`: the option to start a lease conversion later, by
//! least-squares Monte Carlo on the engine's paths (`hashpivot::option`).

use super::validate;
use crate::args::RentIndexArgs;
use crate::output::{Table, num, opt, print, print_json};
use crate::store;
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::option::{ConversionOption, OptionSettings, value_conversion_option};
use hashpivot::scenario::{ConversionUse, Scenario};
use hashpivot_output::Column;
use std::path::PathBuf;

/// Default yearly drift of the market rent: flat in expectation.
pub const RENT_DRIFT_DEFAULT: f64 = 0.0;
/// Default yearly volatility of the market rent.
pub const RENT_VOLATILITY_DEFAULT: f64 = 0.10;

#[derive(Debug, Args)]
pub struct OptionArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    /// The conversion (a lease) whose start is chosen; its start month in the file is ignored.
    #[arg(long, value_name = "NAME", conflicts_with = "site")]
    pub conversion: Option<String>,
    /// Or: the site whose first lease conversion is timed.
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    /// Paths the exercise rule is fitted on; as many fresh paths value it.
    #[arg(long, default_value_t = 2_000, value_parser = super::run::paths_parser())]
    pub paths: u64,
    /// Seed of the random streams (fitting paths 0..N, valuation paths N..2N).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Decision months 0..N−1 (default: every month whose build ends within the horizon).
    #[arg(long, value_name = "N")]
    pub decision_months: Option<usize>,
    /// Total degree of the polynomial regression basis in hashprice, BTC, power price and rent index.
    #[arg(long, default_value_t = 2)]
    pub degree: u32,
    /// Worker threads (default: all cores). Results are identical for any count.
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
    #[command(flatten)]
    pub rent: RentIndexArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write option_paths.csv (each valuation path's month and gain) and option_boundary.csv to this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The index of the conversion `--conversion` names, or the first lease on `--site`.
pub fn pick_conversion(
    sc: &Scenario,
    conversion: Option<&str>,
    site: Option<&str>,
) -> Result<usize> {
    let leases = || {
        sc.conversions()
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.use_(), ConversionUse::Lease { .. }))
    };
    let names = || {
        leases()
            .map(|(_, c)| c.name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (conversion, site) {
        (Some(n), _) => sc
            .conversions()
            .iter()
            .position(|c| c.name() == n)
            .with_context(|| {
                format!(
                    "no conversion named {n:?}; the lease conversions are: {}",
                    names()
                )
            }),
        (None, Some(s)) => leases()
            .find(|(_, c)| sc.sites()[c.site()].name() == s)
            .map(|(i, _)| i)
            .with_context(|| {
                format!(
                    "no lease conversion on site {s:?}; the lease conversions are: {}",
                    names()
                )
            }),
        (None, None) => bail!(
            "say which conversion to time: --conversion NAME or --site NAME (lease conversions: {})",
            names()
        ),
    }
}

pub fn run(args: OptionArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let sc = validate::load(&args.file, &libs)?;
    let conversion = pick_conversion(&sc, args.conversion.as_deref(), args.site.as_deref())?;
    let rent = args.rent.index()?;
    let settings = OptionSettings {
        conversion,
        rent,
        decision_months: args.decision_months,
        degree: args.degree,
        paths: args.paths as usize,
        seed: args.seed,
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = args.threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let o = pool.install(|| value_conversion_option(&sc, &libs.power, &settings))?;
    if let Some(dir) = &args.out {
        write_csv(dir, &o)?;
    }
    if args.json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            #[serde(flatten)]
            option: &'a ConversionOption,
            /// The basis of the rent process's parameters.
            rent_basis: String,
        }
        print_json(&Json {
            option: &o,
            rent_basis: args.rent.basis(),
        })
    } else {
        print(&render(&o, &args))
    }
}

fn write_csv(dir: &std::path::Path, o: &ConversionOption) -> Result<()> {
    let n = o.path_results.len();
    let paths = hashpivot_output::Table::new(vec![
        Column::i64("path", (0..n).map(|i| (o.paths + i) as i64).collect()),
        Column::optional_f64(
            "convert_month",
            o.path_results
                .iter()
                .map(|(m, _)| m.map(|m| m as f64))
                .collect(),
        ),
        Column::f64(
            "gain_over_never_usd",
            o.path_results.iter().map(|(_, v)| *v).collect(),
        ),
    ])
    .context("cannot tabulate the option's paths")?;
    store::write_atomic(&dir.join("option_paths.csv"), &paths.to_csv()?)?;
    let b = &o.boundary;
    let boundary = hashpivot_output::Table::new(vec![
        Column::i64("month", b.iter().map(|p| p.month as i64).collect()),
        Column::f64("rent_quantile", b.iter().map(|p| p.rent_quantile).collect()),
        Column::f64("rent_index", b.iter().map(|p| p.rent_index).collect()),
        Column::f64(
            "btc_per_hashprice",
            b.iter().map(|p| p.btc_per_hashprice).collect(),
        ),
        Column::f64(
            "power_usd_per_mwh",
            b.iter().map(|p| p.power_usd_per_mwh).collect(),
        ),
        Column::optional_f64(
            "hashprice_usd_per_ph_day",
            b.iter().map(|p| p.hashprice_usd_per_ph_day).collect(),
        ),
        Column::i64(
            "converts_below",
            b.iter()
                .map(|p| i64::from(p.converts == "below" || p.converts == "always"))
                .collect(),
        ),
    ])
    .context("cannot tabulate the exercise boundary")?;
    store::write_atomic(&dir.join("option_boundary.csv"), &boundary.to_csv()?)?;
    Ok(())
}

fn m_usd(v: f64) -> String {
    format!("{} M", num(v / 1e6, 1))
}

fn render(o: &ConversionOption, args: &OptionArgs) -> String {
    let mut s = format!(
        "Option to convert later: {} on {} — {} fitting + {} fresh paths, seed {}, decision months 0–{}\n",
        o.conversion,
        o.site,
        o.paths,
        o.paths,
        o.seed,
        o.decision_months - 1
    );
    s += "Site flows before tax and financing, PV at the valuation date: never = the site to the horizon (no terminal\n\
          value); a conversion adds its lease contract over the whole term (past the horizon, displaced mining at the last\n\
          year's mean), its rent collected in expectation over the tenant's default month.\n\n";
    let mut t = Table::new(["plan", "value USD", "vs never USD"]);
    t.row(["never convert".into(), m_usd(o.never_usd), m_usd(0.0)]);
    t.row([
        "convert now".into(),
        m_usd(o.now_usd),
        m_usd(o.now_usd - o.never_usd),
    ]);
    t.row([
        "optimal timing (fresh paths)".into(),
        format!(
            "{} ± {}",
            m_usd(o.optimal_usd),
            m_usd(o.optimal_standard_error_usd)
        ),
        m_usd(o.optimal_usd - o.never_usd),
    ]);
    t.row([
        "  same rule, fitting paths".into(),
        m_usd(o.optimal_in_sample_usd),
        m_usd(o.optimal_in_sample_usd - o.never_usd),
    ]);
    s += &t.render();
    s += &format!(
        "\nValue of waiting (optimal − max(now, never)): {}\n",
        m_usd(o.value_of_waiting_usd)
    );
    s += &format!(
        "Conversion month: never in {:.1}% of paths; median month {}\n",
        100.0 * o.never_share,
        opt(o.median_month, 0)
    );
    let mut t = Table::new(["decision months", "share of paths %"]);
    for d in &o.month_distribution {
        let range = if d.from_month == d.to_month {
            d.from_month.to_string()
        } else {
            format!("{}–{}", d.from_month, d.to_month)
        };
        t.row([range, num(100.0 * d.share, 1)]);
    }
    s += &t.render();
    s += "\nExercise boundary (power at its median that month; BTC moves with the hashprice at the month's median ratio):\n";
    let mut t = Table::new([
        "month",
        "rent index (quantile)",
        "converts when hashprice USD/PH/day",
    ]);
    for b in &o.boundary {
        let rule = match (b.hashprice_usd_per_ph_day, b.converts) {
            (Some(h), side) => format!("{side} {}", num(h, 2)),
            (None, "always") => "at every hashprice (P1–P99)".into(),
            (None, _) => "at no hashprice (P1–P99)".into(),
        };
        t.row([
            b.month.to_string(),
            format!("{} (P{:.0})", num(b.rent_index, 3), 100.0 * b.rent_quantile),
            rule,
        ]);
    }
    s += &t.render();
    s += &format!(
        "\nBasis: {} (hashprice, BTC and power scaled by their month-1 means). {}.\nDiscounting: {}.\n",
        o.basis.join(", "),
        args.rent.basis(),
        o.discounting
    );
    s
}

/// The rent process and where its parameters come from.
pub fn rent_basis(rent_drift: f64, rent_volatility: f64) -> String {
    format!(
        "Rent index: GBM, drift {} /yr{}, volatility {} /yr{}",
        rent_drift,
        if rent_drift == RENT_DRIFT_DEFAULT {
            " (default: flat in expectation)"
        } else {
            " (stated)"
        },
        rent_volatility,
        if rent_volatility == RENT_VOLATILITY_DEFAULT {
            " (default, an assumption: no market rent series is bundled; state yours with --rent-volatility)"
        } else {
            " (stated)"
        },
    )
}
