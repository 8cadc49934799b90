//! The engine against closed forms: mining at constant price and difficulty, a lease's NPV from its terms,
//! and a zero-volatility Monte Carlo that collapses onto the base case.

use crate::common::{base_case, ctx, gbm_market, one_site, parse, parse_result, prepare};
use hashpivot::network::{HASHES_PER_DIFFICULTY, Hashprice};
use hashpivot::sim;
use std::sync::LazyLock;

/// `text` with each `(from, to)` edit applied in turn; every `from` must be there (an edit that matched nothing
/// would silently test the unedited scenario).
fn edited(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "no {from:?} to edit");
        t.replace(from, to)
    })
}

/// `text` with a `[market]` table of `lines` inserted before its first `[[conversions]]`.
fn with_market(text: &str, lines: &str) -> String {
    text.replacen(
        "[[conversions]]",
        &format!("[market]\n{lines}\n\n[[conversions]]"),
        1,
    )
}

/// `text` with `line` added to `[company]` after its `discount_rate = {rate}` line.
fn with_company_line(text: &str, rate: &str, line: &str) -> String {
    let after = format!("discount_rate = {rate}\n");
    text.replace(&after, &format!("{after}{line}"))
}

/// One site mining 1 EH/s at 20 J/TH for a year, everything constant.
static MINING: LazyLock<String> = LazyLock::new(|| {
    one_site(
        "name = \"one site\"\nstart_date = \"2025-06-30\"\nhorizon_years = 1\ndiscount_rate = 0.1",
        30,
        "fleet = { eh_s = 1.0, j_per_th = 20.0 }\n",
    ) + &gbm_market((0.0, 0.0), (0.0, 0.0))
});

