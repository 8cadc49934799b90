//! The hourly dispatch rule and its settlement: mine an hour when the hashprice-implied USD/MWh exceeds the
//! marginal cost of power that hour (plus an optional buffer), subject to an optional minimum uptime, 4CP
//! curtailment and demand-response calls; firm AI/HPC load takes its MW first, mining runs on the rest.

use super::central_time::{Clock, format_utc_hour};
use super::contract::Contract;
use super::demand_response::DemandResponse;
use super::fourcp::FourCp;
use super::series::HourlySeries;
use crate::bounds;
use crate::date::{Date, Month};
use crate::error::{Error, Result, check_range};
use crate::mining::hashprice_usd_per_mwh;
use serde::Serialize;

/// The site: gross MW, the fleet's efficiency, and any firm AI/HPC load served first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Site {
    /// Total MW the site can draw.
    pub mw: f64,
    /// Mining fleet efficiency, J/TH.
    pub j_per_th: f64,
    /// Pool fee, fraction in [0, 0.5] (`bounds::POOL_FEE`).
    pub pool_fee: f64,
    /// Firm AI/HPC load, MW, served every hour before mining.
    pub firm_hpc_mw: f64,
}

impl Site {
    /// Checks MW, J/TH and pool fee in their ranges (`bounds`), and the firm AI/HPC MW within the site's MW.
    pub fn new(mw: f64, j_per_th: f64, pool_fee: f64, firm_hpc_mw: f64) -> Result<Site> {
        bounds::MW.check(mw)?;
        bounds::J_PER_TH.check(j_per_th)?;
        bounds::POOL_FEE.check(pool_fee)?;
        check_range(
            "firm_hpc_mw",
            firm_hpc_mw,
            0.0,
            mw,
            &format!("firm AI/HPC MW between 0 and the site's {mw} MW"),
        )?;
        Ok(Site {
            mw,
            j_per_th,
            pool_fee,
            firm_hpc_mw,
        })
    }

    /// MW left for mining after the firm load.
    pub fn mining_mw(&self) -> f64 {
        self.mw - self.firm_hpc_mw
    }
}

/// How the site dispatches, beyond the contract.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Rules {
    /// Mine only when hashprice exceeds the marginal cost by at least this, USD/MWh (≥ 0).
    pub buffer_usd_per_mwh: f64,
    /// Minimum share of hours mined, in [0, 1]: if the rule mines less, the least-losing hours are added.
    pub min_uptime: f64,
    /// 4CP curtailment in the summer peak hours, if the site avoids transmission charges.
    pub fourcp: Option<FourCp>,
    /// A demand-response offer, if the site takes part.
    pub demand_response: Option<DemandResponse>,
    /// Which clock cuts months (monthly table, 4CP summer months).
    pub clock: Clock,
}

/// 4CP outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FourCpOutcome {
    /// Hours curtailed for 4CP (UTC hour-beginning).
    pub hours: Vec<String>,
    /// June–September months the window touches (on the dispatch clock).
    pub summer_months: usize,
    /// The summer months whose peak interval is inside the window and was curtailed: each earns a quarter of
    /// the annual charge (see [`crate::power::fourcp`]).
    pub credited_months: Vec<Month>,
    /// The peak hour taken for each credited month (UTC hour-beginning).
    pub peak_hours: Vec<String>,
    /// rate × mining kW × credited months / 4.
    pub avoided_usd: f64,
    /// Mining margin given up by curtailing in those hours.
    pub forgone_margin_usd: f64,
}

/// Demand-response outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandResponseOutcome {
    /// MW offered as curtailable (as in the offer).
    pub offered_mw: f64,
    /// Hours of the window in which the grid called.
    pub called_hours: u64,
    /// MW-hours paid standby: each hour, min(offered MW, mining MW running before any call) — a curtailable
    /// load must be on to be offered.
    pub standby_mw_hours: f64,
    /// Standby payment earned, USD: `standby_mw_hours` × the standby rate.
    pub standby_revenue_usd: f64,
    /// Mining margin given up by curtailing when called.
    pub forgone_margin_usd: f64,
}

