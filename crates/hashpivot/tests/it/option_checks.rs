//! The option to convert later and the portfolio optimizer against the engine and brute force: a start month
//! priced by `option::ConversionPaths` equals the engine's site flows with the conversion at that month, path
//! by path; the MILP on engine coefficients finds the brute-force optimum.

use crate::common::{ctx, gbm_market, parse};
use hashpivot::optimize::{self, Backend, Limits, OptimizeSettings};
use hashpivot::option::{ConversionPaths, OptionSettings, RentIndex, value_conversion_option};
use hashpivot::scenario::Scenario;
use hashpivot::sim::{Prepared, path_months};

/// The options' market: BTC on a GBM of drift 5% and volatility 50%, the network growing 20% a year (10%
/// volatility).
fn market() -> String {
    gbm_market((0.05, 0.5), (0.2, 0.1))
}

/// One 100 MW site mining 4.5 EH/s at 20 J/TH (90 MW); a 40 MW IT lease (50 MW gross) of 2 years from `start`.
fn one_site(start: &str) -> String {
    let market = market();
    format!(
        r#"
[company]
name = "t"
start_date = "2025-12-31"
horizon_years = 4
discount_rate = 0.1
discount_rates = {{ contracted = 0.08, mining = 0.14 }}

[[sites]]
name = "s"
mw_gross = 100
power = {{ contract = "fixed", price_usd_per_mwh = 40.0 }}
fleet = {{ eh_s = 4.5, j_per_th = 20.0 }}
{market}
[[conversions]]
name = "l"
site = "s"
start_month = "{start}"
mw_it = 40
pue = 1.25
capex_usd_per_mw_it = 3.0e6
build_months = 3
use = "lease"
lease = {{ usd_per_kw_month = 130.0, term_years = 2, escalator_per_year = 0.03 }}
tenant_credit = {{ hazard_per_year = 0.0 }}
"#
    )
}

/// The site's PV on path `path` of seed 9, each class of its cash at its rate (the engine's APV classes:
/// mining, power sales, contracted, GPU cloud).
fn site_pv(sc: &Scenario, path: u64) -> f64 {
    let p = Prepared::new(sc, ctx().power).unwrap();
    let pm = path_months(&p, 9, path);
    let r = sc.discount_rates();
    [r.mining, r.power_sales, r.contracted, r.gpu_cloud]
        .iter()
        .enumerate()
        .map(|(c, rate)| {
            let flows: Vec<f64> = pm
                .records
                .iter()
                .filter(|r| r.site == "s")
                .map(|r| r.class_cash_usd[c])
                .collect();
            hashpivot::finance::npv(*rate, &flows).unwrap()
        })
        .sum()
}

#[test]
fn a_start_month_priced_on_the_paths_equals_the_engine_with_the_conversion_there() {
    let rent = RentIndex::new(0.0, 0.0).unwrap();
    let sc = parse(&one_site("2026-01"));
    let cp = ConversionPaths::new(&sc, ctx().power, 0, &rent, 9, 0, 4).unwrap();
    let mut buf = Vec::new();
    let mut gains = Vec::new();
    for (t, start) in [(0, "2026-01"), (5, "2026-06"), (13, "2027-02")] {
        let with = parse(&one_site(start));
        assert_eq!(with.conversions()[0].start_offset_months(), t);
        for path in 0..4 {
            let engine_gain = site_pv(&with, path) - cp.never_pv[path as usize];
            let gain = cp.start_pv(path as usize, t, &mut buf);
            assert!(
                (gain - engine_gain).abs() < 1e-7 * engine_gain.abs().max(1e6),
                "t {t} path {path}: {gain} vs engine {engine_gain}"
            );
            gains.push(gain);
        }
    }
    // Not a trivial equality: the gain moves with the start month and the path.
    assert!(gains.windows(2).all(|w| w[0] != w[1]), "{gains:?}");
    // The displaced mining is real here: the fleet fills the site, and the held-MW run differs from never.
    let sc_never = parse(
        &one_site("2026-01").replace("capex_usd_per_mw_it = 3.0e6", "capex_usd_per_mw_it = 0.0"),
    );
    let zero_capex = ConversionPaths::new(&sc_never, ctx().power, 0, &rent, 9, 0, 1).unwrap();
    let lease_only: f64 = (1..=24)
        .map(|m| {
            130.0 * 40_000.0 * 1.03f64.powi((m - 1) / 12) / 1.08f64.powf((3 + m) as f64 / 12.0)
        })
        .sum();
    assert!(zero_capex.start_pv(0, 0, &mut buf) < 0.99 * lease_only);
}

