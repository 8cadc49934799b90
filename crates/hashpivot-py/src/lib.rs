//! The `hashpivot` Python package: the CLI's commands as functions. `run` returns the summary as a dict (the
//! keys and values of `hashpivot run --json`) and the per-path and monthly tables as Arrow tables; the other
//! functions return what the command prints with `--json`, parsed. Every function calls the same code as the
//! CLI (the `hashpivot_cli` library and the core), with the GIL released while it works; a refusal raises
//! `HashpivotError` (a `ValueError`) with the CLI's message.

mod args;
mod scenario;
mod table;

use hashpivot::sim::{MonthRecord, Report};
use hashpivot_cli::cmd;
use hashpivot_cli::{hint, limits, output};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use scenario::Source;
use std::path::PathBuf;
use table::Table;

pyo3::create_exception!(
    hashpivot,
    HashpivotError,
    PyValueError,
    "A refusal of hashpivot: the message the CLI prints after `error: `."
);

/// An error of a command as a Python exception, worded as the CLI words it.
fn py_err(e: anyhow::Error) -> PyErr {
    HashpivotError::new_err(hint::message(&e))
}

/// JSON text (a command's `--json` output) as Python objects.
fn from_json<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// Runs a CLI command on `argv` with its output captured, the GIL released, and returns its JSON parsed.
fn command<'py, A: clap::Args + Send>(
    py: Python<'py>,
    argv: Vec<String>,
    run: fn(A) -> anyhow::Result<()>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = py
        .detach(move || {
            let a = args::parse::<A>(argv)?;
            output::capture(|| run(a))
        })
        .map_err(py_err)?;
    from_json(py, &text)
}

/// A run's results: the summary (a dict with the keys and values of `hashpivot run --json`), the per-path
/// summaries (`paths`, the rows and columns of `paths.parquet`) and the base case's monthly cash flows
/// (`monthly`, the rows and columns of `cashflows_base.csv`).
#[pyclass(module = "hashpivot", frozen)]
pub struct RunResult {
    /// The summary, as `hashpivot run --json` prints it.
    #[pyo3(get)]
    summary: Py<PyAny>,
    /// One row per Monte Carlo path.
    #[pyo3(get)]
    paths: Py<Table>,
    /// One row per month of the base case.
    #[pyo3(get)]
    monthly: Py<Table>,
}

#[pymethods]
impl RunResult {
    fn __repr__(&self) -> String {
        format!(
            "hashpivot.RunResult({} paths, {} months)",
            self.paths.get().num_rows(),
            self.monthly.get().num_rows()
        )
    }
}

/// What a run computes, before it is handed to Python.
struct RunOutput {
    summary: String,
    paths: Table,
    monthly: Table,
}

impl RunOutput {
    /// The summary as `run --json` prints it, the rows of `paths.parquet` and of `cashflows_base.csv`.
    fn of(report: &Report, rows: &[MonthRecord]) -> anyhow::Result<RunOutput> {
        Ok(RunOutput {
            summary: serde_json::to_string(&report.summary)?,
            paths: Table::from_output(&cmd::run::paths_table(report)?)?,
            monthly: Table::from_csv(&cmd::run::cashflows_csv(rows)?)?,
        })
    }

    fn into_py(self, py: Python<'_>) -> PyResult<RunResult> {
        Ok(RunResult {
            summary: from_json(py, &self.summary)?.unbind(),
            paths: Py::new(py, self.paths)?,
            monthly: Py::new(py, self.monthly)?,
        })
    }
}

