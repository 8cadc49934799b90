//! `cargo xtask fuzz [--cases N] [--seed S] [--run-every K] [--scenario-percent P]`: the long fuzz run — the core's ignored test
//! `fuzz::long` on a release build (niced, one test thread), `N` generated cases in all (default 1,000,000),
//! then the CLI's ignored `fuzz_cli::long` with the binary. docs/fuzzing.md records its figures.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// Runs the long fuzz from the workspace `root` with the arguments after `fuzz`.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut cases = "1000000".to_string();
    let mut seed = "7".to_string();
    let mut run_every = "1".to_string();
    let mut scenario_percent = "40".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = it
            .next()
            .with_context(|| format!("{a} needs a value"))?
            .clone();
        match a.as_str() {
            "--cases" => cases = value,
            "--seed" => seed = value,
            "--run-every" => run_every = value,
            "--scenario-percent" => scenario_percent = value,
            other => bail!(
                "unknown argument '{other}'; usage: cargo xtask fuzz [--cases N] [--seed S] [--run-every K] \
                 [--scenario-percent P]"
            ),
        }
    }
    for (package, test, filter) in [
        ("hashpivot", "it", "fuzz::long"),
        ("hashpivot-cli", "cli", "fuzz_cli::long"),
    ] {
        let status = Command::new("nice")
            .args([
                "-n",
                "10",
                "cargo",
                "test",
                "--release",
                "-p",
                package,
                "--test",
                test,
                filter,
            ])
            .args([
                "--",
                "--ignored",
                "--exact",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env("HASHPIVOT_FUZZ_CASES", &cases)
            .env("HASHPIVOT_FUZZ_SEED", &seed)
            .env("HASHPIVOT_FUZZ_RUN_EVERY", &run_every)
            .env("HASHPIVOT_FUZZ_SCENARIO_PERCENT", &scenario_percent)
            .current_dir(root)
            .status()
            .context("running cargo test")?;
        if !status.success() {
            bail!("the long fuzz run of {package} failed ({status}): its output names the input");
        }
    }
    Ok(())
}
