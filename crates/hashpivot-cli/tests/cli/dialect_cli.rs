//! One dialect: the flags several commands share mean the same in each (issue 13, item 1).

use crate::common::{self, hashpivot};
use serde_json::Value;

fn json(dir: &std::path::Path, line: &str) -> Value {
    serde_json::from_str(&common::stdout_of(dir, &common::words(line))).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a / b - 1.0).abs() < 1e-9
}

/// Done when: `mining` and `compare` give the same self-mining revenue per kWh for the same date, J/TH and
/// power price with no other flag.
#[test]
fn mining_and_compare_agree_on_self_mining_revenue_per_kwh() {
    let dir = tempfile::tempdir().unwrap();
    for fleet in [
        "--date 2024-11-12 --j-per-th 17.5 --power-usd-per-mwh 50",
        "--date 2021-05-01 --j-per-th 30 --power-usd-per-mwh 35",
        "--date 2024-04-20 --asic S19 --power-usd-per-mwh 60",
        // No date: both take the last complete day of the bundled data.
        "--j-per-th 21.5 --power-usd-per-mwh 45",
    ] {
        let m = json(dir.path(), &format!("mining {fleet} --json"));
        let c = json(dir.path(), &format!("compare {fleet} --json"));
        let mining = m["revenue_usd_per_kwh"].as_f64().unwrap();
        let row = &c["rows"][0];
        assert_eq!(row["use"], "self_mining");
        for k in ["revenue_usd_per_grid_kwh", "revenue_usd_per_it_kwh"] {
            let v = row[k].as_f64().unwrap();
            assert!(
                close(mining, v),
                "{fleet}: mining {mining} vs compare {k} {v}"
            );
        }
        // The same date, and the same pool fee (the scenario's default 0), said as an assumption by both.
        assert_eq!(m["inputs"]["date"], c["assumptions"]["date"], "{fleet}");
        assert_eq!(m["inputs"]["pool_fee"], 0.0);
        let fee = |v: &Value| -> Value {
            v.as_array()
                .unwrap()
                .iter()
                .find(|a| a["name"] == "pool_fee")
                .unwrap()["basis"]["kind"]
                .clone()
        };
        assert_eq!(fee(&m["assumptions"]), "default");
        assert_eq!(fee(&c["assumptions"]["fleet"]), "default");
        // Margin: the same power price in USD/MWh.
        let margin = m["margin_usd_per_kwh"].as_f64().unwrap();
        assert!(
            close(margin, row["margin_usd_per_grid_kwh"].as_f64().unwrap()),
            "{fleet}"
        );
    }
}

#[test]
fn a_default_pool_fee_is_printed_with_its_basis_and_a_stated_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["mining --date 2024-11-12", "compare --date 2024-11-12"] {
        let text = common::stdout_of(dir.path(), &common::words(cmd));
        assert!(
            text.contains("assumed: pool_fee = 0 (the scenario file's default"),
            "{cmd}: {text}"
        );
        assert!(
            text.contains("assumed: j_per_th = 17.5 (no --asic or --j-per-th"),
            "{text}"
        );
        let text = common::stdout_of(
            dir.path(),
            &common::words(&format!("{cmd} --pool-fee 0.02 --asic S21")),
        );
        assert!(!text.contains("assumed:"), "{cmd}: {text}");
    }
}

