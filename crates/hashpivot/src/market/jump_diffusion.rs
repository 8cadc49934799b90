//! Merton jump-diffusion: GBM plus a Poisson number of jumps a month with normal log sizes N(m, s²),
//! compensated so that `E[S_t] = S_0·e^{μt}`: drift (μ − σ²/2 − λκ) with κ = e^{m + s²/2} − 1.

use super::{LogReturns, MONTHS_PER_YEAR};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Merton jump-diffusion of monthly BTC log returns (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct JumpDiffusion {
    /// μ, per year: `E[S_t] = S_0·e^{μt}` with the jumps compensated.
    pub drift_per_year: f64,
    /// σ of the diffusion part, per year.
    pub volatility_per_year: f64,
    /// λ, expected jumps per year.
    pub jumps_per_year: f64,
    /// m, the mean log size of one jump (−0.1 ≈ a 10% fall).
    pub jump_mean_log: f64,
    /// s, the standard deviation of one jump's log size.
    pub jump_stdev_log: f64,
}

impl JumpDiffusion {
    fn kappa(&self) -> f64 {
        (self.jump_mean_log + 0.5 * self.jump_stdev_log.powi(2)).exp() - 1.0
    }
}

impl LogReturns for JumpDiffusion {
    fn fill(&self, _path: u64, z: &[f64], rng: &mut ChaCha8Rng, out: &mut [f64]) {
        let dt = 1.0 / MONTHS_PER_YEAR;
        let s = self.volatility_per_year;
        let drift = (self.drift_per_year - 0.5 * s * s - self.jumps_per_year * self.kappa()) * dt;
        let lambda_dt = self.jumps_per_year * dt;
        let poisson = (lambda_dt > 0.0)
            .then(|| rand_distr::Poisson::new(lambda_dt).expect("a positive intensity"));
        for (o, z) in out.iter_mut().zip(z) {
            let mut r = drift + s * dt.sqrt() * z;
            if let Some(p) = &poisson {
                let n = rng.sample(p) as u64;
                for _ in 0..n {
                    r += self.jump_mean_log + self.jump_stdev_log * super::normal(rng);
                }
            }
            *o = r;
        }
    }
    fn base_case(&self, out: &mut [f64]) {
        out.fill(self.drift_per_year * (1.0 / MONTHS_PER_YEAR));
    }
    fn median_case(&self, out: &mut [f64]) {
        // The expected log return: the compensated drift plus the expected jumps' log sizes.
        let s = self.volatility_per_year;
        let log_drift = self.drift_per_year - 0.5 * s * s - self.jumps_per_year * self.kappa()
            + self.jumps_per_year * self.jump_mean_log;
        out.fill(log_drift * (1.0 / MONTHS_PER_YEAR));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::testing::{mean_se, path_log_returns};

    #[test]
    fn compensated_mean_matches_closed_form() {
        let j = JumpDiffusion {
            drift_per_year: 0.05,
            volatility_per_year: 0.4,
            jumps_per_year: 2.0,
            jump_mean_log: -0.15,
            jump_stdev_log: 0.2,
        };
        let months = 24;
        let mut jumps_seen = 0.0;
        let finals: Vec<f64> = (0..20_000u64)
            .map(|p| {
                let r = path_log_returns(&j, 11, p, months);
                jumps_seen += r.iter().sum::<f64>();
                r.iter().sum::<f64>().exp()
            })
            .collect();
        let (m, se) = mean_se(&finals);
        let expected = (0.05f64 * 2.0).exp();
        assert!((m - expected).abs() < 4.0 * se, "{m} vs {expected} ± {se}");
        // Mean log return: (μ − σ²/2 − λκ)T + λT·m.
        let k = (-0.15f64 + 0.02).exp() - 1.0;
        let mean_log = (0.05 - 0.08 - 2.0 * k) * 2.0 + 2.0 * 2.0 * -0.15;
        let logs: Vec<f64> = finals.iter().map(|f| f.ln()).collect();
        let (lm, lse) = mean_se(&logs);
        assert!((lm - mean_log).abs() < 4.0 * lse, "{lm} vs {mean_log}");
        assert!(jumps_seen.is_finite());
    }
}
