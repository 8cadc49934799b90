//! `hashpivot sensitivity FILE.toml`: the tornado — each input moved alone to its low and high value on the
//! same paths, bars sorted by swing; for a plan's mean NPV or the mean difference of two plans.

use super::decide::{context, error, load, plan_index, pool};
use super::run::PerRunArgs;
use super::validate;
use crate::args::TableOutArgs;
use crate::output::{Table, num, sig};
use anyhow::Result;
use clap::Args;
use hashpivot::decide::{self, Evaluator, Move, Range, Tornado};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// One scenario file (with or without `[[plans]]`), or several files of one company.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The plan measured (default: the first).
    #[arg(long)]
    pub plan: Option<String>,
    /// Measure the plan's mean NPV minus this plan's, path by path.
    #[arg(long)]
    pub versus: Option<String>,
    /// Inputs to move, comma-separated (default: every input the scenario has).
    #[arg(long, value_delimiter = ',')]
    pub inputs: Option<Vec<String>>,
    /// A stated range replacing an input's default: KEY=LOW,HIGH in the input's unit (repeatable); for
    /// power_price, amounts added to every contract price and adder.
    #[arg(long = "range", value_name = "KEY=LOW,HIGH")]
    pub ranges: Vec<String>,
    #[command(flatten)]
    pub per_run: PerRunArgs,
    #[command(flatten)]
    pub output: TableOutArgs,
}

/// Parses `KEY=LOW,HIGH`.
pub fn parse_range(s: &str) -> Result<(&'static decide::Input, f64, f64)> {
    let (key, rest) = s
        .split_once('=')
        .ok_or_else(|| anyhow::anyhow!("invalid --range: found {s:?}, expected KEY=LOW,HIGH"))?;
    let input = decide::input(key.trim())?;
    let (lo, hi) = rest
        .split_once(',')
        .ok_or_else(|| anyhow::anyhow!("invalid --range: found {s:?}, expected KEY=LOW,HIGH"))?;
    let num = |t: &str| -> Result<f64> {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                anyhow::anyhow!("invalid --range {key}: found {t:?}, expected a finite number")
            })
    };
    Ok((input, num(lo)?, num(hi)?))
}

fn musd(v: f64) -> String {
    num(v / 1e6, 1)
}

fn render(t: &Tornado) -> String {
    let mut out = format!(
        "Tornado of the {} — {} paths (seed {}), each input moved alone on the same paths\n\
         as written: {} M USD\n\n",
        t.measure,
        t.paths,
        t.seed,
        musd(t.base_usd)
    );
    let mut tab = Table::new([
        "input",
        "unit",
        "as written",
        "low",
        "high",
        "at low (USD M)",
        "at high (USD M)",
        "swing (USD M)",
    ]);
    for b in &t.bars {
        tab.row([
            b.input.clone(),
            b.unit.clone(),
            sig(b.current, 3),
            sig(b.low, 3),
            sig(b.high, 3),
            musd(b.at_low_usd),
            musd(b.at_high_usd),
            musd(b.swing_usd),
        ]);
    }
    out.push_str(&tab.render());
    out.push_str("\nRanges (low / high) and their basis:\n");
    for b in &t.bars {
        out.push_str(&format!("  {}: {} — {}\n", b.input, b.moves, b.basis));
    }
    if !t.skipped.is_empty() {
        out.push_str("Not in this scenario: ");
        out.push_str(
            &t.skipped
                .iter()
                .map(|s| s.input.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push('\n');
    }
    out
}

fn csv(t: &Tornado) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "input",
        "unit",
        "current",
        "low",
        "high",
        "at_low_usd",
        "at_high_usd",
        "swing_usd",
        "basis",
    ])?;
    for b in &t.bars {
        w.write_record([
            b.input.clone(),
            b.unit.clone(),
            b.current.to_string(),
            b.low.to_string(),
            b.high.to_string(),
            b.at_low_usd.to_string(),
            b.at_high_usd.to_string(),
            b.swing_usd.to_string(),
            b.basis.clone(),
        ])?;
    }
    Ok(w.into_inner()?)
}

pub fn run(args: SensitivityArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let ctx = context(&libs);
    let d = load(&args.files, &ctx)?;
    let plan = plan_index(&d, args.plan.as_deref(), 0)?;
    let versus = args
        .versus
        .as_deref()
        .map(|v| d.index_of(v))
        .transpose()
        .map_err(error)?;
    let inputs = args
        .inputs
        .as_ref()
        .map(|v| {
            v.iter()
                .map(|k| decide::input(k.trim()))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let ranges = args
        .ranges
        .iter()
        .map(|r| {
            parse_range(r).map(|(i, lo, hi)| {
                // An input solved as a shift (power_price: prices and adders at once) takes its range as
                // amounts added; the others as values.
                let at = |x: f64| match i.solve {
                    decide::params::Solve::Shift => Move::Shift(x),
                    decide::params::Solve::Value => Move::To(x),
                };
                (
                    i,
                    Range {
                        low: at(lo),
                        high: at(hi),
                    },
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let ev = Evaluator::new(&d, args.per_run.mc.settings());
    let t = pool(args.per_run.mc.threads)?
        .install(|| decide::tornado(&ev, plan, versus, inputs.as_deref(), &ranges))
        .map_err(error)?;
    args.output.emit(&t, || csv(&t), || render(&t))
}