/// Runs a scenario as `hashpivot run FILE --json` does: monthly cash flows, Monte Carlo risk, revenue mix.
///
/// `scenario` is a file path, TOML text or a dict of the file's tables. `paths`, `seed` and `threads` are the
/// CLI's flags (same defaults and ranges); `deterministic=True` runs the base case only. The result is the same
/// for any thread count. With `out=DIR` the run also writes `run --out`'s files there (`force=True`: replace a
/// folder hashpivot did not write).
///
/// With `shard=(k, K)` (or `"k/K"`) and `out=DIR` (a scenario file only) the call is `hashpivot run FILE --paths N --shard
/// k/K --out DIR`: it computes only shard k's paths, writes the shard folder and returns its path as a `str`;
/// `merge` of the K folders gives the single run of `paths` paths, bit for bit.
#[pyfunction]
#[pyo3(signature = (scenario, paths=2000, seed=42, threads=None, deterministic=false, shard=None, out=None, force=false))]
#[allow(clippy::too_many_arguments)] // the CLI's flags, each a keyword argument
fn run<'py>(
    py: Python<'py>,
    scenario: &Bound<'py, PyAny>,
    paths: i64,
    seed: u64,
    threads: Option<i64>,
    deterministic: bool,
    shard: Option<&Bound<'py, PyAny>>,
    out: Option<PathBuf>,
    force: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let source = Source::from_py(scenario)?;
    let mut argv = vec![
        "hashpivot run".to_string(),
        format!("--paths={paths}"),
        format!("--seed={seed}"),
    ];
    argv.extend(threads.map(|t| format!("--threads={t}")));
    argv.extend(out.as_ref().map(|d| format!("--out={}", d.display())));
    argv.extend(force.then(|| "--force".to_string()));
    argv.extend(deterministic.then(|| "--deterministic".to_string()));
    if let Some(shard) = shard {
        // `(k, K)`, or the flag's own text `"k/K"`.
        let shard = match shard.extract::<(i64, i64)>() {
            Ok((k, n)) => format!("{k}/{n}"),
            Err(_) => shard.str()?.to_string(),
        };
        let Source::File(file) = source else {
            return Err(HashpivotError::new_err(
                "a sharded run reads its scenario from a file (the merge checks the shard folders against its \
                 text): pass a path",
            ));
        };
        argv.insert(1, file.display().to_string());
        argv.extend([format!("--shard={shard}"), "--quiet".to_string()]);
        py.detach(move || {
            let a = args::parse::<cmd::run::RunArgs>(argv)?;
            output::capture(|| cmd::run::run(a))
        })
        .map_err(py_err)?;
        let dir = out.map(|d| d.display().to_string()).unwrap_or_default();
        return Ok(PyString::new(py, &dir).into_any());
    }
    // The CLI's flags of a run on a scenario it reads itself (the file argument is only a name here).
    argv.insert(1, "<scenario>".to_string());
    let result = py
        .detach(move || -> anyhow::Result<RunOutput> {
            let a = args::parse::<cmd::run::RunArgs>(argv)?;
            let text = source.read()?;
            let libs = cmd::validate::libraries()?;
            let sc = text.load(&libs)?;
            let n = if a.deterministic { 1 } else { a.mc.paths };
            limits::check_run_memory(n, sc.months(), a.out.is_some(), a.memory_limit_gb)?;
            // A folder that cannot take the outputs is refused before the run, as the CLI does.
            let set = match &a.out {
                Some(dir) => Some(hashpivot_output::OutputDir::begin(dir, a.force)?),
                None => None,
            };
            let (report, rows) = cmd::run::simulate(
                &sc,
                &libs.power,
                a.mc.paths,
                a.mc.seed,
                a.mc.threads,
                a.deterministic,
                true,
            )?;
            if let Some(set) = set {
                cmd::run::write_outputs(set, &report, &rows)?;
            }
            RunOutput::of(&report, &rows)
        })
        .map_err(py_err)?;
    Ok(Bound::new(py, result.into_py(py)?)?.into_any())
}

/// Merges the shard folders of one run as `hashpivot merge DIR... --out DIR` does: checks they are the K
/// shards of one run, writes the single run's files to `out` (byte for byte those of `run --out`) and returns
/// its `RunResult`, equal to `run(file, paths=N, seed=...)`'s.
#[pyfunction]
#[pyo3(signature = (shards, out, force=false))]
fn merge(
    py: Python<'_>,
    shards: &Bound<'_, PyAny>,
    out: PathBuf,
    force: bool,
) -> PyResult<RunResult> {
    let mut argv = vec!["hashpivot merge".to_string()];
    argv.extend(scenario::paths(shards)?);
    argv.push(format!("--out={}", out.display()));
    argv.extend(force.then(|| "--force".to_string()));
    py.detach(move || {
        let a = args::parse::<cmd::merge::MergeArgs>(argv)?;
        let (report, rows) = cmd::merge::merge(&a)?;
        RunOutput::of(&report, &rows)
    })
    .map_err(py_err)?
    .into_py(py)
}

/// Checks a scenario as `hashpivot validate` does and returns its problems, in file order: one dict each with
/// `line`, `column` (1-based), `path`, `found`, `expected` and `message` (the CLI's line for it). An empty list:
/// the scenario is valid. A file that cannot be read raises `HashpivotError`.
#[pyfunction]
fn validate<'py>(
    py: Python<'py>,
    scenario: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let source = Source::from_py(scenario)?;
    let problems = py
        .detach(move || -> anyhow::Result<Vec<scenario::Problem>> {
            let text = source.read()?;
            text.problems(&cmd::validate::libraries()?)
        })
        .map_err(py_err)?;
    problems.iter().map(|p| p.to_dict(py)).collect()
}

