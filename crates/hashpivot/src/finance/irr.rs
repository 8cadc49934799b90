//! Internal rate of return of monthly flows: one bracketing-and-bisection search, with the choice among
//! several roots as a parameter ([`RootRule`]).
//!
//! Flows that change sign many times (a prepayment at signing, capex, refreshes, a terminal value) can have
//! several roots. [`RootRule::Lowest`] takes the lowest (the deal library's and the comparison's figure on
//! simple invest-then-earn flows). [`RootRule::NearestTo`]`(r)` takes a root where the NPV falls through zero
//! as the rate rises (positive at lower rates, negative at higher ones: the flows behave as an investment),
//! and among several such roots the one nearest r: so IRR > r exactly when NPV(r) > 0, as a CFO reads an IRR
//! against a hurdle rate; flows whose NPV only rises through zero (a borrowing) have none.
//!
//! The roots are bracketed on a grid of 232 rates, ln(1 + IRR) from ln(0.01) in steps of 0.05 to 6.945, past
//! ln(1001) (IRR from −99% to about +103,700% a year), then bisected on ln(1 + IRR) to 1e−12. Two roots closer than one grid
//! step are not told apart. Every NPV of the search comes from the one NPV kernel (`npv_of_factors`, the
//! arithmetic of [`super::npv`]) at the monthly factor e^(−x/12), eight grid rates per pass.

use super::npv::{monthly_factor_of_log_rate, npv_of_factors};

/// Which root of the NPV is the IRR.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RootRule {
    /// The lowest root (any direction of crossing).
    Lowest,
    /// The investment root (NPV falling through zero) nearest this annual rate.
    NearestTo(f64),
}

/// NPV at the annual rate e^x − 1 (the search runs on x = ln(1 + IRR)).
fn npv_x(flows: &[f64], x: f64) -> f64 {
    npv_of_factors([monthly_factor_of_log_rate(x)], flows)[0]
}

const X_MIN: f64 = -4.605_170_185_988_091; // ln(0.01)
const STEP: f64 = 0.05;
const STEPS: usize = 231; // X_MIN + 231 × 0.05 = 6.945 > ln(1001): the grid covers IRRs up to 1000 a year
const LANES: usize = 8;

/// The NPV at every grid rate, x = X_MIN + k·STEP for k = 0..=STEPS: eight rates per pass over the flows
/// through the NPV kernel, each lane equal to [`npv_x`] at its rate.
fn npv_grid(flows: &[f64]) -> Vec<f64> {
    let n = STEPS + 1;
    let mut out = Vec::with_capacity(n.next_multiple_of(LANES));
    for chunk in 0..n.div_ceil(LANES) {
        let factors: [f64; LANES] = std::array::from_fn(|l| {
            monthly_factor_of_log_rate(X_MIN + (chunk * LANES + l) as f64 * STEP)
        });
        out.extend_from_slice(&npv_of_factors(factors, flows));
    }
    out.truncate(n);
    out
}