/// One month of a dispatch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthResult {
    /// The month, on the dispatch clock.
    pub month: Month,
    /// Hours of the window in the month.
    pub hours: u64,
    /// Hours in which the mining fleet ran (fully or partly).
    pub hours_run: u64,
    /// MWh mined / (mining MW × hours), in [0, 1].
    pub uptime: f64,
    /// Mean hub price over the month's hours, USD/MWh.
    pub mean_hub_usd_per_mwh: f64,
    /// Mining revenue after the pool fee, USD.
    pub mining_revenue_usd: f64,
    /// Power paid for the mining MW, USD.
    pub power_cost_usd: f64,
    /// Unused contracted power resold at the hub price, USD.
    pub resale_revenue_usd: f64,
    /// Mining revenue − power cost + resale + demand-response standby revenue, USD.
    pub margin_usd: f64,
}

/// The result of a dispatch over a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchResult {
    /// The settlement point whose prices were used.
    pub hub: String,
    /// First hour of the window (UTC hour-beginning).
    pub from_hour_utc: String,
    /// End of the window, **exclusive**: the hour after the last hour dispatched.
    pub to_hour_utc: String,
    /// Hours in the window.
    pub hours: u64,
    /// Hours in which the mining fleet ran (fully, or partly when demand response curtailed part of it).
    pub hours_run: u64,
    /// MWh mined / (mining MW × hours).
    pub uptime: f64,
    /// MW available to mining: the site's MW less the firm AI/HPC load.
    pub mining_mw: f64,
    /// Energy the mining fleet drew, MWh.
    pub mining_mwh: f64,
    /// Mining revenue after the pool fee, USD.
    pub mining_revenue_usd: f64,
    /// Power paid for the mining MW (the whole block every hour under take-or-pay).
    pub power_cost_usd: f64,
    /// Unused contracted power resold at the hub price (sell-back contracts).
    pub resale_revenue_usd: f64,
    /// Mining revenue − power cost + resale + demand-response standby revenue.
    pub margin_usd: f64,
    /// Mean over hours of the marginal power cost above which the site curtails: hashprice USD/MWh − buffer.
    pub strike_usd_per_mwh: f64,
    /// Mean hub price over the window, USD/MWh.
    pub mean_hub_usd_per_mwh: f64,
    /// Firm AI/HPC load served every hour before mining, MW.
    pub firm_hpc_mw: f64,
    /// Power paid for the firm AI/HPC load (not in the margin).
    pub hpc_power_cost_usd: f64,
    /// The 4CP outcome, when the rules had 4CP.
    pub fourcp: Option<FourCpOutcome>,
    /// The demand-response outcome, when the rules had an offer.
    pub demand_response: Option<DemandResponseOutcome>,
    /// The window month by month, in time order.
    pub monthly: Vec<MonthResult>,
    /// Each hour, in time order: its day and hour of day on the rules' clock and the mining MW running (the
    /// report's heatmap; not in the JSON).
    #[serde(skip)]
    pub running_mw_by_hour: Vec<RunningHour>,
}

/// The mining MW running in one hour of the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunningHour {
    /// The day, on the rules' clock.
    pub day: Date,
    /// Hour of the day on the rules' clock, 0–23.
    pub hour: u32,
    /// Mining MW running in the hour.
    pub mw: f64,
}

