//! One path of monthly cash flows, composed from the domain: the network's month ([`super::network_month`]),
//! each site's conversions ([`super::conversion_month`]: leases, GPU clouds, loans) and own month
//! ([`super::site_month`]: mining settled on its [`crate::power::Contract`], hosting, demand response), and
//! the company roll-up ([`super::rollup`]: overhead, depreciation, tax, terminal value, equity flow).
//!
//! Timing follows [`crate::finance`]: index 0 is the valuation date, index m ≥ 1 the end of month m.
//! Power prices come from the [`Prepared`] price book (the bundled ERCOT real-time data).

use super::conversion_month::{LoanFlows, conversions_month};
use super::draws::PathDraws;
use super::network_month::{Network, NetworkMonth};
use super::prepared::Prepared;
use super::rollup::Rollup;
use super::rollup::{MonthRecord, PathSummary};
use super::site_month::{FleetState, site_month};
use crate::finance::loan::Loan;
use crate::finance::{RootRule, irr};

/// Simulates one path. With `record`, also returns the monthly rows (per site and company).
///
/// Year 1 of the yearly figures (EBITDA, revenue mix, capex, tax) includes month 0, the valuation date: a
/// payment at signing (e.g. a customer prepayment) counts in year 1 on a cash basis (on the accrual basis it is
/// recognised over its contract). The NPV is the sum of the classes' present values ([`super::rollup::NpvByClass`]).
pub(crate) fn simulate(
    p: &Prepared<'_>,
    d: &PathDraws,
    path: u64,
    record: bool,
) -> (PathSummary, Vec<MonthRecord>) {
    let sc = p.scenario;
    let months = sc.months();
    let mut loans = vec![Loan::default(); sc.loans().len()];
    let mut vintages = vec![None; sc.conversions().len()];
    let mut fleets: Vec<Option<FleetState>> = sc
        .sites()
        .iter()
        .map(|s| s.fleet().map(FleetState::new))
        .collect();
    let mut records = Vec::new();
    let mut mining_cost = 0.0;
    let mut rollup = Rollup::new(sc);
    let mut network = Network::new(p);
    let mut net = NetworkMonth {
        gpu_index: 1.0,
        ..Default::default()
    };

    for m in 0..=months {
        let cal = p.calendar[m];
        let mut company = MonthRecord {
            month_index: m,
            month: cal.to_string(),
            site: "company".into(),
            ..Default::default()
        };
        let mut uptime_mw = 0.0;
        let mut loan_flows = LoanFlows::default();
        for l in loans.iter_mut() {
            l.begin_month();
        }
        if m >= 1 {
            net = network.month(p, d, m);
            company.btc_price_usd = net.btc_price_usd;
            company.network_eh_s = net.network_eh_s;
            company.hashprice_usd_per_ph_day = net.hashprice_usd_per_ph_day;
        }
        for (si, site) in sc.sites().iter().enumerate() {
            let mut rec = MonthRecord {
                month_index: m,
                month: cal.to_string(),
                site: site.name().to_string(),
                ..Default::default()
            };
            let converted_gross = conversions_month(
                p,
                d,
                si,
                m,
                net.gpu_index,
                &mut loans,
                &mut vintages,
                &mut rec,
                &mut loan_flows,
            );
            if m >= 1 {
                let available =
                    (site.interconnect_mw_gross() - site.hosting_mw_gross() - converted_gross)
                        .max(0.0);
                let mark = rec.mark();
                site_month(
                    p,
                    d,
                    si,
                    m,
                    &net,
                    network.hashprice_history(),
                    available,
                    fleets[si].as_mut(),
                    &mut rec,
                    &mut mining_cost,
                );
                rec.book_site(mark);
                uptime_mw += rec.uptime * rec.mining_mw_gross;
                rec.ebitda_usd = rec.revenue() - rec.power_cost_usd - rec.opex_usd;
                rec.btc_price_usd = net.btc_price_usd;
                rec.hashprice_usd_per_ph_day = net.hashprice_usd_per_ph_day;
                rec.network_eh_s = net.network_eh_s;
            }
            company.add(&rec);
            if record {
                records.push(rec);
            }
        }
        company.loan_draws_usd = loan_flows.draws_usd;
        company.debt_service_usd = loan_flows.debt_service_usd;
        let btc_log_return = if m >= 1 {
            d.btc_log_returns[m - 1]
        } else {
            0.0
        };
        rollup.close_month(
            sc,
            m,
            &mut company,
            uptime_mw,
            loan_flows.interest_usd,
            btc_log_return,
            &mut loans,
        );
        if record {
            records.push(company);
        }
    }
    let flows = &rollup.flows;
    let by_class = rollup.npv_by_class(sc);
    let npv = by_class.total();
    let irr = irr(flows, RootRule::NearestTo(sc.discount_rate()));
    let (btc_usd_by_year, hashprice_usd_per_ph_day_by_year) = rollup.market_means_by_year();
    (
        PathSummary {
            path,
            npv_usd: npv,
            npv_by_class_usd: by_class,
            npv_without_terminal_usd: npv - by_class.terminal_value_usd,
            irr,
            btc_mined: rollup.btc_mined,
            mining_cost_usd: mining_cost,
            final_btc_usd: network.btc_price_usd(),
            terminal_value_usd: rollup.terminal_value,
            ebitda_usd_by_year: rollup.ebitda_by_year,
            ebitda_accrual_usd_by_year: rollup.ebitda_accrual_by_year,
            revenue_usd_by_year: rollup.revenue_by_year,
            beta: rollup.beta,
            beta_by_year: rollup.beta_by_year,
            btc_usd_by_year,
            hashprice_usd_per_ph_day_by_year,
        },
        records,
    )
}
