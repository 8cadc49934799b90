//! A site's conversions in a month: the landlord's build capex, each lease's month ([`crate::hpc::lease`]),
//! each GPU cloud's month ([`crate::hpc::gpu_cloud`]) and the construction loans ([`crate::finance::loan`]).

use super::draws::PathDraws;
use super::prepared::Prepared;
use super::rollup::MonthRecord;
use crate::finance::loan::{Loan, LoanTerms};
use crate::hpc::gpu_cloud::{
    GpuVintage, RefreshCase, gpu_cloud_month, gpu_revenue_usd, refresh_due, refresh_value_usd,
};
use crate::hpc::lease::lease_month;
use crate::scenario::{ConversionPlan, ConversionUse, LeaseUse, Residual};

/// The conversions' loan totals of a month.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LoanFlows {
    pub(crate) draws_usd: f64,
    pub(crate) debt_service_usd: f64,
    pub(crate) interest_usd: f64,
}

/// The landlord's build capex in month `j` of a conversion (months from its build start): spread evenly over
/// the build months 1..=`build_months`, or all at the build start (j = 0) when there is no build.
#[inline]
pub fn landlord_capex_usd(capex_usd: f64, build_months: usize, j: usize) -> f64 {
    let b = build_months;
    if (b == 0 && j == 0) || (b > 0 && j >= 1 && j <= b) {
        capex_usd / b.max(1) as f64
    } else {
        0.0
    }
}

/// Site `si`'s conversions in month `m` (0 = the valuation date), added to `rec` (the site) and `loans_month`;
/// `gpu_index` is the month's GPU price index, `vintages` each conversion's GPUs in service. Returns the gross MW the delivered conversions take from the
/// site's interconnect (from the month after their build starts).
#[allow(clippy::too_many_arguments)]
pub(crate) fn conversions_month(
    p: &Prepared<'_>,
    d: &PathDraws,
    si: usize,
    m: usize,
    gpu_index: f64,
    loans: &mut [Loan],
    vintages: &mut [Option<GpuVintage>],
    rec: &mut MonthRecord,
    loans_month: &mut LoanFlows,
) -> f64 {
    let sc = p.scenario;
    let site = &sc.sites()[si];
    let slots = d.power_slots(p, m);
    let weight = 1.0 / slots.len() as f64;
    let mut converted_gross = 0.0;
    for (ci, cv) in sc
        .conversions()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.site() == si)
    {
        if m < cv.start_offset_months() {
            continue;
        }
        let j = m - cv.start_offset_months();
        let mark = rec.mark();
        if j >= 1 {
            converted_gross += cv.mw_gross();
        }
        let b = cv.build_months() as usize;
        let landlord_capex = landlord_capex_usd(cv.capex_usd(), b, j);
        let mut capex = landlord_capex;
        let mut first_gpus = 0.0;
        let delivered = j > b;
        for slot in slots.clone() {
            let prices = p.prices(si, m.max(1), slot);
            let hours = prices.hours() as f64;
            let energy = site.power().firm_price_usd_per_mwh(&prices);
            match &cv.use_() {
                ConversionUse::Lease(l) => {
                    let power = if l.landlord_pays_power {
                        cv.mw_gross() * hours * energy
                    } else {
                        0.0
                    };
                    lease_slot(d, ci, cv, l, j, weight, power, rec);
                }
                ConversionUse::GpuCloud(cloud) => {
                    if slot == slots.start {
                        let sigma = if d.base_case {
                            0.0
                        } else {
                            sc.market().gpu_volatility_per_year()
                        };
                        let at = (m, j, gpu_index, sigma);
                        gpu_purchase(p, ci, cv, cloud, at, vintages, &mut capex)
                            .inspect(|c| first_gpus = *c);
                    }
                    // The GPUs in service price at the month's index times their generation's launch boost.
                    let vintage_index =
                        gpu_index * vintages[ci].as_ref().map_or(1.0, |v| v.launch_boost);
                    // GPU-hours are sold, and the firm GPU load drawn, over the calendar hours of the simulated
                    // month, as in `hpc::gpu_cloud` (a replayed price year's month can have other hours: DST days,
                    // a leap February), priced at the replayed month's mean.
                    let calendar_hours = p.calendar[m.max(1)].num_days() as f64 * 24.0;
                    let g = gpu_cloud_month(
                        cv.mw_it(),
                        cv.mw_gross(),
                        cloud.it_kw_per_gpu,
                        calendar_hours,
                        cloud.usd_per_gpu_hour,
                        vintage_index,
                        cloud.utilization,
                        energy,
                        cloud.opex_usd_per_mw_it_year,
                    );
                    // A contracted revenue schedule replaces the market revenue while it lasts.
                    let revenue = match cloud.contract_revenue_usd.as_ref().filter(|v| j < v.len())
                    {
                        Some(v) => v[j],
                        None if delivered => g.revenue_usd,
                        None => 0.0,
                    };
                    rec.gpu_cloud_usd += weight * revenue;
                    if delivered {
                        rec.power_cost_usd += weight * g.power_cost_usd;
                        rec.opex_usd += weight * g.opex_usd;
                    }
                }
            }
        }
        rec.capex_usd += capex;
        if let ConversionUse::Lease(l) = cv.use_() {
            lease_horizon(d, ci, cv, l, j, m == sc.months(), rec);
        }
        rec.book_conversion(cv.use_(), j, landlord_capex, mark);
        // The site's ASICs the conversion displaces are sold at the build start (a sale of equipment, booked
        // as negative capex of the ASIC class, not revenue).
        if j == 0 {
            rec.book_asic_sale(cv.asic_resale_usd());
        }
        if let Some(li) = sc.loans().iter().position(|l| l.conversion() == ci) {
            let loan = &sc.loans()[li];
            let terms = LoanTerms {
                loan_to_cost: loan.loan_to_cost(),
                annual_rate: loan.rate(),
                tenor_years: loan.tenor_years(),
            };
            let lm = loans[li].month(&terms, landlord_capex + first_gpus, j > b);
            loans_month.draws_usd += lm.draw_usd;
            loans_month.debt_service_usd += lm.debt_service_usd();
            loans_month.interest_usd += lm.interest_usd;
        }
    }
    converted_gross
}

