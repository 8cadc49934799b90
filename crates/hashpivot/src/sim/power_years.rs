//! What each replayed power year contributes: the base case run once per bootstrap year, that year replayed in
//! every simulated year, each year's power costs, power sales and revenue lines as a share of the sum over the
//! years. The base case averages the years with equal weight, so these are the years' shares of its power lines
//! (exactly, when no fleet decision differs between the years). A warning names a year that provides more than
//! half of a revenue line.

use super::draws::base_case_draws;
use super::engine::simulate;
use super::prepared::Prepared;
use super::rollup::MIX_SEGMENTS;
use crate::data::regimes;
use crate::scenario::PowerMarketModel;
use serde::Serialize;

/// A year providing more than this share of a revenue line is warned about.
pub const DOMINANT_SHARE: f64 = 0.5;

/// A revenue line is checked for a dominant year only when it is at least this share of revenue (a line of a
/// few dollars has no meaningful mix).
const MATERIAL_LINE_SHARE: f64 = 0.01;

/// One replayed power year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerYearShare {
    /// The bundled calendar year replayed.
    pub year: i32,
    /// ERCOT's high system-wide offer cap that year, USD/MWh (`None` before the table's first year).
    pub cap_usd_per_mwh: Option<f64>,
    /// A stress year: named in `stress_years`, or priced under another cap than today's.
    pub stress: bool,
    /// What makes the year a stress year, where known (e.g. Winter Storm Uri).
    pub note: Option<String>,
    /// Share of the power costs of the years replayed, in [0, 1].
    pub power_costs_share: f64,
    /// Share of the power sales of the years replayed, in [0, 1] (0 when there are none).
    pub power_sales_share: f64,
    /// Share of each revenue line (`self_mining`, `hosting_lease`, `gpu_cloud`, `power_sales`), in [0, 1].
    pub revenue_shares: [f64; 4],
}

/// The replayed power years of a run and what each contributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerYears {
    /// Whether the years are the default (every complete bundled year under today's cap) plus any stress years.
    pub defaulted: bool,
    /// The cap in force now, USD/MWh, and its source.
    pub current_cap_usd_per_mwh: f64,
    /// Source of the current cap.
    pub current_cap_source: String,
    /// Each replayed year, in the scenario's order.
    pub years: Vec<PowerYearShare>,
    /// A line per revenue line that one year provides more than half of.
    pub warnings: Vec<String>,
}

/// The shares of each replayed year; `None` unless the scenario bootstraps power.
pub fn power_years(p: &Prepared<'_>) -> Option<PowerYears> {
    let PowerMarketModel::Bootstrap {
        years,
        stress_years,
        years_defaulted,
    } = p.scenario.market().power()
    else {
        return None;
    };
    let sim_years = p.scenario.months().div_ceil(12);
    // Per replayed year: power costs, power sales, revenue lines.
    let mut totals: Vec<(f64, f64, [f64; 4])> = Vec::with_capacity(years.len());
    for slot in 0..years.len() {
        let mut d = base_case_draws(p);
        d.power_year = Some(vec![slot; sim_years]);
        let (_, rows) = simulate(p, &d, 0, true);
        let mut t = (0.0, 0.0, [0.0; 4]);
        for r in rows.iter().filter(|r| r.site == "company") {
            t.0 += r.power_cost_usd;
            t.1 += r.power_sales_usd;
            t.2[0] += r.self_mining_usd;
            t.2[1] += r.hosting_lease_usd + r.hosting_miners_usd;
            t.2[2] += r.gpu_cloud_usd;
            t.2[3] += r.power_sales_usd;
        }
        totals.push(t);
    }
    let share = |v: f64, sum: f64| if sum > 0.0 { v / sum } else { 0.0 };
    let cost_sum: f64 = totals.iter().map(|t| t.0).sum();
    let sales_sum: f64 = totals.iter().map(|t| t.1).sum();
    let line_sum: Vec<f64> = (0..4)
        .map(|k| totals.iter().map(|t| t.2[k]).sum())
        .collect();
    let revenue_sum: f64 = line_sum.iter().sum();
    let shares: Vec<PowerYearShare> = years
        .iter()
        .zip(&totals)
        .map(|(&y, t)| PowerYearShare {
            year: y,
            cap_usd_per_mwh: regimes::regime_of(y).map(|r| r.cap_usd_per_mwh),
            stress: stress_years.contains(&y),
            note: regimes::stress_note(y).map(str::to_string),
            power_costs_share: share(t.0, cost_sum),
            power_sales_share: share(t.1, sales_sum),
            revenue_shares: std::array::from_fn(|k| share(t.2[k], line_sum[k])),
        })
        .collect();
    let mut warnings = Vec::new();
    if years.len() > 1 {
        for (k, name) in MIX_SEGMENTS.iter().enumerate() {
            if line_sum[k] < MATERIAL_LINE_SHARE * revenue_sum {
                continue;
            }
            for s in shares
                .iter()
                .filter(|s| s.revenue_shares[k] > DOMINANT_SHARE)
            {
                warnings.push(format!(
                    "power year {} provides {:.0}% of {name} revenue across the {} years replayed{}",
                    s.year,
                    100.0 * s.revenue_shares[k],
                    years.len(),
                    if s.stress { " (a stress year)" } else { "" }
                ));
            }
        }
    }
    let current = regimes::current_regime();
    Some(PowerYears {
        defaulted: *years_defaulted,
        current_cap_usd_per_mwh: current.cap_usd_per_mwh,
        current_cap_source: current.source.to_string(),
        years: shares,
        warnings,
    })
}
