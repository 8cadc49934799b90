//! The option to convert a mining site to a lease later: at the end of each decision month the site may start
//! the conversion (build months, capex, a lease at the then-market rent) or keep mining one more month.
//! Valued by least-squares Monte Carlo ([`super::lsmc`], exercise value forecast, so the rule never looks
//! ahead) on the engine's paths ([`super::paths::ConversionPaths`]): the rule is fitted on paths 0..N and valued
//! on the fresh paths N..2N of the same seed.

use super::lsmc::{self, ExerciseValue, Paths};
use super::paths::{ConversionPaths, RentIndex, STATE_NAMES};
use crate::error::{Error, Result};
use crate::power::PriceBook;
use crate::risk::{quantile, sorted};
use crate::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;

/// What to value.
#[derive(Debug, Clone)]
pub struct OptionSettings {
    /// Index of the conversion (a lease) in [`Scenario::conversions`]; its start month is what is chosen.
    pub conversion: usize,
    /// The market rent process.
    pub rent: RentIndex,
    /// Number of decision months (0 = now, …, n − 1); `None`: every month whose build ends within the horizon.
    pub decision_months: Option<usize>,
    /// Total degree of the polynomial basis.
    pub degree: u32,
    /// Paths to fit the rule on; as many fresh paths value it.
    pub paths: usize,
    /// Seed of the engine's (and the rent index's) streams.
    pub seed: u64,
}

/// A share of the fresh paths converting in a range of decision months.
#[derive(Debug, Clone, Serialize)]
pub struct MonthShare {
    /// First decision month of the range.
    pub from_month: usize,
    /// Last decision month of the range.
    pub to_month: usize,
    /// Share of the paths.
    pub share: f64,
}

/// A point of the exercise boundary at one decision month and rent level.
#[derive(Debug, Clone, Serialize)]
pub struct BoundaryPoint {
    /// Decision month.
    pub month: usize,
    /// Quantile of the rent index across paths at that month that the row holds the rent at.
    pub rent_quantile: f64,
    /// The rent index (1 = today's rent).
    pub rent_index: f64,
    /// BTC price per unit of hashprice (USD per USD/PH/day) held at its median that month: BTC moves with the
    /// hashprice along the boundary.
    pub btc_per_hashprice: f64,
    /// Firm power price held at its median that month, USD/MWh.
    pub power_usd_per_mwh: f64,
    /// The hashprice at which the rule switches between converting and waiting, USD/PH/day; `None` when it
    /// does not switch between the 1st and 99th percentile of that month's hashprice.
    pub hashprice_usd_per_ph_day: Option<f64>,
    /// `below`: the rule converts below that hashprice; `above`; or, with no switch in range, `always` /
    /// `never`.
    pub converts: &'static str,
}

/// The value of the option to convert later and its parts (USD, PV at the valuation date, pre-tax and
/// unlevered site flows to the horizon; see [`super::paths`]).
#[derive(Debug, Clone, Serialize)]
pub struct ConversionOption {
    /// The conversion.
    pub conversion: String,
    /// Its site.
    pub site: String,
    /// Paths the rule was fitted on; as many fresh paths value it.
    pub paths: usize,
    /// Seed.
    pub seed: u64,
    /// Decision months 0..n − 1.
    pub decision_months: usize,
    /// The rent process.
    pub rent: RentIndex,
    /// The regression basis terms (state scaled by its month-1 mean; rent as its index).
    pub basis: Vec<String>,
    /// How the flows are discounted: the lease and its build at the contracted rate, the displaced site flows
    /// and the ASIC sale at the mining rate, "never" by class ([`super::paths`]).
    pub discounting: String,
    /// Never convert: the site's flows with no conversion.
    pub never_usd: f64,
    /// Convert now (build starts in month 1).
    pub now_usd: f64,
    /// Convert at the best time (the rule, valued on fresh paths): never + the option's value.
    pub optimal_usd: f64,
    /// The same rule valued on the paths it was fitted on (biased high; shown for comparison).
    pub optimal_in_sample_usd: f64,
    /// Standard error of the optimal value (of the mean over fresh paths of the rule's gain).
    pub optimal_standard_error_usd: f64,
    /// optimal − max(now, never): what keeping the choice open is worth.
    pub value_of_waiting_usd: f64,
    /// Share of fresh paths that never convert within the decision months.
    pub never_share: f64,
    /// Median conversion month among the paths that convert.
    pub median_month: Option<f64>,
    /// Shares of fresh paths converting by year of decision (month 0 alone, then 1–12, 13–24, …).
    pub month_distribution: Vec<MonthShare>,
    /// The exercise boundary.
    pub boundary: Vec<BoundaryPoint>,
    /// Each fresh path's conversion month (`None` = never) and gain over never, USD.
    pub path_results: Vec<(Option<usize>, f64)>,
}

