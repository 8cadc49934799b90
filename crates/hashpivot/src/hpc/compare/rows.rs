//! The three rows — self-mining, hosting lease, GPU cloud — per MW of IT, with their flows and returns.

use super::inputs::CompareInputs;
use super::seed_claim::{SeedClaim, notes, seed_claim};
use crate::error::Result;
use crate::finance::{HOURS_PER_MONTH, RootRule, irr, npv, payback_months};
use crate::hpc::capacity::{MwIt, Pue};
use crate::hpc::conversion::{Conversion, ConversionSummary};
use crate::hpc::lease::{HostingLease, LeaseTerms, Rent};
use crate::mining::revenue_usd_per_kwh;
use serde::Serialize;

/// One use of the megawatt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// The use: `self_mining`, `hosting_lease` or `gpu_cloud` (serialized as `use`).
    #[serde(rename = "use")]
    pub use_of_power: &'static str,
    /// First-year revenue per kWh drawn from the grid at full load, USD.
    pub revenue_usd_per_grid_kwh: f64,
    /// First-year revenue per kWh of IT capacity at full load, USD (grid figure × PUE).
    pub revenue_usd_per_it_kwh: f64,
    /// Revenue less power and operating costs (before capex), per grid kWh.
    pub margin_usd_per_grid_kwh: f64,
    /// Revenue less power and operating costs (before capex), per IT kWh, USD.
    pub margin_usd_per_it_kwh: f64,
    /// Capex per MW of IT at the decision, USD (mining: ASICs plus the site build; lease and GPU cloud: the
    /// conversion, plus GPUs for the GPU cloud).
    pub capex_usd_per_mw_it: f64,
    /// Undiscounted payback from the decision, years; `None` if never within the horizon.
    pub payback_years: Option<f64>,
    /// Unlevered IRR of the monthly flows per MW IT; `None` when the flows never change sign.
    pub irr: Option<f64>,
    /// NPV of the monthly flows per MW of IT at the comparison's discount rate, USD at the decision date.
    pub npv_usd_per_mw_it: f64,
    /// Years the flows run: build plus term or life, no residual value after.
    pub horizon_years: f64,
    /// What the revenue depends on.
    pub exposure: &'static str,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Self-mining, hosting lease and GPU cloud, in that order.
    pub rows: Vec<CompareRow>,
    /// The seed claim taken apart at these inputs.
    pub seed_claim: SeedClaim,
    /// The conversion behind the lease and GPU rows, per MW of HPC IT (interconnect = 1 MW IT × PUE gross).
    pub conversion: ConversionSummary,
    /// Remarks a reader needs (frames of the figures, fallbacks), in order.
    pub notes: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
fn row(
    use_of_power: &'static str,
    rev_it: f64,
    margin_it: f64,
    pue: f64,
    capex: f64,
    flows: &[f64],
    rate: f64,
    exposure: &'static str,
) -> Result<CompareRow> {
    Ok(CompareRow {
        use_of_power,
        revenue_usd_per_grid_kwh: rev_it / pue,
        revenue_usd_per_it_kwh: rev_it,
        margin_usd_per_grid_kwh: margin_it / pue,
        margin_usd_per_it_kwh: margin_it,
        capex_usd_per_mw_it: capex,
        payback_years: payback_months(flows).map(|m| m as f64 / 12.0),
        irr: irr(flows, RootRule::Lowest),
        npv_usd_per_mw_it: npv(rate, flows)?,
        horizon_years: (flows.len().saturating_sub(1)) as f64 / 12.0,
        exposure,
    })
}

fn all_finite(c: &Comparison) -> Result<()> {
    for r in &c.rows {
        for (k, v) in [
            ("revenue_usd_per_grid_kwh", r.revenue_usd_per_grid_kwh),
            ("revenue_usd_per_it_kwh", r.revenue_usd_per_it_kwh),
            ("margin_usd_per_grid_kwh", r.margin_usd_per_grid_kwh),
            ("margin_usd_per_it_kwh", r.margin_usd_per_it_kwh),
            ("capex_usd_per_mw_it", r.capex_usd_per_mw_it),
            ("npv_usd_per_mw_it", r.npv_usd_per_mw_it),
            ("irr", r.irr.unwrap_or(0.0)),
            ("payback_years", r.payback_years.unwrap_or(0.0)),
        ] {
            if !v.is_finite() {
                return Err(crate::Error::invalid(
                    format!("{} {k}", r.use_of_power),
                    crate::error::fmt_f64(v),
                    "a finite result: the inputs are too extreme to compare (check the discount rate and prices)",
                ));
            }
        }
    }
    Ok(())
}

