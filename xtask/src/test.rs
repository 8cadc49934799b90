//! `cargo xtask test`: the README's test command. Runs `cargo test --workspace`, then, in a virtual environment
//! under target/py that it creates and fills from tests/python/requirements.txt (and the Python package built
//! from crates/hashpivot-py with maturin), reads the files
//! `hashpivot run --out` writes with pyarrow, polars and DuckDB (tests/python/check_outputs.py) and runs the
//! pytest suites `tests/python/test_*.py` (they find the debug binary in `HASHPIVOT_BIN` and the repository in
//! `HASHPIVOT_ROOT`). Fails if any test, reader or suite fails, and closes with one line counting all of them.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs everything; `Err` if anything failed.
pub fn run(root: &Path) -> Result<()> {
    let rust = cargo_test(root)?;
    cargo(root, &["build", "--quiet", "--package", "hashpivot-cli"])?;
    let python = venv(root)?;
    install_package(root, &python)?;
    let bin = target_dir(root)
        .join("debug")
        .join(format!("hashpivot{}", std::env::consts::EXE_SUFFIX));
    let readers = python_check(root, &python, &bin)?;
    chromium();
    let suites = pytest(root, &python, &bin)?;
    println!(
        "test: {} passed, {} failed",
        rust.passed + readers.passed + suites.passed,
        rust.failed + readers.failed + suites.failed
    );
    if suites.failed > 0 {
        bail!("{} Python test(s) failed", suites.failed);
    }
    if readers.failed > 0 {
        bail!(
            "{} Parquet reader(s) disagree with paths.csv or summary.json",
            readers.failed
        );
    }
    Ok(())
}

/// Test counts read from a runner's closing lines.
#[derive(Debug, Default, PartialEq)]
struct Counts {
    passed: u64,
    failed: u64,
}

impl Counts {
    /// Adds the counts of a `cargo test` result line (`test result: ok. 7 passed; 0 failed; ...`), of the
    /// Python check's closing line (`readers: 3 passed, 0 failed`) or of pytest's closing line
    /// (`== 5 passed, 1 failed in 2.31s ==`, with or without the rules); other lines are ignored.
    fn add_line(&mut self, line: &str) {
        let pytest = line.trim_matches(|c| c == '=' || c == ' ');
        let pytest = pytest
            .rsplit_once(" in ")
            .filter(|(head, tail)| {
                // "3.52s", or "60.00s (0:01:00)" past a minute.
                tail.split_whitespace()
                    .next()
                    .and_then(|t| t.strip_suffix('s'))
                    .is_some_and(|n| n.parse::<f64>().is_ok())
                    && head.split(", ").all(|part| {
                        part.split_once(' ')
                            .is_some_and(|(n, _)| n.parse::<u64>().is_ok())
                    })
            })
            .map(|(head, _)| head);
        let rest = match line
            .strip_prefix("test result: ")
            .or_else(|| line.strip_prefix("readers: "))
            .or(pytest)
        {
            Some(rest) => rest,
            None => return,
        };
        let words: Vec<&str> = rest
            .split([' ', ';', ',', '.'])
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            let n = pair[0].parse::<u64>();
            match (n, pair[1]) {
                (Ok(n), "passed") => self.passed += n,
                (Ok(n), "failed") => self.failed += n,
                _ => {}
            }
        }
    }
}

/// `cargo test --workspace`, its output passed through line by line and its result lines counted.
fn cargo_test(root: &Path) -> Result<Counts> {
    let mut child = Command::new(cargo_bin())
        .args(["test", "--workspace"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start cargo test")?;
    let mut counts = Counts::default();
    let stdout = child.stdout.take().context("cargo test has no stdout")?;
    let mut out = std::io::stdout().lock();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("cannot read the output of cargo test")?;
        writeln!(out, "{line}")?;
        counts.add_line(&line);
    }
    drop(out);
    let status = child.wait().context("cargo test did not finish")?;
    if !status.success() {
        bail!("cargo test --workspace failed ({status})");
    }
    Ok(counts)
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(cargo_bin())
        .args(args)
        .current_dir(root)
        .status()
        .with_context(|| format!("cannot start cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// The cargo that runs this xtask (so a `cargo +toolchain xtask test` tests with that toolchain).
fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn target_dir(root: &Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|| root.join("target"))
}

/// Creates target/py (once) with `python3 -m venv` and installs the pinned readers into it (a no-op once
/// they are there). Returns the venv's python.
fn venv(root: &Path) -> Result<std::path::PathBuf> {
    let dir = target_dir(root).join("py");
    let python = if cfg!(windows) {
        dir.join("Scripts").join("python.exe")
    } else {
        dir.join("bin").join("python")
    };
    if !python.exists() {
        println!("creating a Python environment in {}", dir.display());
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&dir)
            .status()
            .context("cannot start python3: install Python 3 (with its venv module) to run the reader checks")?;
        if !status.success() {
            bail!(
                "python3 -m venv {} failed ({status}); on Debian/Ubuntu: apt-get install -y python3-venv",
                dir.display()
            );
        }
    }
    let requirements = root.join("tests/python/requirements.txt");
    let status = pip_install(&python)
        .arg("-r")
        .arg(&requirements)
        .status()
        .with_context(|| format!("cannot start {}", python.display()))?;
    if !status.success() {
        bail!(
            "pip install -r {} failed ({status})",
            requirements.display()
        );
    }
    Ok(python)
}

/// `python -m pip install --quiet`, to which the caller adds what to install.
fn pip_install(python: &Path) -> Command {
    let mut c = Command::new(python);
    c.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]);
    c
}

