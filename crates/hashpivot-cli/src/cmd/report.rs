//! `hashpivot report FILE.toml --out report.html`: the run as one self-contained HTML page (summary, charts,
//! power years, assumptions; with `[[plans]]`, the plans side by side, the tornado and breakevens). The run is
//! `run`'s own ([`super::run::simulate`]); the decision figures are `decide`'s, `sensitivity`'s and
//! `breakeven`'s; the page is `hashpivot_report`'s.

use super::decide::{self as dec, context, error, pool};
use super::run::{MonteCarloArgs, paths_parser, simulate};
use super::validate::{self, Libraries};
use crate::store;
use anyhow::Result;
use clap::Args;
use hashpivot::decide::{self, Decision, Evaluator, PathSettings};
use hashpivot::sim::Report;
use hashpivot_report::{Plans, ReportData};
use std::path::PathBuf;

/// Breakevens the report solves: the inputs with the largest tornado swings.
pub const BREAKEVENS: usize = 2;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file (TOML).
    pub file: PathBuf,
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// The HTML file to write (replaced atomically).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// With `[[plans]]`: Monte Carlo paths of each run of the tornado and the breakevens (the same paths for
    /// every run; `sensitivity` and `breakeven` default to 500).
    #[arg(long, default_value_t = 200, value_parser = paths_parser())]
    pub decision_paths: u64,
    /// Refuse a run whose estimated memory (from --paths and the months simulated) is above this many GB.
    #[arg(long, value_name = "GB", default_value_t = crate::limits::DEFAULT_MEMORY_LIMIT_GB)]
    pub memory_limit_gb: f64,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// What ran, in one line: paths, seed, months.
pub fn subtitle(r: &Report) -> String {
    let s = &r.summary;
    format!(
        "{} paths, seed {}, months {} to {} ({} years); NPV to equity at the valuation date, USD",
        s.paths,
        s.seed,
        r.first_month,
        r.last_month,
        s.ebitda_usd_by_year.len()
    )
}

/// The plans of a decision with two or more: `decide`'s comparison on `mc`'s paths (baseline the first plan),
/// the tornado of the plan with the highest mean NPV against the baseline (or of the baseline alone when it
/// leads) and the breakevens of its [`BREAKEVENS`] largest bars, on `decision_paths` paths each run.
pub fn plans(d: &Decision<'_>, mc: &MonteCarloArgs, decision_paths: u64) -> Result<Option<Plans>> {
    if d.len() < 2 {
        return Ok(None);
    }
    let comparison = dec::comparison(d, None, mc.paths, mc.seed, mc.threads)?;
    let best = d
        .index_of(&comparison.recommendation.highest_mean_npv)
        .map_err(error)?;
    let versus = (best != 0).then_some(0);
    let ev = Evaluator::new(
        d,
        PathSettings {
            paths: decision_paths,
            seed: mc.seed,
        },
    );
    let (tornado, breakevens) = pool(mc.threads)?
        .install(|| -> Result<_, decide::DecideError> {
            let t = decide::tornado(&ev, best, versus, None, &[])?;
            let mut b = Vec::new();
            for bar in t.bars.iter().take(BREAKEVENS) {
                let input = decide::input(&bar.input)?;
                b.push(decide::breakeven(&ev, best, versus, input, None, None)?);
            }
            Ok((t, b))
        })
        .map_err(error)?;
    Ok(Some(Plans {
        comparison,
        tornado: Some(tornado),
        breakevens,
    }))
}

/// The report page of a scenario file: the run, and the plans where the file has them.
pub fn page(args: &ReportArgs, libs: &Libraries) -> Result<String> {
    let sc = validate::load(&args.file, libs)?;
    crate::limits::check_run_memory(args.mc.paths, sc.months(), false, args.memory_limit_gb)?;
    let ctx = context(libs);
    let d = dec::load(std::slice::from_ref(&args.file), &ctx)?;
    let plans = plans(&d, &args.mc, args.decision_paths)?;
    let (report, _) = simulate(
        &sc,
        &libs.power,
        args.mc.paths,
        args.mc.seed,
        args.mc.threads,
        false,
        args.quiet,
    )?;
    let data = ReportData::from_run(&report, plans);
    Ok(hashpivot_report::report_page(&data, &subtitle(&report)))
}

/// Writes `dispatch --report`'s page: the heatmap and monthly margin of `result`, and `summary` (the
/// dispatch's printed figures).
pub fn write_dispatch(
    path: &std::path::Path,
    result: &hashpivot::power::DispatchResult,
    summary: &str,
) -> Result<()> {
    let html = hashpivot_report::dispatch_page(&ReportData::from_dispatch(result), summary);
    store::write_atomic(path, html.as_bytes())
}

/// A figures page to write: its path, which page, and its subject (hub and year, date…).
pub type FiguresReport<'a> = (
    &'a std::path::Path,
    &'a hashpivot_report::figures::Figures,
    &'a str,
);

/// The end of a command with `--report`: writes its figures page from `json` (the `--json` object, which the
/// page's charts read) and `text` (the printed figures) when asked, then prints `json` (with `--json`) or
/// `text`.
pub fn figures_out(
    report: Option<FiguresReport>,
    json: bool,
    data: &serde_json::Value,
    text: &str,
) -> Result<()> {
    // The page shows the figures as the terminal does (long lines wrapped).
    let text = crate::layout::wrap_prose(text);
    if let Some((path, spec, subject)) = report {
        let html = hashpivot_report::figures_page(spec, subject, data, &text);
        store::write_atomic(path, html.as_bytes())?;
    }
    if json {
        return crate::output::print_json(data);
    }
    crate::output::print_raw(&text)
}

pub fn run(args: ReportArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let html = page(&args, &libs)?;
    store::write_atomic(&args.out, html.as_bytes())?;
    eprintln!("wrote {} ({} bytes)", args.out.display(), html.len());
    Ok(())
}
