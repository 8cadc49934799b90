//! `hashpivot decide FILE.toml` (plans listed in the file) or `decide A.toml B.toml …` (one plan per file, of
//! one company): every plan on the same random paths, each plan's NPV distribution and its paired difference
//! to a baseline. Also the loader `sensitivity` and `breakeven` share.

use super::run::MonteCarloArgs;
use super::validate::{self, Libraries};
use crate::output::{Table, num, print, print_json};
use crate::store;
use anyhow::{Context, Result};
use clap::Args;
use hashpivot::decide::{self, Comparison, DecideError, Decision, Evaluator, PathSettings};
use hashpivot::scenario;
use hashpivot_report::html::NPV_COLUMNS;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(
    mut_arg("paths", |a| a.help("Monte Carlo paths per plan (the same paths for every plan)")),
    mut_arg("seed", |a| a.help("Seed of the random streams (path i of every plan uses stream i of this seed)"))
)]
pub struct DecideArgs {
    /// One scenario file with `[[plans]]`, or several files of one company (each a plan named by its stem).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The plan the others are compared with (default: the first).
    #[arg(long)]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// Print the comparison as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the comparison as CSV (one row per plan) to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write a workbook (sheets Summary, Plans, Assumptions) to this file.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
}

/// A decision error as the CLI words it: a scenario's issues with their hints.
pub fn error(e: DecideError) -> anyhow::Error {
    match e {
        DecideError::Scenario { plan, issues } => anyhow::anyhow!(
            "{}{}",
            plan.map(|p| format!("plan `{p}`: ")).unwrap_or_default(),
            issues.render(|h| crate::hint::suffix(Some(h)))
        ),
        DecideError::Input(e) => e.into(),
    }
}

/// The scenario context of the bundled libraries.
pub fn context(libs: &Libraries) -> scenario::Context<'_> {
    scenario::Context {
        network: &libs.network,
        asics: &libs.asics,
        deals: &libs.deals,
        power: &libs.power,
    }
}

/// Reads the file(s) of a decision: one file with plans, or several files of one company.
pub fn load<'c>(files: &[PathBuf], ctx: &'c scenario::Context<'c>) -> Result<Decision<'c>> {
    let texts = files
        .iter()
        .map(|f| Ok((f.clone(), store::read_text(f)?)))
        .collect::<Result<Vec<_>>>()?;
    let d = if let [(path, text)] = texts.as_slice() {
        Decision::from_file(text, &path.display().to_string(), ctx).map_err(error)?
    } else {
        let named: Vec<(String, String, String)> = texts
            .iter()
            .map(|(p, t)| {
                let stem = p
                    .file_stem()
                    .map_or_else(|| p.display().to_string(), |s| s.to_string_lossy().into());
                (stem, p.display().to_string(), t.clone())
            })
            .collect();
        Decision::from_files(&named, ctx).map_err(error)?
    };
    match validate::btc_paths(&files[0], d.base_scenario())? {
        Some(paths) => Ok(d.with_btc_paths(paths)),
        None => Ok(d),
    }
}

/// A rayon pool of `threads` threads (default: all cores).
pub fn pool(threads: Option<u16>) -> Result<rayon::ThreadPool> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        pool = pool.num_threads(t as usize);
    }
    pool.build().context("cannot start worker threads")
}

fn musd(v: f64) -> String {
    num(v / 1e6, 1)
}

fn pct(v: f64) -> String {
    format!("{}%", num(v * 100.0, 0))
}

/// A distribution's mean, P5, P50 and P95, in USD M: the cells of both tables.
fn mean_and_quantiles(d: &hashpivot::sim::Dist) -> [String; 4] {
    [musd(d.mean), musd(d.p5), musd(d.p50), musd(d.p95)]
}

