//! A site's conversions in a month: the landlord's build capex, each lease's month ([`crate::hpc::lease`]),
//! each GPU cloud's month ([`crate::hpc::gpu_cloud`]) and the construction loans ([`crate::finance::loan`]).

use super::draws::PathDraws;
use super::prepared::Prepared;
use super::rollup::MonthRecord;
use crate::finance::loan::{Loan, LoanTerms};
use crate::hpc::gpu_cloud::{gpu_cloud_month, gpus_bought};
use crate::hpc::lease::lease_month;
use crate::scenario::ConversionUse;

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
/// `gpu_index` is the month's GPU price index. Returns the gross MW the delivered conversions take from the
/// site's interconnect (from the month after their build starts).
#[allow(clippy::too_many_arguments)]
pub(crate) fn conversions_month(
    p: &Prepared<'_>,
    d: &PathDraws,
    si: usize,
    m: usize,
    gpu_index: f64,
    loans: &mut [Loan],
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
                ConversionUse::Lease {
                    rent_usd,
                    noi_margin,
                    landlord_pays_power,
                    backstop_recovery,
                    ..
                } => {
                    let rent = rent_usd.get(j).copied().unwrap_or(0.0);
                    if rent > 0.0 {
                        // Share of the month the tenant is still there (it draws power only then).
                        let occupied =
                            d.tenant_occupied(ci, j, sc.market().default_hazard_per_year());
                        let power = if *landlord_pays_power {
                            cv.mw_gross() * hours * energy
                        } else {
                            0.0
                        };
                        let lm =
                            lease_month(rent, occupied, *backstop_recovery, *noi_margin, power);
                        rec.hosting_lease_usd += weight * lm.rent_collected_usd;
                        rec.opex_usd += weight * lm.opex_usd;
                        if *landlord_pays_power {
                            rec.power_cost_usd += weight * lm.power_cost_usd;
                        }
                    }
                }
                ConversionUse::GpuCloud(cloud) => {
                    let life = cloud.gpu_life_years as usize * 12;
                    if gpus_bought(j, b, life) && slot == slots.start {
                        // First GPUs at the stated price; refreshes at that price times the GPU price index
                        // (hardware cheapens as rental prices fall).
                        let c = cv.mw_it()
                            * cloud.gpu_capex_usd_per_mw_it
                            * if j == b { 1.0 } else { gpu_index };
                        capex += c;
                        if j == b {
                            first_gpus = c;
                        }
                    }
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
                        gpu_index,
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