#[test]
fn a_lease_with_default_risk_is_taken_in_expectation_as_the_engine_base_case_takes_it() {
    // No fleet (nothing displaced), a tenant with a 20% hazard, a backstop of $3M and a re-let: the start PV at
    // t = 0 is the lease's contracted cash in the engine's base case (expected over the default month), at the
    // contracted rate, on every path.
    let text = one_site("2026-01")
        .replace("fleet = { eh_s = 4.5, j_per_th = 20.0 }\n", "")
        .replace(
            "tenant_credit = { hazard_per_year = 0.0 }",
            "tenant_credit = { hazard_per_year = 0.2, vacancy_months = 3, relet_share = 0.6 }",
        )
        .replace(
            "escalator_per_year = 0.03 }",
            "escalator_per_year = 0.03, backstop = { guarantor = \"g\", amount_usd = 3.0e6 } }",
        );
    let sc = parse(&text);
    let rent = RentIndex::new(0.0, 0.0).unwrap();
    let cp = ConversionPaths::new(&sc, ctx().power, 0, &rent, 9, 0, 2).unwrap();
    let p = Prepared::new(&sc, ctx().power).unwrap();
    let (_, rows) = hashpivot::sim::run_base_case(&p);
    let contracted: Vec<f64> = rows
        .iter()
        .filter(|r| r.site == "s")
        .map(|r| r.class_cash_usd[2])
        .collect();
    let engine = hashpivot::finance::npv(sc.discount_rates().contracted, &contracted).unwrap();
    let mut buf = Vec::new();
    for i in 0..2 {
        let gain = cp.start_pv(i, 0, &mut buf);
        assert!(
            (gain - engine).abs() < 1e-7 * engine.abs().max(1e6),
            "path {i}: {gain} vs engine base case {engine}"
        );
    }
    // The default risk is priced: the same lease with a sure tenant is worth more.
    let sure = parse(&one_site("2026-01").replace("fleet = { eh_s = 4.5, j_per_th = 20.0 }\n", ""));
    let cp_sure = ConversionPaths::new(&sure, ctx().power, 0, &rent, 9, 0, 1).unwrap();
    assert!(cp_sure.start_pv(0, 0, &mut buf) > engine + 1e6);
}

#[test]
fn a_start_from_its_parts_equals_the_month_by_month_sum() {
    // A 10-year lease on a 4-year horizon: past the horizon too.
    let text = one_site("2026-01").replace("term_years = 2", "term_years = 10");
    let sc = parse(&text);
    let rent = RentIndex::new(0.02, 0.2).unwrap();
    let cp = ConversionPaths::new(&sc, ctx().power, 0, &rent, 4, 0, 3).unwrap();
    let mut buf = Vec::new();
    for i in 0..3 {
        for t in [0, 1, 7, 30, 47, 48] {
            let fast = cp.start_pv(i, t, &mut buf);
            let slow = cp.start_pv_by_month(i, t, &mut buf);
            assert!(
                (fast - slow).abs() < 1e-9 * slow.abs().max(1.0),
                "path {i} t {t}: {fast} vs {slow}"
            );
        }
    }
}

