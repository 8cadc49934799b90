//! End-to-end: `hashpivot dispatch`, `hashpivot bench dispatch`, `hashpivot data import --kind power`.

use crate::common;

fn hp(dir: &tempfile::TempDir) -> assert_cmd::Command {
    common::hashpivot(dir.path())
}
use predicates::prelude::*;
use serde_json::Value;

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap()
}

const WEST: &str = "dispatch --hub HB_WEST --from 2024-01-01 --to 2024-12-31 --mw 100";

#[test]
fn dispatch_json_has_the_contract_fields_and_matches_a_plain_loop() {
    let dir = tempfile::tempdir().unwrap();
    let v = dispatch_json(&dir, "--hashprice-usd-per-ph-day 45 --adder-usd-per-mwh 3");
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
        .args(common::words(WEST))
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
    common::fails_with(
        dir.path(),
        "dispatch --hub HB_EAST --from 2024-01-01 --to 2024-01-31 --mw 10 --j-per-th 20 --hashprice-usd-per-ph-day 45",
        "invalid hub: found HB_EAST, expected one of the hubs in the power (da) data: HB_HOUSTON, HB_NORTH, HB_PAN, HB_SOUTH, HB_WEST",
    );
    common::fails_with(
        dir.path(),
        "dispatch --hub HB_WEST --from 2025-03-01 --to 2025-03-31 --mw 10 --j-per-th 20 --hashprice-usd-per-ph-day 45",
        "is outside the power (da) HB_WEST data",
    );
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
        .args(common::words("data import --kind power"))
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported 47 rows of rt prices"));
    hp(&dir)
        .args(["data", "info"])
        .assert()
        .success()
        // The field's cell wraps inside the table (100 columns): "HB_WEST (1 hours" over "missing)".
        .stdout(predicate::function(|s: &str| {
            s.contains("HB_WEST (1 hours") && s.contains("missing)")
        }));
    common::fails_with(
        dir.path(),
        "dispatch --hub HB_WEST --from 2026-03-01 --to 2026-03-01 --market rt --utc-days --mw 10 --j-per-th 20 --hashprice-usd-per-ph-day 45",
        "no price for 6 hours: 2026-03-01T00:00Z to 2026-03-01T05:00Z (6 h)",
    );
    common::fails_with(
        dir.path(),
        "dispatch --hub HB_WEST --from 2026-03-02 --to 2026-03-02 --market rt --mw 10 --j-per-th 20 --hashprice-usd-per-ph-day 45",
        "no price for 1 hours: 2026-03-02T12:00Z",
    );
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

/// `hashpivot dispatch` of the HB_WEST 2024 site at 17.5 J/TH with `extra` flags, as JSON.
fn dispatch_json(dir: &tempfile::TempDir, extra: &str) -> Value {
    let line = format!("{WEST} --j-per-th 17.5 --json {extra}");
    serde_json::from_str(&common::stdout_of(dir.path(), &common::words(&line))).unwrap()
}

#[test]
fn fourcp_credits_only_peaks_inside_the_window_that_were_curtailed() {
    let dir = tempfile::tempdir().unwrap();
    // A given peak outside the window is an error naming it (it used to earn all four months).
    hp(&dir)
        .args(common::words(WEST))
        .args(common::words("--j-per-th 17.5 --hashprice-usd-per-ph-day 45 --fourcp-usd-per-kw-year 55 --fourcp-hours 2023-08-20T21:00Z,2024-08-20T21:00Z"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid fourcp_hours: found 2023-08-20T21:00Z, expected 4CP peak hours inside the dispatch \
             window 2024-01-01T06:00Z to 2025-01-01T06:00Z (exclusive)",
        ));
    // One given peak: one month of four, 55 USD/kW-year × 100,000 kW / 4.
    let v = dispatch_json(
        &dir,
        "--hashprice-usd-per-ph-day 45 --fourcp-usd-per-kw-year 55 --fourcp-hours 2024-08-20T21:00Z",
    );
    let f = &v["fourcp"];
    assert_eq!(f["hours"], serde_json::json!(["2024-08-20T21:00Z"]));
    assert_eq!(f["credited_months"], serde_json::json!(["2024-08"]));
    assert_eq!(f["avoided_usd"].as_f64(), Some(1_375_000.0));
    // Predicted peaks over a window that only touches June 1 earn nothing; the whole summer earns four months.
    let out = hp(&dir)
        .args(common::words("dispatch --hub HB_WEST --from 2024-01-01 --to 2024-06-01 --mw 100 --j-per-th 17.5 --hashprice-usd-per-ph-day 45 --fourcp-usd-per-kw-year 55 --json"))
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v["fourcp"]["summer_months"], 1);
    assert_eq!(v["fourcp"]["avoided_usd"].as_f64(), Some(0.0));
    let v = dispatch_json(
        &dir,
        "--hashprice-usd-per-ph-day 45 --fourcp-usd-per-kw-year 55",
    );
    assert_eq!(v["fourcp"]["credited_months"].as_array().unwrap().len(), 4);
    assert_eq!(v["fourcp"]["avoided_usd"].as_f64(), Some(5_500_000.0));
}