#[test]
fn renamed_flags_are_refused_naming_the_new_flag_and_its_unit() {
    common::each_fails_with([
        (
            "mining --date 2024-11-12 --power-usd-per-kwh 0.05",
            "--power-usd-per-kwh was renamed: give --power-usd-per-mwh; power is in USD/MWh in every command (0.05 USD/kWh = 50 USD/MWh)",
        ),
        (
            "compare --power-usd-per-kwh 0.05",
            "give --power-usd-per-mwh; power is in USD/MWh",
        ),
        (
            "compare --usd-per-ph-day 50",
            "--usd-per-ph-day was renamed: give --hashprice-usd-per-ph-day",
        ),
        (
            "compare --mining-opex-usd-per-mwh 5",
            "--mining-opex-usd-per-mwh was renamed: give --opex-usd-per-mwh",
        ),
        // One range for the pool fee (bounds::POOL_FEE) in every command.
        (
            "compare --pool-fee 0.6",
            "invalid --pool-fee: found 0.6, expected a share of revenue in [0, 0.5]",
        ),
        (
            "mining --pool-fee 0.6",
            "invalid --pool-fee: found 0.6, expected a share of revenue in [0, 0.5]",
        ),
        (
            "backtest production x.csv --pool-fee 0.6",
            "invalid --pool-fee: found 0.6, expected a share of revenue in [0, 0.5]",
        ),
        (
            "dispatch --hub HB_WEST --from 2024-07-01 --to 2024-07-02 --mw 10 --pool-fee 0.6",
            "invalid --pool-fee: found 0.6",
        ),
        (
            "mining --power-usd-per-mwh 100001",
            "invalid --power-usd-per-mwh: found 100001, expected a price in [0, 100000] USD/MWh",
        ),
    ]);
}

#[test]
fn flags_that_do_not_apply_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--sell-back", "--take-or-pay"] {
        common::fails_with(
            dir.path(),
            &format!("dispatch --hub HB_WEST --from 2024-07-01 --to 2024-07-02 --mw 10 {flag}"),
            &format!("{flag} does not apply here: an index contract pays the hub price"),
        );
    }
    common::fails_with(
        dir.path(),
        "backtest production x.csv --asic S21",
        "--asic does not apply here: the expected BTC follows from the reported EH/s",
    );
    common::fails_with(
        dir.path(),
        "compare --date 2024-11-12 --hashprice-usd-per-ph-day 50",
        "--date does not apply here: --hashprice-usd-per-ph-day sets the hashprice the date would",
    );
}

#[test]
fn help_shows_defaults_and_the_commands_by_job() {
    let dir = tempfile::tempdir().unwrap();
    let top = common::stdout_of(dir.path(), &["--help"]);
    assert!(
        top.contains("mined into Bitcoin, leased to an AI/HPC tenant"),
        "{top}"
    );
    assert!(top.contains("Commands by job:"), "{top}");
    for cmd in ["mining", "compare", "dispatch"] {
        let h = common::stdout_of(dir.path(), &[cmd, "--help"]);
        assert!(h.contains("[default: 0]"), "{cmd}: pool fee default in {h}");
        assert!(
            h.contains("[default: Antminer S21, 17.5 J/TH]"),
            "{cmd}: {h}"
        );
    }
    for cmd in ["mining", "compare"] {
        let h = common::stdout_of(dir.path(), &[cmd, "--help"]);
        assert!(h.contains("[default: 50]"), "{cmd}: {h}");
        assert!(
            h.contains("[default: the last complete day of"),
            "{cmd}: {h}"
        );
    }
}

#[test]
fn bench_run_works_outside_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = hashpivot(dir.path())
        .current_dir(dir.path())
        .args(["bench", "run", "--paths", "2", "--threads", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("scenario examples/core_scientific.toml (bundled)"),
        "{text}"
    );
    assert!(text.contains("paths 2\n"), "{text}");
}

/// `network` takes the same --date default as `mining` and `compare`: the last complete bundled day.
#[test]
fn network_defaults_its_date_like_mining() {
    let dir = tempfile::tempdir().unwrap();
    let m = json(dir.path(), "mining --j-per-th 20 --json");
    let date = m["inputs"]["date"].as_str().unwrap().to_string();
    let without = json(dir.path(), "network --json");
    let with = json(dir.path(), &format!("network --date {date} --json"));
    assert_eq!(without, with);
    assert_eq!(without["date"], date.as_str());
    common::fails_with(dir.path(), "network --from 2024-01-01", "--to");
}
