//! End-to-end: `run --shard k/K --out DIR` then `merge DIR... --out DIR` writes the single run's files byte for
//! byte, and a merge of shards that do not belong together is refused, naming the folder.

use crate::common::{self, hashpivot};
use std::path::{Path, PathBuf};

/// The files of `run --out`, which a merge must reproduce exactly.
const FILES: [&str; 4] = [
    "summary.json",
    "paths.csv",
    "paths.parquet",
    "cashflows_base.csv",
];

/// `hashpivot run EXAMPLE --paths N --seed S --quiet --threads 1 [extra] --out OUT`; panics on failure.
fn run(data: &Path, example: &str, paths: u64, seed: u64, extra: &[&str], out: &Path) {
    let o = hashpivot(data)
        .arg("run")
        .arg(common::examples().join(example))
        .args(["--paths", &paths.to_string(), "--seed", &seed.to_string()])
        .args(["--quiet", "--threads", "1"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The K shard folders of a run, under `dir`.
fn shards(
    data: &Path,
    example: &str,
    paths: u64,
    seed: u64,
    count: u64,
    dir: &Path,
) -> Vec<PathBuf> {
    (1..=count)
        .map(|k| {
            let out = dir.join(format!("shard{k}of{count}"));
            run(
                data,
                example,
                paths,
                seed,
                &["--shard", &format!("{k}/{count}")],
                &out,
            );
            out
        })
        .collect()
}

/// `run pure_miner.toml --paths 4 --shard SHARD --out OUT`, which must fail.
fn refused_run(data: &Path, shard: &str, out: &Path) -> assert_cmd::assert::Assert {
    hashpivot(data)
        .arg("run")
        .arg(common::examples().join("pure_miner.toml"))
        .args(["--paths", "4", "--shard", shard, "--out"])
        .arg(out)
        .assert()
        .failure()
}

fn merge(data: &Path, dirs: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    hashpivot(data)
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn merged_shards_equal_the_single_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // A lease with a tenant default draw, a terminal value and loans: every column of the summary moves.
    let (example, paths) = ("galaxy_helios.toml", 48);
    let single = t.join("single");
    run(t, example, paths, 5, &[], &single);
    for count in [1, 3, 8] {
        let mut dirs = shards(t, example, paths, 5, count, t);
        // The order the folders are given in does not matter.
        dirs.reverse();
        let merged = t.join(format!("merged{count}"));
        merge(t, &dirs, &merged).success();
        for f in FILES {
            let (a, b) = (single.join(f), merged.join(f));
            let same = std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap();
            assert!(same, "{count} shards: {f} differs");
        }
    }
}

#[test]
fn a_merge_refuses_shards_that_do_not_belong_together() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let s = shards(t, "pure_miner.toml", 12, 1, 3, t);
    let out = t.join("merged");
    let fails = |dirs: &[PathBuf], message: &str| {
        merge(t, dirs, &out)
            .failure()
            .stderr(predicates::str::contains(message));
        assert!(!out.exists(), "a refused merge wrote {}", out.display());
    };
    let name = |p: &PathBuf| p.display().to_string();
    fails(
        &[s[0].clone(), s[2].clone()],
        "error: invalid shards: found 2 of 3, missing 2/3, expected every shard from 1/3 to 3/3 once \
         (folders given: ",
    );
    let twice = [s[0].clone(), s[1].clone(), s[1].clone(), s[2].clone()];
    fails(
        &twice,
        &format!(
            "error: shard folder {} conflicts with {}: invalid shard: found 2/3, expected each shard once",
            name(&s[1]),
            name(&s[1])
        ),
    );
    let seed7 = t.join("seed7");
    run(t, "pure_miner.toml", 12, 7, &["--shard", "2/3"], &seed7);
    fails(
        &[s[0].clone(), seed7.clone(), s[2].clone()],
        &format!(
            "error: shard folder {} conflicts with {}: invalid seed: found 7, expected 1, as in the first shard",
            name(&seed7),
            name(&s[0])
        ),
    );
    let other = t.join("other");
    run(t, "galaxy_helios.toml", 12, 1, &["--shard", "2/3"], &other);
    fails(
        &[s[0].clone(), other.clone(), s[2].clone()],
        &format!("error: shard folder {} conflicts with", name(&other)),
    );
    fails(
        &[s[0].clone(), s[1].clone(), t.join("nowhere")],
        "is not a whole shard folder",
    );
    // A scenario edited in a shard folder after its run.
    let edited = t.join("edited");
    std::fs::create_dir(&edited).unwrap();
    for f in std::fs::read_dir(&s[0]).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, edited.join(f.file_name().unwrap())).unwrap();
    }
    let f = edited.join("scenario.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replacen("name =", "name = \"x\"\nn =", 1)).unwrap();
    fails(
        &[edited.clone(), s[1].clone(), s[2].clone()],
        "scenario.toml was changed after the run",
    );
    // More shards than paths, and a shard number outside 1..=K, are refused before anything is written.
    refused_run(t, "1/5", &out).stderr(predicates::str::contains(
        "error: invalid shard count K: found 5, expected at most the number of paths (4), so that every shard has \
         a path",
    ));
    assert!(!out.exists());
    refused_run(t, "6/5", &out).stderr(predicates::str::contains(
        "invalid value '6/5' for '--shard <k/K>': invalid shard k: found 6/5, expected a shard from 1 to 5",
    ));
}
