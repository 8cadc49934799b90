//! Project chores. `cargo xtask data [--raw DIR]` rebuilds the normalized files under `data/` from the raw
//! public datasets (default `../shared/data` relative to the workspace root). `cargo xtask test` runs every
//! test: the workspace's, then the Python Parquet readers' check of `run --out` (see `test.rs`). `cargo xtask
//! fuzz` runs the long fuzz (see `fuzz.rs`).

mod asics;
mod ercot;
mod fuzz;
mod listed;
mod network;
mod raw;
mod sources_md;
mod test;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: cargo xtask data [--raw DIR] | cargo xtask power [--raw DIR] | cargo xtask test | cargo xtask fuzz \
     [--cases N] [--seed S] [--run-every K] [--scenario-percent P]";

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ has a parent")
        .to_path_buf()
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("data") => {
            let mut raw_dir = root.join("../shared/data");
            let mut it = args[1..].iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--raw" => {
                        raw_dir = PathBuf::from(it.next().context("--raw needs a directory")?)
                    }
                    other => bail!("unknown argument '{other}'\n{USAGE}"),
                }
            }
            data(&root, &raw_dir)
        }
        Some("power") => {
            let raw_dir = match args.get(1).map(String::as_str) {
                Some("--raw") => PathBuf::from(args.get(2).context("--raw needs a directory")?),
                Some(other) => bail!("unknown argument '{other}'\n{USAGE}"),
                None => root.join("../shared/data"),
            };
            print!("{}", ercot::build(&raw_dir, &root.join("data"))?);
            Ok(())
        }
        Some("test") if args.len() == 1 => test::run(&root),
        Some("fuzz") => fuzz::run(&root, &args[1..]),
        _ => bail!("{USAGE}"),
    }
}

/// Writes `contents` to `path` through a temporary file in the same directory and a rename.
fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, contents).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))
}

fn data(root: &Path, raw_dir: &Path) -> Result<()> {
    if !raw::exists(raw_dir) {
        bail!(
            "raw data not found under {} (expected {}); pass --raw DIR",
            raw_dir.display(),
            raw::CM
        );
    }
    let raw = raw::Raw {
        dir: raw_dir.to_path_buf(),
    };
    let net = network::build(&raw)?;
    let (asic_rows, asic_report) = asics::build(&raw)?;
    let listed_rows = listed::build(&raw)?;
    let mut sources = sources_md::render(&net, &asic_rows, &asic_report);
    sources.push_str(&listed::sources_md(&listed_rows));
    let out = root.join("data");
    std::fs::create_dir_all(&out)?;
    let files = [
        ("network_daily.csv", network::network_csv(&net.rows)),
        (
            "difficulty_retargets.csv",
            network::retargets_csv(&net.retargets),
        ),
        ("asics.csv", asics::csv(&asic_rows)?),
        ("listed_hashrate.csv", listed::csv(&listed_rows)),
        ("SOURCES.md", sources),
    ];
    for (name, text) in &files {
        write_atomic(&out.join(name), text)?;
    }
    print!("{}", sources_md::summary(&net, &asic_rows, &asic_report));
    for (name, text) in &files {
        println!("wrote data/{name} ({} lines)", text.lines().count());
    }
    Ok(())
}
