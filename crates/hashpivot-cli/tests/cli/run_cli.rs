//! End-to-end tests of `run`, `validate` and `schema`.

use crate::common;
use common::{examples, hashpivot};
use std::path::{Path, PathBuf};

/// `hashpivot run FILE EXTRA…`: its output, whatever the exit status.
fn run_file(data_dir: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    hashpivot(data_dir)
        .arg("run")
        .arg(file)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn one_and_two_threads_give_identical_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = examples().join("terawulf.toml");
    let out = |t: &str| {
        let o = run_file(
            dir.path(),
            &f,
            &["--paths", "300", "--seed", "9", "--json", "--threads", t],
        );
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
        "npv_by_class_usd",
        "discount_rates",
        "debt_rates",
        "ebitda_accrual_usd_by_year",
        "cases",
        "assumptions",
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
        common::run(dir.path(), "validate", Some(&p)).success();
        let out = dir.path().join(p.file_stem().unwrap());
        let o = run_file(
            dir.path(),
            &p,
            &["--paths", "40", "--out", out.to_str().unwrap()],
        );
        assert!(
            o.status.success(),
            "{}: {}",
            p.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("NPV"));
        for f in [
            "summary.json",
            "cashflows_base.csv",
            "paths.csv",
            "paths.parquet",
        ] {
            assert!(out.join(f).exists(), "{} {f}", p.display());
        }
        let paths = std::fs::read_to_string(out.join("paths.csv")).unwrap();
        assert_eq!(paths.lines().count(), 41);
    }
    assert!(n >= 6, "{n} examples");
}

