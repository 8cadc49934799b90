//! Miners leaving: X EH/s of listed fleets switched off (at once, or evenly over some months) from a date, and
//! what the network does for the miners who stay — difficulty and hashprice month by month on the scenario
//! machinery's stochastic market (the BTC process, fees, and the fitted supply response of
//! [`super::fit`] through [`crate::sim::market_path`]), against the same paths without the exodus (common
//! random numbers: path i of both runs draws the same numbers); which efficiency tiers stay profitable at given
//! power prices; how the listed miners' share of the network changes.
//!
//! The market is a scenario's `[market]` table; by default the one of `examples/pure_miner.toml` (the
//! project's control scenario), whose every figure is stated there.

use super::tiers::Tier;
use crate::date::{Date, Month};
use crate::error::{Error, Result};
use crate::mining::hashprice_usd_per_mwh;
use crate::power::PriceBook;
use crate::scenario::Scenario;
use crate::sim::{MarketMonth, Prepared, market_path};
use rayon::prelude::*;
use serde::Serialize;

/// The default market: `examples/pure_miner.toml` (its `[market]` table is used).
pub const DEFAULT_MARKET_FILE: &str = include_str!("../../../../examples/pure_miner.toml");
/// Where the default market comes from, for the output.
pub const DEFAULT_MARKET_ORIGIN: &str = "examples/pure_miner.toml";

/// The `[market]` table of a scenario file's text (to the next top-level table or the end), if it has one.
pub fn market_section(text: &str) -> Option<&str> {
    let start = text
        .find("\n[market]")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("[market]").then_some(0))?;
    let rest = &text[start + "[market]".len()..];
    let end = rest
        .match_indices("\n[")
        .map(|(i, _)| i)
        .next()
        .map_or(text.len(), |i| start + "[market]".len() + i + 1);
    Some(&text[start..end])
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExodusRequest {
    /// Hashrate switched off, EH/s.
    pub eh_s: f64,
    /// The valuation date: month 1 is the first whole month after it.
    pub from: Date,
    /// Months over which it is switched off, evenly (1 = all in month 1).
    pub over_months: u32,
    /// Months simulated.
    pub horizon_months: u32,
    /// Paths.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// Power prices at which the tiers are tested, USD/MWh.
    pub power_usd_per_mwh: Vec<f64>,
    /// Pool fee taken off the hashprice when testing the tiers.
    pub pool_fee: f64,
}

impl ExodusRequest {
    /// Checks the request's ranges.
    pub fn check(&self) -> Result<()> {
        if !(self.eh_s.is_finite() && self.eh_s > 0.0) {
            return Err(Error::invalid("eh_s", self.eh_s, "a hashrate > 0 EH/s"));
        }
        if !(1..=360).contains(&self.horizon_months) {
            return Err(Error::invalid(
                "months",
                self.horizon_months,
                "1 to 360 months",
            ));
        }
        if self.over_months == 0 || self.over_months > self.horizon_months {
            return Err(Error::invalid(
                "over",
                self.over_months,
                format!("1 to the horizon's {} months", self.horizon_months),
            ));
        }
        if let Some(p) = self
            .power_usd_per_mwh
            .iter()
            .find(|p| !(p.is_finite() && (0.0..=10_000.0).contains(*p)))
        {
            return Err(Error::invalid(
                "power_usd_per_mwh",
                p,
                "prices in [0, 10000] USD/MWh",
            ));
        }
        Ok(())
    }

    /// The scenario the market is simulated on: a one-MW site without a fleet (the network is simulated
    /// whatever the company does), the valuation date, whole years covering the horizon, and `market`, a
    /// scenario's `[market]` table.
    pub fn scenario_text(&self, market: &str) -> String {
        format!(
            "[company]\nname = \"network exodus\"\nstart_date = \"{}\"\nhorizon_years = {}\ndiscount_rate = 0.1\n\n\
             [[sites]]\nname = \"network\"\nmw_gross = 1\npower = {{ contract = \"fixed\", price_usd_per_mwh = 0 }}\n\n{}\n",
            self.from,
            self.horizon_months.div_ceil(12),
            market
        )
    }

