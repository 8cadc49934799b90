//! Resource limits of a run, checked before anything large is allocated: the memory a Monte Carlo run will hold
//! is estimated from its paths and months and refused above a limit the user can raise.

use anyhow::{Result, bail};

/// The default memory limit of a run, GB.
pub const DEFAULT_MEMORY_LIMIT_GB: f64 = 4.0;

/// Bytes a run (or a merge of shards) holds, estimated: per path 400 B + 10 B per simulated month (its summary
/// and yearly figures: 13 numbers a year since the report's BTC and hashprice fans), and with `--out` 200 B +
/// 8 B per month more (the paths table and its CSV and Parquet encodings).
///
/// Measured (debug build, `/usr/bin/time -f %M`, examples/pure_miner.toml): +245 B per path at 10 years
/// (2,000 → 20,000 paths: 60.3 → 64.7 MB), +1,500 B at 30 years (1,000 → 11,000: 60.9 → 75.8 MB), +690 B at
/// 10 years with `--out` (1,000 → 21,000: 60.6 → 74.4 MB); release, examples/core_scientific.toml (10 years,
/// BENCHMARKS.md, sharded runs): a run of 125,000 paths with `--out` 322 MB (≈ 2,100 B a path), the merge of
/// 1,000,000 paths 2.08 GB. The estimate (2,760 B a path at 10 years with `--out`) is above each.
pub fn run_memory_bytes(paths: u64, months: usize, with_outputs: bool) -> f64 {
    let m = months as f64;
    let per_path = 400.0 + 10.0 * m + if with_outputs { 200.0 + 8.0 * m } else { 0.0 };
    paths as f64 * per_path
}

/// Refuses a run whose estimated memory is above `limit_gb`, before it starts.
pub fn check_run_memory(
    paths: u64,
    months: usize,
    with_outputs: bool,
    limit_gb: f64,
) -> Result<()> {
    if !(limit_gb.is_finite() && limit_gb > 0.0) {
        bail!("invalid --memory-limit-gb: found {limit_gb}, expected a number of GB > 0");
    }
    let need = run_memory_bytes(paths, months, with_outputs);
    if need > limit_gb * 1e9 {
        bail!(
            "a run of {paths} paths over {months} months{} needs about {:.1} GB, above the limit of {limit_gb} GB: \
             lower --paths, or raise the limit with --memory-limit-gb",
            if with_outputs { " with --out" } else { "" },
            need / 1e9
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_runs_are_refused_before_they_start() {
        assert!(check_run_memory(10_000, 120, true, DEFAULT_MEMORY_LIMIT_GB).is_ok());
        let err = check_run_memory(10_000_000, 360, false, DEFAULT_MEMORY_LIMIT_GB)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "a run of 10000000 paths over 360 months needs about 40.0 GB, above the limit of 4 GB: lower \
             --paths, or raise the limit with --memory-limit-gb"
        );
        assert!(check_run_memory(10_000_000, 360, false, 48.0).is_ok());
        assert!(check_run_memory(1, 1, false, f64::NAN).is_err());
    }
}
