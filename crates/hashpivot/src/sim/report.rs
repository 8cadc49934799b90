//! From per-path summaries to the risk figures a CFO reads. The reduction is sequential, in path order.

use super::engine::PathSummary;
use crate::risk::{OlsSums, cvar_lower, prob_below, quantile, sorted};
use crate::scenario::{Scenario, TerminalValue};
use serde::Serialize;

/// Mean and quantiles of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dist {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Dist {
    pub fn of(x: &[f64]) -> Dist {
        let s = sorted(x);
        Dist {
            mean: x.iter().sum::<f64>() / x.len().max(1) as f64,
            p5: quantile(&s, 0.05),
            p50: quantile(&s, 0.5),
            p95: quantile(&s, 0.95),
        }
    }
}

/// A year's quantiles (year 1 = the first 12 simulated months).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearDist {
    pub year: usize,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// Mean revenue by segment in a year, USD.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearMix {
    pub year: usize,
    pub self_mining: f64,
    /// Hosting leases plus hosting of third-party miners.
    pub hosting_lease: f64,
    pub gpu_cloud: f64,
    pub power_sales: f64,
}

/// The `--json` summary: exactly the fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonSummary {
    pub scenario: String,
    pub paths: u64,
    pub seed: u64,
    pub npv_usd: Dist,
    pub cvar5_usd: f64,
    pub prob_npv_negative: f64,
    pub irr_p50: Option<f64>,
    pub ebitda_usd_by_year: Vec<YearDist>,
    pub revenue_mix_by_year: Vec<YearMix>,
    pub btc_beta_ebitda: Option<f64>,
    pub btc_mined_p50: f64,
}

/// Everything the run reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub summary: JsonSummary,
    pub deterministic: bool,
    /// NPV of the base case (every volatility at zero).
    pub base_npv_usd: f64,
    /// NPV across paths without the terminal value (the equity flows of the horizon alone).
    pub npv_without_terminal_usd: Dist,
    /// Median of (power the mining drew at its contract price + variable opex) / BTC mined across paths, USD per BTC.
    pub cost_per_btc_usd_p50: Option<f64>,
    /// BTC-beta of EBITDA within each year (USD of monthly EBITDA change per unit BTC log return).
    pub btc_beta_ebitda_by_year: Vec<Option<f64>>,
    /// Share of paths with an IRR (see [`crate::finance::irr`], [`crate::finance::RootRule::NearestTo`] the discount rate); `irr_p50` is the median over them.
    pub irr_defined_share: f64,
    pub first_month: String,
    /// The last simulated month (the horizon).
    pub last_month: String,
    /// How the value after the horizon is counted.
    pub terminal_value: TerminalValue,
    /// Equity terminal value at the horizon across paths (undiscounted), USD.
    pub terminal_value_usd: Dist,
    /// Discount factor of the horizon, (1 + r)^(−M/12): present value = terminal value × this.
    pub horizon_discount_factor: f64,
    pub paths: Vec<PathSummary>,
}

pub(crate) fn reduce(
    sc: &Scenario,
    seed: u64,
    deterministic: bool,
    base: &PathSummary,
    paths: Vec<PathSummary>,
) -> Report {
    let n = paths.len();
    let npv: Vec<f64> = paths.iter().map(|p| p.npv_usd).collect();
    let npv_sorted = sorted(&npv);
    let irrs: Vec<f64> = paths.iter().filter_map(|p| p.irr).collect();
    let irr_share = irrs.len() as f64 / n.max(1) as f64;
    let irr_p50 = (irr_share >= 0.5).then(|| quantile(&sorted(&irrs), 0.5));
    let years = sc.months().div_ceil(12);
    let ebitda = (0..years)
        .map(|y| {
            let d = Dist::of(
                &paths
                    .iter()
                    .map(|p| p.ebitda_usd_by_year[y])
                    .collect::<Vec<_>>(),
            );
            YearDist {
                year: y + 1,
                p5: d.p5,
                p50: d.p50,
                p95: d.p95,
            }
        })
        .collect();
    let mix = (0..years)
        .map(|y| {
            let mut s = [0.0; 4];
            for p in &paths {
                for (k, v) in s.iter_mut().enumerate() {
                    *v += p.revenue_usd_by_year[y][k];
                }
            }
            let nn = n.max(1) as f64;
            YearMix {
                year: y + 1,
                self_mining: s[0] / nn,
                hosting_lease: s[1] / nn,
                gpu_cloud: s[2] / nn,
                power_sales: s[3] / nn,
            }
        })
        .collect();
    let mut beta = OlsSums::default();
    let mut by_year = vec![OlsSums::default(); years];
    for p in &paths {
        beta.merge(&p.beta);
        for (a, b) in by_year.iter_mut().zip(&p.beta_by_year) {
            a.merge(b);
        }
    }
    let btc: Vec<f64> = paths.iter().map(|p| p.btc_mined).collect();
    let cost: Vec<f64> = paths
        .iter()
        .filter(|p| p.btc_mined > 0.0)
        .map(|p| p.mining_cost_usd / p.btc_mined)
        .collect();
    Report {
        summary: JsonSummary {
            scenario: sc.name().to_string(),
            paths: n as u64,
            seed,
            npv_usd: Dist::of(&npv),
            cvar5_usd: cvar_lower(&npv_sorted, 0.05),
            prob_npv_negative: prob_below(&npv, 0.0),
            irr_p50,
            ebitda_usd_by_year: ebitda,
            revenue_mix_by_year: mix,
            btc_beta_ebitda: beta.slope(),
            btc_mined_p50: quantile(&sorted(&btc), 0.5),
        },
        deterministic,
        base_npv_usd: base.npv_usd,
        npv_without_terminal_usd: Dist::of(
            &paths
                .iter()
                .map(|p| p.npv_without_terminal_usd)
                .collect::<Vec<_>>(),
        ),
        cost_per_btc_usd_p50: (!cost.is_empty()).then(|| quantile(&sorted(&cost), 0.5)),
        btc_beta_ebitda_by_year: by_year.iter().map(OlsSums::slope).collect(),
        irr_defined_share: irr_share,
        first_month: sc.first_month().to_string(),
        last_month: sc
            .first_month()
            .add_months(sc.months() as i32 - 1)
            .to_string(),
        terminal_value: sc.terminal_value(),
        terminal_value_usd: Dist::of(
            &paths
                .iter()
                .map(|p| p.terminal_value_usd)
                .collect::<Vec<_>>(),
        ),
        horizon_discount_factor: crate::finance::discount_factor(sc.discount_rate(), sc.months()),
        paths,
    }
}
