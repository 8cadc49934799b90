//! Everything a path needs that does not depend on the path: the market processes built from the scenario and
//! the month curves of every (hub, bootstrap year, calendar month).

use crate::date::Month;
use crate::error::Result;
use crate::market::LogReturns;
use crate::market::bootstrap::BlockBootstrap;
use crate::market::csv_paths::CsvPaths;
use crate::power::central_time::Clock;
use crate::power::{MonthCurve, MonthPrices, PriceBook};
use crate::scenario::{BtcModel, PowerMarketModel, Scenario};

/// A scenario made ready to simulate: its market processes and the month price curves of every hub and
/// bootstrap year, built once and shared by every path.
pub struct Prepared<'s> {
    /// The checked scenario.
    pub(crate) scenario: &'s Scenario,
    /// The BTC price process (monthly log returns).
    pub(crate) btc: Box<dyn LogReturns>,
    /// Per site: its hub slot.
    pub(crate) site_hub: Vec<Option<usize>>,
    /// Bootstrap years.
    pub(crate) years: Vec<i32>,
    /// curves[hub][distinct year][calendar month − 1]: one set per hub (sites at a hub share it) and per
    /// distinct year (a year listed 1,000 times is built once).
    curves: Vec<Vec<Vec<MonthCurve>>>,
    /// Per bootstrap year slot: its index among the distinct years of `curves`.
    year_curve: Vec<usize>,
    /// Calendar month of each simulated month (index 1..=months; index 0 = the valuation month).
    pub(crate) calendar: Vec<Month>,
    /// Days from the valuation date to the first day of each simulated month (index 1..=months).
    pub(crate) days_from_start: Vec<i64>,
}

impl<'s> Prepared<'s> {
    /// Builds the market processes of `scenario` and the month price curves of its hubs from the hourly prices
    /// in `power`; fails when a hub's prices are missing from `power` or a CSV BTC model has no paths attached.
    pub fn new(scenario: &'s Scenario, power: &PriceBook) -> Result<Prepared<'s>> {
        let m = &scenario.market();
        // A fleet is part of the network: every site's fleet together at most all of it.
        scenario.fleet_share_of_blocks()?;
        let btc: Box<dyn LogReturns> = match &m.btc() {
            BtcModel::Gbm(g) => Box::new(*g),
            BtcModel::JumpDiffusion(j) => Box::new(*j),
            BtcModel::Bootstrap {
                block_months,
                history_log_returns,
            } => Box::new(BlockBootstrap {
                history: history_log_returns.clone(),
                block_months: *block_months as usize,
            }),
            BtcModel::Csv { file, paths_usd } => {
                if paths_usd.is_empty() {
                    return Err(crate::Error::invalid(
                        "market.btc_price.file",
                        file,
                        "price paths attached with Scenario::set_btc_paths before the run",
                    ));
                }
                Box::new(CsvPaths {
                    initial_usd: m.btc_initial_usd(),
                    paths_usd: paths_usd.clone(),
                })
            }
        };
        let mut hubs: Vec<String> = Vec::new();
        let site_hub = scenario
            .sites()
            .iter()
            .map(|s| {
                s.hub().map(|h| match hubs.iter().position(|x| x == h) {
                    Some(i) => i,
                    None => {
                        hubs.push(h.to_string());
                        hubs.len() - 1
                    }
                })
            })
            .collect();
        let years = match &m.power() {
            PowerMarketModel::Bootstrap { years, .. } => years.clone(),
            PowerMarketModel::Fixed { .. } => Vec::new(),
        };
        let mut distinct: Vec<i32> = years.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let year_curve = years
            .iter()
            .map(|y| distinct.binary_search(y).expect("a listed year"))
            .collect();
        let mut curves = Vec::new();
        for hub in &hubs {
            let mut per_year = Vec::new();
            for &y in &distinct {
                let mut per_month = Vec::new();
                for mo in 1..=12u32 {
                    // Months in Central Prevailing Time (ERCOT's clock): 743 hours in March, 745 in
                    // November.
                    let month = Month { year: y, month: mo };
                    let (a, b) = Clock::Central.days_utc_hours(month.first_day(), month.last_day());
                    let s = power.series(hub, a, b, "bundled ERCOT real-time")?;
                    per_month.push(MonthCurve::new(s.usd_per_mwh()));
                }
                per_year.push(per_month);
            }
            curves.push(per_year);
        }
        let calendar: Vec<Month> = (0..=scenario.months())
            .map(|i| scenario.first_month().add_months(i as i32 - 1))
            .collect();
        let days_from_start = calendar
            .iter()
            .map(|c| scenario.start_date().days_until(c.first_day()) as i64)
            .collect();
        Ok(Prepared {
            scenario,
            btc,
            site_hub,
            years,
            curves,
            year_curve,
            calendar,
            days_from_start,
        })
    }

    /// Prices of site `site` in simulated month `m` when simulated year replays bootstrap year slot `year`.
    #[inline]
    pub(crate) fn prices(&self, site: usize, m: usize, year: usize) -> MonthPrices<'_> {
        let cal = self.calendar[m];
        match (&self.scenario.market().power(), self.site_hub[site]) {
            (PowerMarketModel::Bootstrap { .. }, Some(h)) => {
                MonthPrices::Curve(&self.curves[h][self.year_curve[year]][cal.month as usize - 1])
            }
            (PowerMarketModel::Fixed { hub_usd_per_mwh }, _) => MonthPrices::Constant {
                usd_per_mwh: *hub_usd_per_mwh,
                hours: cal.num_days() as usize * 24,
            },
            // A site without a hub under bootstrap has a fixed pay-as-consumed or take-or-pay contract: the
            // hub price never enters its costs.
            (PowerMarketModel::Bootstrap { .. }, None) => MonthPrices::Constant {
                usd_per_mwh: 0.0,
                hours: cal.num_days() as usize * 24,
            },
        }
    }
}
