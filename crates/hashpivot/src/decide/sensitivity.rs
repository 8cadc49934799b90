//! The tornado: each input moved alone to its low and its high value, every run on the same paths, the bars
//! sorted by swing. The measure is a plan's mean NPV, or its mean difference to another plan (on common paths
//! the noise of the difference is far below the noise of either plan).

use super::DecideError;
use super::params::{INPUTS, Input, Move};
use super::plans::Evaluator;
use serde::Serialize;

/// Low and high of one input, as given on the command line or by default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Low move.
    pub low: Move,
    /// High move.
    pub high: Move,
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// Input key.
    pub input: String,
    /// In words.
    pub label: String,
    /// Unit of the input.
    pub unit: String,
    /// The input's value as written (first place it appears).
    pub current: f64,
    /// The low value (first place), and the move.
    pub low: f64,
    /// The high value (first place).
    pub high: f64,
    /// The moves, e.g. "×0.8 / ×1.2".
    pub moves: String,
    /// The measure at the low value, USD.
    pub at_low_usd: f64,
    /// The measure at the high value, USD.
    pub at_high_usd: f64,
    /// |at_high − at_low|, USD.
    pub swing_usd: f64,
    /// Where the range comes from.
    pub basis: String,
}

/// An input the tornado left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Input key.
    pub input: String,
    /// Why.
    pub reason: String,
}

/// The tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// What is measured, e.g. "mean NPV of `lease`" or "mean ΔNPV of `lease` − `keep mining`".
    pub measure: String,
    /// Paths per run.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// The measure with every input as written, USD.
    pub base_usd: f64,
    /// Bars, largest swing first.
    pub bars: Vec<Bar>,
    /// Inputs the scenario does not have.
    pub skipped: Vec<Skipped>,
}

/// The tornado of plan `plan` (minus `versus`, if given) over `inputs` (default every input), with `ranges`
/// replacing an input's default low/high.
pub fn tornado(
    ev: &Evaluator<'_, '_>,
    plan: usize,
    versus: Option<usize>,
    inputs: Option<&[&'static Input]>,
    ranges: &[(&'static Input, Range)],
) -> Result<Tornado, DecideError> {
    let d = ev.decision();
    let names: Vec<&str> = d.plans().map(|p| p.name()).collect();
    let measure = match versus {
        Some(v) => format!("mean ΔNPV of `{}` − `{}`", names[plan], names[v]),
        None => format!("mean NPV of `{}`", names[plan]),
    };
    let base_usd = ev.mean(plan, versus, &[])?;
    let all: Vec<&'static Input> = INPUTS.iter().collect();
    let list = inputs.unwrap_or(&all);
    let mut bars = Vec::new();
    let mut skipped = Vec::new();
    for inp in list {
        let Some(current) = inp.current(d)? else {
            skipped.push(Skipped {
                input: inp.key.into(),
                reason: format!("not in this scenario (looked for {})", inp.paths.join(", ")),
            });
            continue;
        };
        let (range, basis) = match ranges.iter().find(|(i, _)| i.key == inp.key) {
            Some((_, r)) => (*r, "stated (--range)".to_string()),
            None => (
                Range {
                    low: inp.low,
                    high: inp.high,
                },
                inp.basis.to_string(),
            ),
        };
        let lo_edits = inp.edits_of(d, range.low);
        let hi_edits = inp.edits_of(d, range.high);
        let first = |e: &[super::edit::Edit]| -> Result<f64, DecideError> {
            Ok(d.touch(e)?.first().map_or(current, |t| t.value))
        };
        let (low, high) = (first(&lo_edits)?, first(&hi_edits)?);
        let at_low_usd = ev.mean(plan, versus, &lo_edits)?;
        let at_high_usd = ev.mean(plan, versus, &hi_edits)?;
        bars.push(Bar {
            input: inp.key.into(),
            label: inp.label.into(),
            unit: inp.unit.into(),
            current,
            low,
            high,
            moves: format!("{} / {}", range.low.describe(), range.high.describe()),
            at_low_usd,
            at_high_usd,
            swing_usd: (at_high_usd - at_low_usd).abs(),
            basis,
        });
    }
    bars.sort_by(|a, b| b.swing_usd.total_cmp(&a.swing_usd));
    Ok(Tornado {
        measure,
        paths: ev.settings().paths,
        seed: ev.settings().seed,
        base_usd,
        bars,
        skipped,
    })
}
