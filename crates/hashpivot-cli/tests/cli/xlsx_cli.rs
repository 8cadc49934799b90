//! `--xlsx` of `run`, `decide` and `value` end to end: the sheets in order, Summary's P50 NPV exactly `run
//! --json`'s, the same bytes for any thread count, and no temporary file left beside the workbook.

use crate::common::{examples, stdout_of};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The text of one part of a workbook (a zip archive).
fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The sheet names of a workbook, in order.
fn sheets(xlsx: &Path) -> Vec<String> {
    part(xlsx, "xl/workbook.xml")
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// Runs `hashpivot COMMAND EXAMPLE ARGS… --xlsx DIR/NAME` and returns the workbook's path.
fn book(dir: &Path, command: &str, example: &str, args: &[&str], name: &str) -> PathBuf {
    let out = dir.join(name);
    let f = examples().join(example);
    let mut all = vec![command, f.to_str().unwrap()];
    all.extend(args);
    all.extend(["--xlsx", out.to_str().unwrap()]);
    stdout_of(dir, &all);
    out
}

#[test]
fn run_writes_five_sheets_whose_p50_npv_is_the_jsons() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("terawulf.toml");
    let f = f.to_str().unwrap();
    let js: serde_json::Value = serde_json::from_str(&stdout_of(
        dir.path(),
        &["run", f, "--paths", "40", "--json"],
    ))
    .unwrap();
    let mc = |threads| ["--paths", "40", "--threads", threads];
    let r = book(dir.path(), "run", "terawulf.toml", &mc("1"), "r.xlsx");
    assert_eq!(
        sheets(&r),
        ["Summary", "Assumptions", "Yearly", "Monthly", "Paths"]
    );
    // Summary's row 9 is the P50 NPV, a number cell holding the JSON's value exactly.
    let p50 = js["npv_usd"]["p50"].as_f64().unwrap();
    let summary = part(&r, "xl/worksheets/sheet1.xml");
    let b9 = summary.split("<c r=\"B9\" ").nth(1).unwrap();
    assert!(
        b9.split_once("</c>")
            .unwrap()
            .0
            .ends_with(&format!("><v>{p50}</v>")),
        "{summary}"
    );
    assert!(summary.contains("state=\"frozen\""));
    // The Yearly sheet's total revenue is a formula over the years.
    let yearly = part(&r, "xl/worksheets/sheet3.xml");
    assert!(yearly.contains("<f>SUM(M2:M11)</f>"), "{yearly}");
    // Paths: one row per path under the header.
    let paths = part(&r, "xl/worksheets/sheet5.xml");
    assert!(
        paths.contains("<dimension ref=\"A1:AJ41\"/>"),
        "{}",
        &paths[..400]
    );
    // Two threads give the same bytes; nothing but the workbook is left in the folder.
    let again = book(dir.path(), "run", "terawulf.toml", &mc("2"), "again.xlsx");
    assert_eq!(std::fs::read(&r).unwrap(), std::fs::read(&again).unwrap());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["again.xlsx", "r.xlsx"]);
}

#[test]
fn decide_and_value_write_their_own_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let d = book(
        dir.path(),
        "decide",
        "west_texas_50mw_plans.toml",
        &["--paths", "20"],
        "d.xlsx",
    );
    assert_eq!(sheets(&d), ["Summary", "Plans", "Assumptions"]);
    let v = book(
        dir.path(),
        "value",
        "terawulf.toml",
        &["--paths", "20"],
        "v.xlsx",
    );
    assert_eq!(sheets(&v), ["Summary", "Bridge", "Assumptions"]);
    // Eight segments and five balance-sheet items, then their sum as a formula.
    let bridge = part(&v, "xl/worksheets/sheet2.xml");
    assert!(bridge.contains("<f>SUM(C2:C14)</f>"), "{bridge}");
}

#[test]
fn a_workbook_path_that_is_a_folder_is_refused_after_no_partial_write() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("terawulf.toml");
    let out = crate::common::hashpivot(dir.path())
        .args(["run", f.to_str().unwrap(), "--paths", "5", "--xlsx"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}