/// Dispatches a site over `series`, with the hashprice of each hour in USD/PH/day (`hashprice_usd_per_ph_day`,
/// one value per hour of the series, each in [`bounds::HASHPRICE_USD_PER_PH_DAY`]'s range).
pub fn dispatch(
    series: &HourlySeries,
    hashprice_usd_per_ph_day: &[f64],
    site: &Site,
    contract: &Contract,
    rules: &Rules,
) -> Result<DispatchResult> {
    let n = series.len();
    if hashprice_usd_per_ph_day.len() != n {
        return Err(Error::invalid(
            "hashprice hours",
            hashprice_usd_per_ph_day.len(),
            format!("one hashprice per price hour ({n})"),
        ));
    }
    if let Some(i) = hashprice_usd_per_ph_day
        .iter()
        .position(|&h| !bounds::HASHPRICE_USD_PER_PH_DAY.contains(h))
    {
        bounds::HASHPRICE_USD_PER_PH_DAY.check_as(
            &format!("hashprice at {}", format_utc_hour(series.hour_utc(i))),
            hashprice_usd_per_ph_day[i],
        )?;
    }
    bounds::DISPATCH_BUFFER_USD_PER_MWH.check(rules.buffer_usd_per_mwh)?;
    bounds::UPTIME.check_as("min_uptime", rules.min_uptime)?;
    let mining_mw = site.mining_mw();
    let dr_mw = rules.demand_response.as_ref().map_or(0.0, |d| d.mw);
    if dr_mw > mining_mw {
        return Err(Error::invalid(
            "dr_mw",
            dr_mw,
            format!("at most the mining MW ({mining_mw})"),
        ));
    }
    let prices = series.usd_per_mwh();
    let first = series.first_hour_utc();
    let hp_mwh: Vec<f64> = hashprice_usd_per_ph_day
        .iter()
        .map(|&h| hashprice_usd_per_mwh(h, site.pool_fee, site.j_per_th))
        .collect();
    // Edge of mining each hour over its marginal cost.
    let edge: Vec<f64> = hp_mwh
        .iter()
        .zip(prices)
        .map(|(&hp, &p)| hp - contract.marginal_cost_usd_per_mwh(p))
        .collect();
    let mut run: Vec<bool> = edge.iter().map(|&e| e > rules.buffer_usd_per_mwh).collect();
    let fourcp_hours = rules
        .fourcp
        .as_ref()
        .map(|f| f.curtailed_hours(first, prices, rules.clock));
    let fourcp_peaks = match &rules.fourcp {
        Some(f) => f.peak_months(first, prices, rules.clock)?,
        None => Vec::new(),
    };
    let called = rules
        .demand_response
        .as_ref()
        .map(|d| d.called_hours(first, prices));
    // Minimum uptime: add the hours that lose least until the floor is met (never a 4CP hour).
    let need = (rules.min_uptime * n as f64 - 1e-9).ceil().max(0.0) as usize;
    let have = run.iter().filter(|r| **r).count();
    if have < need {
        let mut candidates: Vec<usize> = (0..n)
            .filter(|&i| !run[i] && !fourcp_hours.as_ref().is_some_and(|f| f[i]))
            .collect();
        candidates.sort_by(|&a, &b| edge[b].total_cmp(&edge[a]).then(a.cmp(&b)));
        for &i in candidates.iter().take(need - have) {
            run[i] = true;
        }
    }

    let hour_margin = |i: usize, used_mw: f64| -> (f64, f64, f64) {
        let (cost, resale) = contract.settle_hour(prices[i], mining_mw, used_mw);
        (hp_mwh[i] * used_mw, cost, resale)
    };
    let mut months: Vec<MonthResult> = Vec::new();
    let mut fourcp_listed = Vec::new();
    let mut used = vec![0.0; n];
    let (mut fourcp_forgone, mut dr_forgone, mut dr_called) = (0.0, 0.0, 0u64);
    let standby_rate = rules
        .demand_response
        .as_ref()
        .map_or(0.0, |d| d.standby_usd_per_mw_hour);
    let mut standby_mwh = 0.0;
    let (mut hours_run, mut mwh, mut rev, mut cost, mut resale, mut hpc_cost, mut strike) =
        (0u64, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        let free_mw = if run[i] { mining_mw } else { 0.0 };
        let in_fourcp = fourcp_hours.as_ref().is_some_and(|f| f[i]);
        let is_called = called.as_ref().is_some_and(|c| c[i]);
        let used_mw = if in_fourcp {
            0.0
        } else if is_called {
            (free_mw - dr_mw).max(0.0)
        } else {
            free_mw
        };
        used[i] = used_mw;
        // Standby is paid on the MW that could be curtailed: the offer, capped by what the fleet was running
        // before any call (nothing in a 4CP hour, when it is already off).
        let offered_mw = if in_fourcp { 0.0 } else { dr_mw.min(free_mw) };
        standby_mwh += offered_mw;
        let (r, c, s) = hour_margin(i, used_mw);
        if in_fourcp || is_called {
            let (r0, c0, s0) = hour_margin(i, free_mw);
            let forgone = (r0 - c0 + s0) - (r - c + s);
            if in_fourcp {
                fourcp_forgone += forgone;
                fourcp_listed.push(format_utc_hour(series.hour_utc(i)));
            } else {
                dr_forgone += forgone;
            }
        }
        dr_called += u64::from(is_called);
        let ran = used_mw > 0.0;
        hours_run += u64::from(ran);
        mwh += used_mw;
        rev += r;
        cost += c;
        resale += s;
        hpc_cost += contract.energy_price_usd_per_mwh(prices[i]) * site.firm_hpc_mw;
        strike += hp_mwh[i] - rules.buffer_usd_per_mwh;
        let month = rules.clock.day_of_hour(series.hour_utc(i)).month();
        if months.last().is_none_or(|m| m.month != month) {
            months.push(MonthResult {
                month,
                hours: 0,
                hours_run: 0,
                uptime: 0.0,
                mean_hub_usd_per_mwh: 0.0,
                mining_revenue_usd: 0.0,
                power_cost_usd: 0.0,
                resale_revenue_usd: 0.0,
                margin_usd: 0.0,
            });
        }
        let m = months.last_mut().expect("pushed above");
        m.margin_usd += offered_mw * standby_rate; // standby for now
        m.hours += 1;
        m.hours_run += u64::from(ran);
        m.uptime += used_mw; // MWh for now
        m.mean_hub_usd_per_mwh += prices[i];
        m.mining_revenue_usd += r;
        m.power_cost_usd += c;
        m.resale_revenue_usd += s;
    }
    for m in &mut months {
        m.uptime = share(m.uptime, mining_mw * m.hours as f64);
        m.mean_hub_usd_per_mwh /= m.hours as f64;
        m.margin_usd += m.mining_revenue_usd - m.power_cost_usd + m.resale_revenue_usd;
    }
    let fourcp = rules.fourcp.as_ref().map(|f| {
        // Credited: the peak is inside the window (checked by `peak_months`) and no mining MW ran in it.
        let credited: Vec<(Month, i64)> = fourcp_peaks
            .iter()
            .copied()
            .filter(|&(_, h)| used[(h - first) as usize] == 0.0)
            .collect();
        FourCpOutcome {
            hours: fourcp_listed,
            summer_months: FourCp::summer_months(first, n, rules.clock).len(),
            credited_months: credited.iter().map(|&(m, _)| m).collect(),
            peak_hours: credited.iter().map(|&(_, h)| format_utc_hour(h)).collect(),
            avoided_usd: f.avoided_usd(mining_mw, credited.len()),
            forgone_margin_usd: fourcp_forgone,
        }
    });
    let demand_response = rules
        .demand_response
        .as_ref()
        .map(|d| DemandResponseOutcome {
            offered_mw: d.mw,
            called_hours: dr_called,
            standby_mw_hours: standby_mwh,
            standby_revenue_usd: standby_mwh * d.standby_usd_per_mw_hour,
            forgone_margin_usd: dr_forgone,
        });
    let standby = demand_response
        .as_ref()
        .map_or(0.0, |d| d.standby_revenue_usd);
    let running_mw_by_hour = used
        .iter()
        .enumerate()
        .map(|(i, &mw)| {
            let (day, hour) = rules.clock.day_and_hour(series.hour_utc(i));
            RunningHour { day, hour, mw }
        })
        .collect();
    let result = DispatchResult {
        hub: series.hub().to_string(),
        from_hour_utc: format_utc_hour(first),
        to_hour_utc: format_utc_hour(first + n as i64),
        hours: n as u64,
        hours_run,
        uptime: share(mwh, mining_mw * n as f64),
        mining_mw,
        mining_mwh: mwh,
        mining_revenue_usd: rev,
        power_cost_usd: cost,
        resale_revenue_usd: resale,
        margin_usd: rev - cost + resale + standby,
        strike_usd_per_mwh: if n == 0 { 0.0 } else { strike / n as f64 },
        mean_hub_usd_per_mwh: if n == 0 {
            0.0
        } else {
            prices.iter().sum::<f64>() / n as f64
        },
        firm_hpc_mw: site.firm_hpc_mw,
        hpc_power_cost_usd: hpc_cost,
        fourcp,
        demand_response,
        monthly: months,
        running_mw_by_hour,
    };
    check_finite(&result)?;
    Ok(result)
}

