//! End-to-end tests of the `network`, `mining`, `asics`, `backtest` and `data` commands on the bundled data.

use crate::common;
use common::{examples, hashpivot};
use predicates::prelude::*;
use serde_json::Value;

fn json(data_dir: &std::path::Path, args: &[&str]) -> Value {
    serde_json::from_str(&common::stdout_of(data_dir, args)).unwrap()
}

#[test]
fn network_json_has_the_contract_fields() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["network", "--date", "2024-11-12", "--json"]);
    for f in [
        "date",
        "height",
        "difficulty",
        "subsidy_btc",
        "fees_btc_per_block",
        "price_usd",
        "hashrate_eh_s",
        "btc_per_ph_day",
        "usd_per_ph_day",
    ] {
        assert!(v.get(f).is_some(), "missing {f} in {v}");
    }
    assert_eq!(v["date"], "2024-11-12");
    assert_eq!(v["subsidy_btc"], 3.125);
}

#[test]
fn network_fit_states_its_parameters_and_its_out_of_sample_error() {
    let dir = tempfile::tempdir().unwrap();
    let all = json(dir.path(), &["network", "fit", "--json"]);
    let v = &all["validation"];
    assert_eq!(v["params"]["lag_months"], 0);
    assert_eq!(v["params"]["elasticity_per_year"], 1.15);
    assert_eq!(v["fit_months"], serde_json::json!(["2016-01", "2022-12"]));
    assert_eq!(v["test_months"], serde_json::json!(["2023-01", "2025-12"]));
    // Measured 0.149: below the 0.2 the issue asks of a recursive forecast from January 2023.
    let male = v["out_of_sample_male"].as_f64().unwrap();
    assert!((male - 0.149).abs() < 0.001, "{male}");
    // The valuation default: the same method on every bundled month, and the projection's taper.
    let d = &all["valuation_default"];
    assert_eq!(d["fit_months"], serde_json::json!(["2016-01", "2025-12"]));
    assert_eq!(d["params"]["base_growth_per_year"], -0.55);
    assert_eq!(d["params"]["elasticity_per_year"], 1.15);
    let taper = all["projection_efficiency_taper_per_year"]
        .as_f64()
        .unwrap();
    assert!((taper - 0.108).abs() < 5e-4, "{taper}");
}

#[test]
fn bundled_hashprice_matches_published_values_within_3_percent() {
    let dir = tempfile::tempdir().unwrap();
    // Hashrate Index: USD 55.97/PH/day on 2024-11-12, USD 380 on 2021-10-24.
    for (date, published) in [("2024-11-12", 55.97), ("2021-10-24", 380.0)] {
        let v = json(dir.path(), &["network", "--date", date, "--json"]);
        let hp = v["usd_per_ph_day"].as_f64().unwrap();
        assert!(
            (hp / published - 1.0).abs() < 0.03,
            "{date}: {hp} vs {published}"
        );
    }
    // Difficulty in effect matches the published 101.65 T and 20.08 T.
    let v = json(dir.path(), &["network", "--date", "2024-11-12", "--json"]);
    assert!((v["difficulty"].as_f64().unwrap() / 101.65e12 - 1.0).abs() < 0.001);
    let v = json(dir.path(), &["network", "--date", "2021-10-24", "--json"]);
    assert!((v["difficulty"].as_f64().unwrap() / 20.08e12 - 1.0).abs() < 0.001);
}

#[test]
fn explicit_inputs_match_published_values_within_1_5_percent() {
    let dir = tempfile::tempdir().unwrap();
    // 2024-11-12: fees 4.82% of rewards → fees per block = 3.125 × 0.0482 / (1 − 0.0482).
    let fees = format!("{}", 3.125 * 0.0482 / (1.0 - 0.0482));
    let v = json(
        dir.path(),
        &[
            "mining",
            "--difficulty",
            "101.65e12",
            "--price-usd",
            "87235",
            "--fees-btc-per-block",
            &fees,
            "--height",
            "870000",
            "--j-per-th",
            "17.5",
            "--json",
        ],
    );
    let hp = v["usd_per_ph_day"].as_f64().unwrap();
    assert!((hp / 55.97 - 1.0).abs() < 0.015, "{hp}");
    // Revenue per kWh follows: hashprice / (24 × J/TH).
    assert!((v["revenue_usd_per_kwh"].as_f64().unwrap() - hp / (24.0 * 17.5)).abs() < 1e-12);
    assert_eq!(v["inputs"]["subsidy_btc"], 3.125);
    let v = json(
        dir.path(),
        &common::words(
            "mining --difficulty 20.08e12 --price-usd 60028 --fees-btc-per-block 0.08 --height 706000 --j-per-th 30 --json",
        ),
    );
    let hp = v["usd_per_ph_day"].as_f64().unwrap();
    assert!((hp / 380.0 - 1.0).abs() < 0.015, "{hp}");
}

