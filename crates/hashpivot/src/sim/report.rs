//! From per-path summaries to the risk figures a CFO reads. The reduction is sequential, in path order.

use super::rollup::{NPV_CLASSES, PathSummary};
use crate::assumption::Assumption;
use crate::finance::loan::effective_annual_rate;
use crate::risk::{Band, OlsSums, cvar_lower, prob_below, quantile, sorted};
use crate::scenario::{DiscountRates, Scenario, TerminalValue};
use serde::Serialize;

/// A class of cash flow's present value across paths ([`super::NpvByClass`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassNpv {
    /// The class (one of [`NPV_CLASSES`]).
    pub class: &'static str,
    /// The annual rate it is discounted at; `None` for the debt and its tax shield (each loan at its own
    /// effective rate, listed in [`JsonSummary::debt_rates`]).
    pub rate: Option<f64>,
    /// Mean over the paths, USD (the classes' means add up to the mean NPV).
    pub mean_usd: f64,
    /// Median over the paths, USD (medians do not add up).
    pub p50_usd: f64,
    /// In the base case, USD (they add up to the base case NPV).
    pub base_usd: f64,
}

/// One deterministic case's headline figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFigures {
    /// NPV to equity, USD.
    pub npv_usd: f64,
    /// BTC price at the horizon, USD per BTC.
    pub final_btc_usd: f64,
    /// BTC's growth over the horizon, per year (continuously compounded: ln(final / initial) / years).
    pub btc_log_growth_per_year: f64,
    /// Company EBITDA of each year (cash basis), USD.
    pub ebitda_usd_by_year: Vec<f64>,
}

/// The base case and the median case side by side, and why they differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cases {
    /// Every volatility at zero: each process on its expected path (a GBM's BTC grows at μ).
    pub base: CaseFigures,
    /// Every shock at its median: lognormal drifts less σ²/2, no tenant default.
    pub median: CaseFigures,
    /// The difference in one line.
    pub note: String,
}

/// The rate a loan's flows and its tax shield are discounted at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebtRate {
    /// The conversion the loan finances.
    pub conversion: String,
    /// The loan's annual rate (interest accrues at rate / 12 a month).
    pub rate: f64,
    /// Its effective annual rate, (1 + rate/12)^12 − 1, at which its flows and its tax shield are discounted.
    pub effective_rate: f64,
}

/// Mean and quantiles of a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dist {
    /// Arithmetic mean over the paths.
    pub mean: f64,
    /// 5% quantile (linear interpolation between order statistics).
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95% quantile.
    pub p95: f64,
}

impl Dist {
    /// Mean and quantiles of `x` (quantiles by [`crate::risk::quantile`]).
    pub(crate) fn of(x: &[f64]) -> Dist {
        let b = Band::of(x);
        Dist {
            mean: x.iter().sum::<f64>() / x.len().max(1) as f64,
            p5: b.p5,
            p50: b.p50,
            p95: b.p95,
        }
    }
}

/// A year's quantiles (year 1 = the first 12 simulated months).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearDist {
    /// Simulated year, from 1.
    pub year: usize,
    /// 5% quantile across paths.
    pub p5: f64,
    /// Median across paths.
    pub p50: f64,
    /// 95% quantile across paths.
    pub p95: f64,
}

/// Mean revenue by segment in a year, USD.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearMix {
    /// Simulated year, from 1 (year 1 includes month 0, the valuation date).
    pub year: usize,
    /// Self-mining revenue, USD.
    pub self_mining: f64,
    /// Hosting leases plus hosting of third-party miners.
    pub hosting_lease: f64,
    /// GPU-cloud revenue, USD.
    pub gpu_cloud: f64,
    /// Revenue of contracted power resold to the market, USD.
    pub power_sales: f64,
}

