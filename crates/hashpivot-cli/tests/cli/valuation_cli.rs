//! `hashpivot value` and `hashpivot peers` end to end: the six wired examples, the bridge's exact sum, the
//! deal counterfactual, the peer table's sort and CSV.

use crate::common::{self, examples, stdout_of};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    serde_json::from_str(&stdout_of(dir.path(), args)).unwrap()
}

#[test]
fn six_examples_value_with_a_bridge_that_sums_exactly_to_the_equity_value() {
    for (file, company) in [
        ("iren.toml", "iren"),
        ("core_scientific.toml", "corz"),
        ("terawulf.toml", "wulf"),
        ("cipher.toml", "cifr"),
        ("galaxy_helios.toml", "glxy"),
        ("hut8.toml", "hut"),
    ] {
        let f = examples().join(file);
        let v = json(&["value", f.to_str().unwrap(), "--paths", "20", "--json"]);
        assert_eq!(v["company"], company, "{file}");
        let items = v["items"].as_array().unwrap();
        let keys: Vec<&str> = items.iter().map(|i| i["key"].as_str().unwrap()).collect();
        assert_eq!(&keys[..8], &hashpivot::valuation::SEGMENT_KEYS, "{file}");
        // Added in the core's order (`sum_of_items`: item by item from 0), exactly the equity value, not merely
        // close to it (the JSON numbers are read back exactly: serde_json's float_roundtrip in the tests).
        let sum = items
            .iter()
            .fold(0.0, |acc, i| acc + i["usd"].as_f64().unwrap());
        assert_eq!(sum, v["equity_value_usd"].as_f64().unwrap(), "{file}");
        // The segments of the P50 path add up to its operations NPV (ownership 1 in these files), in the
        // engine's class order: exactly.
        let b = &v["bridge_path"];
        let segments = items[..8]
            .iter()
            .fold(0.0, |acc, i| acc + i["usd"].as_f64().unwrap());
        let ops = b["operations_npv_usd"].as_f64().unwrap();
        assert_eq!(segments, ops, "{file}");
        assert!(
            b["rank"].as_u64().unwrap() == 10 && b["paths"].as_u64().unwrap() == 20,
            "{file}"
        );
        let ps = &v["per_share_usd"];
        let (p5, p50, p95) = (
            ps["p5"].as_f64().unwrap(),
            ps["p50"].as_f64().unwrap(),
            ps["p95"].as_f64().unwrap(),
        );
        assert!(p5 <= p50 && p50 <= p95, "{file}");
        let m = &v["market"];
        assert!(m["market_cap_usd"].as_f64().unwrap() > 1e9, "{file}");
        assert!(m["date"].as_str().unwrap().starts_with("202"), "{file}");
        let residual =
            m["market_cap_usd"].as_f64().unwrap() - v["equity_value_usd"].as_f64().unwrap();
        assert!(
            (m["residual_usd"].as_f64().unwrap() - residual).abs() < 1e-3,
            "{file}"
        );
    }
}

#[test]
fn without_deal_shows_the_change_per_share_beside_the_market_move() {
    let f = examples().join("terawulf.toml");
    let v = json(&[
        "value",
        f.to_str().unwrap(),
        "--paths",
        "20",
        "--without-deal",
        "wulf-fluidstack-cb5",
        "--json",
    ]);
    let r = &v["reaction"];
    assert_eq!(r["market_price_change"].as_f64(), Some(0.171));
    assert_eq!(r["market_date"], "2025-08-18");
    let (w, wo) = (
        r["per_share_with_usd"].as_f64().unwrap(),
        r["per_share_without_usd"].as_f64().unwrap(),
    );
    assert_eq!(w, v["per_share_usd"]["p50"].as_f64().unwrap());
    assert!((r["change_usd_per_share"].as_f64().unwrap() - (w - wo)).abs() < 1e-12);
    common::fails_on_example(
        "value --paths 5 --without-deal cifr-aws",
        "terawulf.toml",
        "a deal used by a conversion of this scenario",
    );
}

#[test]
fn value_names_a_missing_company() {
    common::fails_on_example("value --paths 5", "pure_miner.toml", "no company to value");
    common::fails_on_example(
        "value --paths 5 --company nope",
        "pure_miner.toml",
        "one of iren, corz",
    );
}

#[test]
fn peers_has_ten_rows_sorts_and_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("peers.csv");
    let ex = examples();
    let out = stdout_of(
        dir.path(),
        &[
            "peers",
            "--paths",
            "5",
            "--examples",
            ex.to_str().unwrap(),
            "--sort",
            "ev_per_contracted_mw_usd",
            "--out",
            csv.to_str().unwrap(),
            "--json",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(rows.len() >= 10, "{}", rows.len());
    for r in &rows {
        if let (Some(ev), Some(mw)) = (r["ev_usd"].as_f64(), r["contracted_hpc_mw_it"].as_f64()) {
            assert!((r["ev_per_contracted_mw_usd"].as_f64().unwrap() - ev / mw).abs() < 1e-6);
        }
    }
    let keyed: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["ev_per_contracted_mw_usd"].as_f64())
        .collect();
    assert!(keyed.len() >= 6);
    assert!(
        keyed.windows(2).all(|w| w[0] >= w[1]),
        "descending: {keyed:?}"
    );
    assert!(
        rows[..keyed.len()]
            .iter()
            .all(|r| r["ev_per_contracted_mw_usd"].is_f64()),
        "missing last"
    );
    // The examples wired to a company give their run's figures.
    let wulf = rows.iter().find(|r| r["company"] == "wulf").unwrap();
    assert!(wulf["example"].as_str().unwrap().ends_with("terawulf.toml"));
    assert!(wulf["contracted_revenue_share"].is_f64());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), rows.len() + 1);
    assert!(text.starts_with("company,ticker,as_of,market_cap_usd,ev_usd"));
    common::fails_with(
        dir.path(),
        "peers --examples /nonexistent --sort nope",
        "--sort: found 'nope'",
    );
}