#[test]
fn mining_equals_hashprice_times_hashrate_times_days_less_power() {
    let (_, rows) = base_case(&MINING);
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

/// A 50 MW IT lease on a 100 MW site, five years from 2026-02.
static LEASE: LazyLock<String> = LazyLock::new(|| {
    one_site(
        "name = \"lease only\"\nhorizon_years = 5\ndiscount_rate = 0.1",
        100,
        "",
    ) + r#"
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
tenant_credit = { hazard_per_year = 0.0 }
"#
});

#[test]
fn lease_only_npv_equals_the_lease_npv_from_its_terms() {
    let sc = parse(&LEASE);
    assert_eq!(sc.first_month().to_string(), "2026-02");
    let p = prepare(&sc);
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
    let sc = parse(&MINING);
    let p = prepare(&sc);
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
    // The lease outlives the 5-year horizon (15-year term): without a terminal value its last 10 years vanish.
    let text = with_company_line(
        &LEASE.replace("term_years = 5", "term_years = 15"),
        "0.1",
        "terminal_value = { method = \"gordon_growth\", growth_per_year = 0.02 }\n",
    );
    let sc = parse(&text);
    let p = prepare(&sc);
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
    let text = with_company_line(
        &LEASE,
        "0.1",
        "terminal_value = { method = \"gordon_growth\", growth_per_year = 0.1 }\n",
    );
    let e = parse_result(&text).unwrap_err();
    assert_eq!(e.issues.len(), 1, "{e}");
    assert_eq!(e.issues[0].path, "company.terminal_value.growth_per_year");
    assert_eq!((e.issues[0].line, e.issues[0].column), (6, 64));
}

/// Mining plus a GPU cloud, every process with volatility `{V}`.
static MIX: LazyLock<String> = LazyLock::new(|| {
    one_site(
        "name = \"mix\"\nstart_date = \"2025-06-30\"\nhorizon_years = 6\ndiscount_rate = 0.1\ntax_rate = 0.21",
        100,
        "fleet = { eh_s = 1.0, j_per_th = 20.0, degradation_per_year = 0.05, replacement_years = 2, replacement_usd_per_th = 5.0 }\n",
    ) + r#"
[[conversions]]
name = "g"
site = "s"
start_month = "2025-09"
mw_it = 20
pue = 1.2
capex_usd_per_mw_it = 5e6
build_months = 3
use = "gpu_cloud"
gpu_cloud = { it_kw_per_gpu = 1.3, usd_per_gpu_hour = 2.0, utilization = 0.8, gpu_capex_usd_per_mw_it = 20e6, gpu_life_years = 2 }

[market]
btc_price = { model = "gbm", initial_usd = 100000.0, drift_per_year = 0.1, volatility_per_year = {V} }
hashrate = { model = "exogenous", initial_eh_s = 800.0, growth_per_year = 0.2, volatility_per_year = {V} }
fees = { mean_btc_per_block = 0.03, volatility = {V} }
gpu_price = { decline_per_year = 0.2, volatility_per_year = {V} }
power = { model = "fixed", hub_usd_per_mwh = 0.0 }
"#
});

#[test]
fn base_case_is_invariant_to_the_volatilities() {
    let calm = MIX.replace("{V}", "0.0");
    let (sc, rc) = base_case(&calm);
    let (sw, rw) = base_case(&MIX.replace("{V}", "0.7"));
    assert_eq!(rc, rw);
    assert_eq!(sc.npv_usd, sw.npv_usd);
    // The base case of the growing network is g per year exactly (no −σ²/2): 800 × e^{0.2 × 6} at the horizon.
    let last = rw.iter().rfind(|r| r.site == "company").unwrap();
    assert!((last.network_eh_s / (800.0 * 1.2f64.exp()) - 1.0).abs() < 1e-12);
    // BTC on its drift only: 100,000 × e^{0.1 × 6}.
    assert!((last.btc_price_usd / (100_000.0 * 0.6f64.exp()) - 1.0).abs() < 1e-12);
    // And with every volatility at zero the paths collapse onto it.
    let calm = parse(&calm);
    let (report, _) = sim::run(&prepare(&calm), 16, 3, false, &|| {});
    assert_eq!(report.summary.npv_usd.p5, report.base_npv_usd);
    assert_eq!(report.summary.npv_usd.p95, report.base_npv_usd);
}

/// The discount rate whose monthly factor is the loan's 1% a month: (1.01)^12 − 1.
const LOAN_RATE_AS_DISCOUNT: &str = "0.12682503013196977";

#[test]
fn debt_outstanding_at_the_horizon_is_repaid_in_the_last_month() {
    // A 3-year horizon with a 20-year loan: most of the balance is still owed at the horizon. Discounted at the
    // loan's own rate, the loan's draws and payments (balloon included) are worth exactly zero, so the levered
    // NPV equals the unlevered one; without the balloon it would be higher by the balance's present value.
    let base = edited(
        &LEASE,
        &[
            ("horizon_years = 5", "horizon_years = 3"),
            (
                "discount_rate = 0.1",
                &format!("discount_rate = {LOAN_RATE_AS_DISCOUNT}"),
            ),
            ("term_years = 5", "term_years = 15"),
            ("capex_usd_per_mw_it = 0.0", "capex_usd_per_mw_it = 8e6"),
        ],
    );
    let levered = format!(
        "{base}\n[[loans]]\nconversion = \"l\"\nloan_to_cost = 0.7\nrate = 0.12\ntenor_years = 20\n"
    );
    for tv in [
        "",
        "terminal_value = { method = \"exit_multiple\", ebitda_multiple = 5.0 }\n",
    ] {
        // The terminal value belongs to [company]: after the discount rate.
        let tv_line = |t: &str| with_company_line(t, LOAN_RATE_AS_DISCOUNT, tv);
        let (su, _) = base_case(&tv_line(&base));
        let (sl, rows) = base_case(&tv_line(&levered));
        assert!(
            (sl.npv_usd - su.npv_usd).abs() < 1e-6 * su.npv_usd.abs().max(1.0),
            "{tv}: levered {} vs unlevered {}",
            sl.npv_usd,
            su.npv_usd
        );
        // The balloon: month 36's debt service is most of the 280 M drawn.
        let last = rows.iter().rfind(|r| r.site == "company").unwrap();
        assert_eq!(last.month_index, 36);
        assert!(last.debt_service_usd > 200e6, "{}", last.debt_service_usd);
    }
}

#[test]
fn a_full_service_lease_stops_paying_power_when_the_tenant_defaults() {
    // Never re-let (share 0), so the space stays empty after a default.
    let text = with_market(
        &edited(
            &LEASE,
            &[
                (
                    "escalator_per_year = 0.03 }",
                    "escalator_per_year = 0.03, power_pass_through = \"full_service\" }",
                ),
                (
                    "tenant_credit = { hazard_per_year = 0.0 }",
                    "tenant_credit = { hazard_per_year = 0.1, relet_share = 0.0 }",
                ),
            ],
        ),
        "power = { model = \"fixed\", hub_usd_per_mwh = 0.0 }",
    );
    let sc = parse(&text);
    let p = prepare(&sc);
    let power = |rows: &[sim::MonthRecord], m: usize| {
        rows.iter()
            .find(|r| r.site == "s" && r.month_index == m)
            .unwrap()
            .power_cost_usd
    };
    let hours = |m: usize| sc.first_month().add_months(m as i32 - 1).num_days() as f64 * 24.0;
    // Base case: the tenant's power (60 MW gross at the 40 USD/MWh contract) scaled by its survival.
    let (_, rows) = sim::run_base_case(&p);
    for m in [1usize, 12, 30, 60] {
        let expected = 60.0 * hours(m) * 40.0 * 0.9f64.powf(m as f64 / 12.0);
        assert!((power(&rows, m) / expected - 1.0).abs() < 1e-12, "{m}");
    }
    // A path where the tenant defaults in month 13: full power before, none from then on.
    let (_, rows) = sim::run_base_case_with_tenant_defaults(&p, &[Some(13)]);
    assert!((power(&rows, 12) / (60.0 * hours(12) * 40.0) - 1.0).abs() < 1e-12);
    assert_eq!(power(&rows, 13), 0.0);
    assert_eq!(power(&rows, 60), 0.0);
}

#[test]
fn demand_response_standby_is_paid_only_on_running_hours() {
    let with_dr = MINING.replace(
        "fleet = { eh_s = 1.0, j_per_th = 20.0 }",
        "fleet = { eh_s = 1.0, j_per_th = 20.0 }\ndemand_response = { mw_gross = 10, standby_usd_per_mw_hour = 5.0 }",
    );
    let dr = |text: &str| {
        base_case(text)
            .1
            .into_iter()
            .filter(|r| r.site == "s" && r.month_index >= 1)
            .map(|r| (r.dr_credits_usd, r.uptime, r.month))
            .collect::<Vec<_>>()
    };
    // Mining runs every hour at 40 USD/MWh: standby on 10 MW every hour.
    for (credits, uptime, month) in dr(&with_dr) {
        assert_eq!(uptime, 1.0);
        let hours = hashpivot::Month::parse(&month).unwrap().num_days() as f64 * 24.0;
        assert!((credits - 10.0 * hours * 5.0).abs() < 1e-6);
    }
    // At 2,000 USD/MWh the fleet never runs, so there is nothing to curtail and no standby.
    for (credits, uptime, _) in
        dr(&with_dr.replace("price_usd_per_mwh = 40.0", "price_usd_per_mwh = 2000.0"))
    {
        assert_eq!((credits, uptime), (0.0, 0.0));
    }
}

#[test]
fn fleet_replacement_skips_an_idle_fleet_and_buys_the_stated_efficiency() {
    let text = edited(
        &MINING,
        &[
            ("horizon_years = 1", "horizon_years = 3"),
            (
                "fleet = { eh_s = 1.0, j_per_th = 20.0 }",
                "fleet = { eh_s = 1.0, j_per_th = 20.0, replacement_years = 1, replacement_usd_per_th = 10.0, replacement_j_per_th = 10.0 }",
            ),
        ],
    );
    let rows = |text: &str| {
        base_case(text)
            .1
            .into_iter()
            .filter(|r| r.site == "s")
            .collect::<Vec<_>>()
    };
    // Economic: replaced in months 13 and 25 with 20 MW of 10 J/TH machines = 2,000,000 TH/s at 10 USD/TH,
    // which mine twice the BTC of the 20 J/TH fleet (no degradation).
    let r = rows(&text);
    let capex: Vec<(usize, f64)> = r
        .iter()
        .filter(|x| x.capex_usd > 0.0)
        .map(|x| (x.month_index, x.capex_usd))
        .collect();
    assert_eq!(capex, vec![(13, 2e7), (25, 2e7)]);
    let per_day = |m: usize| {
        let x = &r[m];
        x.btc_mined / hashpivot::Month::parse(&x.month).unwrap().num_days() as f64
    };
    assert!((per_day(13) / per_day(12) - 2.0).abs() < 1e-9);
    // Idle (power at 2,000 USD/MWh, above what even the new machines earn): no replacement, no capex.
    let idle = rows(&text.replace("price_usd_per_mwh = 40.0", "price_usd_per_mwh = 2000.0"));
    assert!(
        idle.iter()
            .all(|x| x.capex_usd == 0.0 && x.btc_mined == 0.0)
    );
}

#[test]
fn month_zero_counts_in_year_one() {
    // A GPU-cloud deal paid in part at signing (month 0): that payment is in year 1's EBITDA and revenue mix.
    let text = edited(
        &MIX,
        &[
            ("{V}", "0.0"),
            (
                "use = \"gpu_cloud\"\n",
                "use = \"gpu_cloud\"\ndeal = \"iren-msft\"\n",
            ),
            ("start_month = \"2025-09\"", "start_month = \"2025-07\""),
        ],
    );
    let sc = parse(&text);
    let p = prepare(&sc);
    let (report, rows) = sim::run(&p, 1, 1, true, &|| {});
    let company: Vec<_> = rows.iter().filter(|r| r.site == "company").collect();
    assert!(company[0].gpu_cloud_usd > 0.0, "a payment at signing");
    let y1: f64 = company[..=12].iter().map(|r| r.ebitda_usd).sum();
    let reported = report.summary.ebitda_usd_by_year[0].p50;
    assert!((reported / y1 - 1.0).abs() < 1e-12, "{reported} vs {y1}");
    let gpu1: f64 = company[..=12].iter().map(|r| r.gpu_cloud_usd).sum();
    assert!((report.summary.revenue_mix_by_year[0].gpu_cloud / gpu1 - 1.0).abs() < 1e-12);
    // Tax: the year's total is the rate on the year's positive taxable income, month 0 included.
    let tax1: f64 = company[..=12].iter().map(|r| r.tax_usd).sum();
    assert!(tax1 > 0.0);
    assert!(company[1..12].iter().all(|r| r.tax_usd >= 0.0));
}

fn issues(text: &str) -> Vec<(String, String)> {
    parse_result(text)
        .map(|_| Vec::new())
        .unwrap_or_else(|e| e.issues.into_iter().map(|i| (i.path, i.expected)).collect())
}

#[test]
fn conversions_are_checked_against_the_interconnect() {
    // 150 MW IT × PUE 1.3 = 195 MW gross through a 100 MW interconnect on a 200 MW-gross site.
    let text = edited(
        &LEASE,
        &[
            (
                "mw_gross = 100",
                "mw_gross = 200\ninterconnect_mw_gross = 100",
            ),
            ("mw_it = 50\npue = 1.2", "mw_it = 150\npue = 1.3"),
        ],
    );
    let found = issues(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "conversions[0].mw_it");
    assert!(
        found[0].1.contains("100 MW gross interconnect"),
        "{found:?}"
    );
    // Within the interconnect: fine.
    assert!(issues(&text.replace("mw_it = 150", "mw_it = 70")).is_empty());
}

#[test]
fn market_rules_run_when_the_start_date_is_invalid() {
    let text = with_market(
        &LEASE.replace(
            "horizon_years = 5",
            "start_date = \"2025-13-40\"\nhorizon_years = 5",
        ),
        "btc_price = { model = \"gbm\", initial_usd = 0.0, drift_per_year = 0.0, volatility_per_year = 0.1 }",
    );
    let paths: Vec<String> = issues(&text).into_iter().map(|i| i.0).collect();
    assert!(
        paths.contains(&"company.start_date".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"market.btc_price.initial_usd".to_string()),
        "{paths:?}"
    );
}

#[test]
fn power_bootstrap_years_are_central_time_years() {
    // The bundled ERCOT data starts at 2020-01-01 00:00 Central (06:00 UTC): 2020 is a complete year.
    let years = ctx().power.complete_years("HB_NORTH");
    assert!(years.contains(&2020) && years.contains(&2025), "{years:?}");
}

fn site_row(rows: &[sim::MonthRecord], m: usize) -> &sim::MonthRecord {
    rows.iter()
        .find(|r| r.site == "s" && r.month_index == m)
        .unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// A lease-only scenario's base case collects, month by month, what the lease's own expected flows
    /// (`HostingLease::landlord_flows`, the same `LeaseCredit` and `lease_month`) say: rent with escalator,
    /// expected survival, a backstop capped in USD, vacancy and re-letting, NOI margin.
    #[test]
    fn a_lease_only_base_case_is_the_lease_own_flows(
        usd_per_kw_month in 50.0f64..250.0,
        escalator in 0.0f64..0.06,
        noi in 0.5f64..1.0,
        hazard in 0.0f64..0.2,
        recovery in 0.0f64..1.0,
    ) {
        use hashpivot::hpc::{MwIt, Pue};
        use hashpivot::hpc::lease::{Backstop, HostingLease, LeaseTerms, Rent};
        let mut t = LeaseTerms::simple(
            MwIt::new(50.0).unwrap(),
            Pue::new(1.2).unwrap(),
            Rent::UsdPerKwMonth(usd_per_kw_month),
            60,
        );
        t.escalator_per_year = escalator;
        t.noi_margin = noi;
        t.default_hazard_per_year = hazard;
        let contract_value = HostingLease::new(t.clone()).unwrap().contract_value_usd();
        let cap = recovery * contract_value;
        t.backstop = Some(Backstop {
            guarantor: "g".into(),
            amount_usd: Some(cap),
            full_base_term: false,
        });
        // The same lease in a scenario: its tenant's hazard, a backstop capped at `cap`, the default vacancy
        // and re-let share on both sides.
        let text = with_market(
            &edited(&LEASE, &[
                (
                    "lease = { usd_per_kw_month = 150.0, term_years = 5, escalator_per_year = 0.03 }",
                    &format!("lease = {{ usd_per_kw_month = {usd_per_kw_month:?}, term_years = 5, escalator_per_year = {escalator:?}, noi_margin = {noi:?}, backstop = {{ guarantor = \"g\", amount_usd = {cap:?} }} }}"),
                ),
                (
                    "tenant_credit = { hazard_per_year = 0.0 }",
                    &format!("tenant_credit = {{ hazard_per_year = {hazard:?} }}"),
                ),
            ]),
            "power = { model = \"fixed\", hub_usd_per_mwh = 0.0 }",
        );
        let (_, rows) = base_case(&text);
        let lease = HostingLease::new(t).unwrap();
        let flows = lease.landlord_flows();
        proptest::prop_assert_eq!(flows.len(), 61);
        for (m, f) in flows.iter().enumerate().skip(1) {
            let r = site_row(&rows, m);
            let noi_usd = r.hosting_lease_usd - r.opex_usd;
            proptest::prop_assert!((noi_usd - f).abs() <= 1e-9 * f.abs(), "month {}: {} vs {}", m, noi_usd, f);
        }
    }

    /// A GPU cloud without contracted revenue earns, per kWh of IT capacity, what `hpc::gpu_cloud` says for the
    /// same price, utilization and kW per GPU (calendar hours of each month; price index 1 with no decline),
    /// also at a hub whose replayed price years have other hours (DST days, the leap February of 2024).
    #[test]
    fn a_gpu_cloud_only_base_case_earns_the_gpu_cloud_revenue_per_it_kwh(
        usd_per_gpu_hour in 0.5f64..5.0,
        utilization in 0.1f64..1.0,
        it_kw_per_gpu in 0.5f64..3.0,
        at_hub in proptest::bool::ANY,
    ) {
        use hashpivot::hpc::Pue;
        use hashpivot::hpc::gpu_cloud::GpuCloudParams;
        let base = if at_hub {
            with_market(
                &LEASE.replace(
                    "power = { contract = \"fixed\", price_usd_per_mwh = 40.0 }",
                    "hub = \"HB_WEST\"\npower = { contract = \"index\", adder_usd_per_mwh = 5.0 }",
                ),
                "power = { model = \"bootstrap\", years = [2024, 2025] }\ngpu_price = { decline_per_year = 0.0 }",
            )
        } else {
            // GPU prices flat, as in the metrics below (the default decline is the H100's 25.6%/yr).
            with_market(&LEASE, "gpu_price = { decline_per_year = 0.0 }")
        };
        let text = edited(&base, &[
            ("use = \"lease\"", "use = \"gpu_cloud\""),
            (
                "lease = { usd_per_kw_month = 150.0, term_years = 5, escalator_per_year = 0.03 }",
                &format!("gpu_cloud = {{ it_kw_per_gpu = {it_kw_per_gpu:?}, usd_per_gpu_hour = {usd_per_gpu_hour:?}, utilization = {utilization:?}, gpu_capex_usd_per_mw_it = 0.0, gpu_life_years = 5, opex_usd_per_mw_it_year = 0.0 }}"),
            ),
        ]);
        let sc = parse(&text);
        let p = prepare(&sc);
        let (_, rows) = sim::run_base_case(&p);
        let metrics = GpuCloudParams {
            it_kw_per_gpu,
            pue: Pue::new(1.2).unwrap(),
            usd_per_gpu_hour,
            price_decline_per_year: 0.0,
            utilization,
            gpu_capex_usd_per_mw_it: 0.0,
            life_years: 5,
            non_gpu_capex_usd_per_mw_it: 0.0,
            opex_usd_per_mw_it_year: 0.0,
            power_usd_per_kwh: 0.04,
            build_months: 0,
            first_month: sc.first_month(),
        }
        .metrics()
        .unwrap();
        for m in 1..=60usize {
            let hours = sc.first_month().add_months(m as i32 - 1).num_days() as f64 * 24.0;
            let per_it_kwh = site_row(&rows, m).gpu_cloud_usd / (50.0 * 1_000.0 * hours);
            proptest::prop_assert!(
                (per_it_kwh / metrics.revenue_usd_per_it_kwh - 1.0).abs() < 1e-9,
                "month {}: {} vs {}", m, per_it_kwh, metrics.revenue_usd_per_it_kwh
            );
        }
    }
}