#[test]
fn paths_parquet_holds_the_rows_columns_and_values_of_paths_csv() {
    use parquet::basic::Repetition;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // iren.toml has paths whose NPV never crosses zero, so no IRR.
    let f = examples().join("iren.toml");
    let o = run_file(
        dir.path(),
        &f,
        &["--paths", "57", "--quiet", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("paths.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 57);

    let file = std::fs::File::open(out.join("paths.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 57);
    let fields = meta.schema().get_fields();
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    assert_eq!(names, header);
    // Only `irr` may be missing.
    for f in fields {
        let want = if f.name() == "irr" {
            Repetition::OPTIONAL
        } else {
            Repetition::REQUIRED
        };
        assert_eq!(f.get_basic_info().repetition(), want, "{}", f.name());
    }
    // Every value equals its CSV cell; a NULL is an empty cell.
    let mut nulls = 0;
    for (row, cells) in reader.get_row_iter(None).unwrap().zip(&cells) {
        let row = row.unwrap();
        for ((name, field), cell) in row.get_column_iter().zip(cells) {
            match field {
                Field::Long(v) => assert_eq!(v.to_string(), *cell, "{name}"),
                Field::Double(v) => assert_eq!(*v, cell.parse::<f64>().unwrap(), "{name}"),
                Field::Null => {
                    assert_eq!((name.as_str(), *cell), ("irr", ""), "{name}");
                    nulls += 1;
                }
                other => panic!("{name}: unexpected {other:?}"),
            }
        }
    }
    assert!(nulls > 0, "no path without an IRR: the NULL is untested");
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let m = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), m)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn bad_scenarios_report_every_problem_and_touch_no_file() {
    // Schema problems: unknown field, wrong unit (a string where USD/MWh is expected), negative MW.
    let (dir, schema_bad) = common::dir_with(
        "schema_bad.toml",
        "[company]\nname = \"x\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"a\"\nmw = 5\nmw_gross = -5\npower = { contract = \"index\", adder_usd_per_mwh = \"3 $/MWh\" }\n",
    );
    // Rule problems: IT MW above gross MW, a conversion after the horizon, a deal id that does not exist.
    let rules_bad = common::file_in(
        dir.path(),
        "rules_bad.toml",
        "[company]\nname = \"x\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"b\"\nmw_gross = 100\npower = { contract = \"fixed\", price_usd_per_mwh = 30 }\n\n[[conversions]]\nname = \"c\"\nsite = \"b\"\nstart_month = \"2031-01\"\nmw_it = 150\npue = 1.3\ncapex_usd_per_mw_it = 9e6\nuse = \"lease\"\ndeal = \"no-such-deal\"\n",
    );
    // All six in one file: the schema stage and the rules stage report together, in file order.
    let all_bad = dir.path().join("all_bad.toml");
    std::fs::write(
        &all_bad,
        r#"[company]
name = "six problems"
horizon_years = 2
discount_rate = 0.1

[[sites]]
name = "a"
mw_gross = 100
capacity_kw = 5000
power = { contract = "index", adder_usd_per_mwh = "3 $/MWh" }
hosting = { mw_gross = -5, rate_usd_per_mwh = 10 }

[[conversions]]
name = "c"
site = "a"
start_month = "2031-01"
mw_it = 150
pue = 1.3
capex_usd_per_mw_it = 9e6
use = "lease"
deal = "no-such-deal"
"#,
    )
    .unwrap();
    let cases: [(&Path, &[&str]); 3] = [
        (
            &schema_bad,
            &[
                "8:1: sites[0].mw: found unknown field `mw` (did you mean `mw_gross`?)",
                "9:12: sites[0].mw_gross: found -5, expected a number in [0, 1000000]",
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
        (
            &all_bad,
            &[
                "9:1: sites[0].capacity_kw: found unknown field `capacity_kw`",
                "10:51: sites[0].power.adder_usd_per_mwh: found \"3 $/MWh\", expected a number",
                "11:24: sites[0].hosting.mw_gross: found -5, expected a number in [0, 1000000]",
                "16:15: conversions[0].start_month: found 2031-01, after the horizon",
                "17:9: conversions[0].mw_it: found 150 MW IT, expected at most the site's 100 MW gross",
                "21:8: conversions[0].deal: found \"no-such-deal\", which is not in the deal library",
            ],
        ),
    ];
    for (file, expected) in cases {
        // An output directory that already holds files: a failed run must leave it exactly as it was.
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("paths.csv"), "old\n").unwrap();
        std::fs::write(out.join("summary.json"), "{}\n").unwrap();
        let before = snapshot(&out);
        let o = run_file(dir.path(), file, &["--out", out.to_str().unwrap()]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("has {} problems", expected.len())),
            "{err}"
        );
        // In file order (sorted by line and column), each with its line:column.
        let mut at = 0;
        for e in expected {
            let i = err[at..]
                .find(e)
                .unwrap_or_else(|| panic!("missing (or out of order) `{e}` in:\n{err}"));
            at += i + e.len();
        }
        assert_eq!(snapshot(&out), before, "a failed run must not touch --out");
        let v = hashpivot(dir.path())
            .args(["validate", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!v.status.success());
        assert_eq!(
            v.stderr, o.stderr,
            "validate and run report the same problems"
        );
    }
}

#[test]
fn schema_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = hashpivot(dir.path()).arg("schema").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["properties"]["sites"].is_object());
}

#[test]
fn bench_run_reports_the_threads_it_ran_on() {
    let data = tempfile::tempdir().unwrap();
    for t in ["1", "2"] {
        let out = hashpivot(data.path())
            .args(["bench", "run", "--paths", "4", "--threads", t, "--file"])
            .arg(examples().join("pure_miner.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("\nthreads {t}\n")), "{text}");
    }
}

/// An unknown ASIC in a scenario: the issue says what the library has, and the CLI adds the command that lists it
/// (the core's issue never names a command).
#[test]
fn an_unknown_asic_in_a_scenario_points_to_the_asic_library() {
    let (dir, file) = common::dir_with(
        "bad_asic.toml",
        "[company]\nname = \"x\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"s\"\nmw_gross = 10\n\
         power = { contract = \"fixed\", price_usd_per_mwh = 40.0 }\n\
         fleet = { asics = [{ model = \"Antminer S99\", count = 10 }] }\n",
    );
    common::fails_on(
        dir.path(),
        "validate",
        &file,
        "sites[0].fleet.asics[0].model: found \"Antminer S99\", expected a model of the ASIC library: unknown ASIC \
         model 'Antminer S99' (did you mean Antminer S9?); `hashpivot asics` lists the library",
    );
}

#[test]
fn the_pure_miner_summary_shows_the_replayed_power_years_and_their_shares() {
    let dir = tempfile::tempdir().unwrap();
    let file = examples().join("pure_miner.toml");
    let out = run_file(dir.path(), &file, &["--paths", "20", "--quiet"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        common::says(
            &text,
            "power years replayed (default: complete years under the current cap; current ERCOT cap $5,000/MWh): \
             2022 (cap $5,000, costs 25%, sales 0%) · 2023 (cap $5,000, costs 25%, sales 0%) · \
             2024 (cap $5,000, costs 24%, sales 0%) · 2025 (cap $5,000, costs 26%, sales 0%)"
        ),
        "{text}"
    );
    let out = run_file(dir.path(), &file, &["--paths", "20", "--quiet", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let years = v["power_years"]["years"].as_array().unwrap();
    assert_eq!(years.len(), 4);
    assert_eq!(years[0]["year"], 2022);
    assert_eq!(years[0]["stress"], false);
    assert!(v["power_years"]["warnings"].as_array().unwrap().is_empty());
    // A miner, not a power trader (it buys at index and sells no power back): power sales under 25% of the
    // revenue of every year of the mix.
    for y in v["revenue_mix_by_year"].as_array().unwrap() {
        let part = |k: &str| y[k].as_f64().unwrap();
        let total =
            part("self_mining") + part("hosting_lease") + part("gpu_cloud") + part("power_sales");
        assert!(total > 0.0 && part("power_sales") / total < 0.25, "{y}");
    }
}

#[test]
fn every_example_lists_its_value_moving_defaults_with_a_basis() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(examples()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().and_then(|x| x.to_str()) != Some("toml") {
            continue;
        }
        let out = run_file(dir.path(), &p, &["--paths", "20", "--quiet", "--json"]);
        assert!(out.status.success(), "{}", p.display());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let list = v["assumptions"].as_array().unwrap();
        let names: Vec<&str> = list.iter().map(|a| a["name"].as_str().unwrap()).collect();
        for a in list {
            let b = &a["basis"];
            let ok = match b["kind"].as_str().unwrap() {
                "stated" => true,
                "library" => !b["entry"].as_str().unwrap().is_empty(),
                "default" => !b["reason"].as_str().unwrap().is_empty(),
                other => panic!("{}: basis {other}", p.display()),
            };
            assert!(ok && a["value"].is_number(), "{}: {a}", p.display());
        }
        // The defaults that move every example's value: the class rates, the tax lives and the power years.
        for n in [
            "company.discount_rates.mining",
            "company.depreciation_lives.gpus",
            "company.loss_offset_limit",
        ] {
            assert!(names.contains(&n), "{}: {n} in {names:?}", p.display());
        }
        // The supply response, wherever it is omitted, with its taper and each lease's tenant hazard.
        let text = std::fs::read_to_string(&p).unwrap();
        if text.contains("hashrate = { model = \"supply_response\" }") {
            for n in [
                "market.hashrate.base_growth_per_year",
                "market.hashrate.marginal_efficiency_gain_per_year",
                "market.hashrate.marginal_efficiency_taper_per_year",
            ] {
                assert!(names.contains(&n), "{}: {n}", p.display());
            }
        }
        // The power years, wherever the bootstrap's years are omitted.
        if text.contains("power = { model = \"bootstrap\" }") {
            assert!(names.contains(&"market.power.years"), "{}", p.display());
        }
        if text.contains("use = \"lease\"") {
            assert!(
                names
                    .iter()
                    .any(|n| n.ends_with("tenant_credit.hazard_per_year")),
                "{}: {names:?}",
                p.display()
            );
        }
    }
}