#[test]
fn dr_standby_is_paid_only_on_mw_that_are_running() {
    let dir = tempfile::tempdir().unwrap();
    let v = dispatch_json(
        &dir,
        "--hashprice-usd-per-ph-day 10 --dr-mw 100 --dr-standby-usd-per-mw-hour 8",
    );
    let uptime = v["uptime"].as_f64().unwrap();
    assert!(uptime > 0.5 && uptime < 0.7, "{uptime}");
    let dr = &v["demand_response"];
    let mwh = dr["standby_mw_hours"].as_f64().unwrap();
    // At 10 USD/PH/day the fleet never runs in a called (≥ 1,000 USD/MWh) hour, so the MW on offer are the
    // 100 MW of every hour run.
    assert_eq!(mwh, 100.0 * v["hours_run"].as_f64().unwrap());
    assert_eq!(dr["standby_revenue_usd"].as_f64(), Some(8.0 * mwh));
    assert!(mwh < 100.0 * 8_784.0);
}

#[test]
fn dispatch_numbers_are_range_checked_with_the_core_messages() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["--j-per-th", "17.5", "--hashprice-usd-per-ph-day"];
    for bad in ["-5", "1.1e9", "1e306", "inf"] {
        hp(&dir)
            .args(common::words(WEST))
            .args(base)
            .arg(bad)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "invalid --hashprice-usd-per-ph-day: found",
            ))
            .stderr(predicate::str::contains(
                "expected a hashprice in USD/PH/day in [0.01, 1e9]",
            ));
    }
    // The bound itself settles to finite numbers (1e306 used to print JSON nulls).
    let v = dispatch_json(&dir, "--hashprice-usd-per-ph-day 1e9");
    for f in ["mining_revenue_usd", "margin_usd", "strike_usd_per_mwh"] {
        assert!(v[f].as_f64().is_some_and(f64::is_finite), "{f}: {}", v[f]);
    }
    let site = [
        "dispatch",
        "--hub",
        "HB_WEST",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-31",
    ];
    hp(&dir)
        .args(site)
        .args(common::words("--mw -5 --j-per-th 17.5"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid --mw: found -5"));
    // Every numeric option takes a negative number to its own range check, never "unexpected argument".
    for (flag, extra) in [
        ("--j-per-th", vec![]),
        ("--pool-fee", vec!["--j-per-th", "17.5"]),
        ("--buffer-usd-per-mwh", vec!["--j-per-th", "17.5"]),
        ("--min-uptime", vec!["--j-per-th", "17.5"]),
        ("--hpc-mw", vec!["--j-per-th", "17.5"]),
        ("--fourcp-usd-per-kw-year", vec!["--j-per-th", "17.5"]),
        (
            "--dr-mw",
            vec!["--j-per-th", "17.5", "--dr-standby-usd-per-mw-hour", "8"],
        ),
        (
            "--dr-standby-usd-per-mw-hour",
            vec!["--j-per-th", "17.5", "--dr-mw", "8"],
        ),
    ] {
        let out = hp(&dir)
            .args(site)
            .args(common::words("--mw 10 --hashprice-usd-per-ph-day 45"))
            .args(&extra)
            .args([flag, "-1"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {err}");
        // Named as the flag the user typed, not as the core's field.
        assert!(
            err.contains(&format!("invalid {flag}: found -1")),
            "{flag}: {err}"
        );
    }
    // The demand-response call price is a hub price: an unreal one is refused under its flag.
    let err = hp(&dir)
        .args(site)
        .args(common::words(
            "--mw 10 --hashprice-usd-per-ph-day 45 --j-per-th 17.5 --dr-mw 5 \
             --dr-standby-usd-per-mw-hour 8 --dr-call-above-usd-per-mwh 20000",
        ))
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&err.stderr).contains(
            "invalid --dr-call-above-usd-per-mwh: found 20000, expected a price in [-1000, 10000] USD/MWh"
        ),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );
    hp(&dir)
        .args(site)
        .args(common::words("--mw 10 --j-per-th 17.5"))
        .args(common::words(
            "--fourcp-usd-per-kw-year 5 --fourcp-top-hours -1",
        ))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-1 is not in 1.."));
}

#[test]
fn day_ahead_out_of_range_names_the_real_time_coverage_and_the_end_is_exclusive() {
    let dir = tempfile::tempdir().unwrap();
    let rt = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/ercot_rt_hourly.csv"
    ))
    .unwrap();
    let first = rt.lines().nth(1).unwrap().split(',').next().unwrap();
    let last = rt.lines().last().unwrap().split(',').next().unwrap();
    hp(&dir)
        .args(common::words("dispatch --hub HB_WEST --from 2022-01-01 --to 2022-12-31 --mw 10 --j-per-th 17.5 --hashprice-usd-per-ph-day 45"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "the real-time prices (--market rt) for HB_WEST cover {first} to {last}, which includes this window"
        )));
    hp(&dir)
        .args(common::words(WEST))
        .args(common::words(
            "--j-per-th 17.5 --hashprice-usd-per-ph-day 45",
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2024-01-01T06:00Z to 2025-01-01T06:00Z (exclusive; 8784 h)",
        ));
}

