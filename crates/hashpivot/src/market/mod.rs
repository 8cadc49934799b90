//! Stochastic market processes, one per file, in monthly steps, driven by a random number generator passed in.
//!
//! Price-like processes implement [`LogReturns`]: given a path's standard normal diffusion shocks (shared with
//! correlated processes), they fill that path's monthly log returns. With every volatility at zero each
//! process returns its deterministic base case. Nothing here owns a generator: a path's generator comes from
//! (seed, path index), so any path can be replayed alone.

pub mod bootstrap;
pub mod csv_paths;
pub(crate) mod default_hazard;
pub(crate) mod fees;
pub mod gbm;
pub(crate) mod hashrate;
pub mod jump_diffusion;

use rand_chacha::ChaCha8Rng;

/// Months per year: every process steps monthly, dt = 1/12.
pub(crate) const MONTHS_PER_YEAR: f64 = 12.0;

/// The generator of one path: ChaCha8 seeded with the run's seed, on the path's own stream.
pub(crate) fn path_rng(seed: u64, path: u64) -> ChaCha8Rng {
    use rand::SeedableRng;
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(path);
    r
}

/// A process of monthly log returns.
pub trait LogReturns: Send + Sync {
    /// Fills `out` with the monthly log returns of path `path`. `z[m]` is the standard normal diffusion
    /// shock of month m (the same draw feeds correlated processes); other randomness comes from `rng`.
    fn fill(&self, path: u64, z: &[f64], rng: &mut ChaCha8Rng, out: &mut [f64]);
    /// The base case (every volatility at zero): the monthly log returns of the expected path.
    fn base_case(&self, out: &mut [f64]);
    /// The median case: the monthly log returns of the median path (every shock at its median). For a
    /// lognormal process the median grows at μ − σ²/2 where the expected path grows at μ; by default the base
    /// case (a model whose base case already follows its mean log return, like the bootstrap).
    fn median_case(&self, out: &mut [f64]) {
        self.base_case(out)
    }
    /// The standardized shock the process actually used in month m (for correlating other processes with
    /// non-Gaussian models); by default the diffusion shock itself.
    fn shock(&self, z: f64, _log_return: f64) -> f64 {
        z
    }
}

/// A standard normal draw.
pub(crate) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    use rand::Rng;
    rng.sample(rand_distr::StandardNormal)
}

#[cfg(test)]
pub(crate) mod testing {
    use super::{LogReturns, normal, path_rng};

    /// The monthly log returns of path `path` of `process` over `months`, drawn as the engine draws them: the
    /// month's diffusion shocks first, then whatever else the process takes from the path's generator.
    pub fn path_log_returns(
        process: &dyn LogReturns,
        seed: u64,
        path: u64,
        months: usize,
    ) -> Vec<f64> {
        let mut rng = path_rng(seed, path);
        let z: Vec<f64> = (0..months).map(|_| normal(&mut rng)).collect();
        let mut r = vec![0.0; months];
        process.fill(path, &z, &mut rng, &mut r);
        r
    }

    /// Mean and standard error of a sample.
    pub fn mean_se(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
        (m, (v / n).sqrt())
    }
}