/// Every number of a result is finite (inputs are bounded, so this is a guard, not a clamp).
fn check_finite(r: &DispatchResult) -> Result<()> {
    let mut named: Vec<(&str, f64)> = vec![
        ("uptime", r.uptime),
        ("mining_mwh", r.mining_mwh),
        ("mining_revenue_usd", r.mining_revenue_usd),
        ("power_cost_usd", r.power_cost_usd),
        ("resale_revenue_usd", r.resale_revenue_usd),
        ("margin_usd", r.margin_usd),
        ("strike_usd_per_mwh", r.strike_usd_per_mwh),
        ("mean_hub_usd_per_mwh", r.mean_hub_usd_per_mwh),
        ("hpc_power_cost_usd", r.hpc_power_cost_usd),
    ];
    if let Some(f) = &r.fourcp {
        named.push(("fourcp.avoided_usd", f.avoided_usd));
        named.push(("fourcp.forgone_margin_usd", f.forgone_margin_usd));
    }
    if let Some(d) = &r.demand_response {
        named.push(("demand_response.standby_revenue_usd", d.standby_revenue_usd));
        named.push(("demand_response.forgone_margin_usd", d.forgone_margin_usd));
    }
    for m in &r.monthly {
        named.push(("monthly margin_usd", m.margin_usd));
        named.push(("monthly mining_revenue_usd", m.mining_revenue_usd));
        named.push(("monthly power_cost_usd", m.power_cost_usd));
    }
    match named.into_iter().find(|(_, v)| !v.is_finite()) {
        Some((name, v)) => Err(Error::invalid(
            format!("dispatch result {name}"),
            v,
            "a finite amount: the inputs are too large to settle in f64",
        )),
        None => Ok(()),
    }
}

