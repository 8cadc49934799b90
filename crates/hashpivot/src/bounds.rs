//! The valid range of every bounded quantity, each named once.
//!
//! One quantity has one range everywhere: the scenario schema (`#[schemars(range(..))]`), the checked
//! constructors of the core, and the CLI's flags all read the constant here. A range that needs changing is
//! changed here and nowhere else.

use crate::error::{Error, Result, fmt_f64};

/// The closed range `[min, max]` a quantity must lie in, and how to say what is expected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The quantity's canonical name (field name with its unit), e.g. `discount_rate`.
    pub name: &'static str,
    /// Smallest valid value (inclusive).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// What a valid value looks like, said to a person, e.g. "an annual rate in [-0.5, 1], e.g. 0.1 for 10%".
    pub expected: &'static str,
}

impl Bound {
    /// Whether `value` is finite and inside the range.
    pub fn contains(&self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }

    /// Checks `value`, naming the quantity by its canonical name.
    pub fn check(&self, value: f64) -> Result<f64> {
        self.check_as(self.name, value)
    }

    /// Checks `value`, naming it `field` (a scenario path or a flag the user typed).
    pub fn check_as(&self, field: &str, value: f64) -> Result<f64> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(Error::invalid(field, fmt_f64(value), self.expected))
        }
    }

    /// Checks a whole number (months, years, counts) against the same range.
    pub fn check_whole_as(&self, field: &str, value: u64) -> Result<u64> {
        let v = value as f64;
        if v >= self.min && v <= self.max {
            Ok(value)
        } else {
            Err(Error::invalid(field, value, self.expected))
        }
    }
}

/// Annual discount rate: −50% to +100% a year. Outside it the discount factors of 10–20-year monthly flows stop
/// meaning anything (and at the extremes overflow).
pub const DISCOUNT_RATE: Bound = Bound {
    name: "discount_rate",
    min: -0.5,
    max: 1.0,
    expected: "an annual rate in [-0.5, 1] (−50% to 100% a year), e.g. 0.1 for 10%",
};

/// Months from the start of a build (conversion, GPU install) to delivery: 0 to 10 years.
pub const BUILD_MONTHS: Bound = Bound {
    name: "build_months",
    min: 0.0,
    max: 120.0,
    expected: "0 to 120 months",
};

/// Power usage effectiveness, gross over critical-IT load.
pub const PUE: Bound = Bound {
    name: "pue",
    min: 1.0,
    max: 3.0,
    expected: "a gross/IT ratio in [1, 3], e.g. 1.3",
};

/// Share of rent left after operating costs.
pub const NOI_MARGIN: Bound = Bound {
    name: "noi_margin",
    min: 0.0,
    max: 1.0,
    expected: "a share of rent in [0, 1], e.g. 0.85",
};

/// Share of GPU-hours sold.
pub const UTILIZATION: Bound = Bound {
    name: "utilization",
    min: 0.0,
    max: 1.0,
    expected: "a share of GPU-hours sold in [0, 1], e.g. 0.8",
};

/// Annual rent escalator.
pub const ESCALATOR: Bound = Bound {
    name: "escalator",
    min: -0.5,
    max: 0.5,
    expected: "an annual rate in [-0.5, 0.5], e.g. 0.03",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_names_the_field_the_value_and_the_range() {
        assert_eq!(DISCOUNT_RATE.check(0.1).unwrap(), 0.1);
        assert_eq!(DISCOUNT_RATE.check(-0.5).unwrap(), -0.5);
        let e = DISCOUNT_RATE
            .check_as("--discount-rate", 1.5)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid --discount-rate: found 1.5, expected an annual rate in [-0.5, 1] (−50% to 100% a year), e.g. 0.1 for 10%"
        );
        assert!(DISCOUNT_RATE.check(f64::NAN).is_err());
        assert!(BUILD_MONTHS.check_whole_as("build_months", 121).is_err());
        assert_eq!(
            BUILD_MONTHS.check_whole_as("build_months", 120).unwrap(),
            120
        );
    }
}
