//! Power contracts: what a megawatt-hour costs the site, and what mining it gives up.
//!
//! - **Index**: the site pays the hub price plus an adder for what it consumes. Marginal cost = hub + adder.
//! - **Fixed, pay-as-consumed**: a fixed price for what it consumes. Marginal cost = the fixed price.
//! - **Fixed, take-or-pay**: the contracted MW are paid every hour, used or not. Marginal cost = 0.
//! - **Fixed with sell-back** (take-or-pay): unused contracted power is resold at the hub price, so the
//!   opportunity cost of mining an hour is the hub price. This is how fixed-price miners earn "power credits".

use super::month_prices::MonthPrices;
use crate::error::Result;
use serde::Serialize;

/// A month of mining settled on a contract (see [`Contract::settle_month`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthSettlement {
    /// Energy the mining drew, MWh.
    pub mwh: f64,
    /// What the contract costs this month (for take-or-pay: the whole block, used or not), USD.
    pub power_cost_usd: f64,
    /// Contracted power resold at the hub price, USD.
    pub resale_usd: f64,
    /// The power the mining itself drew, at its contract price (the power cost of the BTC mined), USD.
    pub mined_power_cost_usd: f64,
}

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
    Index {
        /// USD/MWh added to the hub price every hour; negative is a discount.
        adder_usd_per_mwh: f64,
    },
    /// A fixed price, USD/MWh.
    Fixed {
        /// The fixed price, USD/MWh, whatever the hub price.
        price_usd_per_mwh: f64,
        /// What is paid for: the energy consumed, or the whole block (take-or-pay).
        settlement: Settlement,
    },
}

impl Contract {
    /// Whether the hub price enters this contract's settlement: an index contract pays it, a sell-back block
    /// earns it. A fixed pay-as-consumed or take-or-pay block without sell-back never reads it.
    pub fn reads_hub_price(&self) -> bool {
        matches!(
            self,
            Contract::Index { .. }
                | Contract::Fixed {
                    settlement: Settlement::TakeOrPay { sell_back: true },
                    ..
                }
        )
    }

    /// An index contract; the adder may be negative (a discount) but must be finite.
    pub fn index(adder_usd_per_mwh: f64) -> Result<Contract> {
        crate::bounds::ADDER_USD_PER_MWH.check(adder_usd_per_mwh)?;
        Ok(Contract::Index { adder_usd_per_mwh })
    }