#[test]
fn mining_on_a_date_uses_the_asic_library() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(
        dir.path(),
        &[
            "mining",
            "--date",
            "2024-11-12",
            "--asic",
            "Antminer S21",
            "--power-usd-per-mwh",
            "40",
            "--json",
        ],
    );
    for f in [
        "btc_per_ph_day",
        "usd_per_ph_day",
        "revenue_usd_per_kwh",
        "kwh_per_btc",
        "power_cost_usd_per_btc",
        "all_in_cost_usd_per_btc",
        "breakeven_usd_per_kwh",
    ] {
        assert!(v[f].as_f64().unwrap().is_finite(), "{f}");
    }
    assert_eq!(v["inputs"]["j_per_th"], 17.5);
    let kwh = v["kwh_per_btc"].as_f64().unwrap();
    assert!((v["power_cost_usd_per_btc"].as_f64().unwrap() - kwh * 0.04).abs() < 1e-6);
}

#[test]
fn range_gives_a_row_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(
        dir.path(),
        &common::words("network --from 2024-04-18 --to 2024-04-22 --format json"),
    );
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    // The halving is by height: before it 6.25 BTC, after it 3.125, on the day a block-weighted mix.
    assert_eq!(rows[0]["subsidy_btc"], 6.25);
    assert_eq!(rows[4]["subsidy_btc"], 3.125);
    let out = hashpivot(dir.path())
        .args(common::words(
            "network --from 2024-04-18 --to 2024-04-19 --format csv",
        ))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.starts_with("date,height,difficulty,subsidy_btc,fees_btc_per_block,price_usd"));
}

#[test]
fn halving_day_is_split_by_height() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["network", "--date", "2024-04-20", "--json"]);
    let height = v["height"].as_u64().unwrap();
    let blocks = v["blocks"].as_u64().unwrap();
    let first = height + 1 - blocks;
    assert!(first <= 840_000 && 840_000 <= height, "{first}..={height}");
    let before = (840_000 - first) as f64;
    let after = (height + 1 - 840_000) as f64;
    let mean = (before * 6.25 + after * 3.125) / blocks as f64;
    assert!((v["subsidy_btc"].as_f64().unwrap() - mean).abs() < 1e-12);
}

#[test]
fn dates_outside_the_data_are_errors_with_the_range() {
    let dir = tempfile::tempdir().unwrap();
    common::run(dir.path(), "network --date 2031-01-01", None)
        .failure()
        .stderr(predicate::str::contains(
            "2031-01-01 is outside the network data, which covers 2009-01-03 to",
        ))
        .stderr(predicate::str::contains(
            "hashpivot data import --kind network",
        ));
    common::fails_with(
        dir.path(),
        "network --date 2024-02-30",
        "'2024-02-30' is not a valid date",
    );
}

#[test]
fn bad_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    hashpivot(dir.path())
        .args(["mining", "--date", "2024-11-12", "--asic", "Antminer S99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "unknown ASIC model 'Antminer S99'",
        ));
    common::fails_with(
        dir.path(),
        "mining --date 2024-11-12 --j-per-th 17.5 --power-usd-per-mwh -10",
        "invalid --power-usd-per-mwh: found -10",
    );
    common::fails_with(
        dir.path(),
        "mining --date 2024-11-12 --j-per-th 17.5 --pool-fee 1.5",
        "invalid --pool-fee: found 1.5",
    );
}

#[test]
fn production_backtest_matches_reported_months() {
    let dir = tempfile::tempdir().unwrap();
    let file = examples().join("production.csv");
    let v = json(
        dir.path(),
        &["backtest", "production", file.to_str().unwrap(), "--json"],
    );
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        let err = r["error_pct"].as_f64().unwrap();
        // Companies' operating hashrate and pool luck explain a few percent.
        assert!(err.abs() < 6.0, "{} {}: {err}%", r["company"], r["month"]);
        assert!(r["source"].as_str().unwrap().contains("monthly production"));
    }
    let expected = rows[0]["expected_btc"].as_f64().unwrap();
    // A 2% pool fee takes exactly 2% off.
    let v2 = json(
        dir.path(),
        &[
            "backtest",
            "production",
            file.to_str().unwrap(),
            "--pool-fee",
            "0.02",
            "--json",
        ],
    );
    assert!((v2["rows"][0]["expected_btc"].as_f64().unwrap() / expected - 0.98).abs() < 1e-12);
    assert!(v["median_abs_error_pct"].as_f64().unwrap() < 6.0);
}

