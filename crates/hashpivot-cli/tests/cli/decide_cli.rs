//! End-to-end tests of `decide`, `sensitivity` and `breakeven`.

use crate::common;
use common::{examples, hashpivot};
use std::path::PathBuf;

fn example_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("toml"))
        .collect();
    v.sort();
    v
}

fn ok(args: &[&str], file: &std::path::Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let o = hashpivot(dir.path()).args(args).arg(file).output().unwrap();
    assert!(
        o.status.success(),
        "{} {args:?}: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn decide_prints_paired_quantiles_and_is_the_same_on_any_thread_count() {
    let f = examples().join("west_texas_50mw_plans.toml");
    let text = ok(&["decide", "--paths", "60", "--threads", "1"], &f);
    assert!(text.contains("P(beats baseline)"), "{text}");
    assert!(text.contains("ΔNPV mean (USD M)"), "{text}");
    assert!(text.contains("highest mean NPV: "), "{text}");
    let json1 = ok(&["decide", "--paths", "60", "--threads", "1", "--json"], &f);
    let json2 = ok(&["decide", "--paths", "60", "--threads", "2", "--json"], &f);
    assert_eq!(json1, json2);
    let v: serde_json::Value = serde_json::from_str(&json1).unwrap();
    assert_eq!(v["baseline"], "keep mining");
    assert_eq!(v["plans"].as_array().unwrap().len(), 6);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("decide.csv");
    ok(
        &[
            "decide",
            "--paths",
            "20",
            "--baseline",
            "sell power only",
            "--out",
            out.to_str().unwrap(),
        ],
        &f,
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 7);
    assert!(csv.starts_with("plan,kind,npv_mean_usd,"), "{csv}");
}

#[test]
fn decide_refuses_files_of_different_markets_and_a_single_plan() {
    let dir = tempfile::tempdir().unwrap();
    let o = hashpivot(dir.path())
        .arg("decide")
        .arg(examples().join("pure_miner.toml"))
        .arg(examples().join("iren.toml"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("[company]") && e.contains("differs"), "{e}");
    let o = hashpivot(dir.path())
        .arg("decide")
        .arg(examples().join("pure_miner.toml"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("at least two plans"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn sensitivity_and_breakeven_work_on_every_example() {
    let files = example_files();
    assert!(files.len() >= 7);
    for f in &files {
        let t = ok(&["sensitivity", "--paths", "8", "--json"], f);
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        let bars = v["bars"].as_array().unwrap();
        assert!(bars.len() >= 3, "{}: {t}", f.display());
        let swings: Vec<f64> = bars
            .iter()
            .map(|b| b["swing_usd"].as_f64().unwrap())
            .collect();
        assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{}", f.display());
        let b = ok(
            &["breakeven", "--input", "discount_rate", "--paths", "8"],
            f,
        );
        assert!(
            b.contains("worth the same")
                || b.contains("mean NPV is zero")
                || b.contains("no breakeven in range"),
            "{}: {b}",
            f.display()
        );
        assert!(b.contains("bracket [") && b.contains("tolerance"), "{b}");
    }
}

#[test]
fn sensitivity_writes_csv_and_takes_stated_ranges() {
    let f = examples().join("west_texas_50mw_plans.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tornado.csv");
    let t = ok(
        &[
            "sensitivity",
            "--paths",
            "10",
            "--plan",
            "lease from 2027-01",
            "--versus",
            "keep mining",
            "--inputs",
            "rent,capex_per_mw",
            "--range",
            "rent=100,200",
            "--out",
            out.to_str().unwrap(),
        ],
        &f,
    );
    assert!(t.contains("rent: = 100 / = 200 — stated (--range)"), "{t}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("rent,USD/kW-month,150,100,200,"), "{csv}");
}

#[test]
fn decide_takes_several_files_of_one_company() {
    let text = std::fs::read_to_string(examples().join("west_texas_50mw_plans.toml")).unwrap();
    let head = text.split("[[conversions]]").next().unwrap();
    let market = &text[text.find("[market]").unwrap()..];
    let body = &text[text.find("[[conversions]]").unwrap()..text.find("[[plans]]").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let mining = dir.path().join("mining.toml");
    let converted = dir.path().join("converted.toml");
    std::fs::write(&mining, format!("{head}\n{market}")).unwrap();
    std::fs::write(&converted, format!("{head}{body}\n{market}")).unwrap();
    let o = hashpivot(dir.path())
        .args(["decide", "--paths", "20", "--json"])
        .arg(&mining)
        .arg(&converted)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["baseline"], "mining");
    assert_eq!(v["plans"][1]["plan"], "converted");
    assert_eq!(v["plans"][1]["kind"], "as_written");
}
