//! Sharded runs on the command line: `hashpivot run FILE --paths N --shard k/K --out DIR` writes a shard
//! folder, `hashpivot merge DIR... --out DIR` checks that the folders are the K shards of one run and writes
//! the outputs of the single run of N paths, byte for byte (the core's `sim::merge` reduces the shards' paths
//! through the run's own summary function).
//!
//! A shard folder (written as one set by `hashpivot_output::OutputDir`): `shard.json` (the core's `ShardKey`:
//! version, scenario fingerprint, N, seed, K, k, its path range; and the scenario file it ran), `scenario.toml`
//! (the scenario's text, which the merge checks again), `paths.bin` (the shard's per-path summaries, every
//! number as its bits) and `cashflows_base.csv` (the base case, which the merge recomputes and compares: the
//! same data on both machines).

use super::run::{RunArgs, cashflows_csv, on_pool, render, write_outputs};
use super::validate;
use crate::output::{print, print_json};
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::sim::{
    self, MonthRecord, Prepared, Report, Shard, ShardKey, ShardMismatch, ShardPaths,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const KEY_FILE: &str = "shard.json";
const SCENARIO_FILE: &str = "scenario.toml";
const PATHS_FILE: &str = "paths.bin";
const BASE_FILE: &str = "cashflows_base.csv";

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders of one run (`run --shard k/K --out DIR`), in any order: every k from 1 to K once.
    #[arg(required = true, value_name = "DIR")]
    pub shards: Vec<PathBuf>,
    /// Write summary.json, cashflows_base.csv, paths.csv and paths.parquet here, as `run --out` does.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace a non-empty folder that hashpivot did not write.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Refuse a merge whose estimated memory (from the run's paths and months) is above this many GB.
    #[arg(long, value_name = "GB", default_value_t = crate::limits::DEFAULT_MEMORY_LIMIT_GB)]
    pub memory_limit_gb: f64,
}

/// `shard.json`: the core's key of the shard and the scenario file it ran.
#[derive(Debug, Serialize, Deserialize)]
struct KeyFile {
    #[serde(flatten)]
    key: ShardKey,
    /// The scenario file as the shard's run found it (absolute where it could be resolved): user BTC paths
    /// (`btc.model = "csv"`) are read relative to it again by the merge.
    scenario_file: PathBuf,
}

/// `run --shard k/K`: the paths of shard k only, and the shard folder.
pub fn run_shard(args: &RunArgs, shard: Shard) -> Result<()> {
    let out = args.out.as_ref().context("--shard needs --out")?;
    let libs = validate::libraries()?;
    let text = crate::store::read_text(&args.file)?;
    let sc = validate::load_text(&text, &args.file, &libs)?;
    let (paths, seed) = (args.mc.paths, args.mc.seed);
    let key = ShardKey::new(&text, paths, seed, shard)?;
    let range = key.path_start..key.path_end;
    crate::limits::check_run_memory(
        range.end - range.start,
        sc.months(),
        true,
        args.memory_limit_gb,
    )?;
    let set = hashpivot_output::OutputDir::begin(out, args.force)?;
    let prepared = Prepared::new(&sc, &libs.power)?;
    let summaries = on_pool(
        args.mc.threads,
        range.end - range.start,
        args.quiet,
        |inc| sim::run_shard(&prepared, paths, seed, shard, inc),
    )??;
    let (_, rows) = sim::run_base_case(&prepared);
    let file = KeyFile {
        key,
        scenario_file: std::path::absolute(&args.file).unwrap_or_else(|_| args.file.clone()),
    };
    let mut json = serde_json::to_string_pretty(&file)?;
    json.push('\n');
    set.write(KEY_FILE, json.as_bytes())?;
    set.write(SCENARIO_FILE, text.as_bytes())?;
    set.write(PATHS_FILE, &sim::encode_paths(&summaries))?;
    set.write(BASE_FILE, &cashflows_csv(&rows)?)?;
    let dir = set.commit()?;
    print(&format!(
        "shard {shard}: paths {}..{} of {paths} (seed {seed}) written to {}; merge every shard with `hashpivot \
         merge DIR... --out DIR`\n",
        range.start,
        range.end,
        dir.display()
    ))
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let p = dir.join(name);
    std::fs::read(&p).with_context(|| {
        format!(
            "{} is not a whole shard folder (written by `hashpivot run --shard k/K --out DIR`): cannot read {}",
            dir.display(),
            p.display()
        )
    })
}

