//! Transaction fees per block: independent lognormal noise each month around a mean,
//! `F_m = mean · exp(σ ε − σ²/2)`, so `E[F_m] = mean`.

/// Fees per block of a month given a standard normal draw.
pub fn fees_btc_per_block(mean: f64, volatility: f64, z: f64) -> f64 {
    mean * (volatility * z - 0.5 * volatility * volatility).exp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{normal, path_rng, testing::mean_se};

    #[test]
    fn mean_is_preserved() {
        let mut rng = path_rng(5, 0);
        let x: Vec<f64> = (0..50_000)
            .map(|_| fees_btc_per_block(0.03, 0.8, normal(&mut rng)))
            .collect();
        let (m, se) = mean_se(&x);
        assert!((m - 0.03).abs() < 4.0 * se, "{m} ± {se}");
        assert_eq!(fees_btc_per_block(0.03, 0.0, 2.0), 0.03);
    }
}
