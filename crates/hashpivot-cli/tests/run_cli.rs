//! End-to-end tests of `run`, `validate` and `schema`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn hashpivot(data_dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hashpivot").unwrap();
    c.env("HASHPIVOT_DATA_DIR", data_dir)
        .env_remove("RUST_BACKTRACE");
    c
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn one_and_two_threads_give_identical_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("terawulf.toml");
    let out = |t: &str| {
        let o = hashpivot(dir.path())
            .args([
                "run",
                f.to_str().unwrap(),
                "--paths",
                "300",
                "--seed",
                "9",
                "--json",
                "--threads",
                t,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let one = out("1");
    assert_eq!(one, out("2"));
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = [
        "scenario",
        "paths",
        "seed",
        "npv_usd",
        "cvar5_usd",
        "prob_npv_negative",
        "irr_p50",
        "ebitda_usd_by_year",
        "revenue_mix_by_year",
        "btc_beta_ebitda",
        "btc_mined_p50",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(v["paths"], 300);
    assert!(v["npv_usd"]["p5"].as_f64().unwrap() <= v["npv_usd"]["p95"].as_f64().unwrap());
}

#[test]
fn every_example_validates_and_runs_with_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(examples()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("toml") {
            continue;
        }
        n += 1;
        hashpivot(dir.path())
            .args(["validate", p.to_str().unwrap()])
            .assert()
            .success();
        let out = dir.path().join(p.file_stem().unwrap());
        let o = hashpivot(dir.path())
            .args([
                "run",
                p.to_str().unwrap(),
                "--paths",
                "40",
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("NPV"));
        for f in ["summary.json", "cashflows_base.csv", "paths.csv"] {
            assert!(out.join(f).exists(), "{} {f}", p.display());
        }
        let paths = std::fs::read_to_string(out.join("paths.csv")).unwrap();
        assert_eq!(paths.lines().count(), 41);
    }
    assert!(n >= 6, "{n} examples");
}

#[test]
fn bad_scenarios_report_every_problem_and_touch_no_file() {
    let dir = tempfile::tempdir().unwrap();
    // Schema problems: unknown field, wrong unit (a string where USD/MWh is expected), negative MW.
    let schema_bad = dir.path().join("schema_bad.toml");
    std::fs::write(
        &schema_bad,
        "[company]\nname = \"x\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"a\"\nmw = 5\nmw_gross = -5\npower = { contract = \"index\", adder_usd_per_mwh = \"3 $/MWh\" }\n",
    )
    .unwrap();
    // Rule problems: IT MW above gross MW, a conversion after the horizon, a deal id that does not exist.
    let rules_bad = dir.path().join("rules_bad.toml");
    std::fs::write(
        &rules_bad,
        "[company]\nname = \"x\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"b\"\nmw_gross = 100\npower = { contract = \"fixed\", price_usd_per_mwh = 30 }\n\n[[conversions]]\nname = \"c\"\nsite = \"b\"\nstart_month = \"2031-01\"\nmw_it = 150\npue = 1.3\ncapex_usd_per_mw_it = 9e6\nuse = \"lease\"\ndeal = \"no-such-deal\"\n",
    )
    .unwrap();
    let cases: [(&Path, &[&str]); 2] = [
        (
            &schema_bad,
            &[
                "8:1: sites[0].mw: found unknown field `mw` (did you mean `mw_gross`?)",
                "9:12: sites[0].mw_gross: found -5, expected a number ≥ 0",
                "10:51: sites[0].power.adder_usd_per_mwh: found \"3 $/MWh\", expected a number",
            ],
        ),
        (
            &rules_bad,
            &[
                "14:15: conversions[0].start_month: found 2031-01, after the horizon",
                "15:9: conversions[0].mw_it: found 150 MW IT, expected at most the site's 100 MW gross",
                "19:8: conversions[0].deal: found \"no-such-deal\", which is not in the deal library",
            ],
        ),
    ];
    for (file, expected) in cases {
        let out = dir.path().join("out");
        let o = hashpivot(dir.path())
            .args([
                "run",
                file.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("has 3 problems"), "{err}");
        for e in expected {
            assert!(err.contains(e), "missing `{e}` in:\n{err}");
        }
        assert!(
            !out.exists(),
            "no output may be written for an invalid scenario"
        );
        hashpivot(dir.path())
            .args(["validate", file.to_str().unwrap()])
            .assert()
            .failure();
    }
}

#[test]
fn schema_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = hashpivot(dir.path()).arg("schema").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["properties"]["sites"].is_object());
}
