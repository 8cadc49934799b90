//! Converting a mining site to HPC: how much IT load the interconnect allows, what the build costs, the months
//! during which the MW earn nothing, and what the stranded ASICs fetch.

use super::capacity::{MwGross, MwIt, Pue};
use crate::bounds;
use crate::error::Result;
use serde::Serialize;

/// What the ASICs taken off `mw_gross` MW of mining sell for, USD: `usd_per_mw_gross` × MW (the one
/// stranded-ASIC resale rule: `compare` and the scenario engine's conversions).
pub fn asic_resale_usd(usd_per_mw_gross: f64, mw_gross: f64) -> f64 {
    usd_per_mw_gross * mw_gross.max(0.0)
}

/// The conversion assumptions, per site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Conversion {
    /// Grid interconnect of the site: the most it can draw, gross MW.
    pub interconnect: MwGross,
    /// PUE of the HPC build.
    pub pue: Pue,
    /// Build cost per MW of IT, USD.
    pub capex_usd_per_mw_it: f64,
    /// Months from the decision to the first rent, during which the converted MW earn nothing.
    pub build_months: u32,
    /// What the ASICs taken off the converted MW sell for, USD per gross MW they drew.
    pub asic_resale_usd_per_mw_gross: f64,
}

/// What a conversion adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ConversionSummary {
    /// The IT load that fits in the interconnect: interconnect / PUE.
    pub mw_it: MwIt,
    /// Build cost of the whole IT load (IT MW × capex per MW IT), USD.
    pub capex_usd: f64,
    /// Proceeds of selling the ASICs taken off the converted MW, USD.
    pub asic_resale_usd: f64,
    /// Mining margin given up while the site is built (the opportunity cost of the build months).
    pub forgone_mining_margin_usd: f64,
}

impl Conversion {
    /// Checks the per-MW money figures (capex, ASIC resale) are in range; the capacities and the PUE are checked
    /// by their types.
    pub fn check(&self) -> Result<()> {
        bounds::SITE_CAPEX_USD_PER_MW.check_as("capex_usd_per_mw_it", self.capex_usd_per_mw_it)?;
        bounds::USD_AMOUNT.check_as(
            "asic_resale_usd_per_mw_gross",
            self.asic_resale_usd_per_mw_gross,
        )?;
        Ok(())
    }

    /// Summary for a site that was mining at `mining_margin_usd_per_grid_kwh` before the build.
    pub fn summary(&self, mining_margin_usd_per_grid_kwh: f64) -> Result<ConversionSummary> {
        self.check()?;
        let mw_it = self.interconnect.to_it(self.pue);
        let hours = self.build_months as f64 * crate::finance::HOURS_PER_MONTH;
        Ok(ConversionSummary {
            mw_it,
            capex_usd: self.capex_usd_per_mw_it * mw_it.mw(),
            asic_resale_usd: asic_resale_usd(
                self.asic_resale_usd_per_mw_gross,
                self.interconnect.mw(),
            ),
            forgone_mining_margin_usd: mining_margin_usd_per_grid_kwh.max(0.0)
                * self.interconnect.mw()
                * 1_000.0
                * hours,
        })
    }

    /// Adds the conversion to a lease's landlord flows per MW of IT: ASIC resale at t = 0 (the gross MW per
    /// IT MW is the PUE).
    pub fn with_resale(&self, mut flows_per_mw_it: Vec<f64>) -> Vec<f64> {
        if let Some(f) = flows_per_mw_it.first_mut() {
            *f += asic_resale_usd(self.asic_resale_usd_per_mw_gross, self.pue.value());
        }
        flows_per_mw_it
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interconnect_limits_it_load() {
        let c = Conversion {
            interconnect: MwGross::new(244.0).unwrap(),
            pue: Pue::new(244.0 / 168.0).unwrap(),
            capex_usd_per_mw_it: 10e6,
            build_months: 12,
            asic_resale_usd_per_mw_gross: 100_000.0,
        };
        let s = c.summary(0.03).unwrap();
        assert!((s.mw_it.mw() - 168.0).abs() < 1e-9);
        assert!((s.capex_usd - 1.68e9).abs() < 1e-3);
        assert!((s.asic_resale_usd - 24.4e6).abs() < 1e-6);
        // 244 MW × 1000 × 8,760 h × $0.03.
        assert!((s.forgone_mining_margin_usd - 244_000.0 * 8_760.0 * 0.03).abs() < 1e-3);
        let f = c.with_resale(vec![-1.0, 2.0]);
        assert!((f[0] - (-1.0 + 100_000.0 * 244.0 / 168.0)).abs() < 1e-6);
    }
}
