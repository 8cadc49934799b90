//! Fleet economics: what a kWh earns when it hashes, what a BTC costs to mine, and the curtailment strike.

mod asic;
mod share;

pub use asic::{Asic, AsicLibrary, Cooling};
pub use share::{share_of_blocks, within_network_ph_s};

use crate::bounds;
use crate::error::{Error, Result};
use crate::network::Hashprice;
use serde::Serialize;

/// The operating assumptions of a fleet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FleetParams {
    /// Efficiency in J/TH (= W per TH/s).
    pub j_per_th: f64,
    /// Power price, USD/kWh.
    pub power_usd_per_kwh: f64,
    /// Pool fee as a fraction of revenue, in [0, 0.5].
    pub pool_fee: f64,
    /// Non-power operating cost per MWh drawn, USD/MWh.
    pub opex_usd_per_mwh: f64,
}

impl FleetParams {
    /// Checks every parameter: J/TH > 0, power ≥ 0, pool fee in [0, 0.5], opex ≥ 0.
    pub fn new(
        j_per_th: f64,
        power_usd_per_kwh: f64,
        pool_fee: f64,
        opex_usd_per_mwh: f64,
    ) -> Result<Self> {
        bounds::J_PER_TH.check(j_per_th)?;
        bounds::POWER_USD_PER_KWH.check(power_usd_per_kwh)?;
        bounds::POOL_FEE.check(pool_fee)?;
        bounds::OPEX_USD_PER_MWH.check(opex_usd_per_mwh)?;
        Ok(FleetParams {
            j_per_th,
            power_usd_per_kwh,
            pool_fee,
            opex_usd_per_mwh,
        })
    }
}

/// What a fleet earns and what its BTC cost, for one hashprice.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MiningMetrics {
    /// Hashprice in BTC per PH/s per day, before the pool fee.
    pub btc_per_ph_day: f64,
    /// Hashprice in USD per PH/s per day, before the pool fee.
    pub usd_per_ph_day: f64,
    /// Revenue per kWh drawn, after the pool fee: usd_per_ph_day × (1 − pool_fee) / (24 × j_per_th).
    pub revenue_usd_per_kwh: f64,
    /// Energy to earn one BTC after the pool fee.
    pub kwh_per_btc: f64,
    /// Power cost of one BTC, USD: `kwh_per_btc` × the power price.
    pub power_cost_usd_per_btc: f64,
    /// Power plus non-power opex per BTC.
    pub all_in_cost_usd_per_btc: f64,
    /// Power price at which the margin (after opex) is zero: the curtailment strike. May be negative.
    pub breakeven_usd_per_kwh: f64,
    /// Revenue less power and opex per kWh drawn.
    pub margin_usd_per_kwh: f64,
}

/// Revenue per kWh drawn of a fleet at a hashprice: usd_per_ph_day × (1 − pool_fee) / (24 × j_per_th).
/// (1 PH/s at e J/TH draws e kW, i.e. 24·e kWh a day.)
pub fn revenue_usd_per_kwh(usd_per_ph_day: f64, pool_fee: f64, j_per_th: f64) -> f64 {
    usd_per_ph_day * (1.0 - pool_fee) / (24.0 * j_per_th)
}

/// Hashprice converted to USD per MWh drawn: usd_per_ph_day × (1 − pool_fee) × 1000 / (24 × j_per_th).
pub fn hashprice_usd_per_mwh(usd_per_ph_day: f64, pool_fee: f64, j_per_th: f64) -> f64 {
    1_000.0 * revenue_usd_per_kwh(usd_per_ph_day, pool_fee, j_per_th)
}

