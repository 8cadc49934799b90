//! Network hashrate, monthly: ln H_{m} = ln H_{m−1} + g_m dt − σ²dt/2 + σ√dt ε_m.
//!
//! - Exogenous: g_m = growth per year.
//! - Supply response: g_m = base growth + elasticity × ln(revenue / power cost) of a marginal fleet
//!   `lag` months earlier — miners add machines when the marginal fleet earns more than its power costs
//!   and unplug when it does not (the reasoning of the CBECI profitability threshold).
//!
//! ε_m = ρ·z_btc + √(1 − ρ²)·z_own carries the stated correlation with the BTC shock.

use super::MONTHS_PER_YEAR;

/// One month's log growth of the network hashrate.
pub fn log_growth(growth_per_year: f64, volatility_per_year: f64, shock: f64) -> f64 {
    let dt = 1.0 / MONTHS_PER_YEAR;
    (growth_per_year - 0.5 * volatility_per_year * volatility_per_year) * dt
        + volatility_per_year * dt.sqrt() * shock
}

/// The growth rate of the supply-response model given the marginal fleet's log margin ratio.
pub fn supply_growth(
    base_growth_per_year: f64,
    elasticity_per_year: f64,
    log_margin_ratio: f64,
) -> f64 {
    base_growth_per_year + elasticity_per_year * log_margin_ratio.clamp(-3.0, 3.0)
}

/// The marginal fleet's log ratio of revenue to power cost per MWh: ln(hashprice_usd_per_mwh / power).
pub fn log_margin_ratio(
    hashprice_usd_per_ph_day: f64,
    j_per_th: f64,
    power_usd_per_mwh: f64,
) -> f64 {
    let revenue_usd_per_mwh =
        crate::mining::hashprice_usd_per_mwh(hashprice_usd_per_ph_day, 0.0, j_per_th);
    (revenue_usd_per_mwh.max(1e-9) / power_usd_per_mwh).ln()
}

/// How many e-folds a fleet's J/TH falls in `years` at a yearly efficiency gain `gain` that decays at
/// `taper` per year: gain × (1 − e^(−taper × years)) / taper (gain × years without a taper). The one rule for
/// the marginal fleet of the supply response and for the machines a company buys at a replacement.
pub fn efficiency_exponent(gain_per_year: f64, taper_per_year: f64, years: f64) -> f64 {
    if taper_per_year.abs() < 1e-9 {
        gain_per_year * years
    } else {
        gain_per_year * (1.0 - (-taper_per_year * years).exp()) / taper_per_year
    }
}

/// The factor on J/TH after `years` of a tapering efficiency gain: e^(−[`efficiency_exponent`]).
pub fn efficiency_factor(gain_per_year: f64, taper_per_year: f64, years: f64) -> f64 {
    (-efficiency_exponent(gain_per_year, taper_per_year, years)).exp()
}

/// The correlated shock: ρ·z_btc + √(1 − ρ²)·z_own.
pub fn correlated(rho: f64, z_btc: f64, z_own: f64) -> f64 {
    rho * z_btc + (1.0 - rho * rho).max(0.0).sqrt() * z_own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{normal, path_rng, testing::mean_se};

    #[test]
    fn exogenous_mean_growth() {
        // E[H_T] = H_0·e^{gT}.
        let finals: Vec<f64> = (0..20_000u64)
            .map(|p| {
                let mut rng = path_rng(21, p);
                (0..24)
                    .map(|_| log_growth(0.3, 0.25, normal(&mut rng)))
                    .sum::<f64>()
                    .exp()
            })
            .collect();
        let (m, se) = mean_se(&finals);
        assert!((m - 0.6f64.exp()).abs() < 4.0 * se, "{m}");
    }

    #[test]
    fn correlation_is_as_stated() {
        let mut rng = path_rng(4, 0);
        let n = 40_000;
        let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let a = normal(&mut rng);
            let b = correlated(0.6, a, normal(&mut rng));
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        let r = sxy / (sxx * syy).sqrt();
        // se of r ≈ (1 − ρ²)/√n = 0.0032.
        assert!((r - 0.6).abs() < 0.015, "{r}");
    }

    #[test]
    fn supply_response_signs() {
        // A marginal fleet earning twice its power cost grows the network; one earning half shrinks it.
        assert!(supply_growth(0.0, 0.5, 2f64.ln()) > 0.0);
        assert!(supply_growth(0.0, 0.5, 0.5f64.ln()) < 0.0);
        // 55.97 USD/PH/day at 17.5 J/TH = 133.26 USD/MWh.
        assert!((log_margin_ratio(55.97, 17.5, 133.262)).abs() < 1e-4);
    }
}
