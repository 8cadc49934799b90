//! Net present value of monthly flows.

use crate::bounds::DISCOUNT_RATE;
use crate::error::Result;

/// Discount factor of the end of month `month` at annual rate `annual_rate`: (1 + r)^(−m/12).
pub fn discount_factor(annual_rate: f64, month: usize) -> f64 {
    (1.0 + annual_rate).powf(-(month as f64) / 12.0)
}

/// NPV of monthly flows (`flows[0]` at t = 0, `flows[m]` at the end of month m) at an annual rate in
/// [`DISCOUNT_RATE`]'s range. At r = 0 it is the plain sum.
pub fn npv(annual_rate: f64, flows: &[f64]) -> Result<f64> {
    DISCOUNT_RATE.check(annual_rate)?;
    Ok(npv_unchecked(annual_rate, flows))
}

/// NPV of several flow vectors, each at its own annual rate (each rate checked as [`npv`] does): the discounting
/// of a valuation by class of cash flow (contracted rent, merchant mining, GPU cloud, debt, ...), where each
/// class's present value is read at the rate of its risk. The value is the sum of the parts, so the parts add up
/// to it exactly.
pub fn npv_each(parts: &[(f64, &[f64])]) -> Result<Vec<f64>> {
    parts
        .iter()
        .map(|(rate, flows)| npv(*rate, flows))
        .collect()
}

/// NPV without the range check, for a rate already checked.
fn npv_unchecked(annual_rate: f64, flows: &[f64]) -> f64 {
    if annual_rate == 0.0 {
        return flows.iter().sum();
    }
    npv_lanes([annual_rate], flows)[0]
}

/// The monthly discount factor at the log rate x = ln(1 + r): e^(−x/12), which is [`discount_factor`]`(r, 1)`
/// = (1 + r)^(−1/12) written for a search that runs on x (one `exp` instead of an `exp_m1` and a `powf`).
#[inline]
pub(crate) fn monthly_factor_of_log_rate(x: f64) -> f64 {
    (-x / 12.0).exp()
}

/// NPV at each of N annual rates in one pass over the flows (lane l equals the N = 1 result at
/// `annual_rates[l]` bit for bit). The rates must be above −1 (unchecked).
pub(crate) fn npv_lanes<const N: usize>(annual_rates: [f64; N], flows: &[f64]) -> [f64; N] {
    npv_of_factors(annual_rates.map(|r| discount_factor(r, 1)), flows)
}

/// The NPV kernel, the only place NPV is summed: Σ f_m · v^m for each of N monthly discount factors v in one
/// pass over the flows (N independent chains the processor runs side by side; the IRR grid takes eight at
/// once). Horner's rule from the last month back, (…(f_M · v + f_{M−1}) · v + …) · v + f_0: one multiply-add
/// a month and lane.
pub(crate) fn npv_of_factors<const N: usize>(monthly_factors: [f64; N], flows: &[f64]) -> [f64; N] {
    let mut total = [0.0; N];
    for f in flows.iter().rev() {
        for l in 0..N {
            total[l] = total[l] * monthly_factors[l] + f;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_year_out_is_discounted_once() {
        // 110 at the end of month 12 at 10% is worth 100 today.
        let mut flows = vec![0.0; 13];
        flows[12] = 110.0;
        assert!((npv(0.10, &flows).unwrap() - 100.0).abs() < 1e-9);
        assert!((discount_factor(0.10, 12) - 1.0 / 1.1).abs() < 1e-15);
        assert!((discount_factor(0.10, 6) - 1.1f64.powf(-0.5)).abs() < 1e-15);
    }

    #[test]
    fn level_annuity_matches_closed_form() {
        // 120 monthly payments of 1 at 12%/yr: sum of v^m, v = 1.12^(−1/12).
        let mut flows = vec![1.0; 121];
        flows[0] = 0.0;
        let v = 1.12f64.powf(-1.0 / 12.0);
        let closed = v * (1.0 - v.powi(120)) / (1.0 - v);
        assert!((npv(0.12, &flows).unwrap() - closed).abs() < 1e-9);
    }

    #[test]
    fn bad_rates_are_refused() {
        assert!(npv(-1.0, &[1.0]).is_err());
        assert_eq!(
            npv(1.5, &[1.0]).unwrap_err().to_string(),
            "invalid discount_rate: found 1.5, expected an annual rate in [-0.5, 1] (−50% to 100% a year), e.g. 0.1 for 10%"
        );
        // The top of the bound is accepted: 2 a year out at 100% is worth 1.
        let mut year = vec![0.0; 13];
        year[12] = 2.0;
        assert!((npv(1.0, &year).unwrap() - 1.0).abs() < 1e-12);
        assert!(npv(f64::NAN, &[1.0]).is_err());
        assert_eq!(npv(0.1, &[]).unwrap(), 0.0);
    }

    #[test]
    fn lanes_equal_one_rate_at_a_time() {
        let f: Vec<f64> = (0..121).map(|m| ((m * 37) % 11) as f64 - 4.0).collect();
        let rates = [-0.5, -0.01, 0.03, 0.1, 0.25, 1.0, 9.0, 999.0];
        assert_eq!(rates.iter().filter(|r| npv(**r, &f).is_ok()).count(), 6);
        let lanes = npv_lanes(rates, &f);
        for (r, l) in rates.iter().zip(lanes) {
            assert_eq!(l.to_bits(), npv_lanes([*r], &f)[0].to_bits(), "{r}");
            match npv(*r, &f) {
                Ok(v) => assert_eq!(l.to_bits(), v.to_bits(), "{r}"),
                // `npv` takes only discount rates; the kernel takes any rate above −1 (the IRR search's).
                Err(_) => assert!(!DISCOUNT_RATE.contains(*r), "{r}"),
            }
        }
    }

    #[test]
    fn each_part_at_its_own_rate() {
        let mut a = vec![0.0; 13];
        a[12] = 110.0;
        let b = vec![5.0; 13];
        let v = npv_each(&[(0.10, &a), (0.0, &b)]).unwrap();
        assert!((v[0] - 100.0).abs() < 1e-9);
        assert_eq!(v[1], 65.0);
        assert!(npv_each(&[(0.1, &a), (2.0, &b)]).is_err());
    }

    proptest! {
        #[test]
        fn npv_at_zero_is_the_sum(flows in proptest::collection::vec(-1e6f64..1e6, 0..200)) {
            let s: f64 = flows.iter().sum();
            prop_assert_eq!(npv(0.0, &flows).unwrap(), s);
        }

        #[test]
        fn npv_matches_per_month_powers(flows in proptest::collection::vec(-1e6f64..1e6, 1..150), r in 0.001f64..0.5) {
            let direct: f64 = flows.iter().enumerate().map(|(m, f)| f * discount_factor(r, m)).sum();
            let scale = flows.iter().map(|f| f.abs()).sum::<f64>().max(1.0);
            prop_assert!((npv(r, &flows).unwrap() - direct).abs() < 1e-9 * scale);
        }
    }
}
