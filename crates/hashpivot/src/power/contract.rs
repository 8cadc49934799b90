//! Power contracts: what a megawatt-hour costs the site, and what mining it gives up.
//!
//! - **Index**: the site pays the hub price plus an adder for what it consumes. Marginal cost = hub + adder.
//! - **Fixed, pay-as-consumed**: a fixed price for what it consumes. Marginal cost = the fixed price.
//! - **Fixed, take-or-pay**: the contracted MW are paid every hour, used or not. Marginal cost = 0.
//! - **Fixed with sell-back** (take-or-pay): unused contracted power is resold at the hub price, so the
//!   opportunity cost of mining an hour is the hub price. This is how fixed-price miners earn "power credits".

use crate::error::{Error, Result};
use serde::Serialize;

/// How a contracted fixed-price block is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Settlement {
    /// Pay only for the energy consumed.
    PayAsConsumed,
    /// Pay for the whole contracted block every hour.
    TakeOrPay {
        /// Resell unused contracted power at the hub price.
        sell_back: bool,
    },
}

/// A site's power contract.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Contract {
    /// Hub price plus an adder (delivery, fees), USD/MWh, paid on consumption.
    Index { adder_usd_per_mwh: f64 },
    /// A fixed price, USD/MWh.
    Fixed {
        price_usd_per_mwh: f64,
        settlement: Settlement,
    },
}

impl Contract {
    /// An index contract; the adder may be negative (a discount) but must be finite.
    pub fn index(adder_usd_per_mwh: f64) -> Result<Contract> {
        if !adder_usd_per_mwh.is_finite() || adder_usd_per_mwh.abs() > 1e5 {
            return Err(Error::invalid(
                "adder_usd_per_mwh",
                adder_usd_per_mwh,
                "a finite adder in USD/MWh, e.g. 3",
            ));
        }
        Ok(Contract::Index { adder_usd_per_mwh })
    }

    /// A fixed-price contract.
    pub fn fixed(price_usd_per_mwh: f64, settlement: Settlement) -> Result<Contract> {
        if !price_usd_per_mwh.is_finite() || price_usd_per_mwh.abs() > 1e5 {
            return Err(Error::invalid(
                "fixed_price_usd_per_mwh",
                price_usd_per_mwh,
                "a finite price in USD/MWh, e.g. 35",
            ));
        }
        Ok(Contract::Fixed {
            price_usd_per_mwh,
            settlement,
        })
    }

    /// What mining one MWh in an hour at hub price `hub_usd_per_mwh` costs the site at the margin.
    #[inline]
    pub fn marginal_cost_usd_per_mwh(&self, hub_usd_per_mwh: f64) -> f64 {
        match *self {
            Contract::Index { adder_usd_per_mwh } => hub_usd_per_mwh + adder_usd_per_mwh,
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::PayAsConsumed,
            } => price_usd_per_mwh,
            Contract::Fixed {
                settlement: Settlement::TakeOrPay { sell_back: false },
                ..
            } => 0.0,
            Contract::Fixed {
                settlement: Settlement::TakeOrPay { sell_back: true },
                ..
            } => hub_usd_per_mwh,
        }
    }

    /// Price paid per MWh consumed (the firm load's price, and mining's under pay-as-consumed terms).
    #[inline]
    pub fn energy_price_usd_per_mwh(&self, hub_usd_per_mwh: f64) -> f64 {
        match *self {
            Contract::Index { adder_usd_per_mwh } => hub_usd_per_mwh + adder_usd_per_mwh,
            Contract::Fixed {
                price_usd_per_mwh, ..
            } => price_usd_per_mwh,
        }
    }

    /// Settlement of one hour for a block of `contracted_mw` of which `used_mw` ran:
    /// (power cost, resale revenue), USD.
    #[inline]
    pub fn settle_hour(
        &self,
        hub_usd_per_mwh: f64,
        contracted_mw: f64,
        used_mw: f64,
    ) -> (f64, f64) {
        match *self {
            Contract::Index { adder_usd_per_mwh } => {
                ((hub_usd_per_mwh + adder_usd_per_mwh) * used_mw, 0.0)
            }
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::PayAsConsumed,
            } => (price_usd_per_mwh * used_mw, 0.0),
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::TakeOrPay { sell_back },
            } => {
                let resale = if sell_back {
                    hub_usd_per_mwh * (contracted_mw - used_mw)
                } else {
                    0.0
                };
                (price_usd_per_mwh * contracted_mw, resale)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marginal_costs() {
        let hub = 40.0;
        assert_eq!(
            Contract::index(3.0).unwrap().marginal_cost_usd_per_mwh(hub),
            43.0
        );
        let f = |s| Contract::fixed(30.0, s).unwrap();
        assert_eq!(
            f(Settlement::PayAsConsumed).marginal_cost_usd_per_mwh(hub),
            30.0
        );
        assert_eq!(
            f(Settlement::TakeOrPay { sell_back: false }).marginal_cost_usd_per_mwh(hub),
            0.0
        );
        assert_eq!(
            f(Settlement::TakeOrPay { sell_back: true }).marginal_cost_usd_per_mwh(hub),
            40.0
        );
        // 100 MW block, 60 MW used, hub at 5,000: pays 100 × 30, resells 40 × 5,000.
        assert_eq!(
            f(Settlement::TakeOrPay { sell_back: true }).settle_hour(5_000.0, 100.0, 60.0),
            (3_000.0, 200_000.0)
        );
        assert!(Contract::index(f64::NAN).is_err());
        assert!(Contract::fixed(f64::INFINITY, Settlement::PayAsConsumed).is_err());
    }
}
