//! End-to-end tests of `deals`, `compare` and `gpus` on the bundled data.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn hashpivot(data_dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("hashpivot").unwrap();
    c.env("HASHPIVOT_DATA_DIR", data_dir)
        .env_remove("RUST_BACKTRACE");
    c
}

fn run(args: &[&str]) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = hashpivot(dir.path()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::Null);
    (text, v)
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

#[test]
fn deals_show_cipher_has_the_contract_fields() {
    let (text, v) = run(&[
        "deals",
        "show",
        "cifr-fluidstack",
        "--discount-rate",
        "0.08",
        "--json",
    ]);
    assert!(!text.contains("NaN"));
    for k in [
        "id",
        "landlord",
        "tenant",
        "backstop_usd",
        "announced",
        "status",
        "status_date",
        "mw_it",
        "mw_gross",
        "term_years",
        "contract_value_usd",
        "implied_usd_per_kw_month",
        "revenue_usd_per_it_kwh",
        "npv_usd",
        "discount_rate",
        "power_pass_through",
        "sources",
    ] {
        assert!(!v[k].is_null(), "{k} missing or null in {v}");
    }
    assert_eq!(v["landlord"], "Cipher Mining");
    assert_eq!(v["backstop_usd"].as_f64(), Some(1.4e9));
    // 3e9 / 120 / 168,000 = 148.81 $/kW-month.
    assert!((num(&v, "implied_usd_per_kw_month") - 3e9 / 120.0 / 168_000.0).abs() < 1e-9);
    assert_eq!(num(&v, "discount_rate"), 0.08);
    // Level rent of 25M a month for months 13..=132 at 8%/yr.
    let pv: f64 = (13..=132)
        .map(|m| 25e6 * 1.08f64.powf(-(m as f64) / 12.0))
        .sum();
    assert!((num(&v, "npv_usd") / pv - 1.0).abs() < 1e-9);
}

#[test]
fn every_deal_show_is_free_of_nan_and_leases_have_numbers() {
    let (_, list) = run(&["deals", "--json"]);
    let deals = list.as_array().unwrap();
    assert!(deals.len() >= 10);
    for d in deals {
        let id = d["id"].as_str().unwrap();
        let (text, v) = run(&["deals", "show", id, "--json"]);
        assert!(!text.contains("NaN"), "{id}");
        if v["kind"] == "lease" {
            for k in [
                "implied_usd_per_kw_month",
                "revenue_usd_per_it_kwh",
                "npv_usd",
            ] {
                assert!(v[k].is_f64(), "{id}: {k} = {}", v[k]);
            }
        } else {
            assert!(v["implied_usd_per_kw_month"].is_null(), "{id}");
            assert!(v["not_applicable"].is_string(), "{id}");
        }
    }
}

#[test]
fn terminated_acquisition_says_so() {
    let (_, v) = run(&["deals", "show", "cw-corz-acquisition", "--json"]);
    assert_eq!(v["status"], "terminated");
    assert_eq!(v["announced"], "2025-07-07");
    assert_eq!(v["status_date"], "2025-10-30");
    let (text, _) = run(&["deals"]);
    assert!(text.contains("terminated 2025-10-30"), "{text}");
    assert!(text.contains("n/a (GPU cloud)"));
}

#[test]
fn deal_npv_at_zero_is_the_contract_value() {
    let (_, v) = run(&[
        "deals",
        "show",
        "hut-fluidstack-riverbend",
        "--discount-rate",
        "0",
        "--json",
    ]);
    assert!((num(&v, "npv_usd") - 7e9).abs() < 1.0);
    assert_eq!(v["power_pass_through"], "nnn");
}

