//! The value per share with claims that depend on it (convertibles, warrants).

use super::Claim;

/// The value per diluted share V that solves V × `basic` = `before_claims_usd` − Σ claims at V.
///
/// The right side falls as V rises and the left side rises, so the root is unique; it is found by bisection
/// to a relative precision far below a cent, deterministically (the same inputs give the same bits).
pub fn value_per_share(before_claims_usd: f64, basic: f64, claims: &[Claim]) -> f64 {
    let f =
        |v: f64| before_claims_usd - claims.iter().map(|c| c.usd_at(v)).sum::<f64>() - v * basic;
    // At V ≤ 0 no claim is in the money: every convertible is at face, every warrant worthless.
    let floor = (before_claims_usd - claims.iter().map(|c| c.usd_at(0.0)).sum::<f64>()) / basic;
    if floor <= 0.0 {
        return floor;
    }
    let (mut lo, mut hi) = (0.0_f64, floor);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            lo = mid
        } else {
            hi = mid
        }
        if hi - lo <= 1e-12 * hi.abs().max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}
