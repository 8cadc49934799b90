//! Fuzzing on the stable toolchain: generated scenarios (structure-aware edits of the examples' TOML trees and
//! byte mutations of their text) through the parser, the rules and the engine, and generated CSV files through
//! the importers (network table with prices, hourly power prices, BTC price paths). Properties: no panic; no
//! NaN or inf in any output; every number of an accepted scenario within the schema's bound (the `bounds`
//! constants); a scenario the checks accept runs; no fleet mines more BTC than the network issues in a month;
//! each case within a time bound.
//!
//! `cargo test` runs a short, deterministic sample (fixed seed and case counts). The long run is the ignored
//! test `fuzz::long`, sized by `HASHPIVOT_FUZZ_CASES` (default 1,000,000); `cargo xtask fuzz --cases N` runs it
//! on a release build. docs/fuzzing.md has its figures. Inputs that once failed are kept in `fuzz/corpus/`
//! and replayed by `fuzz::corpus_replays`.

mod csv_gen;
mod finite;
mod scenario_gen;
mod schema;

use crate::common::{ctx, parse_result};
use hashpivot::bounds::{self, Bound};
use hashpivot::data::{self, DateWindow};
use hashpivot::network::{MAX_BLOCKS_PER_DAY, MAX_HEIGHT};
use hashpivot::scenario::BtcModel;
use hashpivot::sim::{self, Prepared};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use schema::Step;
use std::cell::RefCell;
use std::time::{Duration, Instant};

/// A case taking longer than this is a hang (the threshold).
const CASE_LIMIT: Duration = Duration::from_secs(20);
/// Paths of the run of an accepted scenario (its horizon is two years unless an edit changed it).
const RUN_PATHS: u64 = 2;

/// What a fuzz target saw.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Cases generated.
    pub cases: u64,
    /// Cases the parser or importer accepted.
    pub accepted: u64,
    /// Accepted scenarios that were run.
    pub runs: u64,
    /// The slowest case.
    pub slowest: Duration,
}

fn runner(cases: u32, seed: u8) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 4_000,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

fn within(b: &Bound, v: f64, what: &str) -> Result<(), TestCaseError> {
    if b.contains(v) {
        Ok(())
    } else {
        Err(fail(format!(
            "accepted {what} = {v}, outside [{}, {}]",
            b.min, b.max
        )))
    }
}

