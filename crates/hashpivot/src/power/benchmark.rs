//! The dispatch benchmark workload, defined exactly so other implementations can be compared
//! (see `docs/methodology-power.md`):
//!
//! - Hub: 8,760 hourly prices (HB_WEST day-ahead 2024, the first 8,760 hours in time order), USD/MWh.
//! - Four sites (MW, J/TH, adder USD/MWh): (100, 17.5, 0), (200, 15.0, 3), (50, 21.5, 5), (300, 13.5, 2).
//! - Each path: BTC price by daily GBM from 112,000 USD, drift 0, volatility 0.5/yr,
//!   `P_d = P_{d−1} · exp(−σ²/(2·365) + σ·√(1/365)·Z_d)`, d = 1..365; difficulty `D_d = 150e12 · 1.3^(d/365)`;
//!   reward 3.155 BTC/block; hashprice `10^15 · 86,400 / (D_d · 2^32) · 3.155 · P_d` USD/PH/day.
//! - Each path draws one whole-day offset k uniform in 0..364; hour h of day d is priced at hour h of day
//!   `(d − 1 + k) mod 365`, plus the site's adder.
//! - Site-hour margin `max(hashprice · 1,000 / (24 · J/TH) − price, 0) · MW`; a path's result sums hours and sites.
//!
//! Each path's random numbers come from `ChaCha8Rng::seed_from_u64(seed)` with `set_stream(path)`: first k,
//! then Z_1..Z_365. Per-path results are collected in path order, so any thread count gives the same output.

use super::kernel::DayCurves;
use crate::error::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use serde::Serialize;

/// One benchmark site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BenchSite {
    pub mw: f64,
    pub j_per_th: f64,
    pub adder_usd_per_mwh: f64,
}

/// The four sites of the workload.
pub const SITES: [BenchSite; 4] = [
    BenchSite {
        mw: 100.0,
        j_per_th: 17.5,
        adder_usd_per_mwh: 0.0,
    },
    BenchSite {
        mw: 200.0,
        j_per_th: 15.0,
        adder_usd_per_mwh: 3.0,
    },
    BenchSite {
        mw: 50.0,
        j_per_th: 21.5,
        adder_usd_per_mwh: 5.0,
    },
    BenchSite {
        mw: 300.0,
        j_per_th: 13.5,
        adder_usd_per_mwh: 2.0,
    },
];
pub const DAYS: usize = 365;
pub const HOURS: usize = DAYS * 24;
pub const START_PRICE_USD: f64 = 112_000.0;
pub const VOLATILITY_PER_YEAR: f64 = 0.5;
pub const START_DIFFICULTY: f64 = 150e12;
pub const DIFFICULTY_GROWTH_PER_YEAR: f64 = 1.3;
pub const REWARD_BTC_PER_BLOCK: f64 = 3.155;

/// The prepared workload: per-day price curves and per-day constants.
#[derive(Debug, Clone)]
pub struct Workload {
    curves: DayCurves,
    /// Hashprice (USD/PH/day) per USD of BTC price, by day d = 1..365 (index d − 1).
    usd_per_ph_day_per_btc_usd: Vec<f64>,
    /// Per site: USD/MWh per USD/PH/day (1,000 / (24 · J/TH)).
    mwh_factor: [f64; 4],
    adder: [f64; 4],
    mw: [f64; 4],
}

/// Summary statistics of a benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub paths: u64,
    /// paths × 8,760 hours × 4 sites.
    pub site_hours: u64,
    pub margin_mean: f64,
    pub margin_p5: f64,
    pub margin_p50: f64,
    pub margin_p95: f64,
}

impl Workload {
    /// From the first 8,760 hourly hub prices.
    pub fn new(hub_usd_per_mwh: &[f64]) -> Result<Workload> {
        if hub_usd_per_mwh.len() < HOURS {
            return Err(Error::invalid(
                "benchmark hub prices",
                format!("{} hours", hub_usd_per_mwh.len()),
                "at least 8,760 hours",
            ));
        }
        let curves = DayCurves::new(&hub_usd_per_mwh[..HOURS])?;
        let usd_per_ph_day_per_btc_usd = (1..=DAYS)
            .map(|d| {
                let difficulty =
                    START_DIFFICULTY * DIFFICULTY_GROWTH_PER_YEAR.powf(d as f64 / DAYS as f64);
                1e15 * 86_400.0 / (difficulty * 4_294_967_296.0) * REWARD_BTC_PER_BLOCK
            })
            .collect();
        Ok(Workload {
            curves,
            usd_per_ph_day_per_btc_usd,
            mwh_factor: SITES.map(|s| 1_000.0 / (24.0 * s.j_per_th)),
            adder: SITES.map(|s| s.adder_usd_per_mwh),
            mw: SITES.map(|s| s.mw),
        })
    }

