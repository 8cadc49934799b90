//! What a valuation assumed: every number that moves value, with where it came from.
//!
//! A scenario's elements list their assumptions ([`crate::scenario::Scenario::assumptions`]); the run summary and
//! `run --json` print them under `assumptions`. A number is either stated in the input, taken from a sourced
//! library entry, or a default whose basis is said in words ("no silent material default").

use serde::Serialize;

/// Where an assumed number came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    /// Written in the input (the scenario file or a flag).
    Stated,
    /// Taken from a bundled library entry (the deal library, the tenant table, the ASIC library...).
    Library {
        /// The entry, e.g. `deals:terawulf-fluidstack-cb34`.
        entry: String,
    },
    /// Not in the input: the tool's default, with the reason it is a fair default.
    Default {
        /// Why this default, in words (e.g. "peers' disclosed NOI margins: TeraWulf ~85%, Cipher 80–85%").
        reason: String,
    },
}

/// One assumed number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// The input it stands for, as a path of the scenario's fields, e.g. `conversions[cb-3].noi_margin`.
    pub name: String,
    /// The number, in `unit`.
    pub value: f64,
    /// The unit, e.g. `usd_per_kw_month`, `per_year`, `share`.
    pub unit: &'static str,
    /// Where the number came from.
    pub basis: Basis,
    /// A citation (URL, filing, document and date) when there is one.
    pub source: Option<String>,
}

impl Assumption {
    /// A number written in the input.
    pub fn stated(name: impl Into<String>, value: f64, unit: &'static str) -> Assumption {
        Assumption {
            name: name.into(),
            value,
            unit,
            basis: Basis::Stated,
            source: None,
        }
    }

    /// A number from a library entry, with the entry's source.
    pub fn library(
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
        entry: impl Into<String>,
        source: Option<String>,
    ) -> Assumption {
        Assumption {
            name: name.into(),
            value,
            unit,
            basis: Basis::Library {
                entry: entry.into(),
            },
            source,
        }
    }

    /// A default of the tool, with its reason.
    pub fn default(
        name: impl Into<String>,
        value: f64,
        unit: &'static str,
        reason: impl Into<String>,
    ) -> Assumption {
        Assumption {
            name: name.into(),
            value,
            unit,
            basis: Basis::Default {
                reason: reason.into(),
            },
            source: None,
        }
    }

    /// The number written in the input when there is one, else the tool's `default` with its reason.
    pub fn stated_or_default(
        name: impl Into<String>,
        stated: Option<f64>,
        default: f64,
        unit: &'static str,
        reason: impl Into<String>,
    ) -> Assumption {
        match stated {
            Some(v) => Assumption::stated(name, v, unit),
            None => Assumption::default(name, default, unit, reason),
        }
    }

    /// Whether the number was not in the input.
    pub fn is_default(&self) -> bool {
        matches!(self.basis, Basis::Default { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_its_basis_kind() {
        let a = Assumption::default("company.tax_rate", 0.21, "share", "US federal rate");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"name":"company.tax_rate","value":0.21,"unit":"share","basis":{"kind":"default","reason":"US federal rate"},"source":null}"#
        );
        assert!(a.is_default());
        assert!(!Assumption::stated("x", 1.0, "share").is_default());
    }
}