    /// The cumulative hashrate switched off by month m (index 0 = 0).
    pub fn schedule(&self) -> Vec<f64> {
        (0..=self.horizon_months)
            .map(|m| self.eh_s * (m.min(self.over_months) as f64 / self.over_months as f64))
            .collect()
    }
}

pub use crate::risk::Band;

/// One month of both runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExodusMonth {
    /// Calendar month.
    pub month: Month,
    /// Hashrate switched off by then, EH/s.
    pub removed_eh_s: f64,
    /// Hashprice with the exodus, USD/PH/day.
    pub hashprice_usd_per_ph_day: Band,
    /// Hashprice without it.
    pub baseline_hashprice_usd_per_ph_day: Band,
    /// Paired difference (exodus − baseline) of each path's hashprice.
    pub hashprice_change_usd_per_ph_day: Band,
    /// Network hashrate with the exodus, EH/s (the difficulty follows it: difficulty = EH/s × 10^18 × 600 /
    /// 2^32).
    pub network_eh_s: Band,
    /// Network hashrate without it.
    pub baseline_network_eh_s: Band,
    /// Difficulty with the exodus, the month's as the engine mines at it.
    pub difficulty: Band,
    /// Difficulty without it.
    pub baseline_difficulty: Band,
}

/// A tier at a power price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierProfit {
    /// The tier's band.
    pub band: String,
    /// Its J/TH.
    pub j_per_th: f64,
    /// Power price, USD/MWh.
    pub power_usd_per_mwh: f64,
    /// Months whose median hashprice earns more per MWh than the power price, with the exodus.
    pub months_profitable: u32,
    /// The same without it.
    pub baseline_months_profitable: u32,
    /// Revenue per MWh at the last month's median hashprice, with the exodus.
    pub last_month_revenue_usd_per_mwh: f64,
    /// The same without it.
    pub baseline_last_month_revenue_usd_per_mwh: f64,
}

/// The listed miners' share of the network before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareChange {
    /// Day of the listed figures.
    pub listed_date: Date,
    /// Listed total on that day, EH/s.
    pub listed_eh_s: f64,
    /// Network hashrate at the start (the scenario's), EH/s.
    pub network_start_eh_s: f64,
    /// Listed share at the start.
    pub share_before: f64,
    /// (listed − X) / median network with the exodus, when the exodus is complete.
    pub share_after: f64,
    /// listed / median network without it, the same month.
    pub baseline_share: f64,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exodus {
    /// The request.
    pub request: ExodusRequest,
    /// Network hashrate at the start, EH/s.
    pub network_start_eh_s: f64,
    /// Month by month.
    pub months: Vec<ExodusMonth>,
    /// Each tier at each power price.
    pub tiers: Vec<TierProfit>,
    /// The listed share, where the listed table is given.
    pub listed_share: Option<ShareChange>,
    /// What to keep in mind.
    pub notes: Vec<String>,
}

/// One path with the exodus and the same path without it.
type PathPair = (Vec<MarketMonth>, Vec<MarketMonth>);

