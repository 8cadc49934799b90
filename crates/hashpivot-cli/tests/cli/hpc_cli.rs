//! End-to-end tests of `deals`, `compare` and `gpus` on the bundled data.

use crate::common;
use common::hashpivot;
use predicates::prelude::*;
use serde_json::Value;

fn run(args: &[&str]) -> (String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let text = common::stdout_of(dir.path(), args);
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
    let (text, v) = run(&common::words(
        "deals show cifr-fluidstack --discount-rate 0.08 --json",
    ));
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
    assert!(deals.len() >= 18);
    for d in deals {
        let id = d["id"].as_str().unwrap();
        let (text, v) = run(&["deals", "show", id, "--json"]);
        assert!(!text.contains("NaN"), "{id}");
        if v["kind"] == "lease" {
            // Every lease carries an NOI margin below 1 with its basis, and a dated source address.
            let m = v["noi_margin"].as_f64().unwrap();
            assert!(m > 0.0 && m < 1.0, "{id}: {m}");
            assert!(!v["noi_margin_basis"].as_str().unwrap().is_empty(), "{id}");
        }
        assert!(
            v["source_url"].as_str().unwrap().starts_with("http"),
            "{id}"
        );
        assert!(v["source_date"].is_string(), "{id}");
        if v["kind"] == "lease" && v["contract_value_usd"].is_f64() {
            for k in [
                "implied_usd_per_kw_month",
                "revenue_usd_per_it_kwh",
                "npv_usd",
            ] {
                assert!(v[k].is_f64(), "{id}: {k} = {}", v[k]);
            }
        } else if v["kind"] != "lease" {
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
    assert!(text.contains("no rent (a GPU-cloud contract)"), "{text}");
}

#[test]
fn deal_npv_at_zero_is_the_contract_value() {
    let (_, v) = run(&common::words(
        "deals show hut-fluidstack-riverbend --discount-rate 0 --json",
    ));
    assert!((num(&v, "npv_usd") - 7e9).abs() < 1.0);
    assert_eq!(v["power_pass_through"], "nnn");
}

/// `compare --date 2024-11-12 --json` at a 2% pool fee, the fee these tests' hand computations use.
fn compare_2024_11_12_at_2_percent_pool_fee() -> (String, Value) {
    run(&[
        "compare",
        "--date",
        "2024-11-12",
        "--pool-fee",
        "0.02",
        "--json",
    ])
}

#[test]
fn compare_json_contract_and_no_nan() {
    let (text, v) = compare_2024_11_12_at_2_percent_pool_fee();
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
    // Every number chosen from the data carries its value and basis, and the value is the one used.
    let d = &v["assumptions"]["defaults"];
    let rent = &d["lease_usd_per_kw_month"];
    assert_eq!(rent["given"], false);
    assert_eq!(
        num(rent, "value"),
        num(&v["assumptions"]["lease"], "usd_per_kw_month")
    );
    assert!(
        rent["basis"]
            .as_str()
            .unwrap()
            .starts_with("median implied rent (contract value / term / IT kW) of 4 leases")
    );
    assert_eq!(num(&d["usd_per_ph_day"], "value"), hp);
    // A core text names the flag the user would type.
    assert!(
        d["gpu_opex_usd_per_mw_it_year"]["basis"]
            .as_str()
            .unwrap()
            .ends_with("set --gpu-opex-usd-per-mw-it-year")
    );
}

#[test]
fn compare_overrides_and_seed_claim() {
    let (_, v) = run(&common::words(
        "compare --hashprice-usd-per-ph-day 84 --j-per-th 17.5 --pool-fee 0 --gpu H100 --gpu-usd-per-hour 3.825 --lease-usd-per-kw-month 146 --utilization 1 --json",
    ));
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
    common::run(dir.path(), "compare --date 2024-11-12", None)
        .success()
        .stdout(predicate::str::contains("rev $/grid"))
        .stdout(predicate::str::contains("rev $/IT"))
        .stdout(predicate::str::contains("17–25×"))
        .stdout(predicate::str::contains(
            "defaults chosen from the bundled data, and their basis:\n  - hashprice: bundled network data, 2024-11-12",
        ));
}

#[test]
fn bad_inputs_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    common::fails_with(dir.path(), "deals show nope", "invalid deal id: found nope");
    common::fails_with(
        dir.path(),
        "deals show cifr-fluidstack --discount-rate -0.9",
        "invalid --discount-rate: found -0.9, expected an annual rate in [-0.5, 1]",
    );
    common::fails_with(
        dir.path(),
        "compare --date 2024-11-12 --term-years 0",
        "--term-years: found 0",
    );
    for (args, msg) in [
        (
            ["--j-per-th", "-5"],
            "invalid --j-per-th: found -5, expected an efficiency in [1, 10000] J/TH",
        ),
        (
            ["--discount-rate", "5"],
            "invalid --discount-rate: found 5, expected an annual rate in [-0.5, 1]",
        ),
        (["--escalator", "0.9"], "invalid --escalator: found 0.9"),
        (
            ["--gpu-life-years", "0"],
            "invalid --gpu-life-years: found 0",
        ),
        (["--mining-pue", "0.5"], "invalid --mining-pue: found 0.5"),
        // bounds::BUILD_MONTHS: 0 to 120 (compare used to accept 240).
        (
            ["--build-months", "121"],
            "invalid --build-months: found 121, expected 0 to 120 months",
        ),
        (
            ["--opex-usd-per-mwh", "-1"],
            "invalid --opex-usd-per-mwh: found -1",
        ),
    ] {
        hashpivot(dir.path())
            .args(common::words("compare --date 2024-11-12"))
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(msg));
    }
    // A date and a hashprice conflict: the hashprice would silently replace the date's.
    common::fails_with(
        dir.path(),
        "compare --date 2024-11-12 --hashprice-usd-per-ph-day 50",
        "--hashprice-usd-per-ph-day sets the hashprice the date would",
    );
    // A GPU without a sourced price needs one.
    common::fails_with(
        dir.path(),
        "compare --date 2024-11-12 --gpu B200",
        "--gpu-usd-per-hour",
    );
    common::fails_with(
        dir.path(),
        "compare --date 2024-11-12 --gpu A100",
        "hashpivot gpus",
    );
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

/// NPV of monthly flows at an annual rate, written apart from the library.
fn pv(rate: f64, flows: &[f64]) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(m, f)| f * (1.0 + rate).powf(-(m as f64) / 12.0))
        .sum()
}

