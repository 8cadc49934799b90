//! The hardening issue's scenario reproducers, through the core: values that overflowed a run are refused at
//! their bound (and a run at the bound stays finite), lists and files past the size limits are refused at once,
//! and no run mines more BTC than the network issues.

use crate::common::{parse_result, prepare};
use crate::fuzz::{Stats, check_scenario};
use std::cell::RefCell;
use std::time::{Duration, Instant};

const PURE_MINER: &str = include_str!("../../../../examples/pure_miner.toml");
const CORE_SCIENTIFIC: &str = include_str!("../../../../examples/core_scientific.toml");
const TERAWULF: &str = include_str!("../../../../examples/terawulf.toml");

/// The one issue of `text`'s refusal, as `path: found X, expected Y`.
fn refusal(text: &str) -> String {
    let issues = parse_result(text).expect_err("refused").issues;
    assert_eq!(issues.len(), 1, "{issues:?}");
    let i = &issues[0];
    format!("{}: found {}, expected {}", i.path, i.found, i.expected)
}

fn edited(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn growth_and_drift_that_overflow_a_run_are_refused_at_their_bound() {
    // A drift of 4.29e9 gave null NPVs; hashrate growth ×1000 wrote NaN into cashflows_base.csv.
    let drift = edited(
        PURE_MINER,
        "drift_per_year = 0.10",
        "drift_per_year = 4.29e9",
    );
    assert_eq!(
        refusal(&drift),
        "market.btc_price.drift_per_year: found 4290000000, expected a number in [-2, 2]"
    );
    let growth = edited(
        PURE_MINER,
        "hashrate = { model = \"supply_response\" }",
        "hashrate = { model = \"exogenous\", growth_per_year = 300.0, volatility_per_year = 0.3 }",
    );
    assert_eq!(
        refusal(&growth),
        "market.hashrate.growth_per_year: found 300, expected a number in [-2, 2]"
    );
    let base = edited(
        PURE_MINER,
        "hashrate = { model = \"supply_response\" }",
        "hashrate = { model = \"supply_response\", base_growth_per_year = -2.5 }",
    );
    assert_eq!(
        refusal(&base),
        "market.hashrate.base_growth_per_year: found -2.5, expected a number in [-2, 2]"
    );
}

#[test]
fn a_run_at_the_growth_bounds_over_thirty_years_stays_finite_and_within_the_network() {
    let stats = RefCell::new(Stats::default());
    for (drift, growth) in [(2.0, -2.0), (-2.0, 2.0)] {
        let text = edited(
            &edited(PURE_MINER, "horizon_years = 10", "horizon_years = 30"),
            "drift_per_year = 0.10",
            &format!("drift_per_year = {drift}"),
        );
        let text = edited(
            &text,
            "hashrate = { model = \"supply_response\" }",
            &format!(
                "hashrate = {{ model = \"exogenous\", growth_per_year = {growth}, volatility_per_year = 0.3 }}"
            ),
        );
        check_scenario(&text, true, &stats).unwrap();
    }
    assert_eq!(stats.borrow().runs, 2);
}

#[test]
fn prices_and_rates_past_their_bounds_are_refused() {
    // An index adder of −9.2e18 USD/MWh gave an NPV of 2.6e26; hosting at 1e9 USD/MWh was accepted.
    let adder = edited(
        PURE_MINER,
        "adder_usd_per_mwh = 5.0",
        "adder_usd_per_mwh = -9.2e18",
    );
    assert_eq!(
        refusal(&adder),
        "sites[0].power.adder_usd_per_mwh: found -9200000000000000000, expected a number in [-100000, 100000]"
    );
    let hosting = edited(
        CORE_SCIENTIFIC,
        "rate_usd_per_mwh = 72.0",
        "rate_usd_per_mwh = 1e9",
    );
    assert_eq!(
        refusal(&hosting),
        "sites[1].hosting.rate_usd_per_mwh: found 1000000000, expected a number in [0, 5000]"
    );
    let standby = edited(
        PURE_MINER,
        "standby_usd_per_mw_hour = 4.0",
        "standby_usd_per_mw_hour = 1e9",
    );
    assert_eq!(
        refusal(&standby),
        "sites[0].demand_response.standby_usd_per_mw_hour: found 1000000000, expected a number in [0, 5000]"
    );
}

#[test]
fn usd_amounts_hashrates_and_counts_have_a_ceiling() {
    // Found by the long fuzz run: fixed opex of 1.8e308 USD a year was accepted and gave an NPV of −inf.
    let opex = edited(
        PURE_MINER,
        "fixed_opex_usd_per_year = 10e6",
        "fixed_opex_usd_per_year = 1.7976931348623157e308",
    );
    assert!(
        refusal(&opex).starts_with("sites[0].fixed_opex_usd_per_year: found 1797693134862315"),
        "{}",
        refusal(&opex)
    );
    assert!(
        refusal(&opex).ends_with("expected a number in [0, 10000000000000]"),
        "{}",
        refusal(&opex)
    );
    let count = edited(PURE_MINER, "count = 60000", "count = 1000000000");
    assert_eq!(
        refusal(&count),
        "sites[0].fleet.asics[0].count: found 1000000000, expected a whole number in [0, 100000000]"
    );
}

/// `text` refused within `limit` with an issue containing `want`.
fn refused_quickly(text: &str, want: &str, limit: Duration) {
    let t0 = Instant::now();
    let issues = parse_result(text).expect_err("refused");
    let took = t0.elapsed();
    assert!(issues.to_string().contains(want), "{issues}");
    assert!(took < limit, "took {took:?}");
}

/// `PURE_MINER` with `from` made `to` (a list of 100,000 entries, under the file limit) refused within 20 s at
/// the list limit.
fn long_list_refused_quickly(from: &str, to: &str) {
    refused_quickly(
        &edited(PURE_MINER, from, to),
        "expected at most 1000 entries in a list",
        Duration::from_secs(20),
    );
}

#[test]
fn lists_and_files_past_the_size_limits_are_refused_at_once() {
    // 100,000 ASIC entries ran past 60 s.
    let asics = vec!["{ model = \"Antminer S21\", count = 1 }"; 100_000].join(", ");
    long_list_refused_quickly(
        "asics = [{ model = \"Antminer S21\", count = 60000 }, { model = \"Antminer S19 XP\", count = 30000 }]",
        &format!("asics = [{asics}]"),
    );
    // A 1,000,000-entry market.power.years passed validate and aborted run; 100,000 stay under the file limit.
    let years = vec!["2023"; 100_000].join(", ");
    long_list_refused_quickly(
        "power = { model = \"bootstrap\" }",
        &format!("power = {{ model = \"bootstrap\", years = [{years}] }}"),
    );
    // 1,000,000 loans (22 MB) took 1.7 GB to reach the list limit: the file's size is refused before parsing.
    let text = PURE_MINER.to_string() + &"\n[[loans]]\nname = \"x\"\n".repeat(1_000_000);
    refused_quickly(
        &text,
        "bytes, expected a scenario file of at most 4 MB",
        Duration::from_secs(1),
    );
    // 2,000 sites with 100,000 demand-response entries aborted on a 6.9 GB allocation.
    let site = PURE_MINER
        .split("[[sites]]")
        .nth(1)
        .unwrap()
        .split("[market]")
        .next()
        .unwrap();
    let sites: String = (0..2_000)
        .map(|i| {
            format!(
                "[[sites]]{}",
                site.replace("name = \"rockdale\"", &format!("name = \"s{i}\""))
            )
        })
        .collect();
    let text = format!(
        "{}{sites}[market]{}",
        PURE_MINER.split("[[sites]]").next().unwrap(),
        PURE_MINER.split("[market]").nth(1).unwrap()
    );
    refused_quickly(
        &text,
        "sites: found a list of 2000 entries",
        Duration::from_secs(20),
    );
}

#[test]
fn no_example_mines_more_btc_than_the_network_issues() {
    for text in [PURE_MINER, TERAWULF] {
        let sc = crate::common::parse(text);
        let (_, rows) = hashpivot::sim::run_base_case(&prepare(&sc));
        let mut mined = 0.0;
        for r in rows
            .iter()
            .filter(|r| r.site == "company" && r.month_index > 0)
        {
            let issued =
                r.hashprice_usd_per_ph_day * r.network_eh_s * 1_000.0 / r.btc_price_usd * 31.0;
            assert!(
                r.btc_mined <= issued,
                "{}: {} BTC of {issued}",
                r.month,
                r.btc_mined
            );
            mined += r.btc_mined;
        }
        assert!(mined > 0.0);
    }
}

#[test]
fn a_power_year_listed_many_times_is_built_once_and_values_as_listed_once() {
    // A 10,000-entry power-years list used 1.4 GB: the month curves are per hub and per distinct year.
    let once = edited(
        PURE_MINER,
        "power = { model = \"bootstrap\" }",
        "power = { model = \"bootstrap\", years = [2023] }",
    );
    let many = edited(
        PURE_MINER,
        "power = { model = \"bootstrap\" }",
        &format!(
            "power = {{ model = \"bootstrap\", years = [{}] }}",
            vec!["2023"; 1_000].join(", ")
        ),
    );
    let run = |text: &str| {
        let sc = crate::common::parse(text);
        hashpivot::sim::run_base_case(&prepare(&sc)).0.npv_usd
    };
    // Equal up to the rounding of a mean over 1,000 equal years.
    let (a, b) = (run(&once), run(&many));
    assert!((a - b).abs() <= 1e-12 * a.abs(), "{a} vs {b}");
}

#[test]
fn the_flag_reproducers_are_outside_their_bounds_whatever_the_flag_is_called() {
    // `mining --difficulty 1e23` and `compare --usd-per-ph-day 1e-308` (renamed or not) check these bounds.
    use hashpivot::bounds;
    assert!(!bounds::DIFFICULTY.contains(1e23));
    assert!(!bounds::HASHPRICE_USD_PER_PH_DAY.contains(1e-308));
    assert!(!bounds::THREADS.contains(65_536.0));
    let e = bounds::HASHPRICE_USD_PER_PH_DAY
        .check_as("--hashprice-usd-per-ph-day", 1e-308)
        .unwrap_err();
    assert!(e.to_string().contains("found 1e-308"), "{e}");
}