/// The annual IRR of monthly flows (`flows[0]` at t = 0, `flows[m]` at the end of month m), the root chosen
/// by `rule`; `None` when there is no such root in the grid's range. Never NaN.
pub fn irr(flows: &[f64], rule: RootRule) -> Option<f64> {
    if !flows.iter().all(|f| f.is_finite()) {
        return None;
    }
    let grid = npv_grid(flows);
    let mut best: Option<(f64, f64, f64)> = None; // (distance, lo, hi)
    let mut x_lo = X_MIN;
    let mut f_lo = grid[0];
    for (k, &f_hi) in grid.iter().enumerate().skip(1) {
        let x_hi = X_MIN + k as f64 * STEP;
        match rule {
            RootRule::Lowest => {
                if (f_lo > 0.0) != (f_hi > 0.0) {
                    best = Some((0.0, x_lo, x_hi));
                    break;
                }
            }
            RootRule::NearestTo(rate) => {
                let xd = (1.0 + rate).ln();
                if f_lo > 0.0 && f_hi <= 0.0 {
                    let dist = if xd < x_lo {
                        x_lo - xd
                    } else if xd > x_hi {
                        xd - x_hi
                    } else {
                        0.0
                    };
                    if best.is_none_or(|(d, _, _)| dist < d) {
                        best = Some((dist, x_lo, x_hi));
                    }
                }
            }
        }
        x_lo = x_hi;
        f_lo = f_hi;
    }
    let (_, mut lo, mut hi) = best?;
    let lo_positive = npv_x(flows, lo) > 0.0;
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if (npv_x(flows, mid) > 0.0) == lo_positive {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    Some((0.5 * (lo + hi)).exp() - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::npv;
    use crate::finance::npv::npv_lanes;
    use proptest::prelude::*;

    fn irr_lowest(flows: &[f64]) -> Option<f64> {
        irr(flows, RootRule::Lowest)
    }

    #[test]
    fn one_year_doubling_is_100_percent() {
        let mut flows = vec![0.0; 13];
        flows[0] = -100.0;
        flows[12] = 200.0;
        assert!((irr(&flows, RootRule::Lowest).unwrap() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn monthly_annuity() {
        // −100 then 10 a month for 12 months: monthly IRR i solves the annuity; annual = (1 + i)^12 − 1.
        let mut flows = vec![10.0; 13];
        flows[0] = -100.0;
        let r = irr(&flows, RootRule::Lowest).unwrap();
        let i = (1.0 + r).powf(1.0 / 12.0) - 1.0;
        let pv: f64 = (1..=12).map(|m| 10.0 / (1.0 + i).powi(m)).sum();
        assert!((pv - 100.0).abs() < 1e-7);
        // i ≈ 2.923% a month.
        assert!((i - 0.029_228).abs() < 1e-5, "{i}");
    }

    #[test]
    fn no_sign_change_is_none() {
        assert_eq!(irr_lowest(&[]), None);
        assert_eq!(irr_lowest(&[0.0, 0.0]), None);
        assert_eq!(irr_lowest(&[1.0, 2.0, 3.0]), None);
        assert_eq!(irr_lowest(&[-1.0, -2.0]), None);
        assert_eq!(irr_lowest(&[-1.0, f64::NAN, 2.0]), None);
    }

    #[test]
    fn losing_investment_has_negative_irr() {
        let mut flows = vec![0.0; 13];
        flows[0] = -100.0;
        flows[12] = 50.0;
        assert!((irr(&flows, RootRule::Lowest).unwrap() + 0.5).abs() < 1e-9);
    }

    #[test]
    fn an_irr_near_1000_a_year_is_inside_the_grid() {
        // Proptest found this: its IRR (≈ 990 a year) lay above the old grid's top (≈ 986) and below 1000.
        let mut flows = vec![73_052.75; 12];
        flows[0] = -93_877.5;
        let r = irr(&flows, RootRule::Lowest).expect("an IRR below 1000 a year is found");
        assert!(r > 900.0 && r < 1_000.0, "{r}");
        assert!(npv_lanes([r], &flows)[0].abs() < 1e-7 * 900_000.0);
    }

    proptest! {
        #[test]
        fn npv_at_the_irr_is_zero(capex in 1.0f64..1e6, monthly in 0.01f64..1e5, months in 1usize..240) {
            let mut flows = vec![monthly; months + 1];
            flows[0] = -capex;
            if let Some(r) = irr(&flows, RootRule::Lowest) {
                let scale = capex + monthly * months as f64;
                // An IRR may lie outside the discount-rate bound `npv` checks: read the kernel.
                prop_assert!(npv_lanes([r], &flows)[0].abs() < 1e-7 * scale, "r = {}", r);
            } else {
                // Only when the root lies outside the scanned range: below −99% a year, or above ~200% a month.
                let below = npv_lanes([-0.99], &flows)[0] < 0.0;
                let above = npv_lanes([1_000.0], &flows)[0] > 0.0;
                prop_assert!(below || above, "no IRR for capex {} monthly {} months {}", capex, monthly, months);
            }
        }
    }

    #[test]
    fn the_grid_is_the_scalar_npv() {
        let f: Vec<f64> = (0..121).map(|m| ((m * 37) % 11) as f64 - 4.0).collect();
        let g = npv_grid(&f);
        assert_eq!(g.len(), STEPS + 1);
        for (k, v) in g.iter().enumerate() {
            assert_eq!(v.to_bits(), npv_x(&f, X_MIN + k as f64 * STEP).to_bits());
        }
    }

    #[test]
    fn a_simple_investment() {
        // −100 now, +110 in a year: 10%.
        let mut f = vec![0.0; 13];
        f[0] = -100.0;
        f[12] = 110.0;
        assert!((irr(&f, RootRule::NearestTo(0.12)).unwrap() - 0.1).abs() < 1e-9);
        // Inflows only, or a borrowing (+100 now, −110 later): no investment root.
        f[0] = 100.0;
        assert_eq!(irr(&f, RootRule::NearestTo(0.12)), None);
        f[12] = -110.0;
        assert_eq!(irr(&f, RootRule::NearestTo(0.12)), None);
    }

    #[test]
    fn a_positive_first_month_keeps_its_irr() {
        // A small inflow before the outlay no longer hides the IRR.
        let mut f = vec![0.0; 25];
        f[1] = 5.0;
        f[2] = -100.0;
        f[24] = 130.0;
        let r = irr(&f, RootRule::NearestTo(0.12)).unwrap();
        assert!(npv(r, &f).unwrap().abs() < 1e-8, "{r}");
        assert!(r > 0.1 && r < 0.2, "{r}");
    }

    #[test]
    fn of_several_roots_the_lowest_is_not_taken() {
        // Flows at t = 0, 12, 24 months: −1, +1.7, −0.6, so NPV = −1 + 1.7u − 0.6u² with u = 1/(1 + r): roots
        // u = 2 (r = −50%, where the NPV rises through zero) and u = 1/1.2 (r = +20%, where it falls). The
        // lowest root (−50%) is a borrowing's; the IRR is +20%.
        let mut f = vec![0.0; 25];
        f[0] = -1.0;
        f[12] = 1.7;
        f[24] = -0.6;
        let r = irr(&f, RootRule::NearestTo(0.12)).unwrap();
        assert!((r - 0.2).abs() < 1e-9, "{r}");
    }

    #[test]
    fn of_two_investment_roots_the_nearest_to_the_discount_rate() {
        // −(1 − 1.1u)(1 − 1.5u)(1 − 3u) expanded: roots r = 10%, 50%, 200%; the NPV falls through zero at 10%
        // and at 200% (and rises at 50%). Near a 12% discount rate: 10%; near 150%: 200%.
        let mut f = vec![0.0; 37];
        f[0] = -1.0;
        f[12] = 1.1 + 1.5 + 3.0;
        f[24] = -(1.1 * 1.5 + 1.1 * 3.0 + 1.5 * 3.0);
        f[36] = 1.1 * 1.5 * 3.0;
        assert!((irr(&f, RootRule::NearestTo(0.12)).unwrap() - 0.1).abs() < 1e-9);
        assert!((irr(&f, RootRule::NearestTo(1.5)).unwrap() - 2.0).abs() < 1e-9);
    }
}