#[test]
fn production_backtest_errors_name_file_and_line() {
    let (dir, f) = common::dir_with(
        "bad.csv",
        "month,avg_operating_eh_s,reported_btc\n2024-07,15.5,370\n2024-08,fast,400\n",
    );
    common::fails_on(
        dir.path(),
        "backtest production",
        &f,
        "bad.csv, line 3: column 'avg_operating_eh_s': found 'fast'",
    );
    std::fs::write(&f, "month,avg_operating_eh_s\n2031-07,15.5\n").unwrap();
    common::fails_on(
        dir.path(),
        "backtest production",
        &f,
        "bad.csv, line 2: month 2031-07: 2031-07-01 is outside the network data",
    );
}

#[test]
fn asics_library_has_the_required_families() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["asics", "--json"]);
    let models = v.as_array().unwrap();
    assert!(models.len() >= 30, "{}", models.len());
    let names: Vec<&str> = models
        .iter()
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    for needed in [
        "S19", "S21", "S21 Pro", "S21 XP", "S21 Hyd", "M30S", "M50", "M60", "M66",
    ] {
        assert!(
            names.iter().any(|n| n.contains(needed)),
            "missing {needed}: {names:?}"
        );
    }
    for m in models {
        let j = m["j_per_th"].as_f64().unwrap();
        let derived = m["power_w"].as_f64().unwrap() / m["hashrate_th_s"].as_f64().unwrap();
        assert!((j - derived).abs() < 1e-12);
    }
}

#[test]
fn import_takes_precedence_and_extends_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let last_price = common::info_rows(dir.path(), "price_usd", "bundled")[0]["to"]
        .as_str()
        .unwrap()
        .to_string();
    // A price for 2024-11-12 that overrides the bundled one (which needs --override).
    let f = common::file_in(
        dir.path(),
        "newer.csv",
        "date,price_usd\n2024-11-12,100000\n",
    );
    common::run(
        dir.path(),
        "data import --kind network --override",
        Some(&f),
    )
    .success()
    .stdout(predicate::str::contains("imported 1 network rows"));
    let v = json(dir.path(), &["network", "--date", "2024-11-12", "--json"]);
    assert_eq!(v["price_usd"], 100000.0);
    assert!(!common::info_rows(dir.path(), "price_usd", "imported").is_empty());
    assert!(last_price.starts_with("2026-"), "{last_price}");
    // A malformed import is refused with the file and line, and leaves the earlier import intact.
    std::fs::write(&f, "date,price_usd\n2024-11-13,-3\n").unwrap();
    common::fails_on(
        dir.path(),
        "data import --kind network",
        &f,
        "newer.csv, line 2: column 'price_usd': found -3",
    );
    let v = json(dir.path(), &["network", "--date", "2024-11-12", "--json"]);
    assert_eq!(v["price_usd"], 100000.0);
    // Rows past the bundled data extend the coverage; a day without heights or fees is still an error, not a guess.
    std::fs::write(&f, "date,price_usd\n2026-09-01,95000\n").unwrap();
    common::run(dir.path(), "data import --kind network", Some(&f)).success();
    common::fails_with(
        dir.path(),
        "network --date 2026-09-01",
        "no source covers height on 2026-09-01",
    );
    common::fails_with(
        dir.path(),
        "network --date 2026-09-02",
        "which covers 2009-01-03 to 2026-09-01",
    );
}

#[test]
fn halving_dates_are_derived_from_heights() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(dir.path(), &["halvings", "--count", "5", "--json"]);
    let dates: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    // The historical halvings, as recorded on chain (UTC).
    assert_eq!(
        dates[..4],
        ["2012-11-28", "2016-07-09", "2020-05-11", "2024-04-20"]
    );
    assert_eq!(v[3]["projected"], false);
    // The next one is a projection at the recent block pace, and says so.
    assert_eq!(v[4]["projected"], true);
    assert!(dates[4].starts_with("2028-0"), "{}", dates[4]);
}

