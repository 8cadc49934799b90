//! A site's own month: its mining (dispatched against its power contract, month by month on sorted hourly
//! prices, with fleet ageing and replacements), hosted miners, demand-response standby and fixed costs. A site
//! without a fleet on a take-or-pay block still settles the block: it pays for it, and with sell-back resells
//! it at the hub (the "sell the power only" alternative).

use super::draws::PathDraws;
use super::network_month::NetworkMonth;
use super::prepared::Prepared;
use super::rollup::MonthRecord;
use crate::power::{Contract, Settlement};
use crate::scenario::Fleet;

/// A site's fleet as it is now: replacements change its hashrate and efficiency.
#[derive(Debug, Clone)]
pub(crate) struct FleetState {
    th_s: f64,
    j_per_th: f64,
    /// Month the machines were installed (1 = the original fleet, in service from month 1).
    since: usize,
}

impl FleetState {
    pub(crate) fn new(f: &Fleet) -> FleetState {
        FleetState {
            th_s: f.th_s(),
            j_per_th: f.j_per_th(),
            since: 1,
        }
    }
}

/// The J/TH of the machines a replacement in month `m` buys: the fleet's stated replacement J/TH (machines on
/// sale at the valuation date) improved by the market's efficiency rule, the one the network's marginal fleet
/// follows (`MarketModels::efficiency_factor`).
fn replacement_j_per_th(p: &Prepared<'_>, fleet: &Fleet, m: usize) -> f64 {
    fleet.replacement_j_per_th() * p.scenario.market().efficiency_factor(m)
}

/// The rule for a due replacement: would a new fleet (at the replacement J/TH, undegraded) have earned more
/// than the power it would have drawn, at the contract price, plus variable opex over the last 12 months
/// (months m − 12 … m − 1 of this path, dispatched as the fleet is)? Returned per MW of the new fleet, USD.
fn trailing_margin_per_mw(
    p: &Prepared<'_>,
    d: &PathDraws,
    si: usize,
    m: usize,
    hashprice_hist: &[f64],
    fleet: &Fleet,
) -> f64 {
    let site = &p.scenario.sites()[si];
    let mut margin = 0.0;
    let first = m.saturating_sub(12).max(1);
    let j_per_th = replacement_j_per_th(p, fleet, m);
    for (k, &hashprice) in hashprice_hist.iter().enumerate().take(m).skip(first) {
        let slots = d.power_slots(p, k);
        let w = 1.0 / slots.len() as f64;
        let hp_mwh = crate::mining::hashprice_usd_per_mwh(hashprice, fleet.pool_fee(), j_per_th);
        for slot in slots {
            let prices = p.prices(si, k, slot);
            let s = site
                .power()
                .settle_month(&prices, hp_mwh, site.opex_usd_per_mwh(), 1.0);
            margin +=
                w * (hp_mwh * s.mwh - s.mined_power_cost_usd - s.mwh * site.opex_usd_per_mwh());
        }
    }
    margin
}

