//! The core library's error type. Messages are lowercase, name the offending input and say what was expected.

use crate::date::{Date, DateParseError};

/// Everything the core can refuse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A date outside the data set's coverage.
    #[error(
        "{date} is outside the {dataset} data, which covers {from} to {to}; \
         import newer data with `hashpivot data import --kind {kind} FILE.csv`"
    )]
    DateNotCovered {
        dataset: &'static str,
        kind: &'static str,
        /// The date asked for (with context, e.g. the start of a trailing window).
        date: String,
        from: Date,
        to: Date,
    },
    /// A day inside the coverage, but a value no source covers.
    #[error(
        "no source covers {field} on {date} (the {dataset} data has {field} from {} to {}); \
         give it explicitly or import data with `hashpivot data import --kind {kind} FILE.csv`",
        opt_date(.from), opt_date(.to)
    )]
    ValueMissing {
        dataset: &'static str,
        kind: &'static str,
        field: &'static str,
        date: Date,
        from: Option<Date>,
        to: Option<Date>,
    },
    /// A malformed line of a data file (bundled, imported or given by the user).
    #[error("{origin}, line {line}: {message}")]
    Parse {
        origin: String,
        line: u64,
        message: String,
    },
    /// A parameter outside its domain.
    #[error("invalid {field}: found {found}, expected {expected}")]
    InvalidInput {
        field: String,
        found: String,
        expected: String,
    },
    /// An ASIC model that the library does not have.
    #[error("unknown ASIC model '{name}'{}; `hashpivot asics` lists the library", suggestion_text(.suggestions))]
    UnknownAsic {
        name: String,
        suggestions: Vec<String>,
    },
    /// Hours without a price inside a window that needs every hour.
    #[error(
        "the {dataset} {hub} price series has no price for {missing_hours} hours: {hours}; \
         import the missing hours with `hashpivot data import --kind power FILE.csv`"
    )]
    PriceGap {
        hub: String,
        dataset: String,
        missing_hours: u64,
        hours: String,
    },
    /// A text that is not a date or month.
    #[error(transparent)]
    Date(#[from] DateParseError),
}

fn opt_date(d: &Option<Date>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

fn suggestion_text(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", s.join(", "))
    }
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(
        field: impl Into<String>,
        found: impl ToString,
        expected: impl Into<String>,
    ) -> Self {
        Error::InvalidInput {
            field: field.into(),
            found: found.to_string(),
            expected: expected.into(),
        }
    }
}

/// `Result` with the core [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Checks that a parameter is finite and within `[min, max]`.
pub fn check_range(field: &str, value: f64, min: f64, max: f64, expected: &str) -> Result<f64> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Error::invalid(field, value, expected))
    }
}
