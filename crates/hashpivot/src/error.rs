//! The core library's error type. Messages are lowercase, name the offending input and say what was expected.
//!
//! Messages never name a command of a front end: where a person can act (import newer data, list the ASIC
//! library), [`Error::hint`] says so as a [`Hint`], and each front end words it (the CLI appends the command).

use crate::date::{Date, DateParseError};

/// Everything the core can refuse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A date outside the data set's coverage.
    #[error("{date} is outside the {dataset} data, which covers {from} to {to}")]
    DateNotCovered {
        /// Name of the data set as a person reads it, e.g. "network".
        dataset: &'static str,
        /// The import kind that extends this data set (`network`, `power`, ...).
        kind: &'static str,
        /// The date asked for (with context, e.g. the start of a trailing window).
        date: String,
        /// First day the data set covers.
        from: Date,
        /// Last day the data set covers.
        to: Date,
    },
    /// A day inside the coverage, but a value no source covers.
    #[error(
        "no source covers {field} on {date} (the {dataset} data has {field} from {} to {})",
        opt_date(.from), opt_date(.to)
    )]
    ValueMissing {
        /// Name of the data set as a person reads it, e.g. "network".
        dataset: &'static str,
        /// The import kind that extends this data set (`network`, `power`, ...).
        kind: &'static str,
        /// The column that has no value, e.g. "fees_btc".
        field: &'static str,
        /// The day asked for.
        date: Date,
        /// First day that has a value of `field`; `None` when no day has one.
        from: Option<Date>,
        /// Last day that has a value of `field`; `None` when no day has one.
        to: Option<Date>,
    },
    /// A malformed line of a data file (bundled, imported or given by the user).
    #[error("{origin}, line {line}: {message}")]
    Parse {
        /// The file or text, as the caller named it.
        origin: String,
        /// 1-based line number (1 for a problem with the whole text).
        line: u64,
        /// What is wrong on that line.
        message: String,
    },
    /// A parameter outside its domain.
    #[error("invalid {field}: found {found}, expected {expected}")]
    InvalidInput {
        /// The parameter, with its unit where it has one, e.g. "mw_gross".
        field: String,
        /// The value given, as text.
        found: String,
        /// What would be accepted, e.g. "a number in [0, 1]".
        expected: String,
    },
    /// An ASIC model that the library does not have.
    #[error("unknown ASIC model '{name}'{}", suggestion_text(.suggestions))]
    UnknownAsic {
        /// The model name asked for.
        name: String,
        /// Library models with a close name, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// Hours outside the coverage of a price series.
    #[error("{hour} is outside the {dataset} data, which covers {from} to {to}")]
    HoursNotCovered {
        /// The price series, e.g. "power (da) HB_WEST".
        dataset: String,
        /// The first uncovered hour, UTC, as `YYYY-MM-DDTHH:00Z`.
        hour: String,
        /// First hour the series covers, UTC.
        from: String,
        /// Last hour the series covers, UTC.
        to: String,
    },
    /// Hours without a price inside a window that needs every hour.
    #[error("the {dataset} {hub} price series has no price for {missing_hours} hours: {hours}")]
    PriceGap {
        /// The settlement point (hub or zone), e.g. "HB_WEST".
        hub: String,
        /// The price data set, e.g. "power (da)".
        dataset: String,
        /// Number of hours without a price in the window.
        missing_hours: u64,
        /// The first gaps, UTC hours or ranges, comma-separated.
        hours: String,
    },
    /// A text that is not a date or month.
    #[error(transparent)]
    Date(#[from] DateParseError),
}

/// What a person can do about an [`Error`]; each front end words it (the CLI names its command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hint {
    /// Import data of this kind that covers the date asked for.
    ImportCovering {
        /// The import kind, e.g. "network".
        kind: &'static str,
    },
    /// Import more hours of this kind (the window reaches past the series).
    ImportMore {
        /// The import kind, e.g. "power".
        kind: &'static str,
    },
    /// Import the hours missing inside the window.
    ImportMissingHours {
        /// The import kind, e.g. "power".
        kind: &'static str,
    },
    /// The ASIC library lists the model names it knows.
    ListAsics,
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

    /// What a person can do about this error, when there is something to do beyond fixing the input.
    pub fn hint(&self) -> Option<Hint> {
        match self {
            Error::DateNotCovered { kind, .. } | Error::ValueMissing { kind, .. } => {
                Some(Hint::ImportCovering { kind })
            }
            Error::HoursNotCovered { .. } => Some(Hint::ImportMore { kind: "power" }),
            Error::PriceGap { .. } => Some(Hint::ImportMissingHours { kind: "power" }),
            Error::UnknownAsic { .. } => Some(Hint::ListAsics),
            Error::Parse { .. } | Error::InvalidInput { .. } | Error::Date(_) => None,
        }
    }
}

/// `Result` with the core [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Checks that a parameter is finite and within `[min, max]`.
pub(crate) fn check_range(
    field: &str,
    value: f64,
    min: f64,
    max: f64,
    expected: &str,
) -> Result<f64> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(Error::invalid(field, fmt_f64(value), expected))
    }
}

/// The names an error offers as the valid choices, comma-separated ("wulf, iren, hut").
pub(crate) fn choices<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// A number as a person would type it: plain in the usual range, scientific when huge or tiny.
pub fn fmt_f64(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && a.is_finite() && !(1e-4..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