#[test]
fn halving_month_backtest_matches_a_per_block_computation() {
    let (dir, f) = common::dir_with("april.csv", "month,avg_operating_eh_s\n2024-04,10\n");
    let v = json(
        dir.path(),
        &["backtest", "production", f.to_str().unwrap(), "--json"],
    );
    let expected = v["rows"][0]["expected_btc"].as_f64().unwrap();
    // Independently, block by block: each of a day's blocks takes an equal share of the day, at the difficulty
    // of its own epoch (the previous day's before a retarget inside the day) and the subsidy of its own height.
    let days = json(
        dir.path(),
        &common::words("network --from 2024-03-31 --to 2024-04-30 --format json"),
    );
    let days = days.as_array().unwrap();
    let k = 1e12 * 86_400.0 / 2f64.powi(32);
    let mut btc_per_th = 0.0;
    for w in days.windows(2) {
        let (prev, day) = (&w[0], &w[1]);
        let end = day["height"].as_u64().unwrap();
        let blocks = day["blocks"].as_u64().unwrap();
        let fees = day["fees_btc_per_block"].as_f64().unwrap();
        let (d_old, d_new) = (
            prev["difficulty"].as_f64().unwrap(),
            day["difficulty"].as_f64().unwrap(),
        );
        let first = end + 1 - blocks;
        let mut sum = 0.0;
        for h in first..=end {
            let retarget_after_h = (h + 1..=end).any(|r| r % 2016 == 0);
            let d = if retarget_after_h { d_old } else { d_new };
            let subsidy = if h < 840_000 { 6.25 } else { 3.125 };
            sum += k / d * (subsidy + fees);
        }
        btc_per_th += sum / blocks as f64;
    }
    let independent = 10.0 * 1e6 * btc_per_th;
    assert!(
        (expected / independent - 1.0).abs() < 1e-12,
        "{expected} vs {independent}"
    );
    // A calendar split (6.25 BTC to the end of 2024-04-19, 3.125 after) would be visibly different on the 20th.
    let on_20th = &days[20];
    assert_eq!(on_20th["date"], "2024-04-20");
    let s = on_20th["subsidy_btc"].as_f64().unwrap();
    assert!(s > 3.125 && s < 6.25, "{s}");
}

#[test]
fn imports_that_contradict_the_chain_are_refused() {
    // Heights that go back after the bundled data.
    let (dir, f) = common::dir_with(
        "bad.csv",
        "date,height,blocks,difficulty,fees_btc\n2026-03-01,5,5,1,0\n",
    );
    common::run(dir.path(), "data import --kind network", Some(&f))
        .failure()
        .stderr(predicate::str::contains("does not join the bundled data"))
        .stderr(predicate::str::contains(
            "expected a height after 2026-01-31's",
        ));
    // A difficulty that contradicts the retarget list for that day's height.
    std::fs::write(&f, "date,difficulty\n2024-11-12,5e13\n").unwrap();
    common::fails_on(
        dir.path(),
        "data import --kind network --override",
        &f,
        "difficulty on 2024-11-12: found 50000000000000",
    );
    // Nothing was stored: the bundled value is still in use.
    let v = json(dir.path(), &["network", "--date", "2024-11-12", "--json"]);
    assert!((v["usd_per_ph_day"].as_f64().unwrap() / 56.78 - 1.0).abs() < 0.001);
}

#[test]
fn impossible_explicit_inputs_are_errors_not_nan() {
    let cases = [
        (
            "--difficulty 1 --price-usd 1e308 --json",
            "invalid --price-usd: found 1e308",
        ),
        (
            "--difficulty 0.5 --price-usd 1",
            "invalid --difficulty: found 0.5, expected a difficulty ≥ 1",
        ),
        (
            "--difficulty 1e12 --price-usd -1",
            "invalid --price-usd: found -1",
        ),
    ];
    common::each_fails_with(cases.map(|(flags, message)| {
        let line = format!("mining --fees-btc-per-block 0 --height 1 --j-per-th 17 {flags}");
        (line, message)
    }));
}

#[test]
fn early_history_is_not_printed_as_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::stdout_of(dir.path(), &["network", "--date", "2010-07-18"]);
    let row = text.lines().find(|l| l.starts_with("2010-07-18")).unwrap();
    assert!(!row.contains("0.00 T"), "{row}");
    let v = json(dir.path(), &["network", "--date", "2010-07-18", "--json"]);
    let d = v["difficulty"].as_f64().unwrap();
    assert!(row.contains(&format!("{:.2}", d)[..3]), "{row} vs {d}");
}
