//! The Monte Carlo runner: N paths in parallel (rayon), each from its own generator (seed, path index), the
//! summaries collected in path order and reduced sequentially — so the result is byte-identical for any
//! thread count and any chunking. Only per-path summaries are kept (plus the base case's monthly table).

use super::draws::{base_case_draws, path_draws};
use super::engine::simulate;
use super::prepared::Prepared;
use super::report::{Report, reduce};
use super::rollup::{MonthRecord, PathSummary};
use rayon::prelude::*;
use std::ops::Range;

/// The base case's summary and monthly rows (per site, then the company, for months 0..=M): every
/// volatility at zero, each tenant's expected survival, power averaged over the bootstrap years.
pub fn run_base_case(p: &Prepared<'_>) -> (PathSummary, Vec<MonthRecord>) {
    simulate(p, &base_case_draws(p), 0, true)
}

/// The median case: every shock at its median, not every volatility at zero. BTC on its median path (a GBM
/// grows at μ − σ²/2 instead of μ; [`crate::market::LogReturns::median_case`]), the hashrate, fee and GPU-price
/// processes with their −σ²/2 and no shock, no tenant default (the median tenant survives when the chance of a
/// default over the horizon is below one half), power averaged over the bootstrap years. Returns its summary.
pub fn run_median_case(p: &Prepared<'_>) -> PathSummary {
    let mut d = base_case_draws(p);
    d.base_case = false;
    p.btc.median_case(&mut d.btc_log_returns);
    simulate(p, &d, 0, false).0
}

/// A tenant-default stress test: the base case's market (every shock at zero, power averaged over the
/// bootstrap years) with conversion `i`'s tenant defaulting in month `default_months[i]` (months from its
/// build start; `None` or a missing entry never defaults) instead of its expected survival; what follows
/// (backstop, vacancy, re-letting) is the lease's own rule. Run as a path,
/// so drifts carry their −σ²/2 as on any path. Returns the summary and the monthly rows.
pub fn run_base_case_with_tenant_defaults(
    p: &Prepared<'_>,
    default_months: &[Option<usize>],
) -> (PathSummary, Vec<MonthRecord>) {
    let mut d = base_case_draws(p);
    d.base_case = false;
    d.lease_default = p
        .scenario
        .conversions()
        .iter()
        .enumerate()
        .map(
            |(i, c)| match (c.use_(), default_months.get(i).copied().flatten()) {
                (crate::scenario::ConversionUse::Lease(l), Some(t)) => Some(l.default_event(t, 0)),
                _ => None,
            },
        )
        .collect();
    simulate(p, &d, 0, true)
}

/// Runs `paths` Monte Carlo paths on the current rayon pool, path `i` drawn from its own generator
/// (`seed`, `i`), and returns the [`Report`] and the base case's monthly rows. `progress` is called once per
/// finished path. `deterministic` runs the base case only (reported as a single path). The result is
/// byte-identical for any thread count, and equal to [`super::merge`] of the run's shards.
pub fn run(
    p: &Prepared<'_>,
    paths: u64,
    seed: u64,
    deterministic: bool,
    progress: &(dyn Fn() + Sync),
) -> (Report, Vec<MonthRecord>) {
    let (base, rows) = run_base_case(p);
    let median = run_median_case(p);
    let summaries: Vec<PathSummary> = if deterministic {
        progress();
        vec![base.clone()]
    } else {
        run_paths(p, seed, 0..paths, progress)
    };
    (
        report(p, seed, deterministic, &base, &median, summaries),
        rows,
    )
}

/// The summaries of paths `range` (path `i` from the generator (`seed`, `i`)), in path order, on the current
/// rayon pool.
pub(crate) fn run_paths(
    p: &Prepared<'_>,
    seed: u64,
    range: Range<u64>,
    progress: &(dyn Fn() + Sync),
) -> Vec<PathSummary> {
    range
        .into_par_iter()
        .map(|i| {
            let s = simulate(p, &path_draws(p, seed, i), i, false).0;
            progress();
            s
        })
        .collect()
}

/// The one summary rule of a run: the per-path summaries (in path order) reduced with the base and median
/// cases, and the power years of the scenario. A run and a merge of its shards both end here.
pub(crate) fn report(
    p: &Prepared<'_>,
    seed: u64,
    deterministic: bool,
    base: &PathSummary,
    median: &PathSummary,
    summaries: Vec<PathSummary>,
) -> Report {
    let mut report = reduce(p.scenario, seed, deterministic, base, median, summaries);
    report.summary.power_years = super::power_years::power_years(p);
    report
}