/// Runs the comparison.
///
/// Frames: the self-mining row is a **new mining build** (buying ASICs and a mining site); the hosting-lease
/// and GPU-cloud rows are a **conversion** of a mining site (selling its ASICs, building an HPC hall over the
/// build months, earning nothing meanwhile). The mining margin the site would have earned during the build is
/// reported in [`Comparison::conversion`], not charged to the rows.
pub fn compare(inp: &CompareInputs) -> Result<Comparison> {
    inp.check()?;
    let mi = &inp.mining;
    let rate = inp.discount_rate;

    // Self-mining, a new build: the ASICs are the IT load.
    let mining_rev_it = revenue_usd_per_kwh(mi.usd_per_ph_day, mi.pool_fee, mi.j_per_th);
    let mining_cost_it = (mi.power_usd_per_kwh + mi.opex_usd_per_mwh / 1_000.0) * mi.pue;
    let mining_margin_it = mining_rev_it - mining_cost_it;
    // TH per MW of ASIC (IT) load.
    let th_per_mw_it = 1e6 / mi.j_per_th;
    let mining_capex = mi.asic_usd_per_th * th_per_mw_it + mi.site_capex_usd_per_mw_gross * mi.pue;
    let mut mining_flows =
        vec![mining_margin_it * 1_000.0 * HOURS_PER_MONTH; mi.life_years as usize * 12 + 1];
    mining_flows[0] = -mining_capex;
    let mining = row(
        "self_mining",
        mining_rev_it,
        mining_margin_it,
        mi.pue,
        mining_capex,
        &mining_flows,
        rate,
        "BTC price, difficulty and fees (uncontracted)",
    )?;

    // The conversion: per MW of HPC IT the site draws PUE MW from the grid, which fed PUE / mining PUE MW of
    // ASICs; those are sold.
    let li = &inp.lease;
    let pue = Pue::new(li.pue)?;
    let conversion = Conversion {
        interconnect: MwIt::new(1.0)?.to_gross(pue),
        pue,
        capex_usd_per_mw_it: li.capex_usd_per_mw_it,
        build_months: li.build_months,
        asic_resale_usd_per_mw_gross: li.asic_resale_usd_per_th * th_per_mw_it / mi.pue,
    };
    let conversion_summary = conversion.summary(mining_margin_it / mi.pue)?;

    // Hosting lease on the converted site, as landlord, per MW IT.
    let mut terms = LeaseTerms::simple(
        MwIt::new(1.0)?,
        pue,
        Rent::UsdPerKwMonth(li.usd_per_kw_month),
        li.term_years * 12,
    );
    terms.landlord_capex_usd_per_mw_it = li.capex_usd_per_mw_it;
    terms.build_months = li.build_months;
    terms.noi_margin = li.noi_margin;
    terms.escalator_per_year = li.escalator_per_year;
    let lease = HostingLease::new(terms)?;
    let lease_flows = conversion.with_resale(lease.landlord_flows());
    let lease_rev_it = lease.base_usd_per_kw_month() / HOURS_PER_MONTH;
    let lease_row = row(
        "hosting_lease",
        lease_rev_it,
        lease_rev_it * li.noi_margin,
        li.pue,
        li.capex_usd_per_mw_it,
        &lease_flows,
        rate,
        "tenant credit (contracted rent; power passed through)",
    )?;

    // GPU cloud, as operator, on the converted site, per MW IT.
    let g = inp.gpu.metrics()?;
    let gpu_pue = inp.gpu.pue.value();
    let gpu_flows = conversion.with_resale(g.flows_per_mw_it.clone());
    let gpu_row = row(
        "gpu_cloud",
        g.revenue_usd_per_it_kwh,
        g.margin_usd_per_grid_kwh * gpu_pue,
        gpu_pue,
        g.capex_usd_per_mw_it,
        &gpu_flows,
        rate,
        "GPU-hour prices and utilization (contracted only if sold forward)",
    )?;

    let seed = seed_claim(inp, mining_rev_it, lease_rev_it, g.revenue_usd_per_it_kwh);
    let notes = notes(
        inp,
        &seed,
        g.capex_recovery_usd_per_grid_kwh,
        &conversion_summary,
    );
    let c = Comparison {
        rows: vec![mining, lease_row, gpu_row],
        seed_claim: seed,
        conversion: conversion_summary,
        notes,
    };
    all_finite(&c)?;
    Ok(c)
}
