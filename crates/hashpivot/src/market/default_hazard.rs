//! Tenant default as an annual hazard h: the default month is geometric with monthly probability
//! q = 1 − (1 − h)^{1/12}, so P(no default by month m) = (1 − h)^{m/12}.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The month (1-based, counted from the lease's signing) in which the tenant defaults, or `None` if not
/// within `months`.
pub fn default_month(hazard_per_year: f64, months: usize, rng: &mut ChaCha8Rng) -> Option<usize> {
    // Always draw once, so the rest of the path's draws do not depend on the hazard.
    let u: f64 = rng.random();
    if hazard_per_year <= 0.0 {
        return None;
    }
    let q = 1.0 - (1.0 - hazard_per_year).powf(1.0 / 12.0);
    // Inverse CDF of the geometric law: the first m with 1 − (1 − q)^m ≥ u.
    let m = ((1.0 - u).ln() / (1.0 - q).ln()).ceil().max(1.0) as usize;
    (m <= months).then_some(m)
}

/// Survival to the end of month m: (1 − h)^{m/12}.
#[inline]
pub fn survival(hazard_per_year: f64, month: usize) -> f64 {
    (1.0 - hazard_per_year).powf(month as f64 / 12.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::path_rng;

    #[test]
    fn default_frequency_matches_the_hazard() {
        let n = 40_000;
        let hits = (0..n as u64)
            .filter(|p| default_month(0.05, 60, &mut path_rng(9, *p)).is_some())
            .count() as f64
            / n as f64;
        let expected = 1.0 - survival(0.05, 60);
        let se = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!((hits - expected).abs() < 4.0 * se, "{hits} vs {expected}");
        assert_eq!(default_month(0.0, 60, &mut path_rng(9, 0)), None);
    }
}