/// The `--json` summary: exactly the fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonSummary {
    /// Scenario name.
    pub scenario: String,
    /// Number of paths (1 for a deterministic run).
    pub paths: u64,
    /// Seed of the paths' generators.
    pub seed: u64,
    /// NPV to equity across paths, USD at the valuation date: the adjusted present value, each class of cash
    /// flow at its rate (`discount_rates`), the debt and its tax shield at the debt's rate (`debt_rates`).
    pub npv_usd: Dist,
    /// The NPV by class of cash flow, each class at its rate.
    pub npv_by_class_usd: Vec<ClassNpv>,
    /// The annual discount rate of each class of cash flow.
    pub discount_rates: DiscountRates,
    /// Each loan's rate, at which its flows and tax shield are discounted.
    pub debt_rates: Vec<DebtRate>,
    /// Mean NPV of the worst 5% of paths (CVaR 5%, see [`crate::risk::cvar_lower`]), USD.
    pub cvar5_usd: f64,
    /// Share of paths with NPV < 0, in [0, 1].
    pub prob_npv_negative: f64,
    /// Median annual IRR over the paths that have one; `None` when fewer than half of the paths have an IRR.
    pub irr_p50: Option<f64>,
    /// Company EBITDA quantiles of each simulated year on the cash basis (a prepayment at signing counts in year
    /// 1), USD.
    pub ebitda_usd_by_year: Vec<YearDist>,
    /// Company EBITDA quantiles of each simulated year on the accrual basis (a prepayment recognised over its
    /// contract), USD.
    pub ebitda_accrual_usd_by_year: Vec<YearDist>,
    /// Mean revenue by segment of each simulated year, USD.
    pub revenue_mix_by_year: Vec<YearMix>,
    /// BTC-beta of monthly EBITDA over the horizon: USD of EBITDA change per unit of the month's BTC log return
    /// (OLS slope pooled over paths); `None` without variation in BTC.
    pub btc_beta_ebitda: Option<f64>,
    /// Median BTC mined over the horizon.
    pub btc_mined_p50: f64,
    /// The base case (expected path) and the median case (median path), side by side.
    pub cases: Cases,
    /// Every number the valuation assumed, with its basis: stated in the file, from a library entry, or a
    /// default with its reason ([`crate::scenario::Scenario::assumptions`]).
    pub assumptions: Vec<Assumption>,
    /// The replayed power years and each one's share of power costs, power sales and revenue lines (power
    /// bootstrap only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power_years: Option<super::PowerYears>,
}

/// Everything the run reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The figures written by `--json`.
    pub summary: JsonSummary,
    /// Whether only the base case ran (no Monte Carlo paths).
    pub deterministic: bool,
    /// NPV of the base case (every volatility at zero).
    pub base_npv_usd: f64,
    /// NPV across paths without the terminal value (the equity flows of the horizon alone).
    pub npv_without_terminal_usd: Dist,
    /// Median of (power the mining drew at its contract price + variable opex) / BTC mined across paths, USD per
    /// BTC.
    pub cost_per_btc_usd_p50: Option<f64>,
    /// BTC-beta of EBITDA within each year (USD of monthly EBITDA change per unit BTC log return).
    pub btc_beta_ebitda_by_year: Vec<Option<f64>>,
    /// Share of paths with an IRR (see [`crate::finance::irr`], [`crate::finance::RootRule::NearestTo`] the
    /// discount rate); `irr_p50` is the median over them.
    pub irr_defined_share: f64,
    /// The first simulated month, `YYYY-MM`.
    pub first_month: String,
    /// The last simulated month (the horizon).
    pub last_month: String,
    /// How the value after the horizon is counted.
    pub terminal_value: TerminalValue,
    /// Equity terminal value at the horizon across paths (undiscounted), USD.
    pub terminal_value_usd: Dist,
    /// Discount factor of the horizon, (1 + r)^(−M/12): present value = terminal value × this.
    pub horizon_discount_factor: f64,
    /// Quantiles across paths of each year's mean BTC price, USD per BTC (the report's fan chart).
    pub btc_usd_by_year: Vec<YearDist>,
    /// Quantiles across paths of each year's mean hashprice, USD per PH/s per day (the report's fan chart).
    pub hashprice_usd_per_ph_day_by_year: Vec<YearDist>,
    /// Every path's summary, in path order.
    pub paths: Vec<PathSummary>,
}

/// A case's figures.
fn case(sc: &Scenario, p: &PathSummary) -> CaseFigures {
    let years = sc.months() as f64 / 12.0;
    let initial = sc.market().btc_initial_usd();
    CaseFigures {
        npv_usd: p.npv_usd,
        final_btc_usd: p.final_btc_usd,
        btc_log_growth_per_year: if initial > 0.0 && p.final_btc_usd > 0.0 {
            (p.final_btc_usd / initial).ln() / years
        } else {
            0.0
        },
        ebitda_usd_by_year: p.ebitda_usd_by_year.clone(),
    }
}