    /// The margin of one path, USD, summed over the 4 sites and 8,760 hours.
    pub fn path_margin_usd(&self, seed: u64, path: u64) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(path);
        let k = rng.random_range(0..DAYS);
        let sigma_day = VOLATILITY_PER_YEAR * (1.0 / DAYS as f64).sqrt();
        let drift_day = -VOLATILITY_PER_YEAR * VOLATILITY_PER_YEAR / (2.0 * DAYS as f64);
        let mut price = START_PRICE_USD;
        let mut per_site = [0.0f64; 4];
        let mut day = k;
        for &c in &self.usd_per_ph_day_per_btc_usd {
            let z: f64 = rng.sample(StandardNormal);
            price *= (drift_day + sigma_day * z).exp();
            let usd_per_ph_day = price * c;
            for ((acc, f), a) in per_site.iter_mut().zip(&self.mwh_factor).zip(&self.adder) {
                *acc += self
                    .curves
                    .day_margin_usd_per_mw(day, usd_per_ph_day * f - a);
            }
            day += 1;
            if day == DAYS {
                day = 0;
            }
        }
        (0..4).map(|s| per_site[s] * self.mw[s]).sum()
    }

    /// Every path's margin, in path order (parallel over paths on the current rayon pool).
    pub fn run(&self, paths: u64, seed: u64) -> Vec<f64> {
        (0..paths)
            .into_par_iter()
            .map(|p| self.path_margin_usd(seed, p))
            .collect()
    }
}

/// Mean and 5/50/95% quantiles (linear interpolation between order statistics, as numpy's default).
pub fn summarize(margins: &[f64]) -> Summary {
    let n = margins.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        margins.iter().sum::<f64>() / n as f64
    };
    let mut sorted = margins.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = |p: f64| -> f64 {
        if n == 0 {
            return f64::NAN;
        }
        let pos = p * (n - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
    };
    Summary {
        paths: n as u64,
        site_hours: n as u64 * HOURS as u64 * SITES.len() as u64,
        margin_mean: mean,
        margin_p5: q(0.05),
        margin_p50: q(0.50),
        margin_p95: q(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::kernel::index_margin_usd;

    fn prices() -> Vec<f64> {
        (0..HOURS)
            .map(|i| {
                20.0 + 15.0 * ((i % 24) as f64 / 3.0).sin()
                    + if i % 997 == 0 { 3_000.0 } else { 0.0 }
                    - if i % 71 == 0 { 40.0 } else { 0.0 }
            })
            .collect()
    }

    /// The fast path equals a literal hour-by-hour evaluation of the definition with the same draws.
    #[test]
    fn path_matches_the_literal_definition() {
        let p = prices();
        let w = Workload::new(&p).unwrap();
        for path in [0u64, 7, 12_345] {
            let mut rng = ChaCha8Rng::seed_from_u64(42);
            rng.set_stream(path);
            let k = rng.random_range(0..DAYS);
            let mut btc = START_PRICE_USD;
            let mut total = 0.0;
            for d in 1..=DAYS {
                let z: f64 = rng.sample(StandardNormal);
                btc *= (-0.25 / (2.0 * 365.0) + 0.5 * (1.0f64 / 365.0).sqrt() * z).exp();
                let diff = 150e12 * 1.3f64.powf(d as f64 / 365.0);
                let hp = 1e15 * 86_400.0 / (diff * 2f64.powi(32)) * 3.155 * btc;
                let src = (d - 1 + k) % DAYS;
                for s in SITES {
                    let hp_mwh = [hp * 1_000.0 / (24.0 * s.j_per_th); 24];
                    let power: Vec<f64> = p[src * 24..src * 24 + 24]
                        .iter()
                        .map(|x| x + s.adder_usd_per_mwh)
                        .collect();
                    total += index_margin_usd(&hp_mwh, &power, s.mw);
                }
            }
            let fast = w.path_margin_usd(42, path);
            assert!((fast / total - 1.0).abs() < 1e-12, "{fast} vs {total}");
        }
    }

    #[test]
    fn run_is_ordered_and_summary_is_consistent() {
        let w = Workload::new(&prices()).unwrap();
        let m = w.run(64, 3);
        assert_eq!(m.len(), 64);
        assert_eq!(m[10], w.path_margin_usd(3, 10));
        let s = summarize(&m);
        assert_eq!(s.site_hours, 64 * 8_760 * 4);
        assert!(s.margin_p5 <= s.margin_p50 && s.margin_p50 <= s.margin_p95);
        assert_eq!(summarize(&[1.0, 2.0, 3.0, 4.0, 5.0]).margin_p50, 3.0);
        assert!((summarize(&[0.0, 10.0]).margin_p5 - 0.5).abs() < 1e-12);
    }
}
