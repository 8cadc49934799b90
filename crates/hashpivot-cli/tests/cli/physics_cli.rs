//! Regression tests of the hardening issue's reproducers: a fleet is part of the network (its share of the
//! blocks is at most 1) in `backtest`, `dispatch` and `run`/`validate`; bounded sizes and values.

use crate::common;

const NETWORK_LIMIT: &str =
    "a fleet is part of the network, so its share of the blocks is at most 1";

#[test]
fn a_backtest_fleet_above_the_network_is_an_error_naming_both() {
    // Used to report 2,463,674 BTC for a month.
    let (dir, f) = common::dir_with("big.csv", "month,avg_operating_eh_s\n2024-07,5000\n");
    common::fails_on(
        dir.path(),
        "backtest production",
        &f,
        "big.csv, line 2: month 2024-07: invalid fleet hashrate: found 5000 EH/s on 2024-07-01, expected at \
         most the network's 599.0 EH/s on 2024-07-01",
    );
}

#[test]
fn a_dispatch_fleet_above_the_network_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    common::fails_with(
        dir.path(),
        "dispatch --hub HB_WEST --from 2024-06-01 --to 2024-06-01 --mw 10000 --j-per-th 1 --market da",
        "found 10000 EH/s on 2024-06-01, expected at most the network's 604.0 EH/s on 2024-06-01",
    );
}

#[test]
fn a_scenario_fleet_above_the_network_at_its_start_is_refused_by_validate_and_run() {
    // start_date = "2010-07-17" with a 16 EH/s fleet used to give 1e15 BTC and a cost per BTC of 0.
    let text = std::fs::read_to_string(common::examples().join("pure_miner.toml"))
        .unwrap()
        .replacen(
            "horizon_years = 10",
            "start_date = \"2010-07-17\"\nhorizon_years = 10",
            1,
        );
    let (dir, f) = common::dir_with("old.toml", &text);
    for cmd in ["validate", "run --paths 10"] {
        common::run(dir.path(), cmd, Some(&f))
            .failure()
            .stderr(predicates::str::contains("16.20 EH/s on 2010-07-17"))
            .stderr(predicates::str::contains(
                "at most the network's 0.000000001300 EH/s on 2010-07-17",
            ))
            .stderr(predicates::str::contains(NETWORK_LIMIT));
    }
}

#[test]
fn a_5000_eh_s_fleet_is_refused_not_mining_more_than_the_network_issues() {
    // Used to "mine" 814,775 BTC in a year (the network issues ~165k).
    let text = std::fs::read_to_string(common::examples().join("pure_miner.toml"))
        .unwrap()
        .replacen("count = 60000", "count = 25000000", 1)
        .replacen("mw_gross = 400", "mw_gross = 90000", 1);
    let (dir, f) = common::dir_with("huge.toml", &text);
    for cmd in ["validate", "run --paths 10"] {
        common::run(dir.path(), cmd, Some(&f))
            .failure()
            .stderr(predicates::str::contains(
                "found fleets of 5004 EH/s on 2026-01-31, expected at most the network's 1014 EH/s on 2026-01-31",
            ));
    }
}

#[test]
fn scenario_lists_are_limited_before_their_entries_are_checked() {
    // 100,000 wrongly typed loans took 28 s to validate; now any list over 1000 entries is refused at once.
    let mut text = std::fs::read_to_string(common::examples().join("pure_miner.toml")).unwrap();
    for _ in 0..100_000 {
        text.push_str("[[loans]]\nname = 5\n");
    }
    let (dir, f) = common::dir_with("many.toml", &text);
    let start = std::time::Instant::now();
    common::fails_on(
        dir.path(),
        "validate",
        &f,
        "loans: found a list of 100000 entries, expected at most 1000 entries in a list",
    );
    // 1.5 s of CPU in a debug build alone (`time hashpivot validate`); the bound leaves room for a loaded machine.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn out_of_range_flags_are_refused_not_panics() {
    common::each_fails_with([
        // Panicked in thread spawning.
        (
            "bench dispatch --threads 65536 --paths 1",
            "invalid value '65536' for '--threads <THREADS>'",
        ),
        (
            "bench dispatch --threads 3650 --paths 1",
            "3650 is not in 1..=1024",
        ),
        (
            "mining --difficulty 1e23 --price-usd 1 --fees-btc-per-block 0 --height 1 --j-per-th 17",
            "invalid --difficulty: found 1e23, expected a difficulty ≥ 1 (the protocol minimum) and ≤ 1e18",
        ),
        (
            "compare --hashprice-usd-per-ph-day 1e-308",
            "invalid --hashprice-usd-per-ph-day: found 1e-308, expected a hashprice in USD/PH/day in [0.01, 1e9]",
        ),
    ]);
}

#[test]
fn a_run_too_large_for_memory_is_refused_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let f = common::examples().join("pure_miner.toml");
    // Refused from the estimate, before any path is allocated (an allocation of 8 GB would abort instead of
    // printing this message); how fast is a benchmark's business, not a test's.
    common::fails_on(
        dir.path(),
        "run --paths 10000000 --memory-limit-gb 1",
        &f,
        "a run of 10000000 paths over 120 months needs about 16.0 GB, above the limit of 1 GB",
    );
}
