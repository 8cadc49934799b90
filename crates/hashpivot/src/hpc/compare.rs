//! The three uses of a megawatt on one footing — self-mining, a hosting lease (as the landlord, after
//! converting the site) and a GPU cloud (as the operator) — with every per-kWh figure on two bases: per kWh
//! drawn from the grid and per kWh of IT load. The denominators differ by the PUE, and so do the press's
//! comparisons.

use super::capacity::{MwIt, Pue};
use super::conversion::{Conversion, ConversionSummary};
use super::gpu_cloud::{GpuCloudParams, usd_per_gpu_hour_for_it_kwh};
use super::lease::{HostingLease, LeaseTerms, Rent};
use crate::date::Date;
use crate::error::{Result, check_range};
use crate::finance::{HOURS_PER_MONTH, RootRule, irr, npv, payback_months};
use crate::mining::revenue_usd_per_kwh;
use serde::Serialize;

/// Self-mining assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MiningInputs {
    pub usd_per_ph_day: f64,
    pub pool_fee: f64,
    pub j_per_th: f64,
    pub power_usd_per_kwh: f64,
    /// Gross / IT ratio of a mining site (ASIC fans are inside the ASIC's rated power).
    pub pue: f64,
    pub opex_usd_per_mwh: f64,
    pub asic_usd_per_th: f64,
    /// Site build cost per gross MW, excluding ASICs (a new mining build).
    pub site_capex_usd_per_mw_gross: f64,
    /// ASIC life, years; hashprice is held at the date's value over it.
    pub life_years: u32,
}

/// Hosting-lease (landlord) assumptions for a converted mining site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeaseInputs {
    pub usd_per_kw_month: f64,
    pub pue: f64,
    pub noi_margin: f64,
    pub capex_usd_per_mw_it: f64,
    pub build_months: u32,
    pub term_years: u32,
    pub escalator_per_year: f64,
    /// What the ASICs taken off the site fetch, USD per TH.
    pub asic_resale_usd_per_th: f64,
}

/// The seed claim's H100 reading: the H100-hour prices that give exactly $3–5 per kWh of GPU-board power.
pub const H100_BOARD_KW: f64 = 0.7;
/// H100 server power per GPU (DGX H100: 10.2 kW / 8).
pub const H100_IT_KW_PER_GPU: f64 = 1.275;

/// Everything a comparison needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareInputs {
    pub mining: MiningInputs,
    pub lease: LeaseInputs,
    pub gpu_name: String,
    pub gpu: GpuCloudParams,
    /// Board power of one GPU (TDP), kW, where the library has it: the press's per-kWh denominator.
    pub gpu_board_kw: Option<f64>,
    pub discount_rate: f64,
    /// Lowest and highest implied rent in the deal library, $/kW-month, for the landlord's range.
    pub library_rent_range_usd_per_kw_month: (f64, f64),
}

/// One use of the megawatt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    #[serde(rename = "use")]
    pub use_of_power: &'static str,
    pub revenue_usd_per_grid_kwh: f64,
    pub revenue_usd_per_it_kwh: f64,
    /// Revenue less power and operating costs (before capex), per grid kWh.
    pub margin_usd_per_grid_kwh: f64,
    pub margin_usd_per_it_kwh: f64,
    pub capex_usd_per_mw_it: f64,
    /// Undiscounted payback from the decision, years; `None` if never within the horizon.
    pub payback_years: Option<f64>,
    /// Unlevered IRR of the monthly flows per MW IT; `None` when the flows never change sign.
    pub irr: Option<f64>,
    pub npv_usd_per_mw_it: f64,
    pub horizon_years: f64,
    /// What the revenue depends on.
    pub exposure: &'static str,
}

