//! `hashpivot bench option` and `hashpivot bench optimize`: the least-squares Monte Carlo (the core alone on
//! synthetic paths, then the whole option on a scenario's engine paths) and the portfolio MILP on a synthetic
//! instance of a given size, printing seconds and peak memory.

use super::validate;
use crate::output::print;
use anyhow::{Context, Result};
use clap::Args;
use hashpivot::optimize::{Backend, Limits, Synthetic, solve};
use hashpivot::option::lsmc::{self, ExerciseValue, Paths};
use hashpivot::option::{OptionSettings, RentIndex, value_conversion_option};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct OptionBenchArgs {
    /// Scenario whose conversion is timed.
    #[arg(long, default_value = "examples/core_scientific.toml")]
    pub file: PathBuf,
    /// The conversion (a lease).
    #[arg(long, default_value = "coreweave-options")]
    pub conversion: String,
    /// Paths to fit on (as many fresh paths value the rule).
    #[arg(long, default_value_t = 10_000)]
    pub paths: usize,
    /// Decision months.
    #[arg(long, default_value_t = 120)]
    pub decision_months: usize,
    /// Seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
}

#[derive(Debug, Args)]
pub struct OptimizeBenchArgs {
    /// Sites.
    #[arg(long, default_value_t = 6)]
    pub sites: usize,
    /// Quarters.
    #[arg(long, default_value_t = 40)]
    pub quarters: usize,
    /// Paths.
    #[arg(long, default_value_t = 200)]
    pub paths: usize,
    /// Blocks per site.
    #[arg(long, default_value_t = 4)]
    pub blocks: u32,
    /// Risk weights λ solved one after the other.
    #[arg(long, value_delimiter = ',', default_value = "0,1")]
    pub lambda: Vec<f64>,
    /// Seed of the synthetic coefficients.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Solver.
    #[arg(long, value_enum, default_value_t = super::optimize::SolverArg::Microlp)]
    pub solver: super::optimize::SolverArg,
}

fn peak_memory() -> String {
    let mb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        });
    mb.map_or("not measurable here".into(), |kb| {
        format!("{:.0} MB", kb / 1024.0)
    })
}

/// GBM paths with four state variables (the first priced, three noise), exercise value forecast: the
/// regression work of the option at the given size, without the engine.
fn synthetic_lsmc(n: usize, dates: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pv = Vec::with_capacity(n * dates);
    let mut st = Vec::with_capacity(n * dates * 4);
    for _ in 0..n {
        let mut x = [1.0f64; 4];
        for t in 0..dates {
            for v in &mut x {
                let z: f64 = rng.sample(rand_distr::StandardNormal);
                *v *= (0.05 * z - 0.00125).exp();
            }
            // A payoff that depends on the future: today's level plus noise the state cannot see.
            let noise: f64 = rng.sample(rand_distr::StandardNormal);
            pv.push((1.1 - x[0] + 0.05 * noise) * (1.0f64 + 0.01).powi(-(t as i32)));
            st.extend(x);
        }
    }
    (pv, st)
}

