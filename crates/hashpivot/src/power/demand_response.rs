//! Demand response (ERS, CLR-style): a standby payment for MW offered as curtailable, and curtailment of those
//! MW whenever the grid calls. Calls are given hours, or predicted as the hours whose price exceeds a threshold.
//! Standby is paid each hour on min(offered MW, mining MW running before any call): a load that is off (not
//! mining that hour, or curtailed for 4CP) has nothing to offer.

use crate::bounds;
use crate::error::Result;
use serde::Serialize;

/// When the programme calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Calls {
    /// Given unix hours (UTC hour-beginning).
    Given(Vec<i64>),
    /// Predicted: every hour whose hub price is at or above this, USD/MWh.
    PriceAtLeast(f64),
}

/// A demand-response offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandResponse {
    /// MW offered as curtailable (at most the mining MW).
    pub mw: f64,
    /// Standby payment, USD per MW offered per hour.
    pub standby_usd_per_mw_hour: f64,
    /// When the grid calls the offered MW off.
    pub calls: Calls,
}

impl DemandResponse {
    /// Checks MW offered ([`bounds::MW`]), standby payment ([`bounds::USD_AMOUNT`]) and call price
    /// ([`bounds::HUB_PRICE_USD_PER_MWH`]).
    pub fn new(mw: f64, standby_usd_per_mw_hour: f64, calls: Calls) -> Result<DemandResponse> {
        bounds::MW.check_as("dr_mw", mw)?;
        bounds::USD_AMOUNT.check_as("dr_standby_usd_per_mw_hour", standby_usd_per_mw_hour)?;
        if let Calls::PriceAtLeast(p) = calls {
            bounds::HUB_PRICE_USD_PER_MWH.check_as("dr_call_price_usd_per_mwh", p)?;
        }
        Ok(DemandResponse {
            mw,
            standby_usd_per_mw_hour,
            calls,
        })
    }

    /// Which hours are called, one flag per hour of a series.
    pub fn called_hours(&self, first_hour_utc: i64, prices: &[f64]) -> Vec<bool> {
        match &self.calls {
            Calls::PriceAtLeast(t) => prices.iter().map(|p| p >= t).collect(),
            Calls::Given(hours) => {
                let mut out = vec![false; prices.len()];
                for h in hours {
                    let i = h - first_hour_utc;
                    if (0..prices.len() as i64).contains(&i) {
                        out[i as usize] = true;
                    }
                }
                out
            }
        }
    }

    /// Standby revenue for the full offer over `hours` hours — an upper bound: [`mod@crate::power::dispatch`] pays
    /// standby each hour only on min(offered MW, mining MW running), since a curtailable load must be on to be
    /// offered.
    pub fn standby_usd(&self, hours: usize) -> f64 {
        self.mw * self.standby_usd_per_mw_hour * hours as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_standby() {
        let dr = DemandResponse::new(20.0, 8.0, Calls::PriceAtLeast(1_000.0)).unwrap();
        assert_eq!(
            dr.called_hours(0, &[10.0, 1_000.0, 5_000.0, -3.0]),
            vec![false, true, true, false]
        );
        assert_eq!(dr.standby_usd(8_784), 20.0 * 8.0 * 8_784.0);
        let given = DemandResponse::new(20.0, 8.0, Calls::Given(vec![101, 103, 999])).unwrap();
        assert_eq!(
            given.called_hours(100, &[1.0; 4]),
            vec![false, true, false, true]
        );
        assert!(DemandResponse::new(-1.0, 8.0, Calls::PriceAtLeast(1.0)).is_err());
        let e = DemandResponse::new(20.0, 8.0, Calls::PriceAtLeast(2e4))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid dr_call_price_usd_per_mwh: found 20000, expected a price in [-1000, 10000] USD/MWh"
        );
    }
}
