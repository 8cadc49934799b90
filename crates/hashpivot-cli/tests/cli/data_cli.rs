//! End-to-end: `hashpivot data import|list|remove|reset` — imports serialize under a lock, commit data and
//! manifest together, survive `kill -9`, re-import the tool's own export losslessly, and can be undone.

use crate::common;
use predicates::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("hashpivot")
}

fn stdout(dir: &Path, line: &str) -> String {
    common::stdout_of(dir, &common::words(line))
}

/// Every file name under `dir` (recursively), relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn four_concurrent_imports_keep_all_four_rows() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    // Four prices past the bundled data, one per process, started together.
    let children: Vec<_> = (1..=4)
        .map(|i| {
            let f = common::file_in(
                src.path(),
                &format!("p{i}.csv"),
                &format!("date,price_usd\n2026-09-0{i},{}\n", 90_000 + i),
            );
            Command::new(bin())
                .env("HASHPIVOT_DATA_DIR", data.path())
                .args(["data", "import", "--kind", "network"])
                .arg(f)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list: serde_json::Value =
        serde_json::from_str(&stdout(data.path(), "data list --json")).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 4, "{list}");
    let price = common::info_rows(data.path(), "price_usd", "bundled")[0]["rows"]
        .as_u64()
        .unwrap();
    let imported: u64 = common::info_rows(data.path(), "price_usd", "imported")
        .iter()
        .map(|r| r["rows"].as_u64().unwrap())
        .sum();
    assert!(price > 5000);
    assert_eq!(imported, 4);
}

#[test]
fn a_killed_import_leaves_the_previous_state_and_no_temporaries() {
    let (data, src) = common::one_network_import();
    let before = files(data.path());
    let manifest_before = std::fs::read(data.path().join("imports.json")).unwrap();
    let second = common::file_in(src.path(), "b.csv", "date,price_usd\n2026-09-02,92000\n");
    let mut child = common::paused_network_import(data.path(), &second);
    // Its data file is stored; its manifest is not: kill -9 now.
    assert!(data.path().join("imports/2-network.csv").exists());
    child.kill().unwrap();
    child.wait().unwrap();
    // The previous state: the manifest is the old one and the killed import is not in effect.
    assert_eq!(
        std::fs::read(data.path().join("imports.json")).unwrap(),
        manifest_before
    );
    common::fails_with(
        data.path(),
        "network --date 2026-09-02",
        "outside the network data",
    );
    // The next writer sweeps what the killed one left.
    let third = common::file_in(src.path(), "c.csv", "date,price_usd\n2026-09-03,93000\n");
    common::run(data.path(), "data import --kind network", Some(&third))
        .success()
        .stdout(predicate::str::contains("as import #2"));
    let after = files(data.path());
    assert_eq!(
        after,
        [before.clone(), vec!["imports/2-network.csv".to_string()]].concat(),
        "{before:?}"
    );
    assert!(after.iter().all(|f| !f.contains(".tmp-")), "{after:?}");
    let v = stdout(data.path(), "data list --json");
    assert!(v.contains("c.csv") && !v.contains("b.csv"), "{v}");
}

#[test]
fn the_network_export_reimports_losslessly() {
    let data = tempfile::tempdir().unwrap();
    let export_line = "network --from 2010-07-18 --to 2026-01-31 --format csv";
    let export = stdout(data.path(), export_line);
    let f = common::file_in(data.path(), "export.csv", &export);
    common::run(data.path(), "data import --kind network", Some(&f))
        .success()
        .stdout(predicate::str::contains(
            "nothing imported: the 5677 rows of",
        ))
        .stdout(predicate::str::contains("computed from the others"));
    assert_eq!(stdout(data.path(), export_line), export);
    assert_eq!(stdout(data.path(), "data list --json").trim(), "[]");
}

#[test]
fn imports_name_their_units_and_refuse_what_they_cannot_read() {
    let (data, f) = common::dir_with("u.csv", "date,price_usd,volume\n2026-09-01,1,2\n");
    common::fails_on(
        data.path(),
        "data import --kind network",
        &f,
        "u.csv, line 1: unknown column(s) 'volume': expected date and some of",
    );
    for (text, want) in [
        (
            "date,price_usd\n9999-12-31,1\n",
            "line 2: column 'date': found 9999-12-31, expected a date from 2009-01-03 (the genesis block)",
        ),
        (
            "date,fees_btc_per_day\n2024-11-12,1000000000\n",
            "line 2: column 'fees_btc_per_day': found 1000000000",
        ),
    ] {
        std::fs::write(&f, text).unwrap();
        common::fails_on(data.path(), "data import --kind network", &f, want);
    }
    // Per block, converted with the day's blocks; the older fees_btc is per day, with a note.
    std::fs::write(&f, "date,blocks,fees_btc_per_block\n2026-09-01,144,0.5\n").unwrap();
    common::run(data.path(), "data import --kind network", Some(&f)).success();
    std::fs::write(&f, "date,fees_btc\n2026-09-02,72\n").unwrap();
    common::run(data.path(), "data import --kind network", Some(&f))
        .success()
        .stdout(predicate::str::contains(
            "note: column 'fees_btc' read as the day's total fees",
        ));
    let stored = std::fs::read_to_string(data.path().join("imports/1-network.csv")).unwrap();
    assert_eq!(
        stored,
        "date,height,blocks,difficulty,fees_btc_per_day,price_usd\n2026-09-01,,144,,72,\n"
    );
    // A power time far past the data (the fuzzing reproducer) is refused with its row.
    std::fs::write(
        &f,
        "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,1\n9999-12-31T23:00-05:00,2\n",
    )
    .unwrap();
    common::fails_on(
        data.path(),
        "data import --kind power --market rt",
        &f,
        "u.csv, line 3: time '9999-12-31T23:00-05:00'",
    );
    std::fs::write(&f, "hour_start_utc,HB_WEST\n2999-01-01T06:00Z,1\n").unwrap();
    common::fails_on(
        data.path(),
        "data import --kind power --market rt",
        &f,
        "u.csv, line 2: time '2999-01-01T06:00Z': expected a date from 2009-01-03",
    );
    common::prints(data.path(), "data info", "HB_WEST");
}