pub fn option(a: OptionBenchArgs) -> Result<()> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = a.threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    // 1. The LSMC core alone.
    let (pv_a, st_a) = synthetic_lsmc(a.paths, a.decision_months, a.seed);
    let (pv_b, st_b) = synthetic_lsmc(a.paths, a.decision_months, a.seed + 1);
    let paths = |pv: &'static [f64], st: &'static [f64]| Paths {
        n_paths: a.paths,
        n_dates: a.decision_months,
        k: 4,
        exercise_pv: pv,
        state: st,
    };
    let (pv_a, st_a, pv_b, st_b): (&[f64], &[f64], &[f64], &[f64]) =
        (pv_a.leak(), st_a.leak(), pv_b.leak(), st_b.leak());
    // 0. The check against the tree (Longstaff–Schwartz Table 1, first row), as the test runs it.
    let put = |seed| {
        hashpivot::option::binomial::put_paths_gbm(40.0, 40.0, 0.06, 0.2, 1.0, 50, 50_000, seed)
    };
    let ((pa, xa), (pb, xb)) = (put(1), put(2));
    let put_paths = |pv: &'static [f64], x: &'static [f64]| Paths {
        n_paths: 100_000,
        n_dates: 50,
        k: 1,
        exercise_pv: pv,
        state: x,
    };
    let (pa, xa, pb, xb): (&[f64], &[f64], &[f64], &[f64]) =
        (pa.leak(), xa.leak(), pb.leak(), xb.leak());
    let put_rule = lsmc::fit(&put_paths(pa, xa), 3, ExerciseValue::Observed)?;
    let put_value = lsmc::value(&put_rule, &put_paths(pb, xb))?;
    let tree = hashpivot::option::binomial::american_put_crr(40.0, 40.0, 0.06, 0.2, 1.0, 2_000);
    let mut report = format!(
        "American put S=K=40, r=6%, σ=20%, T=1, 50 dates: LSMC {:.4} ± {:.4} out of sample ({:.4} in sample), CRR tree (2,000 steps) {:.4}: {:+.2}%\n",
        put_value.pv,
        put_value.standard_error,
        put_rule.in_sample_pv,
        tree,
        100.0 * (put_value.pv / tree - 1.0)
    );
    let t0 = Instant::now();
    let rule = lsmc::fit(&paths(pv_a, st_a), 2, ExerciseValue::Forecast)?;
    let v = lsmc::value(&rule, &paths(pv_b, st_b))?;
    let core_s = t0.elapsed().as_secs_f64();
    // 2. The whole option on the engine's paths.
    let libs = validate::libraries()?;
    let sc = validate::load(&a.file, &libs)?;
    let conversion = super::option::pick_conversion(&sc, Some(&a.conversion), None)?;
    let settings = OptionSettings {
        conversion,
        rent: RentIndex::new(
            super::option::RENT_DRIFT_DEFAULT,
            super::option::RENT_VOLATILITY_DEFAULT,
        )?,
        decision_months: Some(a.decision_months),
        degree: 2,
        paths: a.paths,
        seed: a.seed,
    };
    let t1 = Instant::now();
    let o = pool.install(|| value_conversion_option(&sc, &libs.power, &settings))?;
    let full_s = t1.elapsed().as_secs_f64();
    report += &format!(
        "LSMC core (synthetic, 4 state variables, degree 2, {} + {} paths × {} dates, fit + value): {:.2} s (value {:.5})\n\
         option on {} / {} ({} + {} engine paths × {} decision months, the whole command's work): {:.2} s (optimal {:.0} USD)\n\
         threads {}\npeak memory {}\n",
        a.paths,
        a.paths,
        a.decision_months,
        core_s,
        v.pv,
        a.file.display(),
        a.conversion,
        a.paths,
        a.paths,
        a.decision_months,
        full_s,
        o.optimal_usd,
        pool.current_num_threads(),
        peak_memory()
    );
    print(&report)
}

pub fn optimize(a: OptimizeBenchArgs) -> Result<()> {
    let shape = Synthetic {
        sites: a.sites,
        quarters: a.quarters,
        paths: a.paths,
        max_blocks: a.blocks,
        block_mw_it: (25.0, 5.0),
        capex_usd_per_mw_it: (8e6, 2e5),
        drift_fade_per_quarter: 0.02,
        base_usd: (1e9, 3e8),
    };
    let limits = Limits {
        budget_usd_per_year: Some(1.0e9),
        financing_usd_per_year: Some(0.5e9),
        build_mw_it_per_year: Some(150.0),
        demand_mw_it: Some(500.0),
    };
    let inst = shape.instance(a.seed, limits, 0.05);
    let backend = match a.solver {
        super::optimize::SolverArg::Microlp => Backend::Microlp,
        super::optimize::SolverArg::Highs => Backend::Highs,
    };
    let mut out = format!(
        "optimizer: {} sites × {} quarters × {} paths, {} blocks per site, solver {:?} (synthetic coefficients, seed {})\n",
        a.sites, a.quarters, a.paths, a.blocks, backend, a.seed
    );
    for &lambda in &a.lambda {
        let t = Instant::now();
        let plan = solve(&inst, lambda, backend)?;
        out += &format!(
            "λ {lambda}: {:.2} s, objective {:.0} USD, {} MW IT in {} starts\n",
            t.elapsed().as_secs_f64(),
            plan.objective_usd,
            plan.mw_it,
            plan.starts.len()
        );
    }
    out += &format!("peak memory {}\n", peak_memory());
    print(&out)
}
