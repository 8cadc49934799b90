//! Internal rate of return by bracketing and bisection on the monthly flows.

use super::npv::npv_unchecked;

/// Annual rates scanned for a sign change of the NPV, from the lowest up.
const GRID: [f64; 26] = [
    -0.99, -0.9, -0.75, -0.5, -0.3, -0.2, -0.1, -0.05, 0.0, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2,
    0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 20.0, 100.0, 1e3, 1e4, 1e6,
];

/// The annual IRR of monthly flows (`flows[0]` at t = 0, `flows[m]` at the end of month m): the rate at which
/// their NPV is zero. `None` when the flows never change sign (no IRR exists), or no root lies in
/// [−99%, 10^8 %] a year. With several sign changes the lowest root in that range is returned. Never NaN.
pub fn irr(flows: &[f64]) -> Option<f64> {
    if !flows.iter().all(|f| f.is_finite()) {
        return None;
    }
    let has_neg = flows.iter().any(|f| *f < 0.0);
    let has_pos = flows.iter().any(|f| *f > 0.0);
    if !(has_neg && has_pos) {
        return None;
    }
    let mut lo = GRID[0];
    let mut f_lo = npv_unchecked(lo, flows);
    if f_lo == 0.0 {
        return Some(lo);
    }
    for &hi in &GRID[1..] {
        let f_hi = npv_unchecked(hi, flows);
        if f_hi == 0.0 {
            return Some(hi);
        }
        if f_lo.signum() != f_hi.signum() && f_lo.is_finite() && f_hi.is_finite() {
            return Some(bisect(flows, lo, hi, f_lo));
        }
        lo = hi;
        f_lo = f_hi;
    }
    None
}

fn bisect(flows: &[f64], mut lo: f64, mut hi: f64, mut f_lo: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let f_mid = npv_unchecked(mid, flows);
        if f_mid == 0.0 {
            return mid;
        }
        if f_mid.signum() == f_lo.signum() {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-13 {
            break;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::npv;
    use proptest::prelude::*;

    #[test]
    fn one_year_doubling_is_100_percent() {
        let mut flows = vec![0.0; 13];
        flows[0] = -100.0;
        flows[12] = 200.0;
        assert!((irr(&flows).unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn monthly_annuity() {
        // −100 then 10 a month for 12 months: monthly IRR i solves the annuity; annual = (1 + i)^12 − 1.
        let mut flows = vec![10.0; 13];
        flows[0] = -100.0;
        let r = irr(&flows).unwrap();
        let i = (1.0 + r).powf(1.0 / 12.0) - 1.0;
        let pv: f64 = (1..=12).map(|m| 10.0 / (1.0 + i).powi(m)).sum();
        assert!((pv - 100.0).abs() < 1e-7);
        // i ≈ 2.923% a month.
        assert!((i - 0.029_228).abs() < 1e-5, "{i}");
    }

    #[test]
    fn no_sign_change_is_none() {
        assert_eq!(irr(&[]), None);
        assert_eq!(irr(&[0.0, 0.0]), None);
        assert_eq!(irr(&[1.0, 2.0, 3.0]), None);
        assert_eq!(irr(&[-1.0, -2.0]), None);
        assert_eq!(irr(&[-1.0, f64::NAN, 2.0]), None);
    }

    #[test]
    fn losing_investment_has_negative_irr() {
        let mut flows = vec![0.0; 13];
        flows[0] = -100.0;
        flows[12] = 50.0;
        assert!((irr(&flows).unwrap() + 0.5).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn npv_at_the_irr_is_zero(capex in 1.0f64..1e6, monthly in 0.01f64..1e5, months in 1usize..240) {
            let mut flows = vec![monthly; months + 1];
            flows[0] = -capex;
            if let Some(r) = irr(&flows) {
                let scale = capex + monthly * months as f64;
                prop_assert!(npv(r, &flows).unwrap().abs() < 1e-7 * scale, "r = {}", r);
            } else {
                // Only when the root lies outside the scanned range: below −99% a year, or above ~200% a month.
                let below = npv(-0.99, &flows).unwrap() < 0.0;
                prop_assert!(below || monthly > 2.0 * capex, "no IRR for capex {} monthly {} months {}", capex, monthly, months);
            }
        }
    }
}