/// One power slot (weight `weight`) of month `j` of conversion `ci`'s lease: the rent the month collects (tenant,
/// backstop, new tenant, renewal; [`PathDraws::lease_collected`]) through [`lease_month`], with `power_usd`
/// the landlord's power bill of a fully occupied month (0 unless it pays power).
#[allow(clippy::too_many_arguments)]
fn lease_slot(
    d: &PathDraws,
    ci: usize,
    cv: &ConversionPlan,
    l: &LeaseUse,
    j: usize,
    weight: f64,
    power_usd: f64,
    rec: &mut MonthRecord,
) {
    let c = d.lease_collected(ci, l, j, cv.start_offset_months());
    if c.rent_usd <= 0.0 && c.occupied <= 0.0 {
        return;
    }
    // Power is drawn only in months with rent due (contract or renewal) by a tenant that is there.
    let due = l.rent_usd.get(j).copied().unwrap_or(0.0)
        + l.renewal_rent_usd.get(j).copied().unwrap_or(0.0);
    let power = if due > 0.0 { power_usd } else { 0.0 };
    let lm = lease_month(c, l.noi_margin, power);
    rec.hosting_lease_usd += weight * lm.rent_collected_usd;
    rec.opex_usd += weight * lm.opex_usd;
    rec.power_cost_usd += weight * lm.power_cost_usd;
}

/// A lease conversion's residual sale value at the horizon (`at_horizon`, month `j` from its build start): an
/// exit price per MW IT, or the last 12 months' lease NOI over a cap rate, booked on the site row's
/// `terminal_value_usd` and added to the company's terminal value.
fn lease_horizon(
    d: &PathDraws,
    ci: usize,
    cv: &ConversionPlan,
    l: &LeaseUse,
    j: usize,
    at_horizon: bool,
    rec: &mut MonthRecord,
) {
    if !at_horizon {
        return;
    }
    let value = match l.residual {
        Residual::None | Residual::Renewal { .. } => 0.0,
        Residual::ExitValue { usd_per_mw_it } => usd_per_mw_it * cv.mw_it(),
        Residual::CapRate { cap_rate } => {
            let noi: f64 = (j.saturating_sub(11).max(1)..=j)
                .map(|k| {
                    d.lease_collected(ci, l, k, cv.start_offset_months())
                        .rent_usd
                        * l.noi_margin
                })
                .sum();
            noi.max(0.0) / cap_rate
        }
    };
    rec.terminal_value_usd += value;
}

/// Conversion `ci`'s GPU purchases in month `m` (`j` months from its build start; `gpu_index` the month's price
/// index, `volatility_per_year` its volatility, 0 in the base case): the first GPUs at the end of
/// the build at the stated price (returned, for the loan), and at each refresh decision
/// ([`crate::hpc::gpu_cloud::refresh_due`]) the then-current generation, bought only when
/// [`refresh_value_usd`] says it adds value on the path's median course of GPU prices; its hardware less the old GPUs'
/// resale is added to `capex`.
#[allow(clippy::too_many_arguments)]
fn gpu_purchase(
    p: &Prepared<'_>,
    ci: usize,
    cv: &crate::scenario::ConversionPlan,
    cloud: &crate::scenario::GpuCloudUse,
    (m, j, gpu_index, volatility_per_year): (usize, usize, f64, f64),
    vintages: &mut [Option<GpuVintage>],
    capex: &mut f64,
) -> Option<f64> {
    let sc = p.scenario;
    let b = cv.build_months() as usize;
    let terms = sc.market().gpu_vintages();
    if j == b {
        let c = cv.mw_it() * cloud.gpu_capex_usd_per_mw_it;
        vintages[ci] = Some(GpuVintage {
            bought_month: m,
            launch_boost: 1.0,
            capex_usd: c,
        });
        *capex += c;
        return Some(c);
    }
    let old = vintages[ci]?;
    if !refresh_due(m - old.bought_month, cloud.gpu_life_years as usize * 12) {
        return None;
    }
    let hardware = cv.mw_it() * terms.hardware_usd_per_mw_it(cloud.gpu_capex_usd_per_mw_it, m);
    let contract_months = cloud.contract_revenue_usd.as_ref().map_or(0, Vec::len);
    let case = RefreshCase {
        m,
        horizon_months: sc.months(),
        market_from_month: cv.start_offset_months() + contract_months,
        price_index: gpu_index,
        discount_rate: sc.discount_rates().gpu_cloud,
        tax_rate: sc.tax_rate(),
        depreciation_months: sc.company().depreciation_lives().gpus as usize * 12,
        volatility_per_year,
    };
    let revenue_per_index = gpu_revenue_usd(
        cv.mw_it(),
        cloud.it_kw_per_gpu,
        crate::finance::HOURS_PER_MONTH,
        cloud.usd_per_gpu_hour,
        1.0,
        cloud.utilization,
    );
    let (value, new) = refresh_value_usd(&terms, &old, &case, hardware, revenue_per_index);
    if value > 0.0 {
        *capex += hardware - terms.resale_usd(&old, m);
        vintages[ci] = Some(new);
    }
    None
}
