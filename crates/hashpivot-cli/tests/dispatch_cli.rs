//! End-to-end: `hashpivot dispatch`, `hashpivot bench dispatch`, `hashpivot data import --kind power`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn hp(dir: &tempfile::TempDir) -> Command {
    let mut c = Command::cargo_bin("hashpivot").unwrap();
    c.env("HASHPIVOT_DATA_DIR", dir.path());
    c
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

const WEST: [&str; 9] = [
    "dispatch",
    "--hub",
    "HB_WEST",
    "--from",
    "2024-01-01",
    "--to",
    "2024-12-31",
    "--mw",
    "100",
];

#[test]
fn dispatch_json_has_the_contract_fields_and_matches_a_plain_loop() {
    let dir = tempfile::tempdir().unwrap();
    let out = hp(&dir)
        .args(WEST)
        .args([
            "--j-per-th",
            "17.5",
            "--hashprice-usd-per-ph-day",
            "45",
            "--adder-usd-per-mwh",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    for f in [
        "hours",
        "hours_run",
        "uptime",
        "mining_revenue_usd",
        "power_cost_usd",
        "resale_revenue_usd",
        "margin_usd",
        "strike_usd_per_mwh",
    ] {
        assert!(v.get(f).is_some(), "missing {f}");
    }
    assert_eq!(v["hours"], 8_784);
    // Independent: the bundled file, 2024 in Central time = 2024-01-01T06:00Z .. 2025-01-01T05:00Z.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/ercot_da_hourly.csv"
    ))
    .unwrap();
    let hp_mwh = 45.0 * 1000.0 / (24.0 * 17.5);
    let (mut run, mut margin) = (0u64, 0.0);
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0] >= "2024-01-01T06:00Z" && cells[0] < "2025-01-01T06:00Z" {
            let p: f64 = cells[5].parse().unwrap();
            if hp_mwh > p + 3.0 {
                run += 1;
                margin += (hp_mwh - p - 3.0) * 100.0;
            }
        }
    }
    assert_eq!(v["hours_run"], run);
    let m = v["margin_usd"].as_f64().unwrap();
    assert!((m - margin).abs() < 1e-6 * margin, "{m} vs {margin}");
    assert_eq!(v["monthly"].as_array().unwrap().len(), 12);
}

#[test]
fn dispatch_table_with_sell_back_fourcp_and_dr() {
    let dir = tempfile::tempdir().unwrap();
    hp(&dir)
        .args(WEST)
        .args([
            "--asic",
            "Antminer S21",
            "--hashprice-usd-per-ph-day",
            "45",
            "--fixed-price-usd-per-mwh",
            "30",
            "--sell-back",
            "--fourcp-usd-per-kw-year",
            "50",
            "--dr-mw",
            "20",
            "--dr-standby-usd-per-mw-hour",
            "6",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("resale_revenue_usd"))
        .stdout(predicate::str::contains("fourcp_avoided_usd"))
        .stdout(predicate::str::contains("dr_standby_revenue_usd"))
        .stdout(predicate::str::contains("2024-12"))
        .stdout(predicate::str::contains("take-or-pay with sell-back"));
}

#[test]
fn dispatch_errors_are_plain() {
    let dir = tempfile::tempdir().unwrap();
    hp(&dir)
        .args(["dispatch", "--hub", "HB_EAST", "--from", "2024-01-01", "--to", "2024-01-31", "--mw", "10", "--j-per-th", "20", "--hashprice-usd-per-ph-day", "45"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("invalid hub: found HB_EAST, expected one of the hubs in the power (da) data: HB_HOUSTON, HB_NORTH, HB_PAN, HB_SOUTH, HB_WEST"));
    hp(&dir)
        .args([
            "dispatch",
            "--hub",
            "HB_WEST",
            "--from",
            "2025-03-01",
            "--to",
            "2025-03-31",
            "--mw",
            "10",
            "--j-per-th",
            "20",
            "--hashprice-usd-per-ph-day",
            "45",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "is outside the power (da) HB_WEST data",
        ));
}

#[test]
fn imported_gridstatus_prices_with_a_gap_name_the_missing_hours() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gs.csv");
    let mut text = String::from("Interval Start,Location,Market,SPP\n");
    for h in 0..48 {
        if h == 30 {
            continue;
        }
        text.push_str(&format!(
            "2026-03-{:02} {:02}:00:00-06:00,HB_WEST,REAL_TIME_15_MIN,{}\n",
            1 + h / 24,
            h % 24,
            20 + h
        ));
    }
    std::fs::write(&file, text).unwrap();
    hp(&dir)
        .args(["data", "import", "--kind", "power"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 47 rows of rt prices"));
    hp(&dir)
        .args(["data", "info"])
        .assert()
        .success()
        .stdout(predicate::str::contains("HB_WEST (1 hours missing)"));
    hp(&dir)
        .args([
            "dispatch",
            "--hub",
            "HB_WEST",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-01",
            "--market",
            "rt",
            "--utc-days",
            "--mw",
            "10",
            "--j-per-th",
            "20",
            "--hashprice-usd-per-ph-day",
            "45",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no price for 6 hours: 2026-03-01T00:00Z to 2026-03-01T05:00Z (6 h)",
        ));
    hp(&dir)
        .args([
            "dispatch",
            "--hub",
            "HB_WEST",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-02",
            "--market",
            "rt",
            "--mw",
            "10",
            "--j-per-th",
            "20",
            "--hashprice-usd-per-ph-day",
            "45",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no price for 1 hours: 2026-03-02T12:00Z",
        ));
}

#[test]
fn bench_is_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let run = |t: &str| {
        let out = hp(&dir)
            .args([
                "bench",
                "dispatch",
                "--paths",
                "300",
                "--seed",
                "7",
                "--threads",
                t,
                "--json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let mut v = json(&out.stdout);
        let o = v.as_object_mut().unwrap();
        for k in ["seconds", "site_hours_per_s", "threads"] {
            o.remove(k);
        }
        v
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one["site_hours"], 300 * 8_760 * 4);
    assert!(one["margin_p5"].as_f64() < one["margin_p95"].as_f64());
}
