//! Quantiles and tail means.
//!
//! Quantile definition: linear interpolation between order statistics (Hyndman & Fan type 7, the default of
//! R and NumPy): for sorted x_0 ≤ … ≤ x_{n−1}, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋) with h = (n − 1)p.
//! CVaR at level α is the mean of the worst ⌈αn⌉ outcomes (the lowest values).

/// A sorted copy (total order; NaN last).
pub fn sorted(x: &[f64]) -> Vec<f64> {
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// Type-7 quantile of already sorted values; NaN for an empty slice.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// P5, P50 and P95 of a sample: the band every report and fan prints (quantiles by [`quantile`]).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Band {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Band {
    /// The band of `x` (any order; NaN quantiles for an empty sample).
    pub fn of(x: &[f64]) -> Band {
        let s = sorted(x);
        Band {
            p5: quantile(&s, 0.05),
            p50: quantile(&s, 0.5),
            p95: quantile(&s, 0.95),
        }
    }
}

/// Mean of the worst ⌈αn⌉ values of sorted data (the lower tail): CVaR at level α.
pub fn cvar_lower(sorted: &[f64], alpha: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let k = ((alpha * n as f64).ceil() as usize).clamp(1, n);
    sorted[..k].iter().sum::<f64>() / k as f64
}

/// Share of values strictly below `threshold`.
pub fn prob_below(x: &[f64], threshold: f64) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.iter().filter(|v| **v < threshold).count() as f64 / x.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn band_is_the_three_quantiles_of_any_order() {
        let b = Band::of(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!((b.p5, b.p50, b.p95), (1.2, 3.0, 4.8));
    }

    #[test]
    fn known_values() {
        let x = sorted(&[4.0, 1.0, 3.0, 2.0, 5.0]);
        assert_eq!(quantile(&x, 0.5), 3.0);
        assert_eq!(quantile(&x, 0.25), 2.0);
        assert_eq!(quantile(&x, 0.1), 1.4);
        assert_eq!(cvar_lower(&x, 0.05), 1.0);
        assert_eq!(cvar_lower(&x, 0.4), 1.5);
        assert_eq!(prob_below(&x, 3.0), 0.4);
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(cvar_lower(&v, 0.05), 3.0);
    }

    proptest! {
        #[test]
        fn cvar_is_at_most_var(x in proptest::collection::vec(-1e6f64..1e6, 1..300)) {
            let s = sorted(&x);
            prop_assert!(cvar_lower(&s, 0.05) <= quantile(&s, 0.05) + 1e-6);
            prop_assert!(quantile(&s, 0.05) <= quantile(&s, 0.5));
            prop_assert!(quantile(&s, 0.5) <= quantile(&s, 0.95));
        }
    }
}
