//! Plans side by side: each plan's NPV distribution and, path by path, its difference to a baseline plan.
//! Quantiles, CVaR and loss probabilities are [`crate::risk`]'s; the paired difference is taken on common
//! paths, so the mean of ΔNPV is the difference of the means.

use super::plans::PathSettings;
use crate::risk::{cvar_lower, prob_below, sorted};
use crate::sim::Dist;
use serde::Serialize;

/// One plan's NPV distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Plan name.
    pub plan: String,
    /// The plan's kind, as the file spells it.
    pub kind: String,
    /// NPV across paths (proceeds included), USD at the valuation date.
    pub npv_usd: Dist,
    /// Mean NPV of the worst 5% of paths, USD.
    pub cvar5_usd: f64,
    /// Share of paths with NPV < 0.
    pub prob_npv_negative: f64,
    /// Proceeds at the valuation date included in every path's NPV (sale, buyout), USD.
    pub proceeds_usd: f64,
}

/// A plan against the baseline, path by path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedSummary {
    /// Plan name.
    pub plan: String,
    /// ΔNPV = NPV(plan) − NPV(baseline) on the same path: mean and quantiles, USD.
    pub delta_npv_usd: Dist,
    /// Share of paths on which the plan's NPV exceeds the baseline's.
    pub prob_beats_baseline: f64,
}

/// Which plan leads on which measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// Highest mean NPV.
    pub highest_mean_npv: String,
    /// Highest 5% quantile of NPV (the best bad case).
    pub highest_p5_npv: String,
    /// Highest CVaR 5%.
    pub highest_cvar5: String,
    /// Lowest probability of a negative NPV.
    pub lowest_prob_npv_negative: String,
    /// The plan (other than the baseline) that beats the baseline on the most paths, and that share.
    pub most_often_beats_baseline: Option<(String, f64)>,
    /// The line printed: each measure and its leader.
    pub text: String,
}

/// The comparison `hashpivot decide` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Company (the first file's name).
    pub company: String,
    /// Paths per plan.
    pub paths: u64,
    /// Seed (path i of every plan uses the generator (seed, i)).
    pub seed: u64,
    /// The baseline plan.
    pub baseline: String,
    /// Each plan, in order.
    pub plans: Vec<PlanSummary>,
    /// Each plan against the baseline (the baseline's own row is zero).
    pub versus_baseline: Vec<PairedSummary>,
    /// Leaders by measure.
    pub recommendation: Recommendation,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// One plan's per-path NPVs, for [`compare`].
#[derive(Debug, Clone, Copy)]
pub struct PlanPaths<'a> {
    /// Plan name.
    pub name: &'a str,
    /// The plan's kind, as the file spells it.
    pub kind: &'a str,
    /// Proceeds at the valuation date included in the NPVs, USD.
    pub proceeds_usd: f64,
    /// NPV of path i at index i, USD (every plan on the same paths).
    pub npvs: &'a [f64],
}