/// The seed claim "mining earns $0.17–0.20/kWh, AI $3–5/kWh (17–25×)", taken apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedClaim {
    pub mining_claim_usd_per_kwh: [f64; 2],
    pub ai_claim_usd_per_kwh: [f64; 2],
    /// Mining revenue per kWh at the inputs' hashprice and J/TH.
    pub mining_usd_per_kwh_at_inputs: f64,
    /// Hashprice needed at the inputs' J/TH for $0.17 and $0.20 per kWh.
    pub hashprice_usd_per_ph_day_needed: [f64; 2],
    /// J/TH needed at the inputs' hashprice for $0.17 and $0.20 per kWh.
    pub j_per_th_needed: [f64; 2],
    /// $/GPU-hour needed for $3 and $5 per IT kWh with the chosen GPU (full utilization).
    pub usd_per_gpu_hour_needed_per_it_kwh: [f64; 2],
    /// $/GPU-hour needed for $3 and $5 per grid kWh (× PUE).
    pub usd_per_gpu_hour_needed_per_grid_kwh: [f64; 2],
    /// $/GPU-hour needed for $3 and $5 per kWh of GPU-board power (TDP) with the chosen GPU, where known.
    pub usd_per_gpu_hour_needed_per_board_kwh: Option<[f64; 2]>,
    /// GPU-cloud revenue per IT kWh at H100 market prices of $1.70 and $3.00 per GPU-hour (1.275 kW per GPU).
    pub h100_market_usd_per_it_kwh: [f64; 2],
    /// The H100-hour prices ($2.10–3.50) that, divided by the 0.7 kW board power, give the claim's $3–5/kWh.
    pub h100_press_usd_per_gpu_hour: [f64; 2],
    /// Those prices per kWh of GPU-board power: exactly [3, 5] — the claim's denominator.
    pub h100_press_usd_per_board_kwh: [f64; 2],
    /// The same prices per kWh of server (IT) power, 1.275 kW per H100.
    pub h100_press_usd_per_it_kwh: [f64; 2],
    /// And per kWh drawn from the grid at the HPC PUE.
    pub h100_press_usd_per_grid_kwh: [f64; 2],
    /// The landlord's rent per IT kWh across the deal library's implied rents.
    pub landlord_usd_per_it_kwh: [f64; 2],
    /// The same per grid kWh at the lease PUE.
    pub landlord_usd_per_grid_kwh: [f64; 2],
    /// GPU-cloud revenue / mining revenue, per IT kWh, at the inputs.
    pub gpu_cloud_over_mining: f64,
    /// Landlord rent / mining revenue, per IT kWh, at the inputs.
    pub lease_over_mining: f64,
    /// Days of the network data on which mining earned $0.17–0.20/kWh at the inputs' J/TH and pool fee
    /// (filled by the caller, which has the data).
    pub mining_claim_days: Option<ClaimDays>,
}

/// The days of a hashprice history on which mining revenue per kWh fell in the claim's range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimDays {
    pub usd_per_kwh_range: [f64; 2],
    pub j_per_th: f64,
    pub pool_fee: f64,
    /// Days with a hashprice, in the history looked at.
    pub days_checked: usize,
    /// Days with revenue per kWh inside the range (inclusive).
    pub days_in_range: usize,
    pub first_in_range: Option<Date>,
    pub last_in_range: Option<Date>,
    /// Days above the range's top.
    pub days_above: usize,
    pub last_above: Option<Date>,
}

