//! Unit-carrying capacities: critical-IT MW, gross (grid) MW, and the ratio between them.

use crate::bounds;
use crate::error::{Error, Result};
use serde::Serialize;

/// Critical-IT megawatts: power delivered to servers, storage and network (what leases are priced on).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct MwIt(f64);

/// Gross (utility, grid) megawatts: everything the site draws, cooling and losses included.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct MwGross(f64);

/// Power usage effectiveness: gross power / IT power, in [1, 3].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Pue(f64);

impl MwIt {
    /// An IT capacity in [`bounds::MW`]'s range.
    pub fn new(mw_it: f64) -> Result<MwIt> {
        bounds::MW.check_as("mw_it", mw_it).map(MwIt)
    }
    /// The capacity in IT MW.
    pub fn mw(self) -> f64 {
        self.0
    }
    /// The capacity in IT kW (MW × 1,000).
    pub fn kw(self) -> f64 {
        self.0 * 1_000.0
    }
    /// The gross MW that this IT load draws at a PUE.
    pub fn to_gross(self, pue: Pue) -> MwGross {
        MwGross(self.0 * pue.0)
    }
}

impl MwGross {
    /// A gross capacity in [`bounds::MW`]'s range.
    pub fn new(mw_gross: f64) -> Result<MwGross> {
        bounds::MW.check_as("mw_gross", mw_gross).map(MwGross)
    }
    /// The capacity in gross (grid) MW.
    pub fn mw(self) -> f64 {
        self.0
    }
    /// The IT load that fits in this gross capacity at a PUE.
    pub fn to_it(self, pue: Pue) -> MwIt {
        MwIt(self.0 / pue.0)
    }
}

impl Pue {
    /// A PUE in [`bounds::PUE`]'s range [1, 3] (1.1–1.6 is typical; gross/IT ratios of 1.35–1.5 are seen in the deals).
    pub fn new(pue: f64) -> Result<Pue> {
        bounds::PUE.check(pue).map(Pue)
    }
    /// The ratio of a site's gross to IT capacity; refuses an IT load above the gross load.
    pub fn from_capacities(gross: MwGross, it: MwIt) -> Result<Pue> {
        if it.0 <= 0.0 {
            return Err(Error::invalid(
                "mw_it",
                it.0,
                "a positive IT load to form a gross/IT ratio",
            ));
        }
        if gross.0 < it.0 {
            return Err(Error::invalid(
                "mw_gross",
                gross.0,
                format!(
                    "at least the IT load ({} MW): gross power includes the IT load",
                    it.0
                ),
            ));
        }
        Pue::new(gross.0 / it.0)
    }
    /// The ratio gross MW / IT MW, in [1, 3].
    pub fn value(self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `actual` equals `expected` to rounding.
    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    #[test]
    fn conversions_go_through_the_ratio() {
        let pue =
            Pue::from_capacities(MwGross::new(244.0).unwrap(), MwIt::new(168.0).unwrap()).unwrap();
        assert_close(pue.value(), 244.0 / 168.0);
        let pue = Pue::new(1.5).unwrap();
        assert_close(MwIt::new(50.0).unwrap().to_gross(pue).mw(), 75.0);
        assert_close(MwGross::new(75.0).unwrap().to_it(pue).mw(), 50.0);
    }

    #[test]
    fn invalid_capacities_are_refused() {
        assert!(MwIt::new(-1.0).is_err());
        assert!(Pue::new(0.9).is_err());
        assert_eq!(
            MwGross::new(2e6).unwrap_err().to_string(),
            "invalid mw_gross: found 2000000, expected a power in MW in [0, 1000000], e.g. 100"
        );
        assert_eq!(
            Pue::new(3.5).unwrap_err().to_string(),
            "invalid pue: found 3.5, expected a gross/IT ratio in [1, 3], e.g. 1.3"
        );
        let e = Pue::from_capacities(MwGross::new(100.0).unwrap(), MwIt::new(120.0).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid mw_gross: found 100"), "{e}");
    }
}