/// Exercise values and scaled states of every path at every decision month, in path order.
fn lsmc_inputs(cp: &ConversionPaths, n_dates: usize, scale: &[f64; 4]) -> (Vec<f64>, Vec<f64>) {
    let rows: Vec<(Vec<f64>, Vec<f64>)> = (0..cp.n_paths)
        .into_par_iter()
        .map(|i| {
            let mut buf = Vec::with_capacity(cp.months + 1);
            let mut pv = Vec::with_capacity(n_dates);
            let mut st = Vec::with_capacity(n_dates * 4);
            for t in 0..n_dates {
                pv.push(cp.start_pv(i, t, &mut buf));
                let s = cp.state(i, t);
                st.extend((0..4).map(|j| s[j] / scale[j]));
            }
            (pv, st)
        })
        .collect();
    let mut pv = Vec::with_capacity(cp.n_paths * n_dates);
    let mut st = Vec::with_capacity(cp.n_paths * n_dates * 4);
    for (a, b) in rows {
        pv.extend(a);
        st.extend(b);
    }
    (pv, st)
}

/// Values the option to start conversion `settings.conversion` at the best month.
pub fn value_conversion_option(
    sc: &Scenario,
    power: &PriceBook,
    settings: &OptionSettings,
) -> Result<ConversionOption> {
    let n = settings.paths;
    if n < 2 {
        return Err(Error::invalid("paths", n, "at least 2 paths"));
    }
    if !(1..=4).contains(&settings.degree) {
        return Err(Error::invalid(
            "degree",
            settings.degree,
            "a polynomial degree in 1..=4",
        ));
    }
    let fit_set = ConversionPaths::new(
        sc,
        power,
        settings.conversion,
        &settings.rent,
        settings.seed,
        0,
        n,
    )?;
    let value_set = ConversionPaths::new(
        sc,
        power,
        settings.conversion,
        &settings.rent,
        settings.seed,
        n as u64,
        n,
    )?;
    let months = fit_set.months;
    let default_dates = months.saturating_sub(fit_set.build_months).max(1);
    let n_dates = settings.decision_months.unwrap_or(default_dates);
    if n_dates == 0 || n_dates > months {
        return Err(Error::invalid(
            "decision_months",
            n_dates,
            format!("between 1 and the horizon of {months} months"),
        ));
    }
    // Scale hashprice, BTC and power by their month-1 means on the fitting paths (the rent index is 1 at t = 0).
    let mut scale = [0.0, 0.0, 0.0, 1.0];
    for i in 0..n {
        let s = fit_set.state(i, 1);
        for j in 0..3 {
            scale[j] += s[j] / n as f64;
        }
    }
    for s in &mut scale {
        if !(s.is_finite() && *s > 0.0) {
            *s = 1.0;
        }
    }
    let (pv_a, st_a) = lsmc_inputs(&fit_set, n_dates, &scale);
    let (pv_b, st_b) = lsmc_inputs(&value_set, n_dates, &scale);
    let fit_paths = Paths {
        n_paths: n,
        n_dates,
        k: 4,
        exercise_pv: &pv_a,
        state: &st_a,
    };
    let value_paths = Paths {
        n_paths: n,
        n_dates,
        k: 4,
        exercise_pv: &pv_b,
        state: &st_b,
    };
    let rule = lsmc::fit(&fit_paths, settings.degree, ExerciseValue::Forecast)?;
    let val = lsmc::value(&rule, &value_paths)?;
    let never = lsmc::mean_se(&value_set.never_pv).0;
    let now_gain = (0..n).map(|i| pv_b[i * n_dates]).sum::<f64>() / n as f64;
    let now = never + now_gain;
    let optimal = never + val.pv;
    // Conversion months.
    let months_taken: Vec<f64> = val
        .exercise_date
        .iter()
        .flatten()
        .map(|&t| t as f64)
        .collect();
    let never_share = 1.0 - months_taken.len() as f64 / n as f64;
    let median_month = (!months_taken.is_empty()).then(|| quantile(&sorted(&months_taken), 0.5));
    let mut month_distribution = vec![MonthShare {
        from_month: 0,
        to_month: 0,
        share: 0.0,
    }];
    let mut from = 1;
    while from < n_dates {
        let to = (from + 11).min(n_dates - 1);
        month_distribution.push(MonthShare {
            from_month: from,
            to_month: to,
            share: 0.0,
        });
        from = to + 1;
    }
    for t in val.exercise_date.iter().flatten() {
        let k = if *t == 0 { 0 } else { 1 + (t - 1) / 12 };
        month_distribution[k].share += 1.0 / n as f64;
    }
    let boundary = boundary(&rule, &value_set, n_dates, &scale);
    let names = rule.basis.term_names(&STATE_NAMES);
    Ok(ConversionOption {
        conversion: fit_set.conversion.clone(),
        site: fit_set.site.clone(),
        discounting: fit_set.discounting(),
        paths: n,
        seed: settings.seed,
        decision_months: n_dates,
        rent: settings.rent,
        basis: names,
        never_usd: never,
        now_usd: now,
        optimal_usd: optimal,
        optimal_in_sample_usd: never + rule.in_sample_pv,
        optimal_standard_error_usd: val.standard_error,
        value_of_waiting_usd: optimal - now.max(never),
        never_share,
        median_month,
        month_distribution,
        boundary,
        path_results: val
            .exercise_date
            .iter()
            .copied()
            .zip(val.path_pv.iter().copied())
            .collect(),
    })
}

