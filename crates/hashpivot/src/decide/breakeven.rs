//! Breakevens: the value of one input at which two plans are worth the same (mean ΔNPV = 0 on common paths),
//! or, against no plan, at which a plan's mean NPV is zero.
//! The bracket is scanned at a few points for the first sign change, then narrowed by the one root finder
//! ([`super::root`]). No sign change in the bracket is an answer ("no breakeven in range"), not an error.

use super::DecideError;
use super::params::{Input, Solve};
use super::plans::Evaluator;
use super::root::{bisect_whole, brent};
use crate::decide::edit::Change;
use serde::Serialize;

/// Points of the first scan of the bracket (ends included).
pub const SCAN_POINTS: usize = 5;

/// A breakeven, or its absence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakeven {
    /// The plan.
    pub plan: String,
    /// The plan it is weighed against (`None`: the breakeven is mean NPV = 0).
    pub versus: Option<String>,
    /// Input key.
    pub input: String,
    /// In words.
    pub label: String,
    /// Unit of the value.
    pub unit: String,
    /// `value`: the input itself, set alike wherever it appears; `shift`: an amount added to it wherever it
    /// appears.
    pub solves_for: String,
    /// The input as written (first place), in the input's unit.
    pub current: f64,
    /// The bracket searched, in what is solved for.
    pub bracket: (f64, f64),
    /// The tolerance: the bracket around the root is narrowed below it.
    pub tolerance: f64,
    /// The scan: (value, mean ΔNPV USD — or mean NPV without `versus`) at each point.
    pub scan: Vec<(f64, f64)>,
    /// The breakeven value; `None` when mean ΔNPV keeps one sign across the bracket.
    pub value: Option<f64>,
    /// For a whole input: the two neighbouring values between which ΔNPV changes sign.
    pub between: Option<(f64, f64)>,
    /// Root-finder iterations after the scan.
    pub iterations: usize,
    /// Paths per run.
    pub paths: u64,
    /// Seed.
    pub seed: u64,
    /// One sentence: the answer.
    pub answer: String,
}

fn musd(x: f64) -> String {
    format!("{:.1} M USD", x / 1e6)
}

/// The value of `input` at which `plan` and `versus` have the same mean NPV (without `versus`: at which
/// `plan`'s mean NPV is zero), searched over `bracket` (default:
/// the input's default bracket around its current value) to `tolerance` (default: 1e-4 of the bracket's width;
/// 1 for a whole input).
pub fn breakeven(
    ev: &Evaluator<'_, '_>,
    plan: usize,
    versus: Option<usize>,
    input: &'static Input,
    bracket: Option<(f64, f64)>,
    tolerance: Option<f64>,
) -> Result<Breakeven, DecideError> {
    let d = ev.decision();
    let names: Vec<String> = d.plans().map(|p| p.name().to_string()).collect();
    let Some(current) = input.current(d)? else {
        return Err(DecideError::Input(crate::Error::invalid(
            "input",
            input.key,
            format!(
                "an input the scenario has (looked for {})",
                input.paths.join(", ")
            ),
        )));
    };
    let (lo, hi) = match bracket {
        Some((a, b)) => (a.min(b), a.max(b)),
        None => {
            let base = match input.solve {
                Solve::Value => current,
                Solve::Shift => 0.0,
            };
            let (a, b) = (input.bracket.0.of(base), input.bracket.1.of(base));
            match input.solve {
                Solve::Value => (
                    a.clamp(input.bound.0, input.bound.1),
                    b.clamp(input.bound.0, input.bound.1),
                ),
                Solve::Shift => (a, b),
            }
        }
    };
    let (lo, hi) = if input.whole {
        (lo.round(), hi.round())
    } else {
        (lo, hi)
    };
    let tolerance = tolerance.unwrap_or(if input.whole {
        1.0
    } else {
        (hi - lo).abs() * 1e-4
    });
    let f = |x: f64| -> Result<f64, DecideError> {
        let change = match input.solve {
            Solve::Value => Change::Number(x),
            Solve::Shift => Change::Shift(x),
        };
        ev.mean(plan, versus, &input.edits(d, change))
    };
    let mut xs: Vec<f64> = (0..SCAN_POINTS)
        .map(|k| lo + (hi - lo) * k as f64 / (SCAN_POINTS - 1) as f64)
        .map(|x| if input.whole { x.round() } else { x })
        .collect();
    xs.dedup();
    let mut scan = Vec::new();
    for &x in &xs {
        scan.push((x, f(x)?));
    }
    let cross = scan
        .windows(2)
        .find(|w| w[0].1 == 0.0 || (w[0].1 > 0.0) != (w[1].1 > 0.0))
        .map(|w| (w[0], w[1]));
    let unit = input.unit;
    let what = match versus {
        Some(v) => format!("{} and {} are worth the same", names[plan], names[v]),
        None => format!("{}'s mean NPV is zero", names[plan]),
    };
    let measure = if versus.is_some() {
        "mean ΔNPV"
    } else {
        "mean NPV"
    };
    let (value, between, iterations, answer) = match cross {
        None => {
            let lead = match (scan[0].1 > 0.0, versus) {
                (true, Some(_)) => format!("{} is worth more", names[plan]),
                (false, Some(v)) => format!("{} is worth more", names[v]),
                (true, None) => format!("{}'s mean NPV is positive", names[plan]),
                (false, None) => format!("{}'s mean NPV is negative", names[plan]),
            };
            (
                None,
                None,
                0,
                format!(
                    "no breakeven in range: {lead} across [{lo}, {hi}] {unit} \
                     ({measure} {} at {lo}, {} at {hi})",
                    musd(scan[0].1),
                    musd(scan[scan.len() - 1].1)
                ),
            )
        }
        Some(((a, fa), (b, fb))) if input.whole => {
            let (l, fl, h, fh, it) = bisect_whole(f, a as i64, b as i64, fa, fb)?;
            let v = if fl == 0.0 { l } else { h };
            (
                Some(v as f64),
                Some((l as f64, h as f64)),
                it,
                format!(
                    "{what} between {l} and {h} {unit} ({measure} {} at {l}, {} at {h})",
                    musd(fl),
                    musd(fh)
                ),
            )
        }
        Some(((a, fa), (b, fb))) => {
            let (x, it) = brent(f, a, b, fa, fb, tolerance, 100)?;
            (
                Some(x),
                None,
                it,
                format!(
                    "{what} at {} = {} {unit} (±{}; searched [{lo}, {hi}])",
                    input.key,
                    sig(x),
                    sig(tolerance)
                ),
            )
        }
    };
    Ok(Breakeven {
        plan: names[plan].clone(),
        versus: versus.map(|v| names[v].clone()),
        input: input.key.into(),
        label: input.label.into(),
        unit: unit.into(),
        solves_for: match input.solve {
            Solve::Value => "value".into(),
            Solve::Shift => "shift".into(),
        },
        current,
        bracket: (lo, hi),
        tolerance,
        scan,
        value,
        between,
        iterations,
        paths: ev.settings().paths,
        seed: ev.settings().seed,
        answer,
    })
}

/// Five significant figures.
fn sig(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (4 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}