/// Mining metrics for a fleet at a hashprice.
pub fn metrics(hashprice: Hashprice, fleet: &FleetParams) -> Result<MiningMetrics> {
    let net_btc_per_ph_day = hashprice.btc_per_ph_day * (1.0 - fleet.pool_fee);
    if !(net_btc_per_ph_day.is_finite() && net_btc_per_ph_day > 0.0) {
        return Err(Error::invalid(
            "btc_per_ph_day",
            hashprice.btc_per_ph_day,
            "a positive expected reward (subsidy + fees > 0) to compute costs per BTC",
        ));
    }
    let revenue = revenue_usd_per_kwh(hashprice.usd_per_ph_day, fleet.pool_fee, fleet.j_per_th);
    let kwh_per_btc = 24.0 * fleet.j_per_th / net_btc_per_ph_day;
    let opex_usd_per_kwh = fleet.opex_usd_per_mwh / 1_000.0;
    let power_cost_usd_per_btc = kwh_per_btc * fleet.power_usd_per_kwh;
    let m = MiningMetrics {
        btc_per_ph_day: hashprice.btc_per_ph_day,
        usd_per_ph_day: hashprice.usd_per_ph_day,
        revenue_usd_per_kwh: revenue,
        kwh_per_btc,
        power_cost_usd_per_btc,
        all_in_cost_usd_per_btc: power_cost_usd_per_btc + kwh_per_btc * opex_usd_per_kwh,
        breakeven_usd_per_kwh: revenue - opex_usd_per_kwh,
        margin_usd_per_kwh: revenue - fleet.power_usd_per_kwh - opex_usd_per_kwh,
    };
    let all = [
        m.btc_per_ph_day,
        m.usd_per_ph_day,
        m.revenue_usd_per_kwh,
        m.kwh_per_btc,
        m.power_cost_usd_per_btc,
        m.all_in_cost_usd_per_btc,
        m.breakeven_usd_per_kwh,
        m.margin_usd_per_kwh,
    ];
    if all.iter().any(|v| !v.is_finite()) {
        return Err(Error::invalid(
            "network inputs",
            format!(
                "{} BTC/PH/day at ${}/PH/day",
                hashprice.btc_per_ph_day, hashprice.usd_per_ph_day
            ),
            "inputs whose hashprice and costs are finite numbers (check difficulty and price)",
        ));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{HASHES_PER_DIFFICULTY, Hashprice};
    use proptest::prelude::*;

    #[test]
    fn s21_at_published_2024_11_12_hashprice() {
        // 55.97 USD/PH/day, 17.5 J/TH, no pool fee: 55.97 / (24 × 17.5) = 0.13326 USD/kWh.
        let hp = Hashprice {
            btc_per_ph_day: 55.97 / 87_235.0,
            usd_per_ph_day: 55.97,
        };
        let m = metrics(hp, &FleetParams::new(17.5, 0.05, 0.0, 0.0).unwrap()).unwrap();
        assert!((m.revenue_usd_per_kwh - 0.133_262).abs() < 1e-6);
        assert!((m.breakeven_usd_per_kwh - m.revenue_usd_per_kwh).abs() < 1e-15);
        // Cost per BTC at 5 c/kWh: 24 × 17.5 / (55.97/87,235) kWh × 0.05.
        assert!((m.power_cost_usd_per_btc - 24.0 * 17.5 / (55.97 / 87_235.0) * 0.05).abs() < 1e-6);
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(FleetParams::new(0.0, 0.05, 0.0, 0.0).is_err());
        assert!(
            FleetParams::new(17.5, -0.01, 0.0, 0.0)
                .unwrap_err()
                .to_string()
                .contains("power_usd_per_kwh")
        );
        assert!(FleetParams::new(17.5, 0.05, 1.0, 0.0).is_err());
        assert!(FleetParams::new(17.5, 0.05, 0.0, f64::NAN).is_err());
        let zero = Hashprice {
            btc_per_ph_day: 0.0,
            usd_per_ph_day: 0.0,
        };
        assert!(metrics(zero, &FleetParams::new(17.5, 0.05, 0.0, 0.0).unwrap()).is_err());
    }

    proptest! {
        #[test]
        fn formulas_match_independent_computation(
            d in 1e9f64..1e15, subsidy in 0.01f64..50.0, fees in 0.0f64..2.0, price in 1.0f64..2e5,
            e in 5.0f64..150.0, c in 0.0f64..0.5, fee in 0.0f64..0.05, opex in 0.0f64..30.0,
        ) {
            let hp = Hashprice::from_inputs(d, subsidy, fees, price);
            let m = metrics(hp, &FleetParams::new(e, c, fee, opex).unwrap()).unwrap();
            let reward = subsidy + fees;
            // kWh per BTC from the formula: D × 2^32 × e / 1e12 / 3.6e6 / ((subsidy + fees) × (1 − fee)).
            let kwh = d * HASHES_PER_DIFFICULTY * e / 1e12 / 3.6e6 / (reward * (1.0 - fee));
            prop_assert!((m.kwh_per_btc / kwh - 1.0).abs() < 1e-10);
            // Revenue per kWh is the price of a BTC over the kWh it takes.
            prop_assert!((m.revenue_usd_per_kwh / (price / kwh) - 1.0).abs() < 1e-10);
            prop_assert!((m.power_cost_usd_per_btc - kwh * c).abs() <= 1e-9 * (kwh * c).max(1.0));
            prop_assert!((m.all_in_cost_usd_per_btc - kwh * (c + opex / 1000.0)).abs() <= 1e-9 * (kwh * (c + opex / 1000.0)).max(1.0));
            // The breakeven is the power price at which revenue pays power and opex: margin = breakeven − c.
            prop_assert!((m.margin_usd_per_kwh - (m.breakeven_usd_per_kwh - c)).abs() <= 1e-9 * m.revenue_usd_per_kwh.max(1.0));
            prop_assert!((m.breakeven_usd_per_kwh - (price / kwh - opex / 1000.0)).abs() <= 1e-9 * m.revenue_usd_per_kwh.max(1.0));
        }
    }
}
