use super::*;

fn key(k: u64, count: u64, paths: u64, seed: u64) -> ShardKey {
    ShardKey::new("[company]\n", paths, seed, Shard::new(k, count).unwrap()).unwrap()
}

#[test]
fn shard_ranges_are_contiguous_cover_every_path_once_and_differ_by_at_most_one() {
    for (n, count) in [
        (48, 1),
        (48, 3),
        (48, 8),
        (10, 3),
        (7, 7),
        (1_000_001, 8),
        (5, 4),
    ] {
        let ranges: Vec<Range<u64>> = (1..=count)
            .map(|k| Shard::new(k, count).unwrap().paths(n).unwrap())
            .collect();
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().unwrap().end, n);
        for w in ranges.windows(2) {
            assert_eq!(w[0].end, w[1].start, "{n} paths in {count}");
        }
        let sizes: Vec<u64> = ranges.iter().map(|r| r.end - r.start).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(*lo >= 1 && hi - lo <= 1, "{n} paths in {count}: {sizes:?}");
    }
    // 10 paths in 3 shards: 3, 3, 4 (⌊k·N/K⌋ edges 0, 3, 6, 10).
    let r: Vec<_> = (1..=3)
        .map(|k| Shard::new(k, 3).unwrap().paths(10).unwrap())
        .collect();
    assert_eq!(r, vec![0..3, 3..6, 6..10]);
}

#[test]
fn more_shards_than_paths_and_bad_shard_numbers_are_refused() {
    let e = Shard::new(2, 5).unwrap().paths(4).unwrap_err().to_string();
    assert_eq!(
        e,
        "invalid shard count K: found 5, expected at most the number of paths (4), so that every shard has a path"
    );
    assert_eq!(
        Shard::new(0, 3).unwrap_err().to_string(),
        "invalid shard k: found 0/3, expected a shard from 1 to 3"
    );
    assert_eq!(
        Shard::new(4, 3).unwrap_err().to_string(),
        "invalid shard k: found 4/3, expected a shard from 1 to 3"
    );
    assert!(Shard::new(1, 0).is_err());
    assert_eq!(Shard::parse(" 3/8 ").unwrap(), Shard::new(3, 8).unwrap());
    assert_eq!(Shard::parse("3/8").unwrap().to_string(), "3/8");
    for bad in ["3", "a/8", "3/", "-1/8", "3/8/9"] {
        assert!(Shard::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(
        Shard::parse("3").unwrap_err().to_string(),
        "invalid shard: found 3, expected k/K with whole numbers 1 ≤ k ≤ K, e.g. 3/8"
    );
}

#[test]
fn check_shards_orders_the_shards_and_names_the_one_that_does_not_belong() {
    let order = check_shards(&[key(3, 3, 48, 1), key(1, 3, 48, 1), key(2, 3, 48, 1)]).unwrap();
    assert_eq!(order, vec![1, 2, 0]);

    let e = check_shards(&[key(1, 3, 48, 1), key(3, 3, 48, 1)]).unwrap_err();
    assert_eq!(e.position, None);
    assert_eq!(
        e.to_string(),
        "invalid shards: found 2 of 3, missing 2/3, expected every shard from 1/3 to 3/3 once"
    );

    let e = check_shards(&[key(1, 2, 48, 1), key(2, 2, 48, 7)]).unwrap_err();
    assert_eq!((e.position, e.other), (Some(1), Some(0)));
    assert_eq!(
        e.to_string(),
        "invalid seed: found 7, expected 1, as in the first shard"
    );

    let e = check_shards(&[key(1, 2, 48, 1), key(2, 2, 48, 1), key(2, 2, 48, 1)]).unwrap_err();
    assert_eq!((e.position, e.other), (Some(2), Some(1)));
    assert_eq!(
        e.to_string(),
        "invalid shard: found 2/2, expected each shard once"
    );

    let mut other = key(2, 2, 48, 1);
    other.scenario_hash = scenario_fingerprint("[company]\nname = \"x\"\n");
    let e = check_shards(&[key(1, 2, 48, 1), other]).unwrap_err();
    assert_eq!(e.position, Some(1));
    assert!(
        e.to_string()
            .starts_with("invalid scenario_hash: found fnv1a64:")
    );

    let mut moved = key(2, 2, 48, 1);
    moved.path_start = 23;
    let e = check_shards(&[key(1, 2, 48, 1), moved]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid path range: found paths 23..48, expected paths 24..48 for shard 2/2"
    );
    assert!(check_shards(&[]).is_err());
}

#[test]
fn the_fingerprint_is_fnv1a_of_the_text() {
    // FNV-1a 64 of the empty string is its offset basis; of "a" the published test vector.
    assert_eq!(scenario_fingerprint(""), "fnv1a64:cbf29ce484222325");
    assert_eq!(scenario_fingerprint("a"), "fnv1a64:af63dc4c8601ec8c");
}

#[test]
fn path_summaries_round_trip_through_bytes_bit_for_bit() {
    let summary = |path: u64, irr: Option<f64>| {
        let mut beta = OlsSums::default();
        beta.add(0.1 * path as f64, -3.0);
        beta.add(-0.2, 1.0 / 3.0);
        PathSummary {
            path,
            npv_usd: -1.0 / 3.0 * path as f64,
            npv_by_class_usd: NpvByClass::from_array(std::array::from_fn(|k| k as f64 + 0.1)),
            npv_without_terminal_usd: f64::MIN_POSITIVE,
            irr,
            btc_mined: 12.5,
            mining_cost_usd: 1e12 / 7.0,
            final_btc_usd: 123_456.789,
            terminal_value_usd: -0.0,
            ebitda_usd_by_year: vec![1.0, 2.0 / 3.0],
            ebitda_accrual_usd_by_year: vec![3.0, f64::MAX],
            revenue_usd_by_year: vec![[1.0, 2.0, 3.0, 4.0], [0.1, 0.2, 0.3, 0.4]],
            beta,
            beta_by_year: vec![beta, OlsSums::default()],
        }
    };
    let paths = vec![
        summary(5, Some(0.123)),
        summary(6, None),
        summary(7, Some(0.0)),
    ];
    let bytes = encode_paths(&paths);
    assert_eq!(bytes.len(), 24 + 3 * (22 + 2 * 11) * 8);
    let back = decode_paths(&bytes, "paths.bin").unwrap();
    assert_eq!(back, paths);
    assert!(back[0].terminal_value_usd.is_sign_negative());
    assert_eq!(decode_paths(&encode_paths(&[]), "x").unwrap(), vec![]);

    let e = decode_paths(&bytes[..bytes.len() - 8], "paths.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "paths.bin, line 1: 1072 bytes for 3 paths of 2 years, expected 1080"
    );
    let e = decode_paths(b"not paths", "x.bin").unwrap_err();
    assert_eq!(
        e.to_string(),
        "x.bin, line 1: not a file of hashpivot path summaries (HPPATHS1)"
    );
}