/// Network economics as `hashpivot network --date DATE --json` prints them (a dict); with `from_` and `to`
/// flags instead (`network(None, from_="2024-01-01", to="2024-01-31")`), one dict per day.
#[pyfunction]
#[pyo3(signature = (date=None, **flags))]
fn network<'py>(
    py: Python<'py>,
    date: Option<&Bound<'py, PyAny>>,
    flags: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let none = py.None().into_bound(py);
    let argv = args::argv("network", &[], &[("date", date.unwrap_or(&none))], flags)?;
    command(py, argv, cmd::network::run)
}

/// A command as a function whose keyword arguments are its flags (and, in the second form, whose first
/// argument is its files).
macro_rules! flags_command {
    ($(#[doc = $doc:literal])* $name:ident, $command:literal, $run:path) => {
        $(#[doc = $doc])*
        #[pyfunction]
        #[pyo3(signature = (**flags))]
        fn $name<'py>(
            py: Python<'py>,
            flags: Option<&Bound<'py, PyDict>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            command(py, args::argv($command, &[], &[], flags)?, $run)
        }
    };
    // A command whose positional arguments are files: one path or a list of paths, then the flags.
    ($(#[doc = $doc:literal])* $name:ident($files:ident), $command:literal, $run:path) => {
        $(#[doc = $doc])*
        #[pyfunction]
        #[pyo3(signature = ($files, **flags))]
        fn $name<'py>(
            py: Python<'py>,
            $files: &Bound<'py, PyAny>,
            flags: Option<&Bound<'py, PyDict>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let positional = scenario::paths($files)?;
            command(py, args::argv($command, &positional, &[], flags)?, $run)
        }
    };
}

flags_command!(
    /// Fleet economics as `hashpivot mining ... --json` prints them: keyword arguments are its flags
    /// (`mining(date="2024-04-19", asic="S21", power_usd_per_mwh=50)`).
    mining,
    "mining",
    cmd::mining::run
);

flags_command!(
    /// Self-mining vs hosting lease vs GPU cloud as `hashpivot compare ... --json` prints it; keyword arguments
    /// are its flags (`compare(date="2025-06-30", power_usd_per_mwh=40)`).
    compare,
    "compare",
    cmd::compare::run
);

flags_command!(
    /// Hour-by-hour dispatch of a site as `hashpivot dispatch ... --json` prints it; keyword arguments are its
    /// flags (`dispatch(hub="HB_WEST", from_="2024-01-01", to="2024-01-31", mw=50, asic="S21")`).
    dispatch,
    "dispatch",
    cmd::dispatch::run
);

/// The deal library as `hashpivot deals --json` prints it (a list of dicts), or one deal in full with `id`
/// (`hashpivot deals show ID --json`); `discount_rate=` as the flag.
#[pyfunction]
#[pyo3(signature = (id=None, **flags))]
fn deals<'py>(
    py: Python<'py>,
    id: Option<String>,
    flags: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let positional: Vec<String> = id.map(|id| vec!["show".into(), id]).unwrap_or_default();
    command(
        py,
        args::argv("deals", &positional, &[], flags)?,
        cmd::deals::run,
    )
}

flags_command!(
    /// Alternative plans side by side on the same paths, as `hashpivot decide FILE... --json` prints it:
    /// `files` is one scenario with `[[plans]]` or a list of files; `baseline=`, `paths=`, `seed=`, `threads=`
    /// as the flags.
    decide(files),
    "decide",
    cmd::decide::run
);

flags_command!(
    /// A company's equity value per share, as `hashpivot value FILE --json` prints it; `company=`,
    /// `without_deal=`, `paths=`, `seed=`, `threads=` as the flags.
    value(file),
    "value",
    cmd::value::run
);

/// The `hashpivot` module.
#[pymodule]
#[pyo3(name = "hashpivot")]
fn hashpivot_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HashpivotError", m.py().get_type::<HashpivotError>())?;
    m.add_class::<RunResult>()?;
    m.add_class::<Table>()?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(network, m)?)?;
    m.add_function(wrap_pyfunction!(mining, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(deals, m)?)?;
    m.add_function(wrap_pyfunction!(dispatch, m)?)?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(value, m)?)?;
    Ok(())
}
