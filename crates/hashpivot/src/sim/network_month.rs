//! The market of a month: the BTC price, the network hashrate (exogenous or supply response), fees, the
//! block subsidy over the month's blocks, the hashprice, and the GPU rental price index.

use super::draws::PathDraws;
use super::prepared::Prepared;
use crate::market::{fees, hashrate};
use crate::network::{BLOCKS_PER_HALVING, btc_per_th_day, subsidy_btc};
use crate::scenario::HashrateModel;

/// Average block subsidy over the blocks [h, h + n).
fn mean_subsidy_btc(h: u64, n: u64) -> f64 {
    let mut total = 0.0;
    let mut at = h;
    let end = h + n;
    while at < end {
        let era_end = (at / BLOCKS_PER_HALVING + 1) * BLOCKS_PER_HALVING;
        let upto = era_end.min(end);
        total += subsidy_btc(at) * (upto - at) as f64;
        at = upto;
    }
    total / n.max(1) as f64
}

/// The market figures of one month.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct NetworkMonth {
    pub(crate) btc_price_usd: f64,
    pub(crate) network_eh_s: f64,
    /// Difficulty of the month: the network hashrate's, a block every 600 s.
    pub(crate) difficulty: f64,
    pub(crate) btc_per_ph_day: f64,
    pub(crate) hashprice_usd_per_ph_day: f64,
    /// GPU rental price index (1 at the valuation date).
    pub(crate) gpu_index: f64,
}

/// The market state carried from month to month along a path.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    price_usd: f64,
    network_eh_s: f64,
    gpu_index: f64,
    /// Log margin ratio of the marginal fleet, per month (supply response only).
    margin_history: Vec<f64>,
    /// Hashprice of each month (index 0 unused), USD/PH/day.
    hashprice_history: Vec<f64>,
}

impl Network {
    pub(crate) fn new(p: &Prepared<'_>) -> Network {
        let mk = &p.scenario.market();
        let months = p.scenario.months();
        Network {
            price_usd: mk.btc_initial_usd(),
            network_eh_s: mk.hashrate_initial_eh_s(),
            gpu_index: 1.0,
            margin_history: Vec::with_capacity(months + 1),
            hashprice_history: vec![0.0; months + 1],
        }
    }

    /// Switches `eh_s` EH/s of the network off before the next month's growth (an exodus of fleets; the
    /// network never falls below 1 TH/s).
    pub(crate) fn remove_eh_s(&mut self, eh_s: f64) {
        self.network_eh_s = (self.network_eh_s - eh_s).max(1e-6);
    }

    /// Hashprice of months 1..m so far (index 0 unused), USD/PH/day.
    pub(crate) fn hashprice_history(&self) -> &[f64] {
        &self.hashprice_history
    }

    /// The BTC price now, USD.
    pub(crate) fn btc_price_usd(&self) -> f64 {
        self.price_usd
    }

    /// Advances to month `m` ≥ 1. The base case has every volatility at zero.
    pub(crate) fn month(&mut self, p: &Prepared<'_>, d: &PathDraws, m: usize) -> NetworkMonth {
        let mk = &p.scenario.market();
        let vol = |s: f64| if d.base_case { 0.0 } else { s };
        let cal = p.calendar[m];
        let r = d.btc_log_returns[m - 1];
        self.price_usd *= r.exp();
        let shock = hashrate::correlated(
            mk.btc_hashrate_correlation(),
            d.btc_shocks[m - 1],
            d.hashrate_own[m - 1],
        );
        let g = match &mk.hashrate() {
            HashrateModel::Exogenous {
                growth_per_year,
                volatility_per_year,
            } => hashrate::log_growth(*growth_per_year, vol(*volatility_per_year), shock),
            HashrateModel::SupplyResponse(r) => {
                let lag = r.lag_months as usize;
                let h = &self.margin_history;
                let lm = if h.len() > lag {
                    h[h.len() - 1 - lag]
                } else {
                    h.first().copied().unwrap_or(0.0)
                };
                hashrate::log_growth(
                    hashrate::supply_growth(r.base_growth_per_year, r.elasticity_per_year, lm),
                    vol(r.volatility_per_year),
                    shock,
                )
            }
        };
        self.network_eh_s *= g.exp();
        let fee = fees::fees_btc_per_block(
            mk.fees_mean_btc_per_block(),
            vol(mk.fees_volatility()),
            d.fee_z[m - 1],
        );
        let days = cal.num_days() as u64;
        let height = mk.height_initial() + 144 * p.days_from_start[m].max(0) as u64;
        let subsidy = mean_subsidy_btc(height, 144 * days);
        let difficulty = self.network_eh_s * 1e18 * crate::network::TARGET_BLOCK_SECONDS
            / crate::network::HASHES_PER_DIFFICULTY;
        let btc_per_ph_day = 1_000.0 * btc_per_th_day(difficulty, subsidy + fee);
        let hashprice = btc_per_ph_day * self.price_usd;
        self.hashprice_history[m] = hashprice;
        self.gpu_index *= hashrate::log_growth(
            (1.0 - mk.gpu_decline_per_year()).ln(),
            vol(mk.gpu_volatility_per_year()),
            d.gpu_z[m - 1],
        )
        .exp();
        if let HashrateModel::SupplyResponse(r) = &mk.hashrate() {
            // The marginal fleet becomes more efficient month by month.
            let j_per_th = r.marginal_j_per_th * mk.efficiency_factor(m);
            self.margin_history.push(hashrate::log_margin_ratio(
                hashprice,
                j_per_th,
                r.marginal_power_usd_per_mwh,
            ));
        }
        NetworkMonth {
            btc_price_usd: self.price_usd,
            network_eh_s: self.network_eh_s,
            difficulty,
            btc_per_ph_day,
            hashprice_usd_per_ph_day: hashprice,
            gpu_index: self.gpu_index,
        }
    }
}
