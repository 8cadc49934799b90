//! Block bootstrap of bundled monthly BTC log returns: each path strings together blocks of consecutive
//! historical months, drawn uniformly (blocks wrap around the end of the history), which keeps momentum and
//! volatility clustering within a block. The base case is the historical mean log return every month.

use super::LogReturns;
use crate::date::Month;
use crate::network::NetworkHistory;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Monthly log returns of month-end BTC closes from January of `from_year` (months with a close on their
/// last day only; a month without one breaks the chain).
pub(crate) fn monthly_log_returns(history: &NetworkHistory, from_year: i32) -> Vec<f64> {
    let mut closes: Vec<(Month, f64)> = Vec::new();
    for d in history.days() {
        let m = d.date.month();
        if m.year < from_year {
            continue;
        }
        if d.date == m.last_day()
            && let Some(p) = d.price_usd
        {
            closes.push((m, p));
        }
    }
    closes
        .windows(2)
        .filter(|w| w[0].0.add_months(1) == w[1].0)
        .map(|w| (w[1].1 / w[0].1).ln())
        .collect()
}

/// BTC log returns drawn as blocks of consecutive historical months (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct BlockBootstrap {
    /// Historical monthly log returns of month-end BTC closes, oldest first.
    pub history: Vec<f64>,
    /// Length of a drawn block, months (at least 1).
    pub block_months: usize,
}

impl LogReturns for BlockBootstrap {
    fn fill(&self, _path: u64, _z: &[f64], rng: &mut ChaCha8Rng, out: &mut [f64]) {
        let n = self.history.len();
        let mut i = 0;
        while i < out.len() {
            let start = rng.random_range(0..n);
            for k in 0..self.block_months.min(out.len() - i) {
                out[i + k] = self.history[(start + k) % n];
            }
            i += self.block_months;
        }
    }
    fn base_case(&self, out: &mut [f64]) {
        out.fill(self.mean());
    }
    fn shock(&self, _z: f64, log_return: f64) -> f64 {
        (log_return - self.mean()) / self.stdev().max(1e-12)
    }
}

impl BlockBootstrap {
    /// Mean of the historical monthly log returns (0 for an empty history); the base case's monthly return.
    pub fn mean(&self) -> f64 {
        self.history.iter().sum::<f64>() / self.history.len().max(1) as f64
    }
    /// Sample standard deviation (n − 1) of the historical monthly log returns.
    pub fn stdev(&self) -> f64 {
        let m = self.mean();
        let n = self.history.len().max(2) as f64;
        (self.history.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{path_rng, testing::mean_se};

    #[test]
    fn resampled_mean_matches_history() {
        let history: Vec<f64> = (0..60)
            .map(|i| ((i * 37) % 61) as f64 / 100.0 - 0.3)
            .collect();
        let b = BlockBootstrap {
            history: history.clone(),
            block_months: 6,
        };
        let mut sums = Vec::new();
        for p in 0..5_000u64 {
            let mut out = vec![0.0; 24];
            b.fill(p, &[0.0; 24], &mut path_rng(3, p), &mut out);
            assert!(out.iter().all(|x| history.contains(x)));
            // Blocks are consecutive months of the history.
            let s = history.iter().position(|h| *h == out[0]).unwrap();
            assert_eq!(out[1], history[(s + 1) % 60]);
            sums.push(out.iter().sum::<f64>() / 24.0);
        }
        let (m, se) = mean_se(&sums);
        assert!((m - b.mean()).abs() < 4.0 * se, "{m} vs {}", b.mean());
    }

    #[test]
    fn bundled_history_has_months() {
        let h = crate::data::bundled_network().unwrap();
        let r = monthly_log_returns(&h, 2015);
        assert!(r.len() > 100, "{}", r.len());
        assert!(r.iter().all(|x| x.abs() < 1.5));
    }
}
