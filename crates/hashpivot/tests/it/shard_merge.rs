//! A run split into shards and merged equals the single run: the same report (every figure, every path) and
//! the same base-case rows, for any number of shards and any order the shards arrive in.

use crate::common::{parse, prepare};
use hashpivot::sim::{self, Shard, ShardKey, ShardPaths};

const GALAXY: &str = include_str!("../../../../examples/galaxy_helios.toml");

/// The shards of a run of `paths` paths in `count` shards, each through the bytes a shard folder holds,
/// listed last shard first.
fn shards(p: &sim::Prepared<'_>, paths: u64, seed: u64, count: u64) -> Vec<ShardPaths> {
    (1..=count)
        .rev()
        .map(|k| {
            let shard = Shard::new(k, count).unwrap();
            let run = sim::run_shard(p, paths, seed, shard, &|| {}).unwrap();
            let bytes = sim::encode_paths(&run);
            ShardPaths {
                key: ShardKey::new(GALAXY, paths, seed, shard).unwrap(),
                paths: sim::decode_paths(&bytes, "paths.bin").unwrap(),
            }
        })
        .collect()
}

#[test]
fn merged_shards_equal_the_single_run() {
    let sc = parse(GALAXY);
    let p = prepare(&sc);
    let (single, rows) = sim::run(&p, 48, 11, false, &|| {});
    for count in [1, 3, 8] {
        let (merged, merged_rows) = sim::merge(&p, shards(&p, 48, 11, count)).unwrap();
        assert_eq!(merged, single, "{count} shards");
        assert_eq!(merged_rows, rows);
        assert_eq!(
            serde_json::to_string(&merged.summary).unwrap(),
            serde_json::to_string(&single.summary).unwrap()
        );
    }
}

#[test]
fn a_merge_refuses_shards_that_do_not_fit_their_range() {
    let sc = parse(GALAXY);
    let p = prepare(&sc);
    let mut s = shards(&p, 12, 3, 2);
    s[0].paths.pop();
    let e = sim::merge(&p, s).unwrap_err();
    assert_eq!(e.position, Some(0));
    assert_eq!(
        e.to_string(),
        "invalid shard paths: found 5 paths, expected paths 6..12 in order"
    );
    let mut s = shards(&p, 12, 3, 2);
    s[1].paths.swap(0, 1);
    assert_eq!(
        sim::merge(&p, s).unwrap_err().to_string(),
        "invalid shard paths: found path 1 where path 0 belongs, expected paths 0..6 in order"
    );
}