/// Annual IRR by bisection on the annual rate in [-0.5, 1].
fn irr(flows: &[f64]) -> f64 {
    let (mut lo, mut hi) = (-0.5, 1.0);
    assert!(pv(lo, flows) > 0.0 && pv(hi, flows) < 0.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if pv(mid, flows) > 0.0 {
            lo = mid
        } else {
            hi = mid
        }
    }
    lo
}

fn payback_years(flows: &[f64]) -> f64 {
    let mut cum = 0.0;
    for (m, f) in flows.iter().enumerate() {
        cum += f;
        if m > 0 && cum >= 0.0 {
            return m as f64 / 12.0;
        }
    }
    panic!("no payback");
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}

#[test]
fn compare_rows_match_an_independent_computation() {
    let (_, v) = compare_2024_11_12_at_2_percent_pool_fee();
    let a = &v["assumptions"];
    // The day's hashprice: Hashrate Index published $55.97/PH/day for 2024-11-12; ours is from the day's fees.
    let hp = num(&a["mining"], "usd_per_ph_day");
    assert!((hp / 55.97 - 1.0).abs() < 0.03, "{hp}");
    // Default rent: the median of the leases announced on or before the date — the four Core Scientific
    // contracts of 2024 ($3.5B/144/200 MW, $1.225B/144/70 MW, $2.0B/144/112 MW, $2.0B/144/120 MW).
    let mut r = [
        3.5e9 / 144.0 / 200_000.0,
        1.225e9 / 144.0 / 70_000.0,
        2.0e9 / 144.0 / 112_000.0,
        2.0e9 / 144.0 / 120_000.0,
    ];
    r.sort_by(f64::total_cmp);
    let rent = 0.5 * (r[1] + r[2]);
    assert!(close(num(&a["lease"], "usd_per_kw_month"), rent, 1e-12));
    assert!(
        a["sources"]["lease_usd_per_kw_month"]
            .as_str()
            .unwrap()
            .contains("on or before 2024-11-12")
    );
    // ASICs sold per MW of HPC IT: $5/TH × (1e6 / 17.5 TH per MW of ASICs) × 1.3 gross MW / mining PUE 1.0.
    let resale = 5.0 * 1e6 / 17.5 * 1.3;
    assert!(close(
        num(&v["conversion"], "asic_resale_usd"),
        resale,
        1e-12
    ));
    let rows = v["rows"].as_array().unwrap();
    // Lease: resale at t = 0, $10M over 12 build months, then 85% of the rent for 120 months.
    let mut lease = vec![0.0; 133];
    lease[0] = resale;
    for f in lease.iter_mut().skip(1).take(12) {
        *f = -10e6 / 12.0;
    }
    for f in lease.iter_mut().skip(13) {
        *f = rent * 1_000.0 * 0.85;
    }
    let l = &rows[1];
    assert!(close(num(l, "irr"), irr(&lease), 1e-6), "{l}");
    assert!(close(num(l, "npv_usd_per_mw_it"), pv(0.1, &lease), 1e-9));
    assert!(close(num(l, "payback_years"), payback_years(&lease), 1e-12));
    // GPU cloud (GB300 NVL72, 120 kW / 72 GPUs): resale at t = 0, the $10M hall over 12 months, the $29M of
    // GPUs at month 12, then 60 months of GPU-hours less power and opex.
    let price = num(&a["gpu"], "usd_per_gpu_hour");
    assert!(close(
        price,
        9.7e9 / (60.0 * 730.0 * 200_000.0) * 120.0 / 72.0,
        1e-12
    ));
    let opex = num(&a["gpu"], "opex_usd_per_mw_it_year");
    assert!(close(opex, 0.15 * rent * 12_000.0, 1e-12));
    let mut gpu = vec![0.0; 73];
    gpu[0] = resale;
    for f in gpu.iter_mut().skip(1).take(12) {
        *f = -10e6 / 12.0;
    }
    gpu[12] -= 29e6;
    // Each month earns and pays for its calendar hours: flow month 1 is December 2024, the month after the date.
    let hours = |m: usize| {
        let idx = 2024 * 12 + 11 + (m - 1);
        let (y, mo) = (idx / 12, idx % 12 + 1);
        let days = match mo {
            2 if y % 4 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        days as f64 * 24.0
    };
    for (m, f) in gpu.iter_mut().enumerate().skip(13) {
        let h = hours(m);
        *f = 1_000.0 / (120.0 / 72.0) * h * price - 1_000.0 * 1.3 * h * 0.05 - opex / 12.0;
    }
    assert_eq!((hours(1), hours(3), hours(39)), (744.0, 672.0, 696.0));
    let g = &rows[2];
    assert!(close(num(g, "irr"), irr(&gpu), 1e-6), "{g}");
    assert!(close(num(g, "npv_usd_per_mw_it"), pv(0.1, &gpu), 1e-9));
    assert!(close(num(g, "payback_years"), payback_years(&gpu), 1e-12));
    // The mining margin forgone during the 12 build months, per MW of HPC IT (1.3 MW gross).
    let margin = hp * 0.98 / 420.0 - 0.05;
    assert!(close(
        num(&v["conversion"], "forgone_mining_margin_usd"),
        margin * 1_300.0 * 12.0 * 730.0,
        1e-9
    ));
    // The seed claim's board-power basis and the history of the claim's mining range.
    let s = &v["seed_claim"];
    assert!(close(
        s["h100_press_usd_per_board_kwh"][0].as_f64().unwrap(),
        3.0,
        1e-12
    ));
    let days = &s["mining_claim_days"];
    assert!(days["days_in_range"].as_u64().unwrap() > 0, "{days}");
    assert!(days["first_in_range"].is_string());
}

#[test]
fn mining_pue_scales_the_asic_resale() {
    let (_, v) = run(&common::words(
        "compare --date 2024-11-12 --mining-pue 1.1 --json",
    ));
    // 1.3 MW gross per MW of HPC IT fed 1.3 / 1.1 MW of ASICs.
    let resale = 5.0 * 1e6 / 17.5 * 1.3 / 1.1;
    assert!(close(
        num(&v["conversion"], "asic_resale_usd"),
        resale,
        1e-12
    ));
}

#[test]
fn gpu_model_changes_the_gpu_row() {
    let (_, gb) = run(&["compare", "--date", "2024-11-12", "--json"]);
    let (_, h) = run(&["compare", "--date", "2024-11-12", "--gpu", "H100", "--json"]);
    let (g1, g2) = (&gb["rows"][2], &h["rows"][2]);
    assert_ne!(
        num(g1, "revenue_usd_per_it_kwh"),
        num(g2, "revenue_usd_per_it_kwh")
    );
    // H100: the bundled $2.00 (Oct 2024) over 1.275 kW.
    assert!(close(num(g2, "revenue_usd_per_it_kwh"), 2.0 / 1.275, 1e-12));
    let src = h["assumptions"]["sources"]["gpu_usd_per_hour"]
        .as_str()
        .unwrap();
    assert!(src.contains("2024-10") && !src.contains("IREN"), "{src}");
    assert!(close(
        h["seed_claim"]["usd_per_gpu_hour_needed_per_board_kwh"][0]
            .as_f64()
            .unwrap(),
        2.1,
        1e-12
    ));
}

#[test]
fn early_dates_work() {
    let (text, v) = run(&["compare", "--date", "2012-06-01", "--json"]);
    assert!(!text.contains("NaN"));
    assert!(num(&v["assumptions"]["mining"], "usd_per_ph_day") > 1e6);
    // No lease had been announced: the fallback is said.
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("no lease in the deal library"))
    );
}