#[test]
fn compare_json_contract_and_no_nan() {
    let (text, v) = run(&["compare", "--date", "2024-11-12", "--json"]);
    assert!(!text.contains("NaN"));
    let rows = v["rows"].as_array().unwrap();
    let uses: Vec<&str> = rows.iter().map(|r| r["use"].as_str().unwrap()).collect();
    assert_eq!(uses, ["self_mining", "hosting_lease", "gpu_cloud"]);
    for r in rows {
        for k in [
            "revenue_usd_per_grid_kwh",
            "revenue_usd_per_it_kwh",
            "margin_usd_per_grid_kwh",
            "capex_usd_per_mw_it",
        ] {
            assert!(r[k].is_f64(), "{k} in {r}");
        }
        assert!(r["irr"].is_f64() || r["irr"].is_null());
        assert!(r["payback_years"].is_f64() || r["payback_years"].is_null());
    }
    // Mining per kWh from the date's hashprice: usd_per_ph_day × 0.98 / (24 × 17.5).
    let hp = num(&v["assumptions"]["mining"], "usd_per_ph_day");
    assert!(hp > 40.0 && hp < 80.0, "{hp}");
    assert!((num(&rows[0], "revenue_usd_per_it_kwh") - hp * 0.98 / 420.0).abs() < 1e-12);
    // The lease per grid kWh is its per IT kWh over the PUE.
    assert!(
        (num(&rows[1], "revenue_usd_per_grid_kwh") * 1.3 - num(&rows[1], "revenue_usd_per_it_kwh"))
            .abs()
            < 1e-12
    );
    assert!(v["notes"].as_array().unwrap().len() >= 5);
    assert!(
        v["assumptions"]["sources"]["gpu_usd_per_hour"]
            .as_str()
            .unwrap()
            .contains("IREN")
    );
}

#[test]
fn compare_overrides_and_seed_claim() {
    let (_, v) = run(&[
        "compare",
        "--usd-per-ph-day",
        "84",
        "--j-per-th",
        "17.5",
        "--pool-fee",
        "0",
        "--gpu",
        "H100",
        "--gpu-usd-per-hour",
        "3.825",
        "--lease-usd-per-kw-month",
        "146",
        "--utilization",
        "1",
        "--json",
    ]);
    let rows = v["rows"].as_array().unwrap();
    // $84/PH/day at 17.5 J/TH is exactly $0.20/kWh; $3.825/GPU-hour on an H100 is $3.00 per IT kWh.
    assert!((num(&rows[0], "revenue_usd_per_it_kwh") - 0.20).abs() < 1e-12);
    assert!((num(&rows[2], "revenue_usd_per_it_kwh") - 3.0).abs() < 1e-12);
    assert!((num(&rows[1], "revenue_usd_per_it_kwh") - 0.2).abs() < 1e-12);
    let s = &v["seed_claim"];
    assert!((s["usd_per_gpu_hour_needed_per_it_kwh"][1].as_f64().unwrap() - 6.375).abs() < 1e-12);
    assert!((num(s, "gpu_cloud_over_mining") - 15.0).abs() < 1e-9);
}

#[test]
fn compare_human_output_states_both_bases() {
    let dir = tempfile::tempdir().unwrap();
    hashpivot(dir.path())
        .args(["compare", "--date", "2024-11-12"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rev $/grid kWh"))
        .stdout(predicate::str::contains("rev $/IT kWh"))
        .stdout(predicate::str::contains("17–25×"));
}

#[test]
fn bad_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    hashpivot(dir.path())
        .args(["deals", "show", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("invalid deal id: found nope"));
    hashpivot(dir.path())
        .args(["compare", "--date", "2024-11-12", "--term-years", "0"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("term_months: found 0"));
    hashpivot(dir.path())
        .args(["compare", "--date", "2024-11-12", "--gpu", "A100"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("hashpivot gpus"));
}

#[test]
fn gpus_lists_the_library() {
    let (_, v) = run(&["gpus", "--json"]);
    let h100 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "H100 SXM")
        .unwrap();
    assert_eq!(h100["it_kw_per_gpu"].as_f64(), Some(1.275));
}
