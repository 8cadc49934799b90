//! The core's monthly price curve (`hashpivot::power::month_prices::MonthCurve`) computes the same margin as the
//! benchmark's per-day curves summed over the days (moved here from the core with `DayCurves`).

use hashpivot::power::month_prices::MonthCurve;
use hashpivot_bench::kernel::DayCurves;
use proptest::prelude::*;

proptest! {
    #[test]
    fn month_curve_matches_day_curves(prices in proptest::collection::vec(-50.0f64..500.0, 72), x in -60.0f64..600.0) {
        // Σ_h max(x − p_h, 0) = k·x − Σ_{p<x} p.
        let m = MonthCurve::new(&prices);
        let (k, s) = m.below(x);
        let d = DayCurves::new(&prices).unwrap();
        let kernel: f64 = (0..3).map(|day| d.day_margin_usd_per_mw(day, x)).sum();
        prop_assert!((k as f64 * x - s - kernel).abs() < 1e-7 * kernel.abs().max(1.0));
    }
}