/// The rent quantiles the boundary is drawn at.
const RENT_QUANTILES: [f64; 5] = [0.1, 0.5, 0.9, 0.95, 0.99];
/// The decision months the boundary is drawn at (those within the decision months).
const BOUNDARY_MONTHS: [usize; 5] = [6, 12, 24, 36, 60];

fn boundary(
    rule: &lsmc::Rule,
    cp: &ConversionPaths,
    n_dates: usize,
    scale: &[f64; 4],
) -> Vec<BoundaryPoint> {
    let mut out = Vec::new();
    for &t in BOUNDARY_MONTHS.iter().filter(|&&t| t < n_dates) {
        let col = |j: usize| {
            sorted(
                &(0..cp.n_paths)
                    .map(|i| cp.state(i, t)[j])
                    .collect::<Vec<_>>(),
            )
        };
        let (hp, pw, rent) = (col(0), col(2), col(3));
        // BTC moves with the hashprice at the month's median BTC per unit of hashprice (the network's side).
        let btc_per_hashprice = quantile(
            &sorted(
                &(0..cp.n_paths)
                    .map(|i| {
                        let s = cp.state(i, t);
                        s[1] / s[0]
                    })
                    .collect::<Vec<_>>(),
            ),
            0.5,
        );
        let (h_lo, h_hi) = (quantile(&hp, 0.01), quantile(&hp, 0.99));
        for q in RENT_QUANTILES {
            let x = |h: f64| {
                [
                    h / scale[0],
                    h * btc_per_hashprice / scale[1],
                    quantile(&pw, 0.5) / scale[2],
                    quantile(&rent, q) / scale[3],
                ]
            };
            let converts = |h: f64| rule.exercises(t, &x(h), 0.0);
            let grid = 100;
            let hs: Vec<f64> = (0..=grid)
                .map(|k| h_lo + (h_hi - h_lo) * k as f64 / grid as f64)
                .collect();
            let first = converts(hs[0]);
            let switch = hs.windows(2).find(|w| converts(w[1]) != first);
            let (h, side) = match switch {
                None => (None, if first { "always" } else { "never" }),
                Some(w) => {
                    let (mut a, mut b) = (w[0], w[1]);
                    for _ in 0..40 {
                        let mid = 0.5 * (a + b);
                        if converts(mid) == first {
                            a = mid;
                        } else {
                            b = mid;
                        }
                    }
                    (Some(0.5 * (a + b)), if first { "below" } else { "above" })
                }
            };
            out.push(BoundaryPoint {
                month: t,
                rent_quantile: q,
                rent_index: quantile(&rent, q),
                btc_per_hashprice,
                power_usd_per_mwh: quantile(&pw, 0.5),
                hashprice_usd_per_ph_day: h,
                converts: side,
            });
        }
    }
    out
}
