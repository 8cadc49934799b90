//! The engine against closed forms: mining at constant price and difficulty, a lease's NPV from its terms,
//! and a zero-volatility Monte Carlo that collapses onto the base case.

use hashpivot::network::{HASHES_PER_DIFFICULTY, Hashprice};
use hashpivot::scenario::{self, Context, Scenario};
use hashpivot::sim::{self, Prepared, monte_carlo};

struct Libs {
    network: hashpivot::network::NetworkHistory,
    asics: hashpivot::mining::AsicLibrary,
    deals: hashpivot::hpc::deals::DealLibrary,
    power: hashpivot::power::PriceBook,
}

fn libs() -> Libs {
    Libs {
        network: hashpivot::data::bundled_network().unwrap(),
        asics: hashpivot::data::bundled_asics().unwrap(),
        deals: hashpivot::data::bundled_deals().unwrap(),
        power: hashpivot::data::bundled_power(hashpivot::power::Market::Rt).unwrap(),
    }
}

fn parse(text: &str, l: &Libs) -> Scenario {
    let ctx = Context {
        network: &l.network,
        asics: &l.asics,
        deals: &l.deals,
        power: &l.power,
    };
    scenario::parse_scenario(text, "test.toml", &ctx).unwrap_or_else(|e| panic!("{e}"))
}

const MINING: &str = r#"
[company]
name = "one site"
start_date = "2025-06-30"
horizon_years = 1
discount_rate = 0.1

[[sites]]
name = "s"
mw_gross = 30
power = { contract = "fixed", price_usd_per_mwh = 40.0 }
fleet = { eh_s = 1.0, j_per_th = 20.0 }

[market]
btc_price = { model = "gbm", initial_usd = 100000.0, drift_per_year = 0.0, volatility_per_year = 0.0 }
hashrate = { model = "exogenous", initial_eh_s = 800.0, growth_per_year = 0.0, volatility_per_year = 0.0 }
fees = { mean_btc_per_block = 0.03 }
power = { model = "fixed", hub_usd_per_mwh = 0.0 }
"#;

#[test]
fn mining_equals_hashprice_times_hashrate_times_days_less_power() {
    let l = libs();
    let sc = parse(MINING, &l);
    let p = Prepared::new(&sc, &l.power).unwrap();
    let (_, rows) = monte_carlo::run_base_case(&p);
    let difficulty = 800e18 * 600.0 / HASHES_PER_DIFFICULTY;
    // Heights of 2025-07 .. 2026-06 stay below the 2028 halving: subsidy 3.125 BTC.
    let hp = Hashprice::from_inputs(difficulty, 3.125, 0.03, 100_000.0);
    let site_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.site == "s" && r.month_index >= 1)
        .collect();
    assert_eq!(site_rows.len(), 12);
    for r in site_rows {
        let days = hashpivot::Month::parse(&r.month).unwrap().num_days() as f64;
        let revenue = hp.usd_per_ph_day * 1_000.0 * days; // 1 EH/s = 1,000 PH/s
        let power = 40.0 * 20.0 * 24.0 * days; // 1 EH/s at 20 J/TH = 20 MW
        assert!(
            (r.self_mining_usd / revenue - 1.0).abs() < 1e-12,
            "{} {} {}",
            r.month,
            r.self_mining_usd,
            revenue
        );
        assert!((r.power_cost_usd - power).abs() < 1e-6);
        assert!((r.ebitda_usd - (revenue - power)).abs() < 1e-6 * revenue);
    }
}

const LEASE: &str = r#"
[company]
name = "lease only"
horizon_years = 5
discount_rate = 0.1

[[sites]]
name = "s"
mw_gross = 100
power = { contract = "fixed", price_usd_per_mwh = 40.0 }

[[conversions]]
name = "l"
site = "s"
start_month = "2026-02"
mw_it = 50
pue = 1.2
capex_usd_per_mw_it = 0.0
build_months = 0
use = "lease"
lease = { usd_per_kw_month = 150.0, term_years = 5, escalator_per_year = 0.03 }
"#;