/// A mismatch in the shards' keys, worded with their folders.
fn name_folders(e: ShardMismatch, dirs: &[PathBuf]) -> anyhow::Error {
    let d = |i: usize| dirs[i].display().to_string();
    match (e.position, e.other) {
        (Some(i), Some(j)) => {
            anyhow::anyhow!("shard folder {} conflicts with {}: {}", d(i), d(j), e.error)
        }
        (Some(i), None) => anyhow::anyhow!("shard folder {}: {}", d(i), e.error),
        (None, _) => anyhow::anyhow!(
            "{} (folders given: {})",
            e.error,
            dirs.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn run(args: MergeArgs) -> Result<()> {
    let (report, _) = merge(&args)?;
    if args.json {
        print_json(&report.summary)
    } else {
        print(&render(&report))
    }
}

/// Checks that the folders are the K shards of one run, merges them and writes the single run's outputs to
/// `--out`; returns the merged report and base case (the Python package's `merge` hands them over as tables).
pub fn merge(args: &MergeArgs) -> Result<(Report, Vec<MonthRecord>)> {
    let dirs = &args.shards;
    let mut files = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let bytes = read(dir, KEY_FILE)?;
        let file: KeyFile = serde_json::from_slice(&bytes)
            .with_context(|| format!("cannot read {}", dir.join(KEY_FILE).display()))?;
        files.push(file);
    }
    let keys: Vec<ShardKey> = files.iter().map(|f| f.key.clone()).collect();
    let order = sim::check_shards(&keys).map_err(|e| name_folders(e, dirs))?;
    let first = &dirs[order[0]];
    let text = String::from_utf8(read(first, SCENARIO_FILE)?)
        .with_context(|| format!("{} is not text", first.join(SCENARIO_FILE).display()))?;
    if sim::scenario_fingerprint(&text) != keys[0].scenario_hash {
        bail!(
            "shard folder {}: {SCENARIO_FILE} was changed after the run (its fingerprint is not the {KEY_FILE}'s {})",
            first.display(),
            keys[0].scenario_hash
        );
    }
    let libs = validate::libraries()?;
    let sc = validate::load_text(&text, &files[order[0]].scenario_file, &libs)?;
    crate::limits::check_run_memory(keys[0].paths, sc.months(), true, args.memory_limit_gb)?;
    let set = hashpivot_output::OutputDir::begin(&args.out, args.force)?;
    let prepared = Prepared::new(&sc, &libs.power)?;
    let mut shards = Vec::with_capacity(dirs.len());
    for (dir, file) in dirs.iter().zip(files) {
        let origin = dir.join(PATHS_FILE).display().to_string();
        let paths = sim::decode_paths(&read(dir, PATHS_FILE)?, &origin)?;
        shards.push(ShardPaths {
            key: file.key,
            paths,
        });
    }
    let (report, rows) = sim::merge(&prepared, shards).map_err(|e| name_folders(e, dirs))?;
    let base = cashflows_csv(&rows)?;
    for dir in dirs {
        if read(dir, BASE_FILE)? != base {
            bail!(
                "shard folder {}: its base case ({BASE_FILE}) differs from the one recomputed here from the same \
                 scenario: the shard ran on other data (another hashpivot version or other data imports)",
                dir.display()
            );
        }
    }
    write_outputs(set, &report, &rows)?;
    Ok((report, rows))
}