#[test]
fn npv_header_keeps_the_rate_decimals() {
    let (text, _) = run(&common::words(
        "compare --date 2024-11-12 --discount-rate 0.075",
    ));
    // The header wraps over two lines to fit 100 columns: "NPV@7.5%" over "$M/MW IT".
    assert!(text.contains("NPV@7.5%"), "{text}");
}

#[test]
fn deals_show_keeps_the_text_and_says_what_it_shows() {
    let (text, _) = run(&["deals", "show", "wulf-fluidstack"]);
    assert!(common::says(
        &text,
        "active (as of 2025-08-18: signed; Fluidstack exercised the CB-5"
    ));
    assert!(text.contains("PV of contracted gross revenue"));
    let (text, _) = run(&["deals", "show", "iren-msft"]);
    assert!(text.contains("gpu_cloud") && !text.contains("gpucloud"));
    let (text, v) = run(&["deals", "show", "cw-corz-acquisition"]);
    assert!(text.contains("203.5M against"));
    assert!(text.contains("target → acquirer") && text.contains("equity value"));
    assert!(!text.contains("escalator") && !text.contains("pass-through"));
    assert!(v.is_null());
    let (_, v) = run(&["deals", "show", "cw-corz-acquisition", "--json"]);
    assert!(v["value_basis"].as_str().unwrap().contains("equity value"));
    // Hut 8: Google guarantees the whole base-term rent.
    let (text, _) = run(&["deals", "show", "hut-fluidstack-riverbend"]);
    assert!(
        text.contains("Google, full base-term rent ($7.00 B)"),
        "{text}"
    );
    let (_, v) = run(&["deals", "show", "hut-fluidstack-riverbend", "--json"]);
    assert_eq!(v["backstop_usd"].as_f64(), Some(7e9));
    assert_eq!(v["backstop_basis"], "full base-term rent");
    assert!(v["npv_basis"].as_str().unwrap().contains("gross revenue"));
}