/// Compares plans from their per-path NPVs; `baseline` indexes the baseline; `settings` are the paths and seed
/// they ran on.
pub fn compare(
    company: &str,
    input: &[PlanPaths<'_>],
    baseline: usize,
    settings: PathSettings,
) -> Comparison {
    let names: Vec<String> = input.iter().map(|p| p.name.to_string()).collect();
    let npvs: Vec<&[f64]> = input.iter().map(|p| p.npvs).collect();
    let (paths, seed) = (settings.paths, settings.seed);
    let plans: Vec<PlanSummary> = npvs
        .iter()
        .enumerate()
        .map(|(k, v)| PlanSummary {
            plan: names[k].clone(),
            kind: input[k].kind.to_string(),
            npv_usd: Dist::of(v),
            cvar5_usd: cvar_lower(&sorted(v), 0.05),
            prob_npv_negative: prob_below(v, 0.0),
            proceeds_usd: input[k].proceeds_usd,
        })
        .collect();
    let base = npvs[baseline];
    let versus_baseline: Vec<PairedSummary> = npvs
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let d: Vec<f64> = v.iter().zip(base.iter()).map(|(a, b)| a - b).collect();
            PairedSummary {
                plan: names[k].clone(),
                delta_npv_usd: Dist::of(&d),
                prob_beats_baseline: d.iter().filter(|x| **x > 0.0).count() as f64
                    / d.len().max(1) as f64,
            }
        })
        .collect();
    let best = |key: &dyn Fn(&PlanSummary) -> f64| -> String {
        let mut i = 0;
        for (k, p) in plans.iter().enumerate() {
            if key(p) > key(&plans[i]) {
                i = k;
            }
        }
        plans[i].plan.clone()
    };
    let highest_mean_npv = best(&|p| p.npv_usd.mean);
    let highest_p5_npv = best(&|p| p.npv_usd.p5);
    let highest_cvar5 = best(&|p| p.cvar5_usd);
    let lowest_prob_npv_negative = best(&|p| -p.prob_npv_negative);
    let most_often_beats_baseline = versus_baseline
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != baseline)
        .fold(None::<&PairedSummary>, |acc, (_, p)| match acc {
            Some(a) if a.prob_beats_baseline >= p.prob_beats_baseline => Some(a),
            _ => Some(p),
        })
        .map(|p| (p.plan.clone(), p.prob_beats_baseline));
    let mean_lead = &versus_baseline[names
        .iter()
        .position(|n| *n == highest_mean_npv)
        .unwrap_or(0)];
    let mut text = format!(
        "highest mean NPV: {highest_mean_npv}; highest P5: {highest_p5_npv}; highest CVaR 5%: {highest_cvar5}; \
         lowest P(NPV < 0): {lowest_prob_npv_negative}"
    );
    if mean_lead.plan != names[baseline] {
        text.push_str(&format!(
            "; {} beats {} on {} of paths",
            mean_lead.plan,
            names[baseline],
            pct(mean_lead.prob_beats_baseline)
        ));
    }
    if let Some((p, share)) = &most_often_beats_baseline
        && *p != mean_lead.plan
    {
        text.push_str(&format!(
            "; {p} beats {} most often ({} of paths)",
            names[baseline],
            pct(*share)
        ));
    }
    Comparison {
        company: company.to_string(),
        paths,
        seed,
        baseline: names[baseline].clone(),
        plans,
        versus_baseline,
        recommendation: Recommendation {
            highest_mean_npv,
            highest_p5_npv,
            highest_cvar5,
            lowest_prob_npv_negative,
            most_often_beats_baseline,
            text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_differences_and_leaders() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [2.0, 1.0, 5.0, 3.5];
        let c = [-1.0, 0.0, 9.0, 1.0];
        let plans: Vec<PlanPaths<'_>> = [("a", &a[..]), ("b", &b[..]), ("c", &c[..])]
            .into_iter()
            .map(|(name, npvs)| PlanPaths {
                name,
                kind: "as_written",
                proceeds_usd: 0.0,
                npvs,
            })
            .collect();
        let r = compare("co", &plans, 0, PathSettings { paths: 4, seed: 1 });
        assert_eq!(r.versus_baseline[1].delta_npv_usd.mean, (11.5 - 10.0) / 4.0);
        assert_eq!(r.versus_baseline[1].prob_beats_baseline, 0.5);
        assert_eq!(r.versus_baseline[2].prob_beats_baseline, 0.25);
        assert_eq!(r.versus_baseline[0].delta_npv_usd.p95, 0.0);
        assert_eq!(r.recommendation.highest_mean_npv, "b");
        assert_eq!(r.recommendation.highest_p5_npv, "a");
        assert_eq!(r.plans[2].prob_npv_negative, 0.25);
        assert_eq!(
            r.recommendation.text,
            "highest mean NPV: b; highest P5: a; highest CVaR 5%: a; lowest P(NPV < 0): a; b beats a on 50% of paths"
        );
    }
}
