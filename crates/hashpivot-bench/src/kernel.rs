//! Hourly dispatch of an index-priced site over flat `f64` slices, no allocation per hour: the reference loop
//! of the benchmark's tests and the kernels of its criterion benchmarks.
//!
//! For an index-priced site the margin of an hour is `max(hashprice − price, 0) × MW`. When the hashprice is
//! constant over a day, the day's margin per MW is `g_d(x) = Σ_h max(x − p_{d,h}, 0)`, a convex piecewise-linear
//! function of the threshold `x`. [`DayCurves`] keeps each day's prices sorted with prefix sums, so
//! `g_d(x) = k·x − Σ_{i<k} p_(i)` with `k = #{p < x}`: a binary search over 24 prices instead of 24 operations,
//! and one comparison when `x` is above the day's highest price (the usual case).

use crate::{Error, Result};

/// Σ_h max(hashprice_h − power_h, 0) × mw, USD: the plain hourly loop.
pub fn index_margin_usd(hashprice_usd_per_mwh: &[f64], power_usd_per_mwh: &[f64], mw: f64) -> f64 {
    let mut total = 0.0;
    for (&hp, &p) in hashprice_usd_per_mwh.iter().zip(power_usd_per_mwh) {
        total += (hp - p).max(0.0);
    }
    total * mw
}

/// Each day's 24 hourly prices, sorted, with prefix sums.
#[derive(Debug, Clone)]
pub struct DayCurves {
    /// Per day: 24 sorted prices, padded to 32 with +∞ for a branchless binary search.
    sorted: Vec<[f64; 32]>,
    /// Per day: prefix sums of the sorted prices, `prefix[d][k] = Σ_{i<k} sorted[d][i]`.
    prefix: Vec<[f64; 25]>,
    /// Per day: (highest price, sum of prices) for the fast path.
    max_sum: Vec<(f64, f64)>,
}

impl DayCurves {
    /// From hourly prices whose count is a multiple of 24 (day `d` is hours `24d .. 24d + 24`).
    pub fn new(hourly_usd_per_mwh: &[f64]) -> Result<DayCurves> {
        if hourly_usd_per_mwh.is_empty() || !hourly_usd_per_mwh.len().is_multiple_of(24) {
            return Err(Error::invalid(
                "hourly prices",
                format!("{} hours", hourly_usd_per_mwh.len()),
                "a positive multiple of 24 hours",
            ));
        }
        if let Some(p) = hourly_usd_per_mwh.iter().find(|p| !p.is_finite()) {
            return Err(Error::invalid("hourly price", p, "a finite USD/MWh"));
        }
        let days = hourly_usd_per_mwh.len() / 24;
        let mut sorted = Vec::with_capacity(days);
        let mut prefix = Vec::with_capacity(days);
        let mut max_sum = Vec::with_capacity(days);
        for day in hourly_usd_per_mwh.chunks_exact(24) {
            let mut s = [f64::INFINITY; 32];
            s[..24].copy_from_slice(day);
            s[..24].sort_by(f64::total_cmp);
            let mut pre = [0.0; 25];
            for i in 0..24 {
                pre[i + 1] = pre[i] + s[i];
            }
            max_sum.push((s[23], pre[24]));
            sorted.push(s);
            prefix.push(pre);
        }
        Ok(DayCurves {
            sorted,
            prefix,
            max_sum,
        })
    }

    pub fn days(&self) -> usize {
        self.sorted.len()
    }

    /// (highest price, sum of prices) of a day.
    pub fn max_and_sum(&self, day: usize) -> (f64, f64) {
        self.max_sum[day]
    }

    /// `Σ_h max(x − p_{day,h}, 0)`: the margin per MW of a day at threshold `x` USD/MWh, USD/MW.
    #[inline]
    pub fn day_margin_usd_per_mw(&self, day: usize, x: f64) -> f64 {
        // k = #{p < x} by a branchless binary search over the 32 padded prices (the +∞ pads never count).
        let s = &self.sorted[day];
        let mut k = 0usize;
        for half in [16, 8, 4, 2, 1] {
            k += usize::from(s[k + half - 1] < x) * half;
        }
        k as f64 * x - self.prefix[day][k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn day_curves_match_the_hourly_loop(
            prices in proptest::collection::vec(-250.0f64..5_000.0, 48),
            x in -300.0f64..6_000.0,
        ) {
            let c = DayCurves::new(&prices).unwrap();
            for d in 0..2 {
                let direct = index_margin_usd(&[x; 24], &prices[24 * d..24 * d + 24], 1.0);
                let fast = c.day_margin_usd_per_mw(d, x);
                prop_assert!((direct - fast).abs() <= 1e-9 * direct.abs().max(1.0), "{direct} vs {fast}");
            }
        }
    }

    #[test]
    fn edges() {
        let mut p = vec![10.0; 24];
        p[5] = -20.0;
        p[7] = 5_000.0;
        let c = DayCurves::new(&p).unwrap();
        assert_eq!(c.day_margin_usd_per_mw(0, -30.0), 0.0);
        assert_eq!(c.day_margin_usd_per_mw(0, 0.0), 20.0);
        assert_eq!(c.day_margin_usd_per_mw(0, 10.0), 30.0);
        assert_eq!(
            c.day_margin_usd_per_mw(0, 6_000.0),
            24.0 * 6_000.0 - (22.0 * 10.0 - 20.0 + 5_000.0)
        );
        assert!(DayCurves::new(&[1.0; 25]).is_err());
    }
}
