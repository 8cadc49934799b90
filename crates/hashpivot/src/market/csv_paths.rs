//! User price paths (from a CSV the caller reads): path i replays row i mod rows, as log returns from the
//! starting price. The base case is the log of the mean path.

use super::LogReturns;
use rand_chacha::ChaCha8Rng;

/// BTC price paths given by the user, replayed as monthly log returns (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvPaths {
    /// BTC price at the valuation date, USD; the first month's return is measured from it.
    pub initial_usd: f64,
    /// Prices by month (month 1 first), one row per path.
    pub paths_usd: Vec<Vec<f64>>,
}

fn log_returns(initial: f64, prices: &[f64], out: &mut [f64]) {
    let mut prev = initial;
    for (o, p) in out.iter_mut().zip(prices) {
        *o = (p / prev).ln();
        prev = *p;
    }
}

impl LogReturns for CsvPaths {
    fn fill(&self, path: u64, _z: &[f64], _rng: &mut ChaCha8Rng, out: &mut [f64]) {
        let row = &self.paths_usd[(path % self.paths_usd.len() as u64) as usize];
        log_returns(self.initial_usd, row, out);
    }
    fn base_case(&self, out: &mut [f64]) {
        let n = self.paths_usd.len() as f64;
        let mean: Vec<f64> = (0..out.len())
            .map(|m| self.paths_usd.iter().map(|r| r[m]).sum::<f64>() / n)
            .collect();
        log_returns(self.initial_usd, &mean, out);
    }
    fn shock(&self, _z: f64, log_return: f64) -> f64 {
        log_return
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_rows() {
        let c = CsvPaths {
            initial_usd: 100.0,
            paths_usd: vec![vec![110.0, 121.0], vec![90.0, 81.0]],
        };
        let mut out = [0.0; 2];
        c.fill(3, &[0.0; 2], &mut crate::market::path_rng(0, 3), &mut out);
        assert!((out[0] - 0.9f64.ln()).abs() < 1e-12 && (out[1] - 0.9f64.ln()).abs() < 1e-12);
        c.base_case(&mut out);
        // Mean path: 100, 101.
        assert!(out[0].abs() < 1e-12 && (out[1] - 1.01f64.ln()).abs() < 1e-12);
    }
}
