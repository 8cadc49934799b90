//! `hashpivot bench dispatch`: the dispatch benchmark workload (see docs/methodology-power.md); `bench run`
//! lives in `bench_run.rs`.

use crate::datasets;
use crate::output::{print, print_json};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use hashpivot::power::Market;
use hashpivot_bench::{HOURS, Summary, Workload, summarize};
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Monte Carlo dispatch of four index-priced sites on HB_WEST day-ahead 2024 prices.
    Dispatch(DispatchBenchArgs),
    /// Time a Monte Carlo scenario run (default: examples/core_scientific.toml, 10,000 paths over 10 years).
    Run(super::bench_run::BenchArgs),
    /// Time `decide`: six alternatives of examples/core_scientific.toml on the same 2,000 paths.
    Decide(super::bench_decide::BenchDecideArgs),
    /// Time the least-squares Monte Carlo: the core on synthetic paths, then the option to convert later.
    Option(super::bench_option::OptionBenchArgs),
    /// Time the portfolio MILP on a synthetic instance (default 6 sites × 40 quarters × 200 paths).
    Optimize(super::bench_option::OptimizeBenchArgs),
}

#[derive(Debug, Args)]
pub struct DispatchBenchArgs {
    /// Number of paths.
    #[arg(long, default_value_t = 10_000, value_parser = super::run::paths_parser())]
    pub paths: u64,
    /// Seed of the random streams (path p uses stream p).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads (default: all cores). Results are identical for any thread count.
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Output {
    paths: u64,
    site_hours: u64,
    seconds: f64,
    site_hours_per_s: f64,
    margin_mean: f64,
    margin_p5: f64,
    margin_p50: f64,
    margin_p95: f64,
    threads: usize,
    seed: u64,
}

pub fn run(cmd: BenchCommand) -> Result<()> {
    match cmd {
        BenchCommand::Dispatch(a) => dispatch(a),
        BenchCommand::Run(a) => super::bench_run::run(a),
        BenchCommand::Decide(a) => super::bench_decide::run(a),
        BenchCommand::Option(a) => super::bench_option::option(a),
        BenchCommand::Optimize(a) => super::bench_option::optimize(a),
    }
}

fn dispatch(args: DispatchBenchArgs) -> Result<()> {
    // HB_WEST day-ahead, the first 8,760 hours of 2024 in time order (the data start at 2024-01-01 00:00 CST).
    let book = datasets::bundled_power(Market::Da)?;
    let (first, _) = book
        .span("HB_WEST")
        .context("no HB_WEST day-ahead prices")?;
    let series = book.series("HB_WEST", first, first + HOURS as i64, "power (da)")?;
    let workload = Workload::new(series.usd_per_mwh())?;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = args.threads {
        builder = builder.num_threads(usize::from(t));
    }
    let pool = builder.build().context("cannot start the worker threads")?;
    // Warm-up (not timed): wakes the worker threads and brings the price curves into cache.
    pool.install(|| workload.run(args.paths.min(1_000), args.seed.wrapping_add(1)));
    let start = Instant::now();
    let Summary {
        paths,
        site_hours,
        margin_mean,
        margin_p5,
        margin_p50,
        margin_p95,
    } = pool.install(|| summarize(&workload.run(args.paths, args.seed)));
    let seconds = start.elapsed().as_secs_f64();
    let out = Output {
        paths,
        site_hours,
        seconds,
        site_hours_per_s: site_hours as f64 / seconds,
        margin_mean,
        margin_p5,
        margin_p50,
        margin_p95,
        threads: pool.current_num_threads(),
        seed: args.seed,
    };
    if args.json {
        return print_json(&out);
    }
    print(&format!(
        "paths {}\nsite_hours {}\nseconds {:.4}\nsite_hours_per_s {:.4e}\nmargin_mean {:.2}\nmargin_p5 {:.2}\nmargin_p50 {:.2}\nmargin_p95 {:.2}\nthreads {}\nseed {}\n",
        out.paths,
        out.site_hours,
        out.seconds,
        out.site_hours_per_s,
        out.margin_mean,
        out.margin_p5,
        out.margin_p50,
        out.margin_p95,
        out.threads,
        out.seed
    ))
}
