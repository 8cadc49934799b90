//! The hourly dispatch rule and its settlement: mine an hour when the hashprice-implied USD/MWh exceeds the
//! marginal cost of power that hour (plus an optional buffer), subject to an optional minimum uptime, 4CP
//! curtailment and demand-response calls; firm AI/HPC load takes its MW first, mining runs on the rest.

use super::central_time::{Clock, format_utc_hour};
use super::contract::Contract;
use super::demand_response::DemandResponse;
use super::fourcp::FourCp;
use super::series::HourlySeries;
use crate::date::Month;
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
    /// Pool fee, fraction in [0, 1).
    pub pool_fee: f64,
    /// Firm AI/HPC load, MW, served every hour before mining.
    pub firm_hpc_mw: f64,
}

impl Site {
    pub fn new(mw: f64, j_per_th: f64, pool_fee: f64, firm_hpc_mw: f64) -> Result<Site> {
        check_range("mw", mw, 0.0, 1e6, "site MW ≥ 0, e.g. 100")?;
        check_range(
            "j_per_th",
            j_per_th,
            1e-6,
            1e6,
            "a positive efficiency in J/TH, e.g. 17.5",
        )?;
        if !(pool_fee.is_finite() && (0.0..1.0).contains(&pool_fee)) {
            return Err(Error::invalid(
                "pool_fee",
                pool_fee,
                "a fraction in [0, 1), e.g. 0.02 for 2%",
            ));
        }
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
    pub fourcp: Option<FourCp>,
    pub demand_response: Option<DemandResponse>,
    /// Which clock cuts months (monthly table, 4CP summer months).
    pub clock: Clock,
}

/// 4CP outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FourCpOutcome {
    /// Hours curtailed for 4CP (UTC hour-beginning).
    pub hours: Vec<String>,
    /// June–September months the window covers.
    pub summer_months: usize,
    pub avoided_usd: f64,
    /// Mining margin given up by curtailing in those hours.
    pub forgone_margin_usd: f64,
}

/// Demand-response outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DemandResponseOutcome {
    pub offered_mw: f64,
    pub called_hours: u64,
    pub standby_revenue_usd: f64,
    /// Mining margin given up by curtailing when called.
    pub forgone_margin_usd: f64,
}

/// One month of a dispatch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthResult {
    pub month: Month,
    pub hours: u64,
    pub hours_run: u64,
    pub uptime: f64,
    pub mean_hub_usd_per_mwh: f64,
    pub mining_revenue_usd: f64,
    pub power_cost_usd: f64,
    pub resale_revenue_usd: f64,
    pub margin_usd: f64,
}

/// The result of a dispatch over a window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchResult {
    pub hub: String,
    pub from_hour_utc: String,
    pub to_hour_utc: String,
    pub hours: u64,
    /// Hours in which the mining fleet ran (fully, or partly when demand response curtailed part of it).
    pub hours_run: u64,
    /// MWh mined / (mining MW × hours).
    pub uptime: f64,
    pub mining_mw: f64,
    pub mining_mwh: f64,
    pub mining_revenue_usd: f64,
    /// Power paid for the mining MW (the whole block every hour under take-or-pay).
    pub power_cost_usd: f64,
    /// Unused contracted power resold at the hub price (sell-back contracts).
    pub resale_revenue_usd: f64,
    /// Mining revenue − power cost + resale + demand-response standby revenue.
    pub margin_usd: f64,
    /// Mean over hours of the marginal power cost above which the site curtails: hashprice USD/MWh − buffer.
    pub strike_usd_per_mwh: f64,
    pub mean_hub_usd_per_mwh: f64,
    pub firm_hpc_mw: f64,
    /// Power paid for the firm AI/HPC load (not in the margin).
    pub hpc_power_cost_usd: f64,
    pub fourcp: Option<FourCpOutcome>,
    pub demand_response: Option<DemandResponseOutcome>,
    pub monthly: Vec<MonthResult>,
}

/// Dispatches a site over `series`, with the hashprice of each hour in USD/PH/day (`hashprice_usd_per_ph_day`,
/// one value per hour of the series).
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
    if let Some(i) = hashprice_usd_per_ph_day.iter().position(|h| !h.is_finite()) {
        return Err(Error::invalid(
            format!("hashprice at {}", format_utc_hour(series.hour_utc(i))),
            hashprice_usd_per_ph_day[i],
            "a finite USD/PH/day",
        ));
    }
    check_range(
        "buffer_usd_per_mwh",
        rules.buffer_usd_per_mwh,
        0.0,
        1e6,
        "a buffer in USD/MWh ≥ 0",
    )?;
    check_range(
        "min_uptime",
        rules.min_uptime,
        0.0,
        1.0,
        "a share of hours in [0, 1], e.g. 0.9",
    )?;
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
    let (mut fourcp_forgone, mut dr_forgone, mut dr_called) = (0.0, 0.0, 0u64);
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
        m.hours += 1;
        m.hours_run += u64::from(ran);
        m.uptime += used_mw; // MWh for now
        m.mean_hub_usd_per_mwh += prices[i];
        m.mining_revenue_usd += r;
        m.power_cost_usd += c;
        m.resale_revenue_usd += s;
    }
    let standby_per_hour = rules
        .demand_response
        .as_ref()
        .map_or(0.0, |d| d.standby_usd(1));
    for m in &mut months {
        m.uptime = share(m.uptime, mining_mw * m.hours as f64);
        m.mean_hub_usd_per_mwh /= m.hours as f64;
        m.margin_usd = m.mining_revenue_usd - m.power_cost_usd
            + m.resale_revenue_usd
            + standby_per_hour * m.hours as f64;
    }
    let fourcp = rules.fourcp.as_ref().map(|f| {
        let summer = FourCp::summer_months(first, n, rules.clock).len();
        FourCpOutcome {
            hours: fourcp_listed,
            summer_months: summer,
            avoided_usd: f.avoided_usd(mining_mw, summer),
            forgone_margin_usd: fourcp_forgone,
        }
    });
    let demand_response = rules
        .demand_response
        .as_ref()
        .map(|d| DemandResponseOutcome {
            offered_mw: d.mw,
            called_hours: dr_called,
            standby_revenue_usd: d.standby_usd(n),
            forgone_margin_usd: dr_forgone,
        });
    let standby = demand_response
        .as_ref()
        .map_or(0.0, |d| d.standby_revenue_usd);
    Ok(DispatchResult {
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
    })
}

fn share(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}
