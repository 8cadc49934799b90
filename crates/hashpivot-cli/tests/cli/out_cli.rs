//! End-to-end: `run --out DIR` writes its files as one set — refused into a folder hashpivot did not write
//! (unless --force), never interleaved by concurrent runs.

use crate::common;
use std::path::Path;
use std::process::{Command, Stdio};

const FILES: [&str; 4] = [
    "summary.json",
    "cashflows_base.csv",
    "paths.csv",
    "paths.parquet",
];

fn run_into(data: &Path, out: &Path, seed: &str) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("hashpivot"))
        .env("HASHPIVOT_DATA_DIR", data)
        .arg("run")
        .arg(common::examples().join("pure_miner.toml"))
        .args(["--paths", "30", "--quiet", "--seed", seed, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn set(dir: &Path) -> Vec<Vec<u8>> {
    FILES
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect()
}

#[test]
fn concurrent_runs_into_one_folder_leave_one_whole_set() {
    let data = tempfile::tempdir().unwrap();
    // Each seed's set, written alone.
    let alone: Vec<Vec<Vec<u8>>> = ["1", "2"]
        .iter()
        .map(|s| {
            let out = data.path().join(format!("alone{s}"));
            assert!(run_into(data.path(), &out, s).wait().unwrap().success());
            set(&out)
        })
        .collect();
    assert_ne!(alone[0][0], alone[1][0]);
    let shared = data.path().join("shared");
    for _ in 0..3 {
        let kids: Vec<_> = ["1", "2", "1", "2"]
            .iter()
            .map(|s| run_into(data.path(), &shared, s))
            .collect();
        for k in kids {
            let o = k.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let got = set(&shared);
        assert!(got == alone[0] || got == alone[1], "a mixed set");
    }
    // Nothing left beside it but the sets.
    let mut left: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hashpivot-"))
        .collect();
    left.sort();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_folder_hashpivot_did_not_write_needs_force() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("notes");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep").unwrap();
    let o = run_into(data.path(), &out, "1").wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is not empty and was not written by hashpivot"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt")).unwrap(),
        "keep"
    );
    let file = common::examples().join("pure_miner.toml");
    common::hashpivot(data.path())
        .arg("run")
        .arg(&file)
        .args(["--paths", "10", "--quiet", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("mine.txt").exists());
    assert!(out.join(hashpivot_output::MARKER).exists());
    // A folder it wrote is replaced without --force.
    common::hashpivot(data.path())
        .arg("run")
        .arg(&file)
        .args(["--paths", "10", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn a_killed_run_leaves_the_previous_set_and_the_next_run_cleans_up() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("out");
    assert!(run_into(data.path(), &out, "1").wait().unwrap().success());
    let before = set(&out);
    // A long run into the same folder, killed while it simulates (its staging folder exists by then).
    let mut long = Command::new(assert_cmd::cargo::cargo_bin("hashpivot"))
        .env("HASHPIVOT_DATA_DIR", data.path())
        .arg("run")
        .arg(common::examples().join("pure_miner.toml"))
        .args(["--paths", "1000000", "--quiet", "--threads", "1", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = |d: &Path| {
        std::fs::read_dir(d).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".out.hashpivot-tmp-")
        })
    };
    let start = std::time::Instant::now();
    while !staging(data.path()) {
        assert!(start.elapsed().as_secs() < 30, "no staging folder");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    long.kill().unwrap();
    long.wait().unwrap();
    assert_eq!(set(&out), before);
    assert!(run_into(data.path(), &out, "2").wait().unwrap().success());
    assert!(!staging(data.path()));
    assert_ne!(set(&out), before);
}
