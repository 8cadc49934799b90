//! One path's monthly rows, for valuations built on the engine's paths (the option to convert later, the
//! portfolio optimizer): the same draws and the same engine as [`super::run`]'s path `path`.

use super::draws::path_draws;
use super::engine::simulate;
use super::prepared::Prepared;
use super::rollup::{MonthRecord, PathSummary};

/// A path's summary, monthly rows and each site's firm power cost by month.
#[derive(Debug, Clone)]
pub struct PathMonths {
    /// The path's summary (as in [`super::Report::paths`]).
    pub summary: PathSummary,
    /// Rows for months 0..=M: each site's, then the company's, month by month.
    pub records: Vec<MonthRecord>,
    /// Cost of one MW drawn all month at the site's firm price (its contract on the month's hub prices),
    /// `[site][month]`, USD per MW-month; month 0 repeats month 1 (as a conversion's month 0 does).
    pub firm_power_usd_per_mw_month: Vec<Vec<f64>>,
    /// The site's firm power price by month, `[site][month]`, USD/MWh.
    pub firm_power_usd_per_mwh: Vec<Vec<f64>>,
}

/// Runs path `path` of seed `seed` and keeps its monthly rows (identical to [`super::run`]'s path `path`).
pub fn path_months(p: &Prepared<'_>, seed: u64, path: u64) -> PathMonths {
    let d = path_draws(p, seed, path);
    let (summary, records) = simulate(p, &d, path, true);
    let sc = p.scenario;
    let mut cost = vec![vec![0.0; sc.months() + 1]; sc.sites().len()];
    let mut price = cost.clone();
    for (si, site) in sc.sites().iter().enumerate() {
        for m in 0..=sc.months() {
            let slots = d.power_slots(p, m.max(1));
            let w = 1.0 / slots.len() as f64;
            for slot in slots {
                let prices = p.prices(si, m.max(1), slot);
                let energy = site.power().firm_price_usd_per_mwh(&prices);
                cost[si][m] += w * prices.hours() as f64 * energy;
                price[si][m] += w * energy;
            }
        }
    }
    PathMonths {
        summary,
        records,
        firm_power_usd_per_mw_month: cost,
        firm_power_usd_per_mwh: price,
    }
}
