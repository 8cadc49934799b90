//! The dispatch benchmark of hashpivot (issue 4), kept out of the core library: it is a performance yardstick,
//! not part of the domain model. The CLI runs it as `hashpivot bench dispatch`; `bench/compare.sh` times it
//! against the numpy version (`bench/numpy_dispatch.py`); `cargo bench -p hashpivot-bench` runs the criterion
//! benchmarks of its kernels.
//!
//! - [`workload`]: the benchmark workload, defined exactly (see `docs/methodology-power.md`), and its summary.
//! - [`kernel`]: the plain hourly loop and per-day sorted-price curves, the reference and the criterion kernels.
//!
//! Like the core, this crate does no I/O: the caller loads the hub prices.

pub mod kernel;
pub mod workload;

pub use workload::{HOURS, Summary, Workload, summarize};

/// A benchmark input outside its domain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid {field}: found {found}, expected {expected}")]
pub struct Error {
    /// The input, e.g. "hourly price".
    pub field: String,
    /// The value found.
    pub found: String,
    /// What was expected.
    pub expected: String,
}

impl Error {
    pub(crate) fn invalid(field: &str, found: impl ToString, expected: &str) -> Error {
        Error {
            field: field.to_string(),
            found: found.to_string(),
            expected: expected.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