/// Builds the Python package (crates/hashpivot-py) with maturin and installs it into the venv, for
/// tests/python/test_package.py. maturin comes from requirements.txt (no build isolation, so nothing is
/// downloaded per build); the dev profile shares target/debug with `cargo test`, and a stripped module keeps the
/// wheel small. Rebuilds only what changed, so a second call costs about 12 s (pip and the wheel).
fn install_package(root: &Path, python: &Path) -> Result<()> {
    let start = std::time::Instant::now();
    let bin = python.parent().context("the venv's python has no folder")?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&path)),
    )
    .context("cannot put the venv's bin folder on PATH")?;
    let package = root.join("crates/hashpivot-py");
    let status = pip_install(python)
        .args(["--no-build-isolation", "--no-deps"])
        .arg(&package)
        .env("PATH", path)
        .env("MATURIN_PEP517_ARGS", "--profile dev --strip")
        .current_dir(root)
        .status()
        .with_context(|| format!("cannot start {}", python.display()))?;
    if !status.success() {
        bail!("pip install {} failed ({status})", package.display());
    }
    println!(
        "installed the Python package from {} in {:.0} s",
        package.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// tests/python/check_outputs.py: its output passed through, its closing line counted.
fn python_check(root: &Path, python: &Path, bin: &Path) -> Result<Counts> {
    let script = root.join("tests/python/check_outputs.py");
    let mut command = Command::new(python);
    command.arg(&script).arg(bin).current_dir(root);
    counted(&mut command, &script.display().to_string())
}

/// Runs a test command with its stdout passed through and its closing line counted; `Err` when it could not
/// start, or failed without saying how many tests failed. `what` names it in errors.
fn counted(command: &mut Command, what: &str) -> Result<Counts> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot start {what}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    let mut counts = Counts::default();
    text.lines().for_each(|l| counts.add_line(l));
    if !output.status.success() && counts.failed == 0 {
        bail!("{what} failed ({})", output.status);
    }
    Ok(counts)
}

/// Debian's Chromium, which the browser tests (tests/python/test_browser.py) drive through Playwright.
const CHROMIUM: &str = "/usr/bin/chromium";

/// Installs Debian's `chromium` for the browser tests when it is missing and we are root (`apt-get update`,
/// then `apt-get install`); otherwise says why the browser tests will skip. Idempotent: nothing is done when
/// the browser is there. A failed install is reported, not fatal: the browser tests then fail under CI
/// (which runs as root) and skip elsewhere, each with its reason.
fn chromium() {
    if Path::new(CHROMIUM).exists() {
        return;
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        println!(
            "browser tests: {CHROMIUM} is missing and we are not root, so they will be skipped \
             (install it with `sudo apt-get install chromium`)"
        );
        return;
    }
    println!("browser tests: installing Debian's chromium (apt-get)");
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let ok = apt(&["update", "-qq"])
        && apt(&[
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "fonts-liberation",
        ]);
    if !ok || !Path::new(CHROMIUM).exists() {
        println!(
            "browser tests: could not install chromium with apt-get; they will skip (or fail under CI)"
        );
    }
}

/// `python -m pytest tests/python` (the files `test_*.py`), its output passed through and its closing line
/// counted; nothing to do when there is no such file.
fn pytest(root: &Path, python: &Path, bin: &Path) -> Result<Counts> {
    let dir = root.join("tests/python");
    let any = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok())
        .any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("test_") && name.ends_with(".py")
        });
    if !any {
        return Ok(Counts::default());
    }
    let mut command = Command::new(python);
    command
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no"])
        .arg(&dir)
        .env("HASHPIVOT_BIN", bin)
        .env("HASHPIVOT_ROOT", root)
        .current_dir(root);
    counted(&mut command, &format!("pytest {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_reader_closing_lines_only() {
        let mut c = Counts::default();
        for line in [
            "test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s",
            "test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out",
            "test passed_and_failed_names ... ok",
            "ok pyarrow 26.0.1: 200 rows",
            "readers: 2 passed, 1 failed",
            "==== 4 passed, 1 failed, 2 warnings in 3.52s ====",
            "5 passed in 0.41s",
            "31 passed in 60.00s (0:01:00)",
            "the run passed in 3 s",
        ] {
            c.add_line(line);
        }
        assert_eq!(
            c,
            Counts {
                passed: 52,
                failed: 4
            }
        );
    }
}
