//! A synthetic portfolio problem of any size, for checking the solver against brute force and for timing it
//! (`bench optimize`): gains per IT MW with a common market factor, so risk and timing trade off. Not a model of
//! any company: the coefficients are drawn, not valued.

use super::model::{Candidate, Instance, Limits};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The size and scale of a synthetic problem. Site s (from 0) has blocks of `block_mw_it.0 + s × block_mw_it.1`
/// IT MW at `capex_usd_per_mw_it.0 + s × capex_usd_per_mw_it.1` USD per IT MW. On path p with market factor
/// m_p in [−1, 1), one IT MW started in quarter q gains drift × (1 − `drift_fade_per_quarter` × q) plus
/// beta × m_p plus noise, with drift in [−0.5, 1.5) M USD and beta in [0, 3) M USD drawn per site and quarter
/// and noise in [−0.5, 0.5) M USD per path. The sites' NPV without conversion is `base_usd.0 + base_usd.1 × m_p`.
#[derive(Debug, Clone, Copy)]
pub struct Synthetic {
    /// Candidate sites.
    pub sites: usize,
    /// Quarters in which a build may start.
    pub quarters: usize,
    /// Paths.
    pub paths: usize,
    /// Most blocks per site.
    pub max_blocks: u32,
    /// IT MW of site 0's block, and what each further site adds.
    pub block_mw_it: (f64, f64),
    /// Capex per IT MW of site 0, and what each further site adds, USD.
    pub capex_usd_per_mw_it: (f64, f64),
    /// Share of the drift lost per quarter a start waits.
    pub drift_fade_per_quarter: f64,
    /// NPV without conversion at a market factor of 0, and per unit of the factor, USD.
    pub base_usd: (f64, f64),
}

impl Synthetic {
    /// The problem drawn from `seed`, under `limits`, with a CVaR over the worst `tail` share of paths.
    pub fn instance(&self, seed: u64, limits: Limits, tail: f64) -> Instance {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let market: Vec<f64> = (0..self.paths)
            .map(|_| rng.random_range(-1.0..1.0))
            .collect();
        let candidates = (0..self.sites)
            .map(|s| Candidate {
                site: format!("s{s}"),
                conversion: format!("c{s}"),
                block_mw_it: self.block_mw_it.0 + self.block_mw_it.1 * s as f64,
                max_blocks: self.max_blocks,
                capex_usd_per_mw_it: self.capex_usd_per_mw_it.0
                    + self.capex_usd_per_mw_it.1 * s as f64,
                value_usd_per_mw_it: (0..self.quarters)
                    .map(|q| {
                        let fade = 1.0 - self.drift_fade_per_quarter * q as f64;
                        let drift = rng.random_range(-0.5e6..1.5e6) * fade;
                        let beta = rng.random_range(0.0..3e6);
                        market
                            .iter()
                            .map(|m| drift + beta * m + rng.random_range(-0.5e6..0.5e6))
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        Instance {
            candidates,
            quarters: self.quarters,
            base_usd: market
                .iter()
                .map(|m| self.base_usd.0 + self.base_usd.1 * m)
                .collect(),
            limits,
            tail,
            discounting: "synthetic coefficients".into(),
        }
    }
}