#[test]
fn the_option_is_worth_at_least_converting_now_or_never() {
    let sc = parse(&one_site("2026-01"));
    let settings = OptionSettings {
        conversion: 0,
        rent: RentIndex::new(0.0, 0.2).unwrap(),
        decision_months: Some(24),
        degree: 2,
        paths: 400,
        seed: 3,
    };
    let o = value_conversion_option(&sc, ctx().power, &settings).unwrap();
    // Out of sample the rule is one feasible policy: not better than the best, but (within noise) not worse
    // than the two fixed policies it can mimic.
    let noise = 3.0 * o.optimal_standard_error_usd;
    assert!(o.optimal_usd >= o.now_usd.max(o.never_usd) - noise, "{o:?}");
    assert!(o.optimal_in_sample_usd >= o.optimal_usd - noise);
    let shares: f64 = o.month_distribution.iter().map(|d| d.share).sum::<f64>() + o.never_share;
    assert!((shares - 1.0).abs() < 1e-9);
    assert_eq!(o.path_results.len(), 400);
    // Deterministic for a seed.
    let again = value_conversion_option(&sc, ctx().power, &settings).unwrap();
    assert_eq!(again.optimal_usd, o.optimal_usd);
}

/// Three sites, each with a lease conversion to time and size.
fn three_sites() -> String {
    let mut s = String::from(
        "[company]\nname = \"three\"\nstart_date = \"2025-12-31\"\nhorizon_years = 3\ndiscount_rate = 0.1\n",
    );
    for (i, (mw, rent, fleet)) in [(100, 140.0, 4.0), (80, 120.0, 3.5), (60, 160.0, 2.5)]
        .iter()
        .enumerate()
    {
        s += &format!(
            "\n[[sites]]\nname = \"s{i}\"\nmw_gross = {mw}\npower = {{ contract = \"fixed\", price_usd_per_mwh = 45.0 }}\nfleet = {{ eh_s = {fleet}, j_per_th = 20.0 }}\n"
        );
        s += &format!(
            "\n[[conversions]]\nname = \"c{i}\"\nsite = \"s{i}\"\nstart_month = \"2026-01\"\nmw_it = {}\npue = 1.25\ncapex_usd_per_mw_it = 7.0e6\nbuild_months = 3\nuse = \"lease\"\nlease = {{ usd_per_kw_month = {rent}, term_years = 10 }}\n",
            mw * 3 / 5
        );
    }
    s.replacen("\n[[sites]]", &format!("{}\n[[sites]]", market()), 1)
}

#[test]
fn the_milp_on_engine_coefficients_finds_the_brute_force_optimum() {
    let sc = parse(&three_sites());
    let settings = OptimizeSettings {
        quarters: 4,
        paths: 20,
        seed: 5,
        blocks_per_site: 2,
        rent: RentIndex::new(0.0, 0.15).unwrap(),
        limits: Limits {
            budget_usd_per_year: Some(350e6),
            financing_usd_per_year: Some(100e6),
            build_mw_it_per_year: None,
            demand_mw_it: Some(100.0),
        },
        tail: 0.1,
    };
    let inst = optimize::build_instance(&sc, ctx().power, &settings).unwrap();
    assert_eq!(inst.candidates.len(), 3);
    assert_eq!(inst.base_usd.len(), 20);
    for lambda in [0.0, 1.0, 5.0] {
        let milp = optimize::solve(&inst, lambda, Backend::Microlp).unwrap();
        let brute = optimize::brute_force(&inst, lambda).unwrap();
        assert!(
            (milp.objective_usd - brute.objective_usd).abs() < 1e-6 * brute.objective_usd.abs(),
            "λ {lambda}: {:?} vs {:?}",
            milp.starts,
            brute.starts
        );
        assert!(inst.feasible(&milp.blocks));
        assert!(!brute.starts.is_empty(), "λ {lambda}: nothing converts");
    }
}
