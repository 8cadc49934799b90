//! End-to-end tests of `option` and `optimize`.

use crate::common;
use common::{examples, stdout_of};

#[test]
fn option_prints_never_now_optimal_and_is_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("core_scientific.toml");
    let f = f.to_str().unwrap();
    let json = |t: &str| {
        stdout_of(
            dir.path(),
            &[
                "option",
                f,
                "--site",
                "pecos",
                "--paths",
                "100",
                "--json",
                "--threads",
                t,
            ],
        )
    };
    let one = json("1");
    assert_eq!(one, json("2"));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["conversion"], "coreweave-options");
    let (never, now, optimal) = (
        v["never_usd"].as_f64().unwrap(),
        v["now_usd"].as_f64().unwrap(),
        v["optimal_usd"].as_f64().unwrap(),
    );
    let waiting = v["value_of_waiting_usd"].as_f64().unwrap();
    assert!((waiting - (optimal - now.max(never))).abs() < 1e-6 * optimal.abs());
    assert_eq!(v["decision_months"], 108); // 120 months less the 12-month build
    let out = dir.path().join("o");
    let text = stdout_of(
        dir.path(),
        &[
            "option",
            f,
            "--conversion",
            "coreweave-options",
            "--paths",
            "100",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(text.contains("Value of waiting"), "{text}");
    assert!(text.contains("Exercise boundary"), "{text}");
    let csv = std::fs::read_to_string(out.join("option_paths.csv")).unwrap();
    assert_eq!(csv.lines().count(), 101);
    assert!(csv.starts_with("path,convert_month,gain_over_never_usd\n"));
    assert!(out.join("option_boundary.csv").exists());
}

#[test]
fn option_refuses_an_unknown_or_gpu_cloud_conversion() {
    common::fails_on_example(
        "option --conversion nope",
        "terawulf.toml",
        "no conversion named \"nope\"",
    );
    common::fails_on_example(
        "option --conversion microsoft-gb300",
        "iren.toml",
        "a lease",
    );
}

#[test]
fn optimize_prints_a_frontier_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("core_scientific.toml");
    let out = dir.path().join("opt");
    let args = [
        "optimize",
        f.to_str().unwrap(),
        "--paths",
        "40",
        "--quarters",
        "4",
        "--budget-usd-per-year",
        "1e9",
        "--lambda",
        "0,1",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ];
    let v: serde_json::Value = serde_json::from_str(&stdout_of(dir.path(), &args)).unwrap();
    let frontier = v["frontier"].as_array().unwrap();
    assert_eq!(frontier.len(), 2);
    for p in frontier {
        let capex: f64 = p["capex_usd"].as_f64().unwrap();
        // One year of starts (4 quarters) within the 1e9 budget.
        assert!(capex <= 1e9 * (1.0 + 1e-9), "{p}");
    }
    let csv = std::fs::read_to_string(out.join("frontier.csv")).unwrap();
    assert!(csv.starts_with("lambda,mean_npv_usd,cvar_npv_usd,objective_usd,mw_it,capex_usd\n"));
    assert_eq!(csv.lines().count(), 3);
    assert!(out.join("plans.csv").exists());
}