fn share(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::central_time::unix_hour;
    use crate::power::{Calls, PeakHours};

    fn series(from: &str, days: usize, price: impl Fn(usize) -> f64) -> HourlySeries {
        let first = unix_hour(crate::Date::parse(from).unwrap());
        HourlySeries::new("HB_T", first, (0..days * 24).map(price).collect()).unwrap()
    }

    fn utc_rules(fourcp: Option<FourCp>, dr: Option<DemandResponse>) -> Rules {
        Rules {
            fourcp,
            demand_response: dr,
            clock: Clock::Utc,
            ..Rules::default()
        }
    }

    #[test]
    fn fourcp_credits_only_peaks_inside_the_window_that_were_curtailed() {
        // 2024-05-15 .. 2024-07-09 (UTC): all of June, a part of July.
        let s = series("2024-05-15", 56, |i| 20.0 + (i % 24) as f64);
        let hp = vec![50.0; s.len()];
        let site = Site::new(100.0, 17.5, 0.0, 0.0).unwrap();
        let c = Contract::index(0.0).unwrap();
        let june_peak = unix_hour(crate::Date::parse("2024-06-20").unwrap()) + 21;
        let given = FourCp::new(PeakHours::Given(vec![june_peak]), 55.0).unwrap();
        let r = dispatch(&s, &hp, &site, &c, &utc_rules(Some(given), None)).unwrap();
        let f = r.fourcp.unwrap();
        assert_eq!(f.summer_months, 2);
        assert_eq!(f.credited_months.len(), 1);
        assert_eq!(f.peak_hours, vec!["2024-06-20T21:00Z".to_string()]);
        // One month of four: 55 USD/kW-year × 100,000 kW / 4.
        assert_eq!(f.avoided_usd, 55.0 * 100_000.0 / 4.0);
        // Predicted peaks: June is whole and credited, July is only touched and earns nothing.
        let top = FourCp::new(PeakHours::TopPriceHours(2), 55.0).unwrap();
        let r = dispatch(&s, &hp, &site, &c, &utc_rules(Some(top), None)).unwrap();
        let f = r.fourcp.unwrap();
        assert_eq!(f.hours.len(), 4); // curtailed in both months
        assert_eq!(f.credited_months.len(), 1);
        assert_eq!(f.credited_months[0].to_string(), "2024-06");
        assert_eq!(f.avoided_usd, 55.0 * 100_000.0 / 4.0);
        // A window with no summer month avoids nothing.
        let winter = series("2024-01-01", 31, |_| 20.0);
        let top = FourCp::new(PeakHours::TopPriceHours(3), 55.0).unwrap();
        let r = dispatch(
            &winter,
            &vec![50.0; winter.len()],
            &site,
            &c,
            &utc_rules(Some(top), None),
        )
        .unwrap();
        assert_eq!(r.fourcp.unwrap().avoided_usd, 0.0);
    }

    #[test]
    fn fourcp_given_peaks_outside_the_window_are_an_error_naming_them() {
        let s = series("2024-06-01", 30, |_| 20.0);
        let hp = vec![50.0; s.len()];
        let site = Site::new(100.0, 17.5, 0.0, 0.0).unwrap();
        let c = Contract::index(0.0).unwrap();
        let outside = unix_hour(crate::Date::parse("2023-08-20").unwrap()) + 21;
        let inside = unix_hour(crate::Date::parse("2024-06-20").unwrap()) + 21;
        let f = FourCp::new(PeakHours::Given(vec![inside, outside]), 55.0).unwrap();
        let err = dispatch(&s, &hp, &site, &c, &utc_rules(Some(f), None))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid fourcp_hours: found 2023-08-20T21:00Z, expected 4CP peak hours inside the \
             dispatch window 2024-06-01T00:00Z to 2024-07-01T00:00Z (exclusive)"
        );
        let f = FourCp::new(PeakHours::Given(vec![inside, inside + 1]), 55.0).unwrap();
        let err = dispatch(&s, &hp, &site, &c, &utc_rules(Some(f), None))
            .unwrap_err()
            .to_string();
        assert!(err.contains("one 4CP peak per summer month"), "{err}");
        let s = series("2024-01-01", 30, |_| 20.0);
        let jan = unix_hour(crate::Date::parse("2024-01-10").unwrap());
        let f = FourCp::new(PeakHours::Given(vec![jan]), 55.0).unwrap();
        let err = dispatch(&s, &hp, &site, &c, &utc_rules(Some(f), None))
            .unwrap_err()
            .to_string();
        assert!(err.contains("4CP peaks in June–September"), "{err}");
    }

    #[test]
    fn standby_is_paid_only_on_mw_that_are_running() {
        // Every other hour the price is above the hashprice (≈119 USD/MWh): the fleet runs half the hours.
        let s = series("2024-03-01", 10, |i| if i % 2 == 0 { 20.0 } else { 500.0 });
        let hp = vec![50.0; s.len()];
        let site = Site::new(100.0, 17.5, 0.0, 0.0).unwrap();
        let c = Contract::index(0.0).unwrap();
        let dr = DemandResponse::new(30.0, 8.0, Calls::Given(vec![])).unwrap();
        let r = dispatch(&s, &hp, &site, &c, &utc_rules(None, Some(dr))).unwrap();
        assert_eq!(r.hours_run, 120);
        let d = r.demand_response.unwrap();
        assert_eq!(d.standby_mw_hours, 30.0 * 120.0);
        assert_eq!(d.standby_revenue_usd, 30.0 * 8.0 * 120.0);
        // Offer more than runs in a hybrid site: capped by the mining MW running.
        let site = Site::new(100.0, 17.5, 0.0, 80.0).unwrap();
        let dr = DemandResponse::new(20.0, 8.0, Calls::PriceAtLeast(10_000.0)).unwrap();
        let r = dispatch(&s, &hp, &site, &c, &utc_rules(None, Some(dr))).unwrap();
        assert_eq!(r.demand_response.unwrap().standby_mw_hours, 20.0 * 120.0);
        let monthly: f64 = r.monthly.iter().map(|m| m.margin_usd).sum();
        assert!((monthly - r.margin_usd).abs() < 1e-6 * r.margin_usd.abs());
    }

    #[test]
    fn hashprice_must_be_in_its_bound() {
        let s = series("2024-03-01", 1, |_| 20.0);
        let site = Site::new(100.0, 17.5, 0.0, 0.0).unwrap();
        let c = Contract::index(0.0).unwrap();
        for bad in [-5.0, 1.1e9, 1e306, f64::NAN, f64::INFINITY] {
            let err = dispatch(&s, &[bad; 24], &site, &c, &Rules::default())
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("invalid hashprice at 2024-03-01T00:00Z: found ")
                    && err.contains("expected a hashprice in USD/PH/day in [0.01, 1e9]"),
                "{err}"
            );
        }
        // The top of the bound, on the largest site at the best efficiency, still sums to finite figures.
        let big = Site::new(1e6, 1.0, 0.0, 0.0).unwrap();
        let ok = dispatch(&s, &[1e9; 24], &big, &c, &Rules::default()).unwrap();
        assert!(ok.margin_usd.is_finite());
    }
}