    /// A fixed-price contract.
    pub fn fixed(price_usd_per_mwh: f64, settlement: Settlement) -> Result<Contract> {
        crate::bounds::FIXED_PRICE_USD_PER_MWH
            .check_as("fixed_price_usd_per_mwh", price_usd_per_mwh)?;
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
    /// Settles a month of `mw` of mining on these terms. Mining runs in every hour where an MWh of mining is
    /// worth more (`value_usd_per_mwh`, constant over the month) than its marginal power cost plus variable opex
    /// ([`Contract::marginal_cost_usd_per_mwh`], the dispatch rule with a buffer of `opex_usd_per_mwh`); each
    /// hour is settled as [`Contract::settle_hour`] settles it, summed on the month's sorted prices.
    #[inline]
    pub fn settle_month(
        &self,
        prices: &MonthPrices<'_>,
        value_usd_per_mwh: f64,
        opex_usd_per_mwh: f64,
        mw: f64,
    ) -> MonthSettlement {
        let hours = prices.hours() as f64;
        match *self {
            Contract::Index { adder_usd_per_mwh } => {
                let (k, s) = prices.below(value_usd_per_mwh - adder_usd_per_mwh - opex_usd_per_mwh);
                let power_cost = mw * (s + adder_usd_per_mwh * k as f64);
                MonthSettlement {
                    mwh: mw * k as f64,
                    power_cost_usd: power_cost,
                    resale_usd: 0.0,
                    mined_power_cost_usd: power_cost,
                }
            }
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::PayAsConsumed,
            } => {
                let run = value_usd_per_mwh > price_usd_per_mwh + opex_usd_per_mwh;
                let mwh = if run { mw * hours } else { 0.0 };
                MonthSettlement {
                    mwh,
                    power_cost_usd: mwh * price_usd_per_mwh,
                    resale_usd: 0.0,
                    mined_power_cost_usd: mwh * price_usd_per_mwh,
                }
            }
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::TakeOrPay { sell_back: false },
            } => {
                let mwh = if value_usd_per_mwh > opex_usd_per_mwh {
                    mw * hours
                } else {
                    0.0
                };
                MonthSettlement {
                    mwh,
                    power_cost_usd: mw * hours * price_usd_per_mwh,
                    resale_usd: 0.0,
                    mined_power_cost_usd: mwh * price_usd_per_mwh,
                }
            }
            Contract::Fixed {
                price_usd_per_mwh,
                settlement: Settlement::TakeOrPay { sell_back: true },
            } => {
                let (k, s) = prices.below(value_usd_per_mwh - opex_usd_per_mwh);
                MonthSettlement {
                    mwh: mw * k as f64,
                    power_cost_usd: mw * hours * price_usd_per_mwh,
                    resale_usd: mw * (prices.total_usd_per_mw() - s),
                    mined_power_cost_usd: mw * k as f64 * price_usd_per_mwh,
                }
            }
        }
    }

    /// Price per MWh of a load that runs every hour of the month (hosted miners, HPC): the month's mean of
    /// [`Contract::energy_price_usd_per_mwh`].
    #[inline]
    pub fn firm_price_usd_per_mwh(&self, prices: &MonthPrices<'_>) -> f64 {
        match *self {
            Contract::Index { adder_usd_per_mwh } => prices.mean_usd_per_mwh() + adder_usd_per_mwh,
            Contract::Fixed {
                price_usd_per_mwh, ..
            } => price_usd_per_mwh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::month_prices::MonthCurve;
    use proptest::prelude::*;

    fn contracts(price: f64) -> [Contract; 4] {
        [
            Contract::index(price - 40.0).unwrap(),
            Contract::fixed(price, Settlement::PayAsConsumed).unwrap(),
            Contract::fixed(price, Settlement::TakeOrPay { sell_back: false }).unwrap(),
            Contract::fixed(price, Settlement::TakeOrPay { sell_back: true }).unwrap(),
        ]
    }

    proptest! {
        /// The month rule is the hourly rule: settling a month on its sorted prices equals the sum of
        /// `settle_hour` over its hours, mining `mw` in each hour where the dispatch rule runs (value − marginal
        /// cost > opex), for all four contract kinds, on a curve and on a constant price.
        #[test]
        fn the_month_settlement_is_the_sum_of_the_hours(
            hourly in proptest::collection::vec(-60.0f64..400.0, 1..800),
            constant in -60.0f64..400.0,
            value in -50.0f64..300.0,
            opex in 0.0f64..20.0,
            price in 0.0f64..90.0,
            mw in 0.1f64..200.0,
        ) {
            let curve = MonthCurve::new(&hourly);
            let n = hourly.len();
            let flat = vec![constant; n];
            for (prices, hours) in [
                (MonthPrices::Curve(&curve), &hourly),
                (MonthPrices::Constant { usd_per_mwh: constant, hours: n }, &flat),
            ] {
                for c in contracts(price) {
                    let month = c.settle_month(&prices, value, opex, mw);
                    let (mut mwh, mut cost, mut resale, mut mined) = (0.0, 0.0, 0.0, 0.0);
                    for &hub in hours.iter() {
                        let used = if value - c.marginal_cost_usd_per_mwh(hub) > opex { mw } else { 0.0 };
                        let (k, r) = c.settle_hour(hub, mw, used);
                        mwh += used;
                        cost += k;
                        resale += r;
                        mined += c.energy_price_usd_per_mwh(hub) * used;
                    }
                    let scale = mw * n as f64 * 500.0;
                    prop_assert!((month.mwh - mwh).abs() <= 1e-9 * scale, "{:?} mwh {} vs {}", c, month.mwh, mwh);
                    prop_assert!((month.power_cost_usd - cost).abs() <= 1e-9 * scale, "{:?} cost {} vs {}", c, month.power_cost_usd, cost);
                    prop_assert!((month.resale_usd - resale).abs() <= 1e-9 * scale, "{:?} resale {} vs {}", c, month.resale_usd, resale);
                    prop_assert!((month.mined_power_cost_usd - mined).abs() <= 1e-9 * scale, "{:?} mined {} vs {}", c, month.mined_power_cost_usd, mined);
                }
                // A firm load pays the month's mean energy price.
                for c in contracts(price) {
                    let mean: f64 = hours.iter().map(|&h| c.energy_price_usd_per_mwh(h)).sum::<f64>() / n as f64;
                    prop_assert!((c.firm_price_usd_per_mwh(&prices) - mean).abs() <= 1e-9 * 500.0);
                }
            }
        }
    }

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
