//! The market's regimes and vintages on the bundled examples: which power years a bootstrap replays and what
//! each contributes, GPU refreshes taken only when they pay, and the fitted supply response as the default.

use crate::common::{ctx, parse};
use hashpivot::scenario::HashrateModel;
use hashpivot::sim::{self, Prepared};

const PURE_MINER: &str = include_str!("../../../../examples/pure_miner.toml");
const IREN: &str = include_str!("../../../../examples/iren.toml");

#[test]
fn the_pure_miner_replays_the_current_cap_years_and_says_what_each_gives() {
    // The pure miner on a fixed-price take-or-pay block with sell-back (the example buys at index: a block
    // below the hub's mean price makes power resale most of the revenue), so that power sales vary by year.
    let text = PURE_MINER.replace(
        "power = { contract = \"index\", adder_usd_per_mwh = 5.0 }",
        "power = { contract = \"fixed\", price_usd_per_mwh = 30.0, settlement = \"take_or_pay_sell_back\" }",
    );
    assert_ne!(text, PURE_MINER);
    let sc = parse(&text);
    let p = Prepared::new(&sc, ctx().power).unwrap();
    let py = sim::power_years(&p).unwrap();
    assert!(py.defaulted);
    assert_eq!(
        py.years.iter().map(|y| y.year).collect::<Vec<_>>(),
        [2022, 2023, 2024, 2025]
    );
    assert!(
        py.years
            .iter()
            .all(|y| !y.stress && y.cap_usd_per_mwh == Some(5_000.0))
    );
    let sum = |f: &dyn Fn(&sim::PowerYearShare) -> f64| py.years.iter().map(f).sum::<f64>();
    assert!((sum(&|y| y.power_sales_share) - 1.0).abs() < 1e-12);
    assert!((sum(&|y| y.power_costs_share) - 1.0).abs() < 1e-12);
    // A fixed-price take-or-pay contract costs the same whichever year is replayed (2024 has a leap day); the
    // sales are not: 2022 (gas at its peak) sells the most back (43.9%), 2024 the least (10.2%).
    let sales: Vec<f64> = py.years.iter().map(|y| y.power_sales_share).collect();
    let costs: Vec<f64> = py.years.iter().map(|y| y.power_costs_share).collect();
    assert!(costs.iter().all(|c| (c - 0.25).abs() < 0.001), "{costs:?}");
    assert!(
        (sales[0] - 0.439).abs() < 0.005 && (sales[2] - 0.102).abs() < 0.005,
        "{sales:?}"
    );
    assert!(py.warnings.is_empty(), "{:?}", py.warnings);

    // Asked for, 2021 comes back labelled a stress year (Uri): 58% of the power sales of the five years, and the
    // summary warns of it.
    let power_years = |line: &str| {
        let sc = parse(&text.replace("power = { model = \"bootstrap\" }", line));
        sim::power_years(&Prepared::new(&sc, ctx().power).unwrap()).unwrap()
    };
    let py = power_years("power = { model = \"bootstrap\", stress_years = [2021] }");
    let y21 = py.years.iter().find(|y| y.year == 2021).unwrap();
    assert!(y21.stress && y21.cap_usd_per_mwh == Some(9_000.0));
    assert!(y21.note.as_deref().unwrap().contains("Uri"));
    assert!(
        (y21.power_sales_share - 0.576).abs() < 0.005,
        "{}",
        y21.power_sales_share
    );
    assert_eq!(
        py.warnings,
        [
            "power year 2021 provides 58% of power_sales revenue across the 5 years replayed (a stress year)"
        ]
    );
    // Beside 2024 alone, it provides most of the power sales (and 2024, mining more, most of the mining
    // revenue), and the summary says so.
    let py = power_years("power = { model = \"bootstrap\", years = [2021, 2024] }");
    assert!(!py.defaulted && py.years[0].stress && !py.years[1].stress);
    assert_eq!(
        py.warnings,
        [
            "power year 2024 provides 52% of self_mining revenue across the 2 years replayed",
            "power year 2021 provides 93% of power_sales revenue across the 2 years replayed (a stress year)"
        ]
    );
}

#[test]
fn a_gpu_refresh_is_taken_only_when_it_pays() {
    let base_npv = |text: &str| {
        let sc = parse(text);
        sim::run_base_case(&Prepared::new(&sc, ctx().power).unwrap())
            .0
            .npv_usd
    };
    let no_refresh = |t: &str| t.replace("gpu_life_years = 5,", "gpu_life_years = 15,");
    // The example's base case: new GPUs would not earn back their hardware (less the old GPUs' resale) by the
    // horizon, so the refresh is declined and the NPV is that of keeping the old GPUs.
    assert_eq!(base_npv(IREN), base_npv(&no_refresh(IREN)));
    // Used GPUs that keep more of their value (−5%/yr) make the refresh pay, and it is taken.
    let dear = IREN.replace(
        "gpu_price = { decline_per_year = 0.20, volatility_per_year = 0.25 }",
        "gpu_price = { decline_per_year = 0.20, volatility_per_year = 0.25, resale_decline_per_year = 0.05 }",
    );
    let (with, without) = (base_npv(&dear), base_npv(&no_refresh(&dear)));
    assert!(with > without + 1e8, "{with} {without}");
}

#[test]
fn the_fitted_supply_response_is_the_default_and_is_listed() {
    let sc = parse(PURE_MINER);
    let HashrateModel::SupplyResponse(r) = sc.market().hashrate() else {
        panic!("supply response")
    };
    assert_eq!(
        (r.base_growth_per_year, r.elasticity_per_year, r.lag_months),
        (-0.55, 1.15, 0)
    );
    assert_eq!(
        (
            r.marginal_efficiency_gain_per_year,
            r.marginal_efficiency_taper_per_year
        ),
        (0.25, 0.108)
    );
    // 25 J/TH in 2023-01 moved to the valuation month (2026-02 in the bundled examples) at 25%/yr.
    let start = sc.start_date().month();
    let years = (start.year - 2023) as f64 + (start.month as f64 - 1.0) / 12.0;
    assert!((r.marginal_j_per_th - 25.0 * (-0.25 * years).exp()).abs() < 0.2);
    let listed: Vec<String> = sc
        .assumptions()
        .into_iter()
        .filter(|a| a.name.starts_with("market."))
        .map(|a| a.name)
        .collect();
    for f in [
        "market.hashrate.base_growth_per_year",
        "market.hashrate.elasticity_per_year",
        "market.hashrate.lag_months",
        "market.hashrate.marginal_efficiency_gain_per_year",
        "market.hashrate.marginal_efficiency_taper_per_year",
        "market.power.years",
    ] {
        assert!(listed.iter().any(|n| n == f), "{f} in {listed:?}");
    }
}