/// Counts the days whose mining revenue per kWh, `revenue_usd_per_kwh(usd_per_ph_day, pool_fee, j_per_th)`,
/// lies in `[lo, hi]`. `days` gives (date, USD/PH/day) in date order.
pub fn mining_claim_days(
    days: impl IntoIterator<Item = (Date, f64)>,
    pool_fee: f64,
    j_per_th: f64,
    [lo, hi]: [f64; 2],
) -> ClaimDays {
    let mut c = ClaimDays {
        usd_per_kwh_range: [lo, hi],
        j_per_th,
        pool_fee,
        days_checked: 0,
        days_in_range: 0,
        first_in_range: None,
        last_in_range: None,
        days_above: 0,
        last_above: None,
    };
    for (date, hp) in days {
        if !hp.is_finite() {
            continue;
        }
        c.days_checked += 1;
        let r = revenue_usd_per_kwh(hp, pool_fee, j_per_th);
        if (lo..=hi).contains(&r) {
            c.days_in_range += 1;
            c.first_in_range.get_or_insert(date);
            c.last_in_range = Some(date);
        } else if r > hi {
            c.days_above += 1;
            c.last_above = Some(date);
        }
    }
    c
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub rows: Vec<CompareRow>,
    pub seed_claim: SeedClaim,
    /// The conversion behind the lease and GPU rows, per MW of HPC IT (interconnect = 1 MW IT × PUE gross).
    pub conversion: ConversionSummary,
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
    let mi = &inp.mining;
    // Hashprice peaked near $10M/PH/day in 2010–2011; 1e9 only refuses nonsense.
    check_range(
        "usd_per_ph_day",
        mi.usd_per_ph_day,
        0.0,
        1e9,
        "a hashprice in USD/PH/day in [0, 1e9]",
    )?;
    crate::mining::check_pool_fee(mi.pool_fee)?;
    crate::mining::check_j_per_th(mi.j_per_th)?;
    check_range(
        "power_usd_per_kwh",
        mi.power_usd_per_kwh,
        0.0,
        10.0,
        "a power price in USD/kWh ≥ 0",
    )?;
    check_range("mining pue", mi.pue, 1.0, 3.0, "a ratio in [1, 3]")?;
    check_range(
        "asic_usd_per_th",
        mi.asic_usd_per_th,
        0.0,
        1e4,
        "USD per TH ≥ 0",
    )?;
    check_range(
        "site_capex_usd_per_mw_gross",
        mi.site_capex_usd_per_mw_gross,
        0.0,
        1e9,
        "USD per MW ≥ 0",
    )?;
    check_range(
        "opex_usd_per_mwh",
        mi.opex_usd_per_mwh,
        0.0,
        1e4,
        "USD per MWh ≥ 0",
    )?;
    check_range(
        "asic_resale_usd_per_th",
        inp.lease.asic_resale_usd_per_th,
        0.0,
        1e4,
        "USD per TH ≥ 0",
    )?;
    if mi.life_years == 0 || mi.life_years > 30 {
        return Err(crate::Error::invalid(
            "mining life_years",
            mi.life_years,
            "1 to 30 years",
        ));
    }
    let rate = crate::bounds::DISCOUNT_RATE.check_as("discount_rate", inp.discount_rate)?;

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

    let kw_gpu = inp.gpu.it_kw_per_gpu;
    let (rent_lo, rent_hi) = inp.library_rent_range_usd_per_kw_month;
    let claim_m = [0.17, 0.20];
    let claim_ai = [3.0, 5.0];
    let press = claim_ai.map(|x| x * H100_BOARD_KW);
    let seed = SeedClaim {
        mining_claim_usd_per_kwh: claim_m,
        ai_claim_usd_per_kwh: claim_ai,
        mining_usd_per_kwh_at_inputs: mining_rev_it,
        hashprice_usd_per_ph_day_needed: claim_m
            .map(|x| x * 24.0 * mi.j_per_th / (1.0 - mi.pool_fee)),
        j_per_th_needed: claim_m.map(|x| mi.usd_per_ph_day * (1.0 - mi.pool_fee) / (24.0 * x)),
        usd_per_gpu_hour_needed_per_it_kwh: claim_ai
            .map(|x| usd_per_gpu_hour_for_it_kwh(x, kw_gpu)),
        usd_per_gpu_hour_needed_per_grid_kwh: claim_ai
            .map(|x| usd_per_gpu_hour_for_it_kwh(x, kw_gpu) * gpu_pue),
        usd_per_gpu_hour_needed_per_board_kwh: inp.gpu_board_kw.map(|kw| claim_ai.map(|x| x * kw)),
        h100_market_usd_per_it_kwh: [1.70 / H100_IT_KW_PER_GPU, 3.00 / H100_IT_KW_PER_GPU],
        h100_press_usd_per_gpu_hour: press,
        h100_press_usd_per_board_kwh: press.map(|p| p / H100_BOARD_KW),
        h100_press_usd_per_it_kwh: press.map(|p| p / H100_IT_KW_PER_GPU),
        h100_press_usd_per_grid_kwh: press.map(|p| p / H100_IT_KW_PER_GPU / gpu_pue),
        landlord_usd_per_it_kwh: [rent_lo / HOURS_PER_MONTH, rent_hi / HOURS_PER_MONTH],
        landlord_usd_per_grid_kwh: [
            rent_lo / HOURS_PER_MONTH / li.pue,
            rent_hi / HOURS_PER_MONTH / li.pue,
        ],
        gpu_cloud_over_mining: if mining_rev_it > 0.0 {
            g.revenue_usd_per_it_kwh / mining_rev_it
        } else {
            0.0
        },
        lease_over_mining: if mining_rev_it > 0.0 {
            lease_rev_it / mining_rev_it
        } else {
            0.0
        },
        mining_claim_days: None,
    };
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

/// The note on the days of the history that match the claim's mining range.
pub fn claim_days_note(d: &ClaimDays) -> String {
    let span = |a: Option<Date>, b: Option<Date>| match (a, b) {
        (Some(a), Some(b)) => format!("first {a}, last {b}"),
        _ => "none".to_string(),
    };
    format!(
        "history: at {:.1} J/TH (pool fee {:.1}%) mining earned ${:.2}–{:.2}/kWh on {} of the {} days of the bundled \
         network data ({}); it earned more on {} days (last {}).",
        d.j_per_th,
        d.pool_fee * 100.0,
        d.usd_per_kwh_range[0],
        d.usd_per_kwh_range[1],
        d.days_in_range,
        d.days_checked,
        span(d.first_in_range, d.last_in_range),
        d.days_above,
        d.last_above
            .map_or_else(|| "never".to_string(), |x| x.to_string()),
    )
}

fn notes(
    inp: &CompareInputs,
    s: &SeedClaim,
    gpu_capex_per_grid_kwh: f64,
    conv: &ConversionSummary,
) -> Vec<String> {
    let mi = &inp.mining;
    let board = match (inp.gpu_board_kw, s.usd_per_gpu_hour_needed_per_board_kwh) {
        (Some(kw), Some(p)) => format!(
            "; per kWh of GPU-board power ({:.2} kW TDP) ${:.2}–{:.2} per GPU-hour",
            kw, p[0], p[1]
        ),
        _ => "; the library has no board power for this GPU".to_string(),
    };
    vec![
        "basis: *_per_grid_kwh divides by every kWh the site draws (IT × PUE); *_per_it_kwh by the kWh delivered to \
         servers or ASICs only. A lease is priced per IT kW, so per grid kWh it earns 1/PUE of its headline."
            .to_string(),
        format!(
            "mining: at ${:.2}/PH/day and {:.1} J/TH (pool fee {:.1}%) mining earns ${:.3} per kWh. The claimed \
             $0.17–0.20/kWh needs a hashprice of ${:.0}–{:.0}/PH/day at {:.1} J/TH, or a fleet of {:.1}–{:.1} J/TH at \
             this hashprice.",
            mi.usd_per_ph_day,
            mi.j_per_th,
            mi.pool_fee * 100.0,
            s.mining_usd_per_kwh_at_inputs,
            s.hashprice_usd_per_ph_day_needed[0],
            s.hashprice_usd_per_ph_day_needed[1],
            mi.j_per_th,
            s.j_per_th_needed[1],
            s.j_per_th_needed[0],
        ),
        format!(
            "the AI figure's denominator: $3–5/kWh is exactly ${:.2}–{:.2} per H100-hour divided by the H100's {:.1} kW \
             board power (TDP) — prices within the range H100s rented at in 2024. Per kWh of server power (1.275 kW \
             per H100 in a DGX) the same prices are ${:.2}–{:.2}, per grid kWh at PUE {:.2} ${:.2}–{:.2}: dividing by \
             the GPU board instead of the server and the building is the mistake.",
            s.h100_press_usd_per_gpu_hour[0],
            s.h100_press_usd_per_gpu_hour[1],
            H100_BOARD_KW,
            s.h100_press_usd_per_it_kwh[0],
            s.h100_press_usd_per_it_kwh[1],
            inp.gpu.pue.value(),
            s.h100_press_usd_per_grid_kwh[0],
            s.h100_press_usd_per_grid_kwh[1],
        ),
        format!(
            "GPU cloud: $3–5 per IT kWh needs ${:.2}–{:.2} per GPU-hour with {} ({:.3} kW IT per GPU) at full \
             utilization, ${:.2}–{:.2} per GPU-hour per grid kWh at PUE {:.2}{}. H100s renting at $1.70–3.00 earn \
             ${:.2}–{:.2} per IT kWh. And that is the operator's revenue: the GPUs and the hall cost ${:.3} per grid \
             kWh of depreciation on these inputs.",
            s.usd_per_gpu_hour_needed_per_it_kwh[0],
            s.usd_per_gpu_hour_needed_per_it_kwh[1],
            inp.gpu_name,
            inp.gpu.it_kw_per_gpu,
            s.usd_per_gpu_hour_needed_per_grid_kwh[0],
            s.usd_per_gpu_hour_needed_per_grid_kwh[1],
            inp.gpu.pue.value(),
            board,
            s.h100_market_usd_per_it_kwh[0],
            s.h100_market_usd_per_it_kwh[1],
            gpu_capex_per_grid_kwh,
        ),
        format!(
            "landlord: the miner that hosts such a tenant earns rent, not GPU revenue: the deal library's implied \
             ${:.0}–{:.0}/kW-month is ${:.3}–{:.3} per IT kWh, ${:.3}–{:.3} per grid kWh at PUE {:.2} — the same order \
             as mining (×{:.2} mining's revenue per IT kWh at these inputs), but contracted for 10–15 years.",
            inp.library_rent_range_usd_per_kw_month.0,
            inp.library_rent_range_usd_per_kw_month.1,
            s.landlord_usd_per_it_kwh[0],
            s.landlord_usd_per_it_kwh[1],
            s.landlord_usd_per_grid_kwh[0],
            s.landlord_usd_per_grid_kwh[1],
            inp.lease.pue,
            s.lease_over_mining,
        ),
        format!(
            "so \"17–25×\" compares the tenant's GPU revenue per GPU-board kWh with the miner's hash revenue; at these \
             inputs GPU cloud revenue is {:.1}× mining per IT kWh, and what a converted miner earns as landlord is {:.2}×.",
            s.gpu_cloud_over_mining, s.lease_over_mining
        ),
        format!(
            "frames: the self_mining row is a new mining build (buys ASICs at ${}/TH and a ${:.2}M/MW site); the \
             hosting_lease and gpu_cloud rows convert a mining site: they sell its ASICs (${:.2}M per MW IT at t = 0) \
             and earn nothing for {} build months, during which the site would have made ${:.2}M per MW IT of mining \
             margin at these inputs — forgone, reported here and not charged to the rows.",
            mi.asic_usd_per_th,
            mi.site_capex_usd_per_mw_gross / 1e6,
            conv.asic_resale_usd / 1e6,
            inp.lease.build_months,
            conv.forgone_mining_margin_usd / 1e6,
        ),
        format!(
            "mining flows hold the hashprice at its value for {} years: no difficulty growth and no halving \
             (next ≈ 2028-04), so the mining IRR is an upper bound on these inputs.",
            mi.life_years
        ),
        format!(
            "lease flows: capex spread over the build months, NOI for the term, no residual value or extensions; \
             GPU-cloud flows: the hall's capex over the same build months, the GPUs (${:.1}M/MW IT) on delivery at its \
             end, then {} years of operation, no residual value; non-power opex ${:.0}k per MW IT a year.",
            inp.gpu.gpu_capex_usd_per_mw_it / 1e6,
            inp.gpu.life_years,
            inp.gpu.opex_usd_per_mw_it_year / 1e3,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::npv;

    pub(crate) fn inputs() -> CompareInputs {
        CompareInputs {
            mining: MiningInputs {
                usd_per_ph_day: 55.97,
                pool_fee: 0.0,
                j_per_th: 17.5,
                power_usd_per_kwh: 0.05,
                pue: 1.0,
                opex_usd_per_mwh: 0.0,
                asic_usd_per_th: 20.0,
                site_capex_usd_per_mw_gross: 550_000.0,
                life_years: 4,
            },
            lease: LeaseInputs {
                usd_per_kw_month: 148.8,
                pue: 1.3,
                noi_margin: 0.85,
                capex_usd_per_mw_it: 10e6,
                build_months: 12,
                term_years: 10,
                escalator_per_year: 0.0,
                asic_resale_usd_per_th: 5.0,
            },
            gpu_name: "H100 SXM".into(),
            gpu: GpuCloudParams {
                it_kw_per_gpu: 1.275,
                pue: Pue::new(1.3).unwrap(),
                usd_per_gpu_hour: 2.0,
                price_decline_per_year: 0.0,
                utilization: 1.0,
                gpu_capex_usd_per_mw_it: 29e6,
                life_years: 5,
                non_gpu_capex_usd_per_mw_it: 10e6,
                opex_usd_per_mw_it_year: 0.0,
                power_usd_per_kwh: 0.05,
                build_months: 0,
                first_month: crate::date::Month {
                    year: 2025,
                    month: 1,
                },
            },
            gpu_board_kw: Some(0.7),
            discount_rate: 0.1,
            library_rent_range_usd_per_kw_month: (100.0, 175.0),
        }
    }

    #[test]
    fn per_kwh_figures_on_both_bases() {
        let c = compare(&inputs()).unwrap();
        let m = &c.rows[0];
        assert_eq!(m.use_of_power, "self_mining");
        assert!((m.revenue_usd_per_it_kwh - 55.97 / (24.0 * 17.5)).abs() < 1e-12);
        assert!((m.margin_usd_per_grid_kwh - (55.97 / 420.0 - 0.05)).abs() < 1e-12);
        // 20 $/TH × 57,143 TH + $0.55M.
        assert!((m.capex_usd_per_mw_it - (20.0 * 1e6 / 17.5 + 550_000.0)).abs() < 1e-6);
        let l = &c.rows[1];
        assert!((l.revenue_usd_per_it_kwh - 148.8 / 730.0).abs() < 1e-12);
        assert!((l.revenue_usd_per_grid_kwh - 148.8 / 730.0 / 1.3).abs() < 1e-12);
        let g = &c.rows[2];
        assert!((g.revenue_usd_per_it_kwh - 2.0 / 1.275).abs() < 1e-12);
        assert!((g.revenue_usd_per_grid_kwh - 2.0 / 1.275 / 1.3).abs() < 1e-12);
        assert_eq!(g.capex_usd_per_mw_it, 39e6);
        for r in &c.rows {
            assert!(r.irr.is_some_and(f64::is_finite), "{}", r.use_of_power);
            assert!(r.npv_usd_per_mw_it.is_finite());
        }
    }

    #[test]
    fn seed_claim_is_taken_apart() {
        let s = compare(&inputs()).unwrap().seed_claim;
        // $0.17–0.20 at 17.5 J/TH needs 0.17 × 24 × 17.5 = $71.4 to $84/PH/day.
        assert!((s.hashprice_usd_per_ph_day_needed[0] - 71.4).abs() < 1e-9);
        assert!((s.hashprice_usd_per_ph_day_needed[1] - 84.0).abs() < 1e-9);
        // At $55.97/PH/day: 55.97 / (24 × 0.20) = 11.66 J/TH.
        assert!((s.j_per_th_needed[1] - 55.97 / 4.8).abs() < 1e-9);
        assert!((s.usd_per_gpu_hour_needed_per_it_kwh[0] - 3.825).abs() < 1e-12);
        assert!((s.usd_per_gpu_hour_needed_per_grid_kwh[1] - 6.375 * 1.3).abs() < 1e-12);
        // Landlord range per IT kWh: 100/730 = 0.137 to 175/730 = 0.240.
        assert!((s.landlord_usd_per_it_kwh[0] - 0.136_986).abs() < 1e-6);
        assert!((s.landlord_usd_per_it_kwh[1] - 0.239_726).abs() < 1e-6);
        assert!((s.h100_market_usd_per_it_kwh[0] - 1.333_333).abs() < 1e-6);
        // The press's basis: $2.10–3.50 per H100-hour over a 0.7 kW board is $3–5 per kWh.
        assert!((s.h100_press_usd_per_gpu_hour[0] - 2.10).abs() < 1e-12);
        assert!((s.h100_press_usd_per_gpu_hour[1] - 3.50).abs() < 1e-12);
        assert!((s.h100_press_usd_per_board_kwh[0] - 3.0).abs() < 1e-12);
        assert!((s.h100_press_usd_per_board_kwh[1] - 5.0).abs() < 1e-12);
        assert!((s.h100_press_usd_per_it_kwh[1] - 3.5 / 1.275).abs() < 1e-12);
        let b = s.usd_per_gpu_hour_needed_per_board_kwh.unwrap();
        assert!((b[0] - 2.1).abs() < 1e-12 && (b[1] - 3.5).abs() < 1e-12);
    }

    #[test]
    fn claim_days_count_the_range() {
        let d = |s: &str| Date::parse(s).unwrap();
        // At 17.5 J/TH, no fee: $0.17–0.20 is $71.4–84 per PH/day.
        let days = [
            (d("2021-01-01"), 100.0),
            (d("2021-01-02"), 80.0),
            (d("2021-01-03"), f64::NAN),
            (d("2021-01-04"), 71.4),
            (d("2021-01-05"), 50.0),
        ];
        let c = mining_claim_days(days, 0.0, 17.5, [0.17, 0.20]);
        assert_eq!((c.days_checked, c.days_in_range, c.days_above), (4, 2, 1));
        assert_eq!(c.first_in_range, Some(d("2021-01-02")));
        assert_eq!(c.last_in_range, Some(d("2021-01-04")));
        assert_eq!(c.last_above, Some(d("2021-01-01")));
        assert!(claim_days_note(&c).contains("on 2 of the 4 days"));
    }

    #[test]
    fn asic_resale_is_per_gross_mw_of_the_mining_site() {
        // Per MW of HPC IT the site draws 1.3 MW; at mining PUE 1.1 that fed 1.3 / 1.1 MW of ASICs, of
        // 1e6 / 17.5 TH per MW each, sold at $5/TH.
        let mut i = inputs();
        i.mining.pue = 1.1;
        let c = compare(&i).unwrap();
        let resale = 5.0 * (1e6 / 17.5) * 1.3 / 1.1;
        assert!((c.conversion.asic_resale_usd - resale).abs() < 1e-6);
        // The lease flows at t = 0 are the resale (capex is spread over the 12 build months).
        let mut flows = vec![0.0; 12 + 120 + 1];
        flows[0] = resale;
        for f in flows.iter_mut().skip(1).take(12) {
            *f = -10e6 / 12.0;
        }
        for f in flows.iter_mut().skip(13) {
            *f = 148.8 * 1_000.0 * 0.85;
        }
        let r = c.rows[1].irr.unwrap();
        assert!(npv(r, &flows).unwrap().abs() < 1e-3, "{r}");
        assert!((c.rows[1].npv_usd_per_mw_it - npv(0.1, &flows).unwrap()).abs() < 1e-6);
        // Forgone mining margin: (revenue − power × PUE) / PUE per grid kWh × 1,300 kW × 12 × 730 h.
        let margin_grid = (55.97 / 420.0 - 0.05 * 1.1) / 1.1;
        assert!(
            (c.conversion.forgone_mining_margin_usd - margin_grid * 1_300.0 * 8_760.0).abs() < 1e-6
        );
    }

    #[test]
    fn discount_rates_outside_the_range_are_refused() {
        let mut i = inputs();
        i.discount_rate = 5.0;
        let e = compare(&i).unwrap_err().to_string();
        assert!(e.contains("[-0.5, 1]"), "{e}");
        i.discount_rate = -0.5;
        let c = compare(&i).unwrap();
        assert!(c.rows.iter().all(|r| r.npv_usd_per_mw_it.is_finite()));
    }

    #[test]
    fn early_hashprices_are_accepted() {
        // 2012-06-01 earned ~$3.3M/PH/day: physical, if absurd per kWh today.
        let mut i = inputs();
        i.mining.usd_per_ph_day = 3_341_572.36;
        assert!(compare(&i).is_ok());
        i.mining.usd_per_ph_day = 2e9;
        assert!(
            compare(&i)
                .unwrap_err()
                .to_string()
                .contains("usd_per_ph_day")
        );
    }

    #[test]
    fn zero_discount_rate_npv_is_the_sum_and_unprofitable_mining_has_no_payback() {
        let mut i = inputs();
        i.discount_rate = 0.0;
        i.mining.power_usd_per_kwh = 0.5;
        let c = compare(&i).unwrap();
        let m = &c.rows[0];
        let monthly = (55.97 / 420.0 - 0.5) * 1000.0 * 730.0;
        assert!((m.npv_usd_per_mw_it - (monthly * 48.0 - m.capex_usd_per_mw_it)).abs() < 1e-3);
        // Every flow negative: no IRR, no payback — never NaN.
        assert_eq!(m.irr, None);
        assert_eq!(m.payback_years, None);
        assert!(serde_json::to_string(&c).unwrap().find("NaN").is_none());
    }
}
