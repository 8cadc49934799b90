//! The seed claim "mining earns $0.17–0.20/kWh, AI $3–5/kWh (17–25×)", taken apart, the days of the history
//! that match its mining range, and the notes that explain the comparison's frames.

use super::inputs::{CompareInputs, H100_BOARD_KW, H100_IT_KW_PER_GPU};
use crate::date::Date;
use crate::finance::HOURS_PER_MONTH;
use crate::hpc::conversion::ConversionSummary;
use crate::hpc::gpu_cloud::usd_per_gpu_hour_for_it_kwh;
use crate::mining::revenue_usd_per_kwh;
use serde::Serialize;

/// The claim's mining range, USD per kWh.
pub const MINING_CLAIM_USD_PER_KWH: [f64; 2] = [0.17, 0.20];
/// The claim's AI range, USD per kWh.
pub const AI_CLAIM_USD_PER_KWH: [f64; 2] = [3.0, 5.0];

/// The seed claim "mining earns $0.17–0.20/kWh, AI $3–5/kWh (17–25×)", taken apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedClaim {
    /// The claim's mining range, USD per kWh ([`MINING_CLAIM_USD_PER_KWH`]).
    pub mining_claim_usd_per_kwh: [f64; 2],
    /// The claim's AI range, USD per kWh ([`AI_CLAIM_USD_PER_KWH`]).
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
    /// The range of mining revenue looked for, USD per kWh (low, high).
    pub usd_per_kwh_range: [f64; 2],
    /// ASIC efficiency the revenue was computed at, J/TH.
    pub j_per_th: f64,
    /// Pool fee the revenue was computed at, a share of revenue.
    pub pool_fee: f64,
    /// Days with a hashprice, in the history looked at.
    pub days_checked: usize,
    /// Days with revenue per kWh inside the range (inclusive).
    pub days_in_range: usize,
    /// The first day in the range (`None` when no day was).
    pub first_in_range: Option<Date>,
    /// The last day in the range (`None` when no day was).
    pub last_in_range: Option<Date>,
    /// Days above the range's top.
    pub days_above: usize,
    /// The last day above the range (`None` when no day was).
    pub last_above: Option<Date>,
}

/// Counts the days whose mining revenue per kWh, `revenue_usd_per_kwh(usd_per_ph_day, pool_fee, j_per_th)`,
/// lies in `[lo, hi]`. `days` gives (date, USD/PH/day) in date order.
pub(crate) fn mining_claim_days(
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

/// Takes the claim apart at the inputs, given the revenue per IT kWh of the three rows.
pub(super) fn seed_claim(
    inp: &CompareInputs,
    mining_rev_it: f64,
    lease_rev_it: f64,
    gpu_rev_it: f64,
) -> SeedClaim {
    let mi = &inp.mining;
    let li = &inp.lease;
    let gpu_pue = inp.gpu.pue.value();
    let kw_gpu = inp.gpu.it_kw_per_gpu;
    let (rent_lo, rent_hi) = inp.library_rent_range_usd_per_kw_month;
    let claim_m = MINING_CLAIM_USD_PER_KWH;
    let claim_ai = AI_CLAIM_USD_PER_KWH;
    let press = claim_ai.map(|x| x * H100_BOARD_KW);
    SeedClaim {
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
            gpu_rev_it / mining_rev_it
        } else {
            0.0
        },
        lease_over_mining: if mining_rev_it > 0.0 {
            lease_rev_it / mining_rev_it
        } else {
            0.0
        },
        mining_claim_days: None,
    }
}

/// The note on the days of the history that match the claim's mining range.
pub(crate) fn claim_days_note(d: &ClaimDays) -> String {
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

pub(super) fn notes(
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