/// Runs both cases on `scenario` (from [`ExodusRequest::scenario_text`]) on the current rayon pool.
pub fn run(
    scenario: &Scenario,
    power: &PriceBook,
    req: &ExodusRequest,
    tiers: &[Tier],
    listed: Option<(Date, f64)>,
) -> Result<Exodus> {
    req.check()?;
    let start = scenario.market().hashrate_initial_eh_s();
    if req.eh_s >= start {
        return Err(Error::invalid(
            "eh_s",
            req.eh_s,
            format!("less than the network's {start:.1} EH/s on {}", req.from),
        ));
    }
    let p = Prepared::new(scenario, power)?;
    let schedule = req.schedule();
    let pairs: Vec<PathPair> = (0..req.paths)
        .into_par_iter()
        .map(|i| {
            (
                market_path(&p, req.seed, i, &schedule),
                market_path(&p, req.seed, i, &[]),
            )
        })
        .collect();
    let months_n = req.horizon_months as usize;
    let col = |f: &dyn Fn(&PathPair, usize) -> f64, m: usize| -> Vec<f64> {
        pairs.iter().map(|pr| f(pr, m)).collect()
    };
    let mut months = Vec::with_capacity(months_n);
    for m in 0..months_n {
        let hp = Band::of(&col(&|pr, m| pr.0[m].hashprice_usd_per_ph_day, m));
        let bhp = Band::of(&col(&|pr, m| pr.1[m].hashprice_usd_per_ph_day, m));
        let d = Band::of(&col(
            &|pr, m| pr.0[m].hashprice_usd_per_ph_day - pr.1[m].hashprice_usd_per_ph_day,
            m,
        ));
        let net = Band::of(&col(&|pr, m| pr.0[m].network_eh_s, m));
        let bnet = Band::of(&col(&|pr, m| pr.1[m].network_eh_s, m));
        months.push(ExodusMonth {
            month: pairs[0].0[m].month,
            removed_eh_s: schedule[m + 1],
            hashprice_usd_per_ph_day: hp,
            baseline_hashprice_usd_per_ph_day: bhp,
            hashprice_change_usd_per_ph_day: d,
            difficulty: Band::of(&col(&|pr, m| pr.0[m].difficulty, m)),
            baseline_difficulty: Band::of(&col(&|pr, m| pr.1[m].difficulty, m)),
            network_eh_s: net,
            baseline_network_eh_s: bnet,
        });
    }
    let mut tier_rows = Vec::new();
    for &power_usd_per_mwh in &req.power_usd_per_mwh {
        for t in tiers {
            let rev = |hp: f64| hashprice_usd_per_mwh(hp, req.pool_fee, t.j_per_th);
            let count = |f: &dyn Fn(&ExodusMonth) -> f64| {
                months
                    .iter()
                    .filter(|m| rev(f(m)) > power_usd_per_mwh)
                    .count() as u32
            };
            let last = &months[months_n - 1];
            tier_rows.push(TierProfit {
                band: t.band.clone(),
                j_per_th: t.j_per_th,
                power_usd_per_mwh,
                months_profitable: count(&|m| m.hashprice_usd_per_ph_day.p50),
                baseline_months_profitable: count(&|m| m.baseline_hashprice_usd_per_ph_day.p50),
                last_month_revenue_usd_per_mwh: rev(last.hashprice_usd_per_ph_day.p50),
                baseline_last_month_revenue_usd_per_mwh: rev(last
                    .baseline_hashprice_usd_per_ph_day
                    .p50),
            });
        }
    }
    let done = &months[req.over_months as usize - 1];
    let listed_share = listed.map(|(d, total)| ShareChange {
        listed_date: d,
        listed_eh_s: total,
        network_start_eh_s: start,
        share_before: total / start,
        share_after: (total - req.eh_s).max(0.0) / done.network_eh_s.p50,
        baseline_share: total / done.baseline_network_eh_s.p50,
    });
    let mut notes = vec![
        "the market is simulated month by month: the difficulty follows the month's network hashrate, so every \
         month after the exodus starts already carries its retarget"
            .to_string(),
        "pool HHI and Nakamoto coefficient are not recomputed: which pools the leaving fleets mine with is not \
         in the data"
            .to_string(),
    ];
    if let Some((d, total)) = listed
        && req.eh_s > total
    {
        notes.push(format!(
            "{} EH/s is more than the listed miners' {total:.1} EH/s on {d}",
            req.eh_s
        ));
    }
    Ok(Exodus {
        request: req.clone(),
        network_start_eh_s: start,
        months,
        tiers: tier_rows,
        listed_share,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_section_of_the_default_file() {
        let m = market_section(DEFAULT_MARKET_FILE).unwrap();
        assert!(m.starts_with("[market]"));
        assert!(m.contains("supply_response"));
        assert!(!m.contains("[[sites]]"));
    }

    #[test]
    fn schedule_is_even_over_the_months() {
        let r = ExodusRequest {
            eh_s: 90.0,
            from: Date::parse("2026-01-31").unwrap(),
            over_months: 3,
            horizon_months: 6,
            paths: 1,
            seed: 1,
            power_usd_per_mwh: vec![50.0],
            pool_fee: 0.02,
        };
        assert_eq!(r.schedule(), vec![0.0, 30.0, 60.0, 90.0, 90.0, 90.0, 90.0]);
        assert!(r.scenario_text("[market]\n").contains("horizon_years = 1"));
    }
}