/// The base and median cases, and the one line that says why they differ.
fn cases(sc: &Scenario, base: &PathSummary, median: &PathSummary) -> Cases {
    let (b, m) = (case(sc, base), case(sc, median));
    let btc = if (b.btc_log_growth_per_year - m.btc_log_growth_per_year).abs() > 1e-9 {
        format!(
            "BTC grows {:.1}%/yr on the expected path (base case) and {:.1}%/yr on the median path (μ − σ²/2 for a \
             lognormal price: half the paths end below it); ",
            100.0 * b.btc_log_growth_per_year,
            100.0 * m.btc_log_growth_per_year
        )
    } else {
        String::new()
    };
    let note = format!(
        "the base case puts every volatility at zero (each process on its expected path), the median case every \
         shock at its median: {btc}hashrate, fees and GPU prices lose their σ²/2 on the median path; where a tenant \
         may default the base case books its expected survival, the median case none"
    );
    Cases {
        base: b,
        median: m,
        note,
    }
}

pub(crate) fn reduce(
    sc: &Scenario,
    seed: u64,
    deterministic: bool,
    base: &PathSummary,
    median: &PathSummary,
    paths: Vec<PathSummary>,
) -> Report {
    let n = paths.len();
    let npv: Vec<f64> = paths.iter().map(|p| p.npv_usd).collect();
    let npv_sorted = sorted(&npv);
    let irrs: Vec<f64> = paths.iter().filter_map(|p| p.irr).collect();
    let irr_share = irrs.len() as f64 / n.max(1) as f64;
    let irr_p50 = (irr_share >= 0.5).then(|| quantile(&sorted(&irrs), 0.5));
    let years = sc.months().div_ceil(12);
    let by_year = |get: &dyn Fn(&PathSummary) -> &[f64]| -> Vec<YearDist> {
        (0..years)
            .map(|y| {
                let d = Band::of(&paths.iter().map(|p| get(p)[y]).collect::<Vec<_>>());
                YearDist {
                    year: y + 1,
                    p5: d.p5,
                    p50: d.p50,
                    p95: d.p95,
                }
            })
            .collect()
    };
    let ebitda = by_year(&|p| &p.ebitda_usd_by_year);
    let ebitda_accrual = by_year(&|p| &p.ebitda_accrual_usd_by_year);
    let btc_usd_by_year = by_year(&|p| &p.btc_usd_by_year);
    let hashprice_by_year = by_year(&|p| &p.hashprice_usd_per_ph_day_by_year);
    let rates = sc.discount_rates();
    let class_rates = [
        Some(rates.mining),
        Some(rates.power_sales),
        Some(rates.contracted),
        Some(rates.gpu_cloud),
        Some(rates.corporate),
        Some(rates.corporate),
        None,
        None,
    ];
    let arrays: Vec<[f64; 8]> = paths
        .iter()
        .map(|p| p.npv_by_class_usd.to_array())
        .collect();
    let base_classes = base.npv_by_class_usd.to_array();
    let npv_by_class = (0..NPV_CLASSES.len())
        .map(|k| {
            let d = Dist::of(&arrays.iter().map(|a| a[k]).collect::<Vec<_>>());
            ClassNpv {
                class: NPV_CLASSES[k],
                rate: class_rates[k],
                mean_usd: d.mean,
                p50_usd: d.p50,
                base_usd: base_classes[k],
            }
        })
        .collect();
    let debt_rates = sc
        .loans()
        .iter()
        .map(|l| DebtRate {
            conversion: sc.conversions()[l.conversion()].name().to_string(),
            rate: l.rate(),
            effective_rate: effective_annual_rate(l.rate()),
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
            npv_by_class_usd: npv_by_class,
            discount_rates: rates,
            debt_rates,
            cvar5_usd: cvar_lower(&npv_sorted, 0.05),
            prob_npv_negative: prob_below(&npv, 0.0),
            irr_p50,
            ebitda_usd_by_year: ebitda,
            ebitda_accrual_usd_by_year: ebitda_accrual,
            revenue_mix_by_year: mix,
            btc_beta_ebitda: beta.slope(),
            btc_mined_p50: quantile(&sorted(&btc), 0.5),
            cases: cases(sc, base, median),
            assumptions: sc.assumptions(),
            power_years: None,
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
        btc_usd_by_year,
        hashprice_usd_per_ph_day_by_year: hashprice_by_year,
        paths,
    }
}
