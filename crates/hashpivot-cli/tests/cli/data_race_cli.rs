//! `data remove` racing an import: both take the data directory's lock, so a remove started while an import
//! is mid-way waits for it, and the directory ends in one state or the other, never a mix.

use crate::common;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn a_remove_waits_for_an_import_in_progress() {
    let (data, src) = common::one_network_import();
    let second = common::file_in(src.path(), "b.csv", "date,price_usd\n2026-09-02,92000\n");
    let mut import = common::paused_network_import(data.path(), &second);
    let bin = assert_cmd::cargo::cargo_bin("hashpivot");
    // The import holds the lock with its data stored and its manifest not yet written: remove must wait.
    let mut remove = Command::new(&bin)
        .env("HASHPIVOT_DATA_DIR", data.path())
        .args(["data", "remove", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        remove.try_wait().unwrap().is_none(),
        "remove ran while the import held the lock"
    );
    // The import dies mid-way (kill -9): the lock is released, remove runs on the previous state.
    import.kill().unwrap();
    import.wait().unwrap();
    let out = remove.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("removed import #1"));
    let list = common::stdout_of(data.path(), &["data", "list", "--json"]);
    assert_eq!(list.trim(), "[]");
    let left: Vec<_> = std::fs::read_dir(data.path().join("imports"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
