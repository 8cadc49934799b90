//! The Monte Carlo runner: N paths in parallel (rayon), each from its own generator (seed, path index), the
//! summaries collected in path order and reduced sequentially — so the result is byte-identical for any
//! thread count and any chunking. Only per-path summaries are kept (plus the base case's monthly table).

pub use super::draws::{base_case_draws, path_draws};
use super::engine::{MonthRecord, PathSummary, simulate};
use super::prepared::Prepared;
use super::report::{Report, reduce};
use rayon::prelude::*;

/// The base case's summary and monthly rows.
pub fn run_base_case(p: &Prepared<'_>) -> (PathSummary, Vec<MonthRecord>) {
    simulate(p, &base_case_draws(p), 0, true)
}

/// Runs `paths` paths on the current rayon pool; `progress` is called once per finished path.
/// `deterministic` runs the base case only (reported as a single path).
pub fn run(
    p: &Prepared<'_>,
    paths: u64,
    seed: u64,
    deterministic: bool,
    progress: &(dyn Fn() + Sync),
) -> (Report, Vec<MonthRecord>) {
    let (base, rows) = run_base_case(p);
    let summaries: Vec<PathSummary> = if deterministic {
        progress();
        vec![base.clone()]
    } else {
        (0..paths)
            .into_par_iter()
            .map(|i| {
                let s = simulate(p, &path_draws(p, seed, i), i, false).0;
                progress();
                s
            })
            .collect()
    };
    (
        reduce(p.scenario, seed, deterministic, &base, summaries),
        rows,
    )
}
