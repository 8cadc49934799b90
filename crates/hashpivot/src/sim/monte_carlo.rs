//! The Monte Carlo runner: N paths in parallel (rayon), each from its own generator (seed, path index), the
//! summaries collected in path order and reduced sequentially — so the result is byte-identical for any
//! thread count and any chunking. Only per-path summaries are kept (plus the base case's monthly table).

use super::engine::{MonthRecord, PathDraws, PathSummary, simulate};
use super::prepared::Prepared;
use super::report::{Report, reduce};
use crate::market::{default_hazard, normal, path_rng};
use crate::scenario::ConversionUse;
use rand::Rng;
use rayon::prelude::*;

/// The base case: every volatility at zero (σ = 0 in every process, not only zero draws: the hashrate, fee and
/// GPU processes lose their −σ²/2 terms), BTC on its drift only (`LogReturns::base_case`), power averaged over
/// the bootstrap years, expected tenant survival. It does not depend on any volatility in the scenario.
pub fn base_case_draws(p: &Prepared<'_>) -> PathDraws {
    let months = p.scenario.months();
    let mut r = vec![0.0; months];
    p.btc.base_case(&mut r);
    PathDraws {
        btc_log_returns: r,
        btc_shocks: vec![0.0; months],
        hashrate_own: vec![0.0; months],
        fee_z: vec![0.0; months],
        gpu_z: vec![0.0; months],
        power_year: None,
        default_month: vec![None; p.scenario.conversions().len()],
        base_case: true,
    }
}

/// The draws of path `path`, in a fixed order from the path's own generator.
pub fn path_draws(p: &Prepared<'_>, seed: u64, path: u64) -> PathDraws {
    let sc = p.scenario;
    let months = sc.months();
    let mut rng = path_rng(seed, path);
    let z: Vec<f64> = (0..months).map(|_| normal(&mut rng)).collect();
    let mut r = vec![0.0; months];
    p.btc.fill(path, &z, &mut rng, &mut r);
    let btc_shocks = z.iter().zip(&r).map(|(z, r)| p.btc.shock(*z, *r)).collect();
    let hashrate_own = (0..months).map(|_| normal(&mut rng)).collect();
    let fee_z = (0..months).map(|_| normal(&mut rng)).collect();
    let gpu_z = (0..months).map(|_| normal(&mut rng)).collect();
    let years = months.div_ceil(12);
    let n_years = p.years.len().max(1);
    let power_year = Some((0..years).map(|_| rng.random_range(0..n_years)).collect());
    let default_month = sc
        .conversions()
        .iter()
        .map(|c| {
            let d = default_hazard::default_month(
                sc.market().default_hazard_per_year(),
                months + 600,
                &mut rng,
            );
            matches!(c.use_(), ConversionUse::Lease { .. })
                .then_some(d)
                .flatten()
        })
        .collect();
    PathDraws {
        btc_log_returns: r,
        btc_shocks,
        hashrate_own,
        fee_z,
        gpu_z,
        power_year,
        default_month,
        base_case: false,
    }
}

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
