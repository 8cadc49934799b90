//! `hashpivot bench run`: the Monte Carlo benchmark — the largest bundled example, 10,000 paths over 10 years
//! with hourly dispatch — printing paths, seconds and peak memory.

use super::{run as run_cmd, validate};
use crate::output::print;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};

/// The default scenario, `examples/core_scientific.toml`, built into the binary.
const BUNDLED_EXAMPLE: &str = include_str!("../../../../examples/core_scientific.toml");
/// The name the bundled example is reported by.
const BUNDLED_EXAMPLE_NAME: &str = "examples/core_scientific.toml";
use std::time::Instant;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Scenario to run [default: the bundled examples/core_scientific.toml, built into the binary, so the
    /// benchmark runs from any folder]
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Monte Carlo paths.
    #[arg(long, default_value_t = 10_000, value_parser = super::run::paths_parser())]
    pub paths: u64,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
}

/// Peak resident memory of this process (VmHWM), MB, where /proc says it.
fn peak_memory_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(a: BenchArgs) -> Result<()> {
    let t0 = Instant::now();
    let libs = validate::libraries()?;
    let (sc, name) = match &a.file {
        Some(f) => (validate::load(f, &libs)?, f.display().to_string()),
        None => (
            validate::load_text(BUNDLED_EXAMPLE, Path::new(BUNDLED_EXAMPLE_NAME), &libs)?,
            format!("{BUNDLED_EXAMPLE_NAME} (bundled)"),
        ),
    };
    let load_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let (report, _) = run_cmd::simulate(&sc, &libs.power, a.paths, a.seed, a.threads, false, true)?;
    let sim_s = t1.elapsed().as_secs_f64();
    print(&format!(
        "scenario {} ({} months, power {})\npaths {}\nthreads {}\nload seconds {:.2}\nsimulation seconds {:.2}\npeak memory {}\nNPV P50 {:.0} USD\n",
        name,
        sc.months(),
        match sc.market().power() {
            hashpivot::scenario::PowerMarketModel::Bootstrap { .. } => "hourly bootstrap",
            hashpivot::scenario::PowerMarketModel::Fixed { .. } => "fixed",
        },
        report.summary.paths,
        // The pool `simulate` builds: the requested count, else rayon's default (the global pool's size).
        a.threads
            .map_or_else(rayon::current_num_threads, usize::from),
        load_s,
        sim_s,
        peak_memory_mb().map_or("not measurable here".into(), |m| format!("{m:.0} MB")),
        report.summary.npv_usd.p50
    ))
}
