//! Helpers shared by the end-to-end tests (each test binary uses a subset, hence the allow).
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Whether human output says `expected`, whatever the line wrapping: both with every run of white space as one
/// space (the output wraps prose at 100 columns).
pub fn says(text: &str, expected: &str) -> bool {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    flat(text).contains(&flat(expected))
}

/// The `hashpivot` binary with its own user data directory, so imports from elsewhere never leak in.
pub fn hashpivot(data_dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hashpivot").unwrap();
    c.env("HASHPIVOT_DATA_DIR", data_dir)
        .env_remove("RUST_BACKTRACE");
    c
}

/// The repository's `examples/` directory.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The words of a command line, split at white space: `words("dispatch --hub HB_WEST")`.
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Runs `hashpivot` with the words of `line`, then `file` if given.
pub fn run(data_dir: &Path, line: &str, file: Option<&Path>) -> assert_cmd::assert::Assert {
    let mut c = hashpivot(data_dir);
    c.args(words(line));
    if let Some(f) = file {
        c.arg(f);
    }
    c.assert()
}

/// Runs `hashpivot` with the words of `line`; asserts that it fails and that stderr contains `message`.
pub fn fails_with(data_dir: &Path, line: &str, message: &str) {
    run(data_dir, line, None)
        .failure()
        .stderr(predicates::str::contains(message));
}

/// Runs `hashpivot` once per `(line, message)` case, with the words of the line, in one fresh data directory;
/// asserts that each fails, stderr containing its message (a failure shows the command it ran).
pub fn each_fails_with<'a, L: AsRef<str>>(cases: impl IntoIterator<Item = (L, &'a str)>) {
    let dir = tempfile::tempdir().unwrap();
    for (line, message) in cases {
        fails_with(dir.path(), line.as_ref(), message);
    }
}

/// Runs `hashpivot` with the words of `line` and then `file`; asserts that it fails, stderr containing `message`.
pub fn fails_on(data_dir: &Path, line: &str, file: &Path, message: &str) {
    run(data_dir, line, Some(file))
        .failure()
        .stderr(predicates::str::contains(message));
}

/// Runs `hashpivot` with the words of `line` and then the file `example` of `examples/`, in a fresh data
/// directory; asserts that it fails, stderr containing `message`.
pub fn fails_on_example(line: &str, example: &str, message: &str) {
    let dir = tempfile::tempdir().unwrap();
    fails_on(dir.path(), line, &examples().join(example), message);
}

/// Runs `hashpivot` with the words of `line`; asserts that it succeeds and that stdout contains `text`.
pub fn prints(data_dir: &Path, line: &str, text: &str) {
    run(data_dir, line, None)
        .success()
        .stdout(predicates::str::contains(text));
}

/// Runs `hashpivot args`; asserts that it succeeds (showing stderr when not) and returns stdout.
pub fn stdout_of(data_dir: &Path, args: &[&str]) -> String {
    let out = hashpivot(data_dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The rows of `data info --json` in `data_dir` about `field` whose origin begins with `origin` (`bundled`,
/// `imported`).
pub fn info_rows(data_dir: &Path, field: &str, origin: &str) -> Vec<serde_json::Value> {
    let info: serde_json::Value =
        serde_json::from_str(&stdout_of(data_dir, &["data", "info", "--json"])).unwrap();
    info.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["field"] == field && r["origin"].as_str().unwrap().starts_with(origin))
        .cloned()
        .collect()
}

/// Writes `text` to the file `name` in `dir` and returns its path.
pub fn file_in(dir: &Path, name: &str, text: &str) -> PathBuf {
    let f = dir.join(name);
    std::fs::write(&f, text).unwrap();
    f
}

/// A fresh data directory holding the file `name` with `text`, and that file's path (the directory lasts as long
/// as the returned guard).
pub fn dir_with(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let f = file_in(dir.path(), name, text);
    (dir, f)
}

/// A fresh data directory holding one network import (a price for 2026-09-01, from `a.csv`), and a second
/// fresh directory for the test's own source files.
pub fn one_network_import() -> (tempfile::TempDir, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let first = file_in(src.path(), "a.csv", "date,price_usd\n2026-09-01,91000\n");
    run(data.path(), "data import --kind network", Some(&first)).success();
    (data, src)
}

/// Starts `data import --kind network FILE` in `data_dir` with the test pause on, and waits until it has stored
/// its data and holds the lock, its manifest not yet written (it then sleeps 30 s: kill it, or let it finish).
pub fn paused_network_import(data_dir: &Path, file: &Path) -> std::process::Child {
    let marker = file.with_extension("paused");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hashpivot"))
        .env("HASHPIVOT_DATA_DIR", data_dir)
        .env("HASHPIVOT_TEST_PAUSE_BEFORE_COMMIT", &marker)
        .args(["data", "import", "--kind", "network"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the import never paused"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}
