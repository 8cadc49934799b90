//! A scenario as Python gives it: a file path, TOML text or a dict of the file's tables.

use hashpivot_cli::cmd::validate::{self, Libraries};
use hashpivot_cli::{hint, store};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use std::path::PathBuf;

/// Where a scenario's text comes from.
pub enum Source {
    /// A file, read as `hashpivot run FILE` reads it (user BTC paths relative to its folder).
    File(PathBuf),
    /// Text given directly; `origin` names it in messages (`<string>`, `<dict>`) and BTC paths files are
    /// read relative to the working directory.
    Text { text: String, origin: PathBuf },
}

impl Source {
    /// A `str` holding a newline or `=` is TOML text, any other `str` or `os.PathLike` a file path; a dict
    /// is written as TOML (through JSON: tables, arrays, strings, numbers and booleans; dates as their text).
    pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
        if let Ok(dict) = obj.cast::<PyDict>() {
            // `default=str`: a TOML date that `tomllib` read as `datetime.date` goes back as its ISO text.
            let py = obj.py();
            let kwargs = PyDict::new(py);
            kwargs.set_item("default", py.get_type::<PyString>())?;
            let json: String = py
                .import("json")?
                .call_method("dumps", (dict,), Some(&kwargs))?
                .extract()?;
            let text = serde_json::from_str::<serde_json::Value>(&json)
                .map_err(anyhow::Error::from)
                .and_then(|v| Ok(toml::to_string(&v)?))
                .map_err(|e| {
                    crate::py_err(e.context("the scenario dict cannot be written as TOML"))
                })?;
            return Ok(Source::Text {
                text,
                origin: "<dict>".into(),
            });
        }
        if let Ok(s) = obj.extract::<String>()
            && (s.contains('\n') || s.contains('='))
        {
            return Ok(Source::Text {
                text: s,
                origin: "<string>".into(),
            });
        }
        Ok(Source::File(obj.extract::<PathBuf>()?))
    }

    /// The text (a file is read here, before the libraries are loaded, so a missing file fails at once) and
    /// the path its messages name.
    pub fn read(self) -> anyhow::Result<Text> {
        match self {
            Source::File(path) => Ok(Text {
                text: store::read_text(&path)?,
                path,
            }),
            Source::Text { text, origin } => Ok(Text { text, path: origin }),
        }
    }
}

/// A scenario's text and the path its messages name (BTC paths files are read relative to its folder).
pub struct Text {
    text: String,
    path: PathBuf,
}

impl Text {
    /// The checked scenario, as `run` loads it; an invalid one is refused with the CLI's list of problems.
    pub fn load(&self, libs: &Libraries) -> anyhow::Result<hashpivot::scenario::Scenario> {
        validate::load_text(&self.text, &self.path, libs)
    }

    /// The scenario's problems as `validate` lists them; none when it is valid.
    pub fn problems(&self, libs: &Libraries) -> anyhow::Result<Vec<Problem>> {
        let issues = match validate::check_text(&self.text, &self.path, libs) {
            Ok(sc) => {
                validate::with_btc_paths(sc, &self.path)?;
                return Ok(Vec::new());
            }
            Err(issues) => issues,
        };
        let lines = issues.lines(|h| hint::suffix(Some(h)));
        Ok(issues
            .issues
            .into_iter()
            .zip(lines)
            .map(|(issue, message)| Problem { issue, message })
            .collect())
    }
}

/// One problem of a scenario: the core's issue and the CLI's line for it.
pub struct Problem {
    issue: hashpivot::scenario::Issue,
    message: String,
}

impl Problem {
    /// The problem as a dict: `line`, `column`, `path`, `found`, `expected`, `message`, in that order.
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("line", self.issue.line)?;
        d.set_item("column", self.issue.column)?;
        d.set_item("path", &self.issue.path)?;
        d.set_item("found", &self.issue.found)?;
        d.set_item("expected", &self.issue.expected)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }
}

/// One path or a list of paths (`decide`'s files, `value`'s file) as command-line arguments.
pub fn paths(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let one = |o: &Bound<'_, PyAny>| -> PyResult<String> {
        Ok(o.extract::<PathBuf>()?.display().to_string())
    };
    if obj.extract::<PathBuf>().is_ok() {
        return Ok(vec![one(obj)?]);
    }
    obj.try_iter()?.map(|o| one(&o?)).collect()
}
