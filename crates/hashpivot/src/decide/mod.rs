//! Decisions: a company's alternative plans valued side by side on common random paths, sensitivities
//! (tornado) and breakevens. Everything here composes public entry points — a plan is the scenario file changed
//! ([`edit`]) and checked by [`crate::scenario::parse_scenario`], valued by [`crate::sim::run`] — so every
//! valuation rule of the engine reaches the comparison as it is, and none is repeated here.
//!
//! - [`edit`]: a value at a dotted path of the file; a plan's kind applied to its site.
//! - [`plans`]: the [`Decision`] (files and plans) and the [`Evaluator`] (NPVs per path, cached per distinct
//!   plan scenario).
//! - [`mod@compare`]: each plan's NPV distribution and the paired difference to a baseline.
//! - [`params`]: the inputs a sensitivity or breakeven moves, with default ranges and their basis.
//! - [`sensitivity`]: the tornado. [`mod@breakeven`]: two plans worth the same. [`root`]: the one root finder.

pub mod breakeven;
pub mod compare;
pub mod edit;
pub mod params;
pub mod plans;
pub mod root;
pub mod sensitivity;

pub use breakeven::{Breakeven, breakeven};
pub use compare::{Comparison, PairedSummary, PlanPaths, PlanSummary, Recommendation, compare};
pub use params::{INPUTS, Input, Move, input};
pub use plans::{Decision, Evaluator, PathSettings, PlanScenario};
pub use sensitivity::{Bar, Range, Tornado, tornado};

use crate::error::Error;
use crate::scenario::Issues;

/// Why a decision cannot be valued: a plan's scenario fails its checks, or an input is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecideError {
    /// A scenario (the file, or the scenario a plan produced) fails its checks.
    #[error("{}{issues}", plan.as_ref().map(|p| format!("plan `{p}`: ")).unwrap_or_default())]
    Scenario {
        /// The plan whose scenario fails (`None`: the file as written).
        plan: Option<String>,
        /// Every problem, with its path.
        issues: Issues,
    },
    /// An input is wrong (a plan's field, a path, an input name).
    #[error(transparent)]
    Input(#[from] Error),
}

/// Compares every plan of `ev`'s decision against `baseline` (an index): the comparison `hashpivot decide`
/// prints.
pub fn decide(ev: &Evaluator<'_, '_>, baseline: usize) -> Result<Comparison, DecideError> {
    let d = ev.decision();
    if d.len() < 2 {
        return Err(DecideError::Input(Error::invalid(
            "plans",
            format!("{} plan", d.len()),
            "at least two plans: [[plans]] in the file, or several scenario files of one company",
        )));
    }
    let mut npvs = Vec::new();
    let mut proceeds = Vec::new();
    for k in 0..d.len() {
        npvs.push(ev.npvs(k, &[])?);
        proceeds.push(d.scenario(k, &[])?.proceeds_usd);
    }
    let plans: Vec<compare::PlanPaths<'_>> = d
        .plans()
        .enumerate()
        .map(|(k, p)| compare::PlanPaths {
            name: p.name(),
            kind: p.kind_name(),
            proceeds_usd: proceeds[k],
            npvs: npvs[k].as_slice(),
        })
        .collect();
    Ok(compare(
        d.base_scenario().name(),
        &plans,
        baseline,
        ev.settings(),
    ))
}