/// Site `si`'s mining, hosted miners and fixed costs in month `m` ≥ 1, added to `rec`; `available_mw_gross`
/// is what the conversions leave of the interconnect. Adds mining's power and variable opex to
/// `mining_cost_usd`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn site_month(
    p: &Prepared<'_>,
    d: &PathDraws,
    si: usize,
    m: usize,
    net: &NetworkMonth,
    hashprice_hist: &[f64],
    available_mw_gross: f64,
    fleet_state: Option<&mut FleetState>,
    rec: &mut MonthRecord,
    mining_cost_usd: &mut f64,
) {
    let site = &p.scenario.sites()[si];
    let slots = d.power_slots(p, m);
    let weight = 1.0 / slots.len() as f64;
    if let (Some(f), Some(fs)) = (&site.fleet(), fleet_state) {
        let mining_mw = f.mw_gross().min(available_mw_gross);
        let scale = if f.mw_gross() > 0.0 {
            mining_mw / f.mw_gross()
        } else {
            0.0
        };
        // A replacement falls due `replacement_years` after the machines were installed, and is made only if
        // a new fleet's margin over its power and variable opex in the last 12 months, earned over the years of its
        // cycle (past the horizon too: a terminal value or a sale counts them), pays for it; otherwise the old fleet keeps running (and
        // ageing) and the test is repeated 12 months later.
        let cycle = f.replacement_years() as usize * 12;
        if cycle > 0 && m >= fs.since + cycle && (m - fs.since - cycle).is_multiple_of(12) {
            let margin = trailing_margin_per_mw(p, d, si, m, hashprice_hist, f);
            // Same MW, the efficiency of the machines on sale in month m, whose price per TH falls with the J/TH
            // (the same spend per MW as at the valuation date: ASIC prices per TH have fallen at least as fast
            // as J/TH, e.g. S9 ~$140/TH at 98 J/TH in 2016, S21 ~$17/TH at 17.5 J/TH in 2024).
            let j = replacement_j_per_th(p, f, m);
            let usd_per_th = f.replacement_usd_per_th() * j / f.replacement_j_per_th();
            let capex_per_mw = usd_per_th * 1e6 / j;
            let years = cycle as f64 / 12.0;
            if margin > 0.0 && margin * years > capex_per_mw {
                fs.th_s = f.mw_gross() * 1e6 / j;
                fs.j_per_th = j;
                fs.since = m;
                rec.capex_usd += usd_per_th * fs.th_s * scale;
            }
        }
        let age = m - fs.since;
        let health = (1.0 - f.degradation_per_year()).powf(age as f64 / 12.0);
        let ph = crate::mining::within_network_ph_s(
            fs.th_s * scale * health / 1_000.0,
            net.network_eh_s,
        );
        let j_eff = fs.j_per_th / health;
        let hp_mwh =
            crate::mining::hashprice_usd_per_mwh(net.hashprice_usd_per_ph_day, f.pool_fee(), j_eff);
        for slot in slots.clone() {
            let prices = p.prices(si, m, slot);
            let hours = prices.hours() as f64;
            let s = site
                .power()
                .settle_month(&prices, hp_mwh, site.opex_usd_per_mwh(), mining_mw);
            let run_hours = if mining_mw > 0.0 {
                s.mwh / mining_mw
            } else {
                0.0
            };
            let btc = ph * net.btc_per_ph_day * (1.0 - f.pool_fee()) * run_hours / 24.0;
            rec.btc_mined += weight * btc;
            rec.self_mining_usd += weight * btc * net.btc_price_usd;
            rec.power_cost_usd += weight * s.power_cost_usd;
            rec.power_sales_usd += weight * s.resale_usd;
            rec.power_resold_cost_usd += weight * (s.power_cost_usd - s.mined_power_cost_usd);
            rec.opex_usd += weight * s.mwh * site.opex_usd_per_mwh();
            *mining_cost_usd += weight * (s.mined_power_cost_usd + s.mwh * site.opex_usd_per_mwh());
            rec.uptime += weight * if hours > 0.0 { run_hours / hours } else { 0.0 };
            // Standby is paid on MW that is running (only running load can be curtailed).
            rec.dr_credits_usd += weight
                * site.dr_mw_gross().min(mining_mw)
                * run_hours
                * site.dr_standby_usd_per_mw_hour();
        }
        rec.mining_mw_gross = mining_mw;
    } else if let Contract::Fixed {
        settlement: Settlement::TakeOrPay { .. },
        ..
    } = site.power()
    {
        // No fleet on a take-or-pay block: the block (what hosting and conversions leave of the interconnect) is
        // paid every hour, and with sell-back resold whole at the hub price — "selling the power only". Settled
        // by the contract's own month rule with nothing worth mining (a value of −∞ runs no hour).
        for slot in slots.clone() {
            let prices = p.prices(si, m, slot);
            let s = site.power().settle_month(
                &prices,
                f64::NEG_INFINITY,
                site.opex_usd_per_mwh(),
                available_mw_gross,
            );
            rec.power_cost_usd += weight * s.power_cost_usd;
            rec.power_sales_usd += weight * s.resale_usd;
        }
    }
    // Hosted miners and fixed site costs.
    for slot in slots.clone() {
        let prices = p.prices(si, m, slot);
        let mwh = site.hosting_mw_gross() * prices.hours() as f64 * site.hosting_uptime();
        rec.hosting_miners_usd += weight * mwh * site.hosting_rate_usd_per_mwh();
        rec.power_cost_usd += weight * mwh * site.power().firm_price_usd_per_mwh(&prices);
    }
    rec.opex_usd += site.fixed_opex_usd_per_year() / 12.0;
}
