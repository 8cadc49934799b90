//! The market alone along a path (BTC price, network hashrate, hashprice), the same draws and the same
//! month rule as [`super::run`]'s path, with an optional schedule of hashrate switched off: what the network
//! does when fleets leave (`hashpivot network exodus`).

use super::draws::path_draws;
use super::network_month::Network;
use super::prepared::Prepared;
use crate::date::Month;
use serde::Serialize;

/// One simulated month of the market.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MarketMonth {
    /// Calendar month.
    pub month: Month,
    /// BTC price at the month's end, USD.
    pub btc_price_usd: f64,
    /// Network hashrate of the month, EH/s (the difficulty follows it month by month).
    pub network_eh_s: f64,
    /// Difficulty of the month, the one the engine mines at (it follows the network hashrate).
    pub difficulty: f64,
    /// Hashprice of the month, USD/PH/day (before pool fees).
    pub hashprice_usd_per_ph_day: f64,
}

/// Path `path` of seed `seed`, months 1..=M. `removed_eh_s[m]` is the hashrate switched off by month m,
/// cumulative (index 0 unused; a schedule shorter than the horizon keeps its last value); each month's new
/// removal comes off the network before that month's growth. An empty schedule is the path as `run` draws it.
pub fn market_path(
    p: &Prepared<'_>,
    seed: u64,
    path: u64,
    removed_eh_s: &[f64],
) -> Vec<MarketMonth> {
    let d = path_draws(p, seed, path);
    let mut net = Network::new(p);
    let mut removed = 0.0;
    (1..=p.scenario.months())
        .map(|m| {
            let target = removed_eh_s
                .get(m)
                .or(removed_eh_s.last())
                .copied()
                .unwrap_or(0.0);
            if target != removed {
                net.remove_eh_s(target - removed);
                removed = target;
            }
            let nm = net.month(p, &d, m);
            MarketMonth {
                month: p.calendar[m],
                btc_price_usd: nm.btc_price_usd,
                network_eh_s: nm.network_eh_s,
                difficulty: nm.difficulty,
                hashprice_usd_per_ph_day: nm.hashprice_usd_per_ph_day,
            }
        })
        .collect()
}
