//! End-to-end tests of the network-level commands: `network concentration`, `network exodus`,
//! `network energy` and `power bid`, on the bundled data.

use crate::common;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    serde_json::from_str(&common::stdout_of(dir.path(), args)).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn concentration_gives_listed_share_hhi_and_nakamoto_with_their_dates() {
    let v = json(&["network", "concentration", "--date", "2026-08-17", "--json"]);
    // Listed sum 398.6 EH/s of 26 companies on 2026-08-17 over 912.5 EH/s (difficulty of the 2026-08-08 retarget).
    assert_eq!(v["listed"]["listed_date"], "2026-08-17");
    assert_eq!(v["listed"]["companies"], 26);
    assert!((f(&v["listed"]["listed_eh_s"]) - 398.578).abs() < 1e-6);
    assert!((f(&v["listed"]["network"]["eh_s"]) - 912.536).abs() < 1e-3);
    assert!((f(&v["listed"]["share"]) - 0.43678).abs() < 1e-4);
    // Pools: the 1-week mempool.space snapshot to 2026-09-16, HHI 1,438 points, Nakamoto 3.
    assert_eq!(v["pools"]["as_of"], "2026-09-16");
    assert!((f(&v["pools"]["hhi_low"]) - 1_437.6).abs() < 0.1);
    assert_eq!(v["pools"]["nakamoto_at_least"], 3);
    assert_eq!(v["pools"]["nakamoto_at_most"], 3);
    assert_eq!(v["us_share"]["as_of"], "2024-12-31");
    assert_eq!(v["pool_history"].as_array().unwrap().len(), 4);
    for s in v["pool_history"].as_array().unwrap() {
        assert!(s["source"].as_str().unwrap().len() > 20, "{s}");
    }
}

#[test]
fn concentration_prints_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::stdout_of(
        dir.path(),
        &["network", "concentration", "--date", "2026-08-17"],
    );
    assert!(
        out.contains("43.7% (398.6 of 912.5 EH/s, 26 companies)"),
        "{out}"
    );
    assert!(out.contains("prateekposwal/block-space-economics"), "{out}");
    assert!(out.contains("xddai1688-svg/btc-mining-monitor"), "{out}");
}

#[test]
fn exodus_raises_median_hashprice_in_every_month_and_is_thread_independent() {
    let args = |t: &'static str| {
        vec![
            "network",
            "exodus",
            "--eh-s",
            "100",
            "--from",
            "2026-01-31",
            "--paths",
            "300",
            "--threads",
            t,
            "--json",
        ]
    };
    let dir = tempfile::tempdir().unwrap();
    let one = common::stdout_of(dir.path(), &args("1"));
    let two = common::stdout_of(dir.path(), &args("2"));
    assert_eq!(one, two, "results depend on the thread count");
    let v: Value = serde_json::from_str(&one).unwrap();
    let months = v["exodus"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 24);
    for m in months {
        let (with, without) = (
            f(&m["hashprice_usd_per_ph_day"]["p50"]),
            f(&m["baseline_hashprice_usd_per_ph_day"]["p50"]),
        );
        assert!(with > without, "{}: {with} vs {without}", m["month"]);
        assert!(
            f(&m["hashprice_usd_per_ph_day"]["p5"]) <= with
                && with <= f(&m["hashprice_usd_per_ph_day"]["p95"])
        );
        // The difficulty's band per month, below the baseline's median.
        let d = &m["difficulty"];
        assert!(
            f(&d["p5"]) < f(&d["p50"]) && f(&d["p50"]) < f(&d["p95"]),
            "{d}"
        );
        assert!(f(&d["p50"]) < f(&m["baseline_difficulty"]["p50"]));
    }
    assert_eq!(v["market"], "examples/pure_miner.toml");
    assert!(
        f(&v["exodus"]["listed_share"]["share_after"])
            < f(&v["exodus"]["listed_share"]["share_before"])
    );
}

#[test]
fn exodus_refuses_a_zero_hashrate() {
    let dir = tempfile::tempdir().unwrap();
    common::fails_with(
        dir.path(),
        "network exodus --eh-s 0 --from 2026-01-31",
        "invalid eh_s: found 0, expected a hashrate > 0 EH/s",
    );
}

#[test]
fn energy_years_2016_to_2025_with_three_near_published() {
    let v = json(&["network", "energy", "--json"]);
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 10);
    let mut near = Vec::new();
    for (i, y) in years.iter().enumerate() {
        let e = &y["energy"];
        assert_eq!(e["year"], 2016 + i as i64);
        assert!(f(&e["twh_lower"]) <= f(&e["twh_best"]) && f(&e["twh_best"]) <= f(&e["twh_upper"]));
        for p in y["published"].as_array().unwrap() {
            assert!(p["source"].as_str().unwrap().starts_with("https://"));
            if (f(&p["best_over_published"]) - 1.0).abs() <= 0.25 {
                near.push(e["year"].as_i64().unwrap());
            }
        }
    }
    // 2019 (CBECI 59.19 TWh: best 44.7, −24.5%), 2020 (BloombergNEF 67), 2021 (CBECI revised 89.0), 2022 (CBECI
    // revised 95.5).
    assert_eq!(near, vec![2019, 2020, 2021, 2022]);
    let y = json(&["network", "energy", "--year", "2022", "--json"]);
    assert!((f(&y["years"][0]["energy"]["twh_best"]) - 89.7).abs() < 0.1);
}

#[test]
fn energy_on_a_day_against_cbeci() {
    let v = json(&["network", "energy", "--date", "2021-05-18", "--json"]);
    // CBECI (archived 2021-05-19): 4.05 / 11.94 / 27.14 GW.
    assert!((f(&v["day"]["gw_best"]) - 10.91).abs() < 0.01, "{v}");
    assert_eq!(f(&v["published"][0]["gw_best"]), 11.94);
}

#[test]
fn power_bid_gives_wtp_and_hours_won() {
    let v = json(&[
        "power", "bid", "--hub", "HB_WEST", "--year", "2025", "--json",
    ]);
    let b = &v["bid"];
    assert_eq!(b["hours"], 8760);
    let uses = b["uses"].as_array().unwrap();
    let names: Vec<&str> = uses.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(
        &names[..3],
        &["hosting_lease", "gpu_cloud", "mining ≤ 15 J/TH"]
    );
    assert!((f(&uses[0]["wtp_usd_per_mwh"]) - 45.18).abs() < 0.01);
    assert!((f(&uses[1]["wtp_usd_per_mwh"]) - 143.37).abs() < 0.01);
    let won: u64 = uses.iter().map(|u| u["hours_won"].as_u64().unwrap()).sum();
    // Every hour but the 88 priced above every use's bid (the 49 above 200 USD/MWh and 39 of 100–200),
    // at the shared pool-fee default of 0.
    assert_eq!(won, 8672);
    assert_eq!(uses[1]["hours_won"], 4005);
    for u in uses {
        assert!(u["hours_can_bid"].as_u64().unwrap() <= 8760);
    }
    assert_eq!(b["price_percentiles"].as_array().unwrap().len(), 21);
}
