//! Geometric Brownian motion: d ln S = (μ − σ²/2) dt + σ dW, so `E[S_t] = S_0·e^{μt}`.

use super::{LogReturns, MONTHS_PER_YEAR};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// GBM with drift μ and volatility σ, both per year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gbm {
    /// μ, per year, so that `E[S_t] = S_0·e^{μt}` (0.2 = 20% a year).
    pub drift_per_year: f64,
    /// σ, the standard deviation of the log return over one year (0.6 = 60%).
    pub volatility_per_year: f64,
}

impl LogReturns for Gbm {
    fn fill(&self, _path: u64, z: &[f64], _rng: &mut ChaCha8Rng, out: &mut [f64]) {
        let dt = 1.0 / MONTHS_PER_YEAR;
        let (mu, s) = (self.drift_per_year, self.volatility_per_year);
        let drift = (mu - 0.5 * s * s) * dt;
        let vol = s * dt.sqrt();
        for (o, z) in out.iter_mut().zip(z) {
            *o = drift + vol * z;
        }
    }
    fn base_case(&self, out: &mut [f64]) {
        // The same arithmetic as `fill` with σ = 0, so a zero-volatility path equals the base case bit for bit.
        out.fill(self.drift_per_year * (1.0 / MONTHS_PER_YEAR));
    }
    fn median_case(&self, out: &mut [f64]) {
        let s = self.volatility_per_year;
        out.fill((self.drift_per_year - 0.5 * s * s) * (1.0 / MONTHS_PER_YEAR));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::path_rng;
    use crate::market::testing::{mean_se, path_log_returns};

    #[test]
    fn mean_matches_closed_form() {
        // E[S_T] = S0·e^{μT} with μ = 0.1, σ = 0.6, T = 3 years, fixed seed; within 4 standard errors.
        let g = Gbm {
            drift_per_year: 0.1,
            volatility_per_year: 0.6,
        };
        let months = 36;
        let finals: Vec<f64> = (0..20_000u64)
            .map(|p| 100.0 * path_log_returns(&g, 7, p, months).iter().sum::<f64>().exp())
            .collect();
        let (m, se) = mean_se(&finals);
        let expected = 100.0 * (0.1f64 * 3.0).exp();
        assert!((m - expected).abs() < 4.0 * se, "{m} vs {expected} ± {se}");
        // Log variance σ²T.
        let logs: Vec<f64> = finals.iter().map(|f| (f / 100.0).ln()).collect();
        let (lm, _) = mean_se(&logs);
        let var = logs.iter().map(|l| (l - lm).powi(2)).sum::<f64>() / (logs.len() - 1) as f64;
        assert!((var / (0.36 * 3.0) - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn zero_volatility_is_the_base_case() {
        let g = Gbm {
            drift_per_year: 0.12,
            volatility_per_year: 0.0,
        };
        let mut a = vec![0.0; 5];
        let mut b = vec![0.0; 5];
        g.fill(0, &[1.0, -2.0, 0.5, 0.0, 3.0], &mut path_rng(1, 0), &mut a);
        g.base_case(&mut b);
        assert_eq!(a, b);
        assert!((b[0] - 0.01).abs() < 1e-15);
    }
}
