//! The IRR of a path's monthly equity flows.
//!
//! Company flows (a prepayment at signing, capex, refreshes, a terminal value) can change sign many times, so
//! their NPV can have several roots, and "the lowest root" (what [`crate::finance::irr`] returns) may be a
//! meaningless −77% next to a root above the discount rate. Here the IRR is the rate at which the NPV falls
//! through zero — positive at lower rates, negative at higher ones: a root where the flows behave as an
//! investment — and among several such roots, the one nearest the discount rate r. So IRR > r exactly when
//! NPV(r) > 0, and IRR < r when NPV(r) < 0, as a CFO reads an IRR against a hurdle rate. No such root (flows
//! that never change sign, or whose NPV only rises through zero, as a borrowing does) → no IRR.
//!
//! The roots are found on a grid of 231 rates, ln(1 + IRR) from ln(0.01) to ln(1001) in steps of 0.05
//! (IRR from −99% to +100,000% a year), then by bisection on ln(1 + IRR) to 1e−12. Two roots closer than one
//! grid step are not told apart.

/// NPV of monthly flows at the monthly discount factor v = (1 + r)^(−1/12): Σ f_m v^m (Horner).
fn npv_at(flows: &[f64], v: f64) -> f64 {
    flows.iter().rev().fold(0.0, |acc, f| acc * v + f)
}

fn npv_x(flows: &[f64], x: f64) -> f64 {
    npv_at(flows, (-x / 12.0).exp())
}

const X_MIN: f64 = -4.605_170_185_988_091; // ln(0.01)
const STEP: f64 = 0.05;
const STEPS: usize = 230;
const LANES: usize = 8;

/// The NPV at every grid rate, X_MIN + k·STEP for k = 0..=STEPS: eight rates per pass over the flows (the
/// same arithmetic as [`npv_x`], in independent chains the processor runs side by side).
fn npv_grid(flows: &[f64]) -> Vec<f64> {
    let n = STEPS + 1;
    let mut out = Vec::with_capacity(n.next_multiple_of(LANES));
    for chunk in 0..n.div_ceil(LANES) {
        let mut v = [0.0; LANES];
        for (l, v) in v.iter_mut().enumerate() {
            let x = X_MIN + (chunk * LANES + l) as f64 * STEP;
            *v = (-x / 12.0).exp();
        }
        let mut acc = [0.0; LANES];
        for f in flows.iter().rev() {
            for l in 0..LANES {
                acc[l] = acc[l] * v[l] + f;
            }
        }
        out.extend_from_slice(&acc);
    }
    out.truncate(n);
    out
}

/// The annual IRR of monthly flows (`flows[0]` at t = 0, `flows[m]` at the end of month m): the root where
/// the NPV falls through zero as the rate rises, nearest `discount_rate` if there are several; `None` if there
/// is none.
pub fn investment_irr(flows: &[f64], discount_rate: f64) -> Option<f64> {
    if !flows.iter().all(|f| f.is_finite()) {
        return None;
    }
    let xd = (1.0 + discount_rate).ln();
    let grid = npv_grid(flows);
    let mut best: Option<(f64, f64, f64)> = None; // (distance, lo, hi)
    let mut x_lo = X_MIN;
    let mut f_lo = grid[0];
    for (k, &f_hi) in grid.iter().enumerate().skip(1) {
        let x_hi = X_MIN + k as f64 * STEP;
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
        x_lo = x_hi;
        f_lo = f_hi;
    }
    let (_, mut lo, mut hi) = best?;
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if npv_x(flows, mid) > 0.0 {
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

    #[test]
    fn the_grid_is_the_scalar_npv() {
        let f: Vec<f64> = (0..121).map(|m| ((m * 37) % 11) as f64 - 4.0).collect();
        let g = npv_grid(&f);
        assert_eq!(g.len(), STEPS + 1);
        for (k, v) in g.iter().enumerate() {
            assert_eq!(*v, npv_x(&f, X_MIN + k as f64 * STEP));
        }
    }

    #[test]
    fn a_simple_investment() {
        // −100 now, +110 in a year: 10%.
        let mut f = vec![0.0; 13];
        f[0] = -100.0;
        f[12] = 110.0;
        assert!((investment_irr(&f, 0.12).unwrap() - 0.1).abs() < 1e-9);
        // Inflows only, or a borrowing (+100 now, −110 later): no investment root.
        f[0] = 100.0;
        assert_eq!(investment_irr(&f, 0.12), None);
        f[12] = -110.0;
        assert_eq!(investment_irr(&f, 0.12), None);
    }

    #[test]
    fn a_positive_first_month_keeps_its_irr() {
        // A small inflow before the outlay no longer hides the IRR.
        let mut f = vec![0.0; 25];
        f[1] = 5.0;
        f[2] = -100.0;
        f[24] = 130.0;
        let r = investment_irr(&f, 0.12).unwrap();
        let v = (1.0 + r).powf(-1.0 / 12.0);
        assert!(npv_at(&f, v).abs() < 1e-8, "{r}");
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
        let r = investment_irr(&f, 0.12).unwrap();
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
        assert!((investment_irr(&f, 0.12).unwrap() - 0.1).abs() < 1e-9);
        assert!((investment_irr(&f, 1.5).unwrap() - 2.0).abs() < 1e-9);
    }
}