/// `hashpivot data import --kind power --market rt` of `text` saved as `name`: refused (exit 1) with a message
/// containing `want`.
fn import_is_refused(dir: &tempfile::TempDir, name: &str, text: &[u8], want: &str) {
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = hp(dir)
        .args(common::words("data import --kind power"))
        .arg(&file)
        .args(["--market", "rt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(err.contains(want), "{name}: {err}");
}

#[test]
fn non_ascii_timestamps_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    import_is_refused(
        &dir,
        "p.csv",
        b"hour_start_utc,HB_X\n2024-01-01T06:\xe2\x82\xacZ,5\n",
        "p.csv, line 2: time '2024-01-01T06:\u{20ac}Z': expected a timestamp",
    );
    hp(&dir)
        .args(common::words(WEST))
        .args([
            "--j-per-th",
            "17.5",
            "--fourcp-usd-per-kw-year",
            "55",
            "--fourcp-hours",
            "2024-07-01T06:\u{20ac}Z",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "invalid --fourcp-hours: found 2024-07-01T06:\u{20ac}Z, expected an hour like 2024-08-20T21:00Z",
        ));
}

#[test]
fn power_import_refuses_to_guess() {
    let dir = tempfile::tempdir().unwrap();
    let fails =
        |name: &str, text: &str, want: &str| import_is_refused(&dir, name, text.as_bytes(), want);
    // A repeated hour used to be averaged (25 and 9999 → 5012).
    fails(
        "dup.csv",
        "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,25\n2024-01-01T06:00Z,9999\n",
        "dup.csv, line 3: HB_WEST at '2024-01-01T06:00Z' is priced twice (also on line 2)",
    );
    // One of four 15-minute intervals used to be stored as the hour's price.
    fails(
        "part.csv",
        "Interval Start,Interval End,Location,Market,SPP\n\
         2024-01-01T06:00Z,2024-01-01T07:00Z,HB_WEST,REAL_TIME_15_MIN,20\n\
         2024-01-01T07:00Z,2024-01-01T07:15Z,HB_WEST,REAL_TIME_15_MIN,30\n",
        "line 3: the interval '2024-01-01T07:00Z' to '2024-01-01T07:15Z' lasts 15 minutes, but line 2 has hourly intervals",
    );
    fails(
        "part2.csv",
        "Interval Start,Interval End,Location,SPP\n\
         2024-01-01T06:00Z,2024-01-01T06:15Z,HB_WEST,20\n",
        "HB_WEST has an incomplete set of 15-minute intervals in 1 hour(s): 2024-01-01T06:00Z (1 of 4)",
    );
    fails(
        "lz.csv",
        "Interval Start,Interval End,Location,Location Type,Market,SPP\n\
         2024-01-01T06:00Z,2024-01-01T07:00Z,LZ_WEST,Load Zone,DAY_AHEAD_HOURLY,20\n\
         2024-01-01T06:00Z,2024-01-01T07:00Z,LZ_WEST,Load Zone DC Tie,DAY_AHEAD_HOURLY,21\n",
        "LZ rows are ambiguous",
    );
    fails(
        "grid.csv",
        "hour_start_utc,HB_WEST\n2024-01-01T06:30Z,25\n",
        "grid.csv, line 2: time '2024-01-01T06:30Z' is not on the file's hourly grid",
    );
    fails(
        "mkt.csv",
        "Time,Location,Market,SPP\n2024-01-01T06:00Z,HB_WEST,MONTHLY,5\n",
        "mkt.csv, line 2: market 'MONTHLY': expected a day-ahead",
    );
    fails(
        "empty.csv",
        "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,\n",
        "no prices: every price cell of the 1 rows is empty",
    );
    // Nothing was stored by any of them.
    assert!(!dir.path().join("power_rt.csv").exists());
}
