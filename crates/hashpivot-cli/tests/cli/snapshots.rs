//! Snapshots of what people read: the human (table) output of `run`, `compare`, `deals` and `dispatch`,
//! `validate`'s issue list, and error messages. Snapshot files are in `tests/cli/snapshots/`; after an intended
//! change, re-accept with `INSTA_UPDATE=always cargo test -p hashpivot-cli --test cli snapshots` (or
//! `cargo insta review`) and explain every changed snapshot in the commit (docs/testing.md).

use crate::common::{examples, hashpivot};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures")
}

/// Runs `hashpivot ARGS` with an empty user data directory and renders what a person sees: the exit code,
/// stdout and stderr, with machine-dependent paths replaced by placeholders.
fn screen(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let o = hashpivot(dir.path()).args(args).output().unwrap();
    let mut s = format!("exit: {}\n", o.status.code().unwrap_or(-1));
    for (name, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8(bytes.clone()).unwrap();
        if !text.is_empty() {
            s.push_str(&format!("--- {name}\n{text}"));
        }
    }
    redact(
        &s,
        &[
            (dir.path(), "[DATA_DIR]"),
            (&fixtures(), "[FIXTURES]"),
            (&examples(), "[EXAMPLES]"),
        ],
    )
}

/// Replaces each path (as given and canonical) by its placeholder.
fn redact(text: &str, paths: &[(&Path, &str)]) -> String {
    let mut s = text.to_owned();
    for (path, placeholder) in paths {
        let mut forms = vec![path.display().to_string()];
        if let Ok(c) = path.canonicalize() {
            forms.push(c.display().to_string());
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for f in forms {
            s = s.replace(&f, placeholder);
        }
    }
    s
}

fn path(p: PathBuf) -> String {
    p.to_str().unwrap().to_owned()
}

/// One test per snapshot: `test_name: "snapshot_name" => [args of hashpivot]`.
macro_rules! snapshot_tests {
    ($($test:ident: $snapshot:literal => [$($arg:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $test() {
                let args: Vec<String> = vec![$(String::from($arg)),*];
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                insta::assert_snapshot!($snapshot, screen(&args));
            }
        )*
    };
}

snapshot_tests! {
    run_terawulf_table: "run_terawulf_table" => ["run", path(examples().join("terawulf.toml"))];
    compare_on_2024_11_12: "compare_2024_11_12" => ["compare", "--date", "2024-11-12"];
    deals_table: "deals_table" => ["deals"];
    network_fit_table: "network_fit" => ["network", "fit"];
    validate_lists_every_problem_of_a_broken_scenario: "validate_six_problems" =>
        ["validate", path(fixtures().join("six_problems.toml"))];
    error_bad_flag_value: "error_discount_rate_out_of_range" =>
        ["compare", "--date", "2024-11-12", "--discount-rate", "7"];
    error_unknown_asic: "error_unknown_asic" =>
        ["mining", "--date", "2024-11-12", "--asic", "Antminer Z99"];
    error_date_outside_the_data: "error_date_outside_network_data" => ["network", "--date", "2030-01-01"];
    error_malformed_csv_import: "error_import_malformed_csv" =>
        ["data", "import", "--kind", "network", path(fixtures().join("bad_price.csv"))];
}

#[test]
fn dispatch_readme_command() {
    let mut args = crate::common::words(
        "dispatch --hub HB_WEST --from 2024-01-01 --to 2024-12-31 --mw 100 --fixed-price-usd-per-mwh 30 --sell-back",
    );
    args.extend(["--asic", "Antminer S21"]);
    let s = screen(&args);
    insta::assert_snapshot!("dispatch_hb_west_2024_fixed_30_sell_back", s);
}
