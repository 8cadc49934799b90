//! The Cox–Ross–Rubinstein binomial tree for an American put on a stock under geometric Brownian motion: the
//! reference the least-squares Monte Carlo ([`super::lsmc`]) is checked against.

/// Value of an American put (strike `strike`, spot `spot`, continuously compounded rate `rate`, volatility
/// `sigma`, `years` to expiry) on a CRR tree of `steps` steps: u = e^{σ√Δt}, d = 1/u, risk-neutral
/// p = (e^{rΔt} − d)/(u − d), early exercise checked at every node.
pub fn american_put_crr(
    spot: f64,
    strike: f64,
    rate: f64,
    sigma: f64,
    years: f64,
    steps: usize,
) -> f64 {
    let dt = years / steps as f64;
    let u = (sigma * dt.sqrt()).exp();
    let d = 1.0 / u;
    let growth = (rate * dt).exp();
    let p = (growth - d) / (u - d);
    let disc = 1.0 / growth;
    // Values at expiry: node j has j up moves.
    let mut v: Vec<f64> = (0..=steps)
        .map(|j| (strike - spot * u.powi(j as i32) * d.powi((steps - j) as i32)).max(0.0))
        .collect();
    for n in (0..steps).rev() {
        for j in 0..=n {
            let cont = disc * (p * v[j + 1] + (1.0 - p) * v[j]);
            let s = spot * u.powi(j as i32) * d.powi((n - j) as i32);
            v[j] = cont.max(strike - s);
        }
    }
    v[0]
}

/// Monte Carlo paths of the same put for [`super::lsmc`]: `n_pairs` antithetic pairs of GBM paths under the
/// risk-neutral drift, `dates` exercise dates at k·T/dates (k = 1..=dates). Returns the exercise values (PV at
/// t = 0, e^{−r t_k}·max(K − S, 0)) and the state S/K, path by path.
#[allow(clippy::too_many_arguments)]
pub fn put_paths_gbm(
    spot: f64,
    strike: f64,
    rate: f64,
    sigma: f64,
    years: f64,
    dates: usize,
    n_pairs: usize,
    seed: u64,
) -> (Vec<f64>, Vec<f64>) {
    use rand::{Rng, SeedableRng};
    let dt = years / dates as f64;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut pv = Vec::with_capacity(2 * n_pairs * dates);
    let mut state = Vec::with_capacity(2 * n_pairs * dates);
    for _ in 0..n_pairs {
        let z: Vec<f64> = (0..dates)
            .map(|_| rng.sample::<f64, _>(rand_distr::StandardNormal))
            .collect();
        for sign in [1.0, -1.0] {
            let mut s = spot;
            for (t, zt) in z.iter().enumerate() {
                s *= ((rate - 0.5 * sigma * sigma) * dt + sigma * dt.sqrt() * sign * zt).exp();
                pv.push((-rate * dt * (t + 1) as f64).exp() * (strike - s).max(0.0));
                state.push(s / strike);
            }
        }
    }
    (pv, state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_converges_to_the_american_put_of_the_longstaff_schwartz_table() {
        // S = K = 40, r = 6%, σ = 20%, T = 1. An independent CRR tree (Python, 2,000 steps) gives 2.319428;
        // Longstaff & Schwartz (2001), Table 1, list 2.314 from a finite-difference grid (0.24% lower).
        let v = american_put_crr(40.0, 40.0, 0.06, 0.2, 1.0, 2_000);
        assert!((v - 2.319428).abs() < 1e-5, "{v}");
        assert!(((v - 2.314) / v).abs() < 0.003);
        // S = 36 and 44 at 1,000 steps (the same Python tree: 4.486837, 1.113437; the table: 4.478, 1.110).
        assert!((american_put_crr(36.0, 40.0, 0.06, 0.2, 1.0, 1_000) - 4.486837).abs() < 1e-5);
        assert!((american_put_crr(44.0, 40.0, 0.06, 0.2, 1.0, 1_000) - 1.113437).abs() < 1e-5);
    }

    #[test]
    fn deep_in_the_money_it_is_worth_exercising_at_once() {
        let v = american_put_crr(10.0, 40.0, 0.06, 0.2, 1.0, 500);
        assert!((v - 30.0).abs() < 1e-9, "{v}");
    }
}