/// Every number of the document `doc` within the range the schema gives its field.
fn numbers_within_schema(v: &toml::Value, path: &mut Vec<Step>) -> Result<(), String> {
    match v {
        toml::Value::Table(t) => {
            for (k, c) in t {
                path.push(Step::Key(k.clone()));
                numbers_within_schema(c, path)?;
                path.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(Step::Index(i));
                numbers_within_schema(c, path)?;
                path.pop();
            }
        }
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            let x = v
                .as_float()
                .unwrap_or_else(|| v.as_integer().unwrap() as f64);
            if let Some((lo, hi)) = schema::range(path)
                && !(lo <= x && x <= hi)
            {
                return Err(format!(
                    "accepted {path:?} = {x}, outside the schema's [{lo}, {hi}]"
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Days in a `YYYY-MM` month.
fn days_in(month: &str) -> f64 {
    let first = hashpivot::Date::parse(&format!("{month}-01")).expect("a month");
    let (y, m, _) = first.ymd();
    let next = if m == 12 {
        format!("{}-01-01", y + 1)
    } else {
        format!("{y}-{:02}-01", m + 1)
    };
    first.days_until(hashpivot::Date::parse(&next).unwrap()) as f64
}

/// The time bound of a case started at `t0`, and the slowest case so far.
fn timed(t0: Instant, stats: &RefCell<Stats>) -> Result<(), TestCaseError> {
    let took = t0.elapsed();
    let mut s = stats.borrow_mut();
    s.slowest = s.slowest.max(took);
    if took > CASE_LIMIT {
        return Err(fail(format!("the case took {took:?}")));
    }
    Ok(())
}

/// Counts a case in `stats`, and an accepted one when the parser or importer accepted it (`parsed` is `Ok`);
/// returns what it accepted.
fn counted<T, E>(stats: &RefCell<Stats>, parsed: Result<T, E>) -> Option<T> {
    let mut s = stats.borrow_mut();
    s.cases += 1;
    let accepted = parsed.ok()?;
    s.accepted += 1;
    Some(accepted)
}

/// The scenario properties on one text; `run` also runs it when accepted.
pub fn check_scenario(text: &str, run: bool, stats: &RefCell<Stats>) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let parsed = counted(stats, parse_result(text));
    if t0.elapsed() > CASE_LIMIT {
        return Err(fail(format!("parsing took {:?}", t0.elapsed())));
    }
    let Some(mut sc) = parsed else {
        return timed(t0, stats);
    };
    if let Ok(doc) = toml::from_str::<toml::Value>(text) {
        numbers_within_schema(&doc, &mut Vec::new()).map_err(fail)?;
    }
    if let BtcModel::Csv { .. } = sc.market().btc() {
        // The CLI reads the file beside the scenario; the fuzzer gives two flat paths.
        sc.set_btc_paths(vec![vec![60_000.0; sc.months()]; 2])
            .map_err(|e| fail(e.to_string()))?;
    }
    if run {
        stats.borrow_mut().runs += 1;
        let p = Prepared::new(&sc, ctx().power).map_err(|e| {
            fail(format!(
                "the checks accepted the scenario but the run refused it: {e}"
            ))
        })?;
        let (report, rows) = sim::run(&p, RUN_PATHS, 42, false, &|| {});
        let bad = finite::non_finite(&report);
        if !bad.is_empty() {
            return Err(fail(format!("non-finite numbers in the report: {bad:?}")));
        }
        let bad = finite::non_finite(&rows);
        if !bad.is_empty() {
            return Err(fail(format!(
                "non-finite numbers in the monthly rows: {bad:?}"
            )));
        }
        for r in rows
            .iter()
            .filter(|r| r.site == "company" && r.month_index > 0)
        {
            // The network's BTC in the month: hashprice (USD/PH/day) × network PH/s / price × days.
            let issued = r.hashprice_usd_per_ph_day * r.network_eh_s * 1_000.0 / r.btc_price_usd
                * days_in(&r.month);
            if r.btc_mined > issued * (1.0 + 1e-9) + 1e-12 {
                return Err(fail(format!(
                    "{}: the fleets mined {} BTC, more than the network's {issued} BTC",
                    r.month, r.btc_mined
                )));
            }
        }
    }
    timed(t0, stats)
}

/// The window imports are read in: genesis to the end of 2027.
fn window() -> DateWindow {
    DateWindow::through_year(2027)
}

/// The network-import properties on one text: accepted rows within bounds; when `deep`, overlaid on the
/// bundled history and filled with its retargets, each imported day's economics finite.
pub fn check_network(text: &str, deep: bool, stats: &RefCell<Stats>) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let Some(csv) = counted(stats, data::parse_network_import(text, "n.csv", window())) else {
        return Ok(());
    };
    for d in &csv.days {
        let what = |f: &str| format!("{} {f}", d.date);
        prop_assert!(window().contains(d.date), "accepted date {}", d.date);
        if let Some(x) = d.difficulty {
            within(&bounds::DIFFICULTY, x, &what("difficulty"))?;
        }
        if let Some(x) = d.fees_btc {
            within(&bounds::FEES_BTC_PER_DAY, x, &what("fees per day"))?;
        }
        if let Some(x) = d.price_usd {
            within(&bounds::BTC_PRICE_USD, x, &what("price"))?;
        }
        prop_assert!(
            d.blocks.is_none_or(|b| b <= MAX_BLOCKS_PER_DAY),
            "accepted blocks {:?}",
            d.blocks
        );
        prop_assert!(
            d.height.is_none_or(|h| h <= MAX_HEIGHT),
            "accepted height {:?}",
            d.height
        );
    }
    if !deep {
        return timed(t0, stats);
    }
    stats.borrow_mut().runs += 1;
    if let Ok(h) = hashpivot::network::NetworkHistory::new(csv.days.clone()) {
        let merged = ctx()
            .network
            .overlaid_with(&h)
            .and_then(|m| m.with_retargets(&data::bundled_retargets().unwrap()));
        if let Ok(m) = merged {
            for d in &csv.days {
                if let Ok(e) = m.day(d.date, Default::default()) {
                    let bad = finite::non_finite(&e);
                    prop_assert!(
                        bad.is_empty(),
                        "non-finite economics on {}: {bad:?}",
                        d.date
                    );
                }
            }
        }
    }
    timed(t0, stats)
}

/// The power-import properties: every accepted price finite and within its bound, at a time in the window;
/// each hub's hourly series readable over its span.
pub fn check_power(text: &str, _deep: bool, stats: &RefCell<Stats>) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let Some(f) = counted(stats, data::parse_power_import(text, "p.csv", window())) else {
        return Ok(());
    };
    for (hub, hour, price) in f.book.points() {
        within(
            &bounds::MARKET_PRICE_USD_PER_MWH,
            price,
            &format!("{hub} {hour}"),
        )?;
        prop_assert!(
            window().contains_instant(hour * 3600),
            "accepted hour {hour}"
        );
    }
    let hubs: Vec<String> = f.book.hubs().map(String::from).collect();
    for hub in hubs {
        if let Some((from, to)) = f.book.span(&hub) {
            // A series with gaps is refused with the gap; a whole one is finite.
            if let Ok(s) = f.book.series(&hub, from, to + 1, "imported") {
                prop_assert!(
                    s.usd_per_mwh().iter().all(|x| x.is_finite()),
                    "non-finite series of {hub}"
                );
            }
        }
    }
    timed(t0, stats)
}

/// The BTC-paths properties: every accepted price finite and positive, each path long enough.
pub fn check_paths(text: &str, _deep: bool, stats: &RefCell<Stats>) -> Result<(), TestCaseError> {
    let Some(paths) = counted(stats, data::parse_btc_paths_csv(text, "b.csv", 3)) else {
        return Ok(());
    };
    for p in &paths {
        prop_assert!(
            p.len() >= 3 && p.iter().all(|x| x.is_finite() && *x > 0.0),
            "accepted path {p:?}"
        );
    }
    Ok(())
}

/// Prints a progress line every 50,000 cases, so a long run's figures survive an interrupted run.
#[allow(clippy::print_stderr)]
fn progress(name: &str, stats: &RefCell<Stats>, t0: Instant) {
    let s = stats.borrow();
    if s.cases.is_multiple_of(50_000) {
        eprintln!(
            "fuzz {name}: {} cases so far, {} accepted, {} run deep, {:?}",
            s.cases,
            s.accepted,
            s.runs,
            t0.elapsed()
        );
    }
}

/// Runs `cases` generated cases of each target from seed byte `seed`; one accepted case in `run_every` is run
/// (a scenario) or checked deeply (a network import overlaid on the bundled history). Returns the stats by
/// target.
pub fn fuzz_all(
    scenario_cases: u32,
    csv_cases: u32,
    seed: u8,
    run_every: u64,
) -> Vec<(&'static str, Stats)> {
    let mut out = Vec::new();
    let stats = RefCell::new(Stats::default());
    let t0 = Instant::now();
    let deep = |stats: &RefCell<Stats>| stats.borrow().accepted.is_multiple_of(run_every);
    let result = runner(scenario_cases, seed).run(&scenario_gen::case(), |c| {
        let text = scenario_gen::text(&c);
        check_scenario(&text, deep(&stats), &stats)?;
        progress("scenario", &stats, t0);
        Ok(())
    });
    if let Err(e) = result {
        panic!("scenario fuzzing failed: {e}");
    }
    out.push(("scenario", stats.take()));
    type Check = fn(&str, bool, &RefCell<Stats>) -> Result<(), TestCaseError>;
    type Text = fn(&csv_gen::CsvCase) -> String;
    let targets: [(&str, Text, Check, usize); 3] = [
        ("network csv", csv_gen::network_text, check_network, 9),
        ("power csv", csv_gen::power_text, check_power, 6),
        ("btc paths csv", csv_gen::paths_text, check_paths, 6),
    ];
    for (name, text, check, cols) in targets {
        let result = runner(csv_cases, seed).run(&csv_gen::csv_case(cols), |c| {
            check(&text(&c), deep(&stats), &stats)?;
            progress(name, &stats, t0);
            Ok(())
        });
        if let Err(e) = result {
            panic!("{name} fuzzing failed: {e}");
        }
        out.push((name, stats.take()));
    }
    out
}

#[allow(clippy::print_stderr)]
fn report(stats: &[(&str, Stats)], took: Duration) {
    for (name, s) in stats {
        eprintln!(
            "fuzz {name}: {} cases, {} accepted, {} run, slowest {:?}",
            s.cases, s.accepted, s.runs, s.slowest
        );
    }
    eprintln!(
        "fuzz: {} cases in {took:?}, 0 failures",
        stats.iter().map(|s| s.1.cases).sum::<u64>()
    );
}

/// The short run `cargo test` does: deterministic, a few seconds in a debug build.
#[test]
fn short() {
    let t0 = Instant::now();
    let stats = fuzz_all(300, 400, 1, 1);
    report(&stats, t0.elapsed());
    let s = &stats[0].1;
    assert!(
        s.accepted > 0 && s.runs > 0,
        "the generator reaches the engine: {s:?}"
    );
}

/// The long run: `HASHPIVOT_FUZZ_CASES` cases in all (default 1,000,000), `HASHPIVOT_FUZZ_SCENARIO_PERCENT`
/// of them scenarios (default 40) and the rest split evenly between the three CSV kinds; one accepted case in
/// `HASHPIVOT_FUZZ_RUN_EVERY` is run or checked deeply (default 1); from seed byte `HASHPIVOT_FUZZ_SEED`
/// (default 7). `cargo xtask fuzz --cases N` runs it on a release build.
#[test]
#[ignore = "long: run by `cargo xtask fuzz`"]
fn long() {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let total = env("HASHPIVOT_FUZZ_CASES", 1_000_000);
    let t0 = Instant::now();
    let scenario = total * env("HASHPIVOT_FUZZ_SCENARIO_PERCENT", 40).min(100) / 100;
    let stats = fuzz_all(
        scenario as u32,
        ((total - scenario) / 3) as u32,
        env("HASHPIVOT_FUZZ_SEED", 7) as u8,
        env("HASHPIVOT_FUZZ_RUN_EVERY", 1).max(1),
    );
    report(&stats, t0.elapsed());
}