#[test]
fn overriding_bundled_data_needs_override_and_every_import_can_be_undone() {
    let (data, f) = common::dir_with(
        "o.csv",
        "date,price_usd\n2024-11-12,100000\n2024-11-13,100001\n",
    );
    let bundled = stdout(data.path(), "network --date 2024-11-12 --json");
    common::fails_on(
        data.path(),
        "data import --kind network",
        &f,
        "this import would change 2 days of the data in use (2 bundled, 0 from earlier imports), e.g. \
         2024-11-12 price_usd 87955.81 → 100000",
    );
    common::run(
        data.path(),
        "data import --kind network --override",
        Some(&f),
    )
    .success();
    assert!(stdout(data.path(), "network --date 2024-11-12 --json").contains("100000.0"));
    let p = common::file_in(
        data.path(),
        "p.csv",
        "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,1234\n2026-06-01T06:00Z,5\n",
    );
    common::fails_on(
        data.path(),
        "data import --kind power --market da",
        &p,
        "would change 1 hub-hours of the data in use (1 bundled, 0 from earlier imports), e.g. HB_WEST \
         2024-01-01T06:00Z",
    );
    std::fs::write(&p, "hour_start_utc,HB_WEST\n2026-06-01T06:00Z,5\n").unwrap();
    common::run(
        data.path(),
        "data import --kind power --market da",
        Some(&p),
    )
    .success()
    .stdout(predicate::str::contains("as import #2"));
    common::prints(data.path(), "data list", "power_da");
    common::prints(data.path(), "data remove 1", "removed import #1");
    assert_eq!(
        stdout(data.path(), "network --date 2024-11-12 --json"),
        bundled
    );
    common::fails_with(
        data.path(),
        "data remove 1",
        "no import #1: the imports in effect are #2",
    );
    common::fails_with(data.path(), "data reset", "say --yes to confirm");
    // A damaged manifest stops imports before they change anything; reset recovers.
    std::fs::write(data.path().join("imports.json"), "{oops").unwrap();
    common::fails_on(
        data.path(),
        "data import --kind network",
        &f,
        "imports.json is damaged",
    );
    common::prints(
        data.path(),
        "data reset --yes",
        "every command uses the bundled data",
    );
    assert_eq!(stdout(data.path(), "data list --json").trim(), "[]");
    assert_eq!(files(&data.path().join("imports")), Vec::<String>::new());
}

#[test]
fn dispatch_reads_only_the_hub_it_needs_from_a_wide_import() {
    let data = tempfile::tempdir().unwrap();
    // Two hubs for one UTC day; dispatch on one of them sees its prices, the other column is not needed.
    let mut text = String::from("hour_start_utc,HB_A,HB_B\n");
    for h in 0..24 {
        text.push_str(&format!("2026-06-02T{h:02}:00Z,{},{}\n", 10 + h, 1000));
    }
    let f = common::file_in(data.path(), "wide.csv", &text);
    common::run(
        data.path(),
        "data import --kind power --market da",
        Some(&f),
    )
    .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(
        data.path(),
        "dispatch --hub HB_A --from 2026-06-02 --to 2026-06-02 --utc-days --market da --mw 10 --j-per-th 20 \
         --hashprice-usd-per-ph-day 50 --json",
    ))
    .unwrap();
    assert_eq!(v["hub"], "HB_A");
    assert_eq!(v["power_cost_usd"], 5160.0); // 10 MW × (10 + … + 33) USD/MWh
    assert_eq!(v["mean_hub_usd_per_mwh"], 21.5);
    common::fails_with(
        data.path(),
        "dispatch --hub HB_C --from 2026-06-02 --to 2026-06-02 --utc-days --market da --mw 10 --j-per-th 20 \
         --hashprice-usd-per-ph-day 50",
        "invalid hub: found HB_C",
    );
}