#[test]
fn lease_only_npv_equals_the_lease_npv_from_its_terms() {
    let l = libs();
    let sc = parse(LEASE, &l);
    assert_eq!(sc.first_month.to_string(), "2026-02");
    let p = Prepared::new(&sc, &l.power).unwrap();
    let (report, _) = sim::run(&p, 20, 1, false, &|| {});
    // Rent 150 USD/kW-month × 50,000 kW, +3% each year, months 1..=60 at month-end, discounted (1.1)^(−m/12).
    let expected: f64 = (1..=60)
        .map(|m| 150.0 * 50_000.0 * 1.03f64.powi((m - 1) / 12) / 1.1f64.powf(m as f64 / 12.0))
        .sum();
    assert!(
        (report.base_npv_usd / expected - 1.0).abs() < 1e-10,
        "{} vs {expected}",
        report.base_npv_usd
    );
    // No default hazard: every path has the same NPV.
    assert!((report.summary.npv_usd.p5 / expected - 1.0).abs() < 1e-10);
    assert!((report.summary.npv_usd.p95 / expected - 1.0).abs() < 1e-10);
}

#[test]
fn zero_volatility_collapses_onto_the_base_case() {
    let l = libs();
    let sc = parse(MINING, &l);
    let p = Prepared::new(&sc, &l.power).unwrap();
    let (report, _) = sim::run(&p, 64, 7, false, &|| {});
    let s = &report.summary;
    assert_eq!(s.npv_usd.p5, report.base_npv_usd);
    assert_eq!(s.npv_usd.p50, report.base_npv_usd);
    assert_eq!(s.npv_usd.p95, report.base_npv_usd);
    let (det, _) = sim::run(&p, 64, 7, true, &|| {});
    assert_eq!(det.summary.npv_usd.p50, report.summary.npv_usd.p50);
}

#[test]
fn gordon_terminal_value_adds_the_discounted_perpetuity_of_the_last_year() {
    let l = libs();
    // The lease outlives the 5-year horizon (15-year term): without a terminal value its last 10 years vanish.
    let text = LEASE
        .replace("term_years = 5", "term_years = 15")
        .replace(
            "discount_rate = 0.1\n",
            "discount_rate = 0.1\nterminal_value = { method = \"gordon_growth\", growth_per_year = 0.02 }\n",
        );
    let sc = parse(&text, &l);
    let p = Prepared::new(&sc, &l.power).unwrap();
    let (report, rows) = sim::run(&p, 20, 1, false, &|| {});
    let rent = |m: i32| 150.0 * 50_000.0 * 1.03f64.powi((m - 1) / 12);
    let flows: f64 = (1..=60)
        .map(|m| rent(m) / 1.1f64.powf(m as f64 / 12.0))
        .sum();
    // Last year's free cash flow (no tax, capex or debt): the rent of months 49..=60.
    let fcf: f64 = (49..=60).map(rent).sum();
    let tv = fcf * 1.02 / (0.1 - 0.02);
    let expected = flows + tv / 1.1f64.powi(5);
    assert!(
        (report.base_npv_usd / expected - 1.0).abs() < 1e-10,
        "{} vs {expected}",
        report.base_npv_usd
    );
    assert!((report.summary.npv_usd.p50 / expected - 1.0).abs() < 1e-10);
    assert!((report.terminal_value_usd.p50 / tv - 1.0).abs() < 1e-12);
    let last = rows.iter().rfind(|r| r.site == "company").unwrap();
    assert_eq!(last.month_index, 60);
    assert!((last.terminal_value_usd / tv - 1.0).abs() < 1e-12);
}

#[test]
fn gordon_growth_at_or_above_the_discount_rate_is_refused() {
    let l = libs();
    let text = LEASE.replace(
        "discount_rate = 0.1\n",
        "discount_rate = 0.1\nterminal_value = { method = \"gordon_growth\", growth_per_year = 0.1 }\n",
    );
    let ctx = Context {
        network: &l.network,
        asics: &l.asics,
        deals: &l.deals,
        power: &l.power,
    };
    let e = scenario::parse_scenario(&text, "t.toml", &ctx).unwrap_err();
    assert_eq!(e.issues.len(), 1, "{e}");
    assert_eq!(e.issues[0].path, "company.terminal_value.growth_per_year");
    assert_eq!((e.issues[0].line, e.issues[0].column), (6, 64));
}
