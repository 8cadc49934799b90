//! `hashpivot breakeven FILE.toml --input KEY`: the value of one input at which two plans are worth the same
//! (or, without `--versus` and with one plan, at which its mean NPV is zero), by bracketing root finding on the
//! same paths. No breakeven in the bracket is an answer, printed as such.

use super::decide::{context, error, load, plan_index, pool};
use super::run::PerRunArgs;
use super::validate;
use crate::args::TableOutArgs;
use crate::output::{Table, num, sig};
use anyhow::Result;
use clap::Args;
use hashpivot::decide::{self, Breakeven, Evaluator};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct BreakevenArgs {
    /// One scenario file (with or without `[[plans]]`), or several files of one company.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The input solved for: btc_price, btc_drift, btc_volatility, hashrate_growth, power_price, rent,
    /// gpu_price, capex_per_mw, build_months, noi_margin, discount_rate, discount_rate_contracted,
    /// discount_rate_mining, discount_rate_gpu_cloud, discount_rate_power_sales, residual,
    /// renewal_probability, exit_value, cap_rate, tenant_default, relet_share, vacancy_months.
    #[arg(long)]
    pub input: String,
    /// The plan (default: the second plan if there are several, else the only one).
    #[arg(long)]
    pub plan: Option<String>,
    /// The plan it is weighed against (default: the first plan when there are several; with one plan, the
    /// breakeven is its mean NPV = 0).
    #[arg(long)]
    pub versus: Option<String>,
    /// The bracket searched, LOW,HIGH in the input's unit (default: the input's bracket around its value).
    #[arg(long, value_name = "LOW,HIGH", value_delimiter = ',', num_args = 2)]
    pub range: Option<Vec<f64>>,
    /// Stop when the bracket around the root is narrower than this (default: 1e-4 of the range; 1 month).
    #[arg(long)]
    pub tolerance: Option<f64>,
    #[command(flatten)]
    pub per_run: PerRunArgs,
    #[command(flatten)]
    pub output: TableOutArgs,
}

fn render(b: &Breakeven) -> String {
    let measure = match &b.versus {
        Some(v) => format!("mean ΔNPV of `{}` − `{v}`", b.plan),
        None => format!("mean NPV of `{}`", b.plan),
    };
    let what = if b.solves_for == "shift" {
        format!("{} added to {} ({})", b.unit, b.label, b.input)
    } else {
        format!("{} ({}, {})", b.label, b.input, b.unit)
    };
    let mut out = format!(
        "Breakeven of {what} — {measure} = 0, {} paths (seed {})\n\
         as written: {} · bracket [{}, {}] · tolerance {}\n\n",
        b.paths,
        b.seed,
        sig(b.current, 4),
        sig(b.bracket.0, 4),
        sig(b.bracket.1, 4),
        sig(b.tolerance, 2),
    );
    let mut t = Table::new([b.input.as_str(), "measure (USD M)"]);
    for (x, y) in &b.scan {
        t.row([sig(*x, 4), num(y / 1e6, 1)]);
    }
    out.push_str(&t.render());
    out.push_str(&format!("\n{}\n", b.answer));
    if b.value.is_some() && b.between.is_none() {
        out.push_str(&format!(
            "({} root-finder steps after the scan)\n",
            b.iterations
        ));
    }
    out
}

fn csv(b: &Breakeven) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["row", "value", "measure_usd"])?;
    for (x, y) in &b.scan {
        w.write_record(["scan".into(), x.to_string(), y.to_string()])?;
    }
    w.write_record([
        "breakeven".to_string(),
        b.value.map_or(String::new(), |v| v.to_string()),
        String::new(),
    ])?;
    Ok(w.into_inner()?)
}

pub fn run(args: BreakevenArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let ctx = context(&libs);
    let d = load(&args.files, &ctx)?;
    let input = decide::input(args.input.trim())?;
    let plan = plan_index(&d, args.plan.as_deref(), usize::from(d.len() > 1))?;
    let versus = match &args.versus {
        Some(v) => Some(d.index_of(v).map_err(error)?),
        None if d.len() > 1 && plan != 0 => Some(0),
        None => None,
    };
    let range = args.range.map(|v| (v[0], v[1]));
    let ev = Evaluator::new(&d, args.per_run.mc.settings());
    let b = pool(args.per_run.mc.threads)?
        .install(|| decide::breakeven(&ev, plan, versus, input, range, args.tolerance))
        .map_err(error)?;
    args.output.emit(&b, || csv(&b), || render(&b))
}