/// The human comparison.
pub fn render(c: &Comparison) -> String {
    let mut out = format!(
        "{} — {} plans on the same {} paths (seed {}), baseline `{}`\n\n",
        c.company,
        c.plans.len(),
        c.paths,
        c.seed,
        c.baseline
    );
    let mut t = Table::new(["plan", "kind"].into_iter().chain(NPV_COLUMNS));
    for p in &c.plans {
        let mut row = vec![p.plan.clone(), p.kind.clone()];
        row.extend(mean_and_quantiles(&p.npv_usd));
        row.extend([musd(p.cvar5_usd), pct(p.prob_npv_negative)]);
        t.row(row);
    }
    out.push_str(&t.render());
    out.push_str(&format!(
        "\nPaired with `{}`, path by path (ΔNPV = plan − baseline on the same path):\n",
        c.baseline
    ));
    let mut t = Table::new([
        "plan",
        "ΔNPV mean (USD M)",
        "P5",
        "P50",
        "P95",
        "P(beats baseline)",
    ]);
    for p in c.versus_baseline.iter().filter(|p| p.plan != c.baseline) {
        let mut row = vec![p.plan.clone()];
        row.extend(mean_and_quantiles(&p.delta_npv_usd));
        row.push(pct(p.prob_beats_baseline));
        t.row(row);
    }
    out.push_str(&t.render());
    out.push_str(&format!("\n{}\n", c.recommendation.text));
    if c.plans.iter().any(|p| p.proceeds_usd != 0.0) {
        out.push_str(
            "Sale and buyout proceeds are received at the valuation date, untaxed, and included in every path's NPV.\n",
        );
    }
    out
}

fn csv(c: &Comparison) -> Result<Vec<u8>> {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        plan: &'a str,
        kind: &'a str,
        npv_mean_usd: f64,
        npv_p5_usd: f64,
        npv_p50_usd: f64,
        npv_p95_usd: f64,
        cvar5_usd: f64,
        prob_npv_negative: f64,
        proceeds_usd: f64,
        delta_npv_mean_usd: f64,
        delta_npv_p5_usd: f64,
        delta_npv_p50_usd: f64,
        delta_npv_p95_usd: f64,
        prob_beats_baseline: f64,
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for (p, d) in c.plans.iter().zip(&c.versus_baseline) {
        w.serialize(Row {
            plan: &p.plan,
            kind: &p.kind,
            npv_mean_usd: p.npv_usd.mean,
            npv_p5_usd: p.npv_usd.p5,
            npv_p50_usd: p.npv_usd.p50,
            npv_p95_usd: p.npv_usd.p95,
            cvar5_usd: p.cvar5_usd,
            prob_npv_negative: p.prob_npv_negative,
            proceeds_usd: p.proceeds_usd,
            delta_npv_mean_usd: d.delta_npv_usd.mean,
            delta_npv_p5_usd: d.delta_npv_usd.p5,
            delta_npv_p50_usd: d.delta_npv_usd.p50,
            delta_npv_p95_usd: d.delta_npv_usd.p95,
            prob_beats_baseline: d.prob_beats_baseline,
        })?;
    }
    Ok(w.into_inner()?)
}

/// The index of the plan named `name` (an error naming the plans when there is none), or `default` when no
/// plan is named.
pub fn plan_index(d: &Decision<'_>, name: Option<&str>, default: usize) -> Result<usize> {
    name.map_or(Ok(default), |n| d.index_of(n).map_err(error))
}

/// Runs the comparison (shared with `bench decide`).
pub fn comparison(
    d: &Decision<'_>,
    baseline: Option<&str>,
    paths: u64,
    seed: u64,
    threads: Option<u16>,
) -> Result<Comparison> {
    let baseline = plan_index(d, baseline, 0)?;
    let ev = Evaluator::new(d, PathSettings { paths, seed });
    pool(threads)?
        .install(|| decide::decide(&ev, baseline))
        .map_err(error)
}

pub fn run(args: DecideArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let ctx = context(&libs);
    let d = load(&args.files, &ctx)?;
    let c = comparison(
        &d,
        args.baseline.as_deref(),
        args.mc.paths,
        args.mc.seed,
        args.mc.threads,
    )?;
    if let Some(out) = &args.out {
        store::write_atomic(out, &csv(&c)?)?;
    }
    if let Some(file) = &args.xlsx {
        let plans = (0..d.len())
            .map(|i| {
                let p = d.scenario(i, &[]).map_err(error)?;
                Ok((c.plans[i].plan.clone(), p.scenario.assumptions()))
            })
            .collect::<Result<Vec<_>>>()?;
        crate::workbook::write(file, &crate::workbook::decide(&c, &plans))?;
    }
    if args.json {
        print_json(&c)
    } else {
        print(&render(&c))
    }
}
