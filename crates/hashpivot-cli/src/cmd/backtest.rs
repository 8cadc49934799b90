//! `hashpivot backtest production FILE.csv`: expected vs reported monthly BTC production.

use crate::args::{NoFleetArgs, PoolFeeArgs, assumed_lines};
use crate::datasets;
use crate::output::{Table, num, opt, print, print_json};
use crate::store;
use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BacktestCommand {
    /// Expected BTC for each company-month's average operating hashrate, against the reported BTC.
    Production(ProductionArgs),
}

#[derive(Debug, Args)]
pub struct ProductionArgs {
    /// CSV with columns month (YYYY-MM), avg_operating_eh_s, optionally reported_btc; other columns pass through.
    pub file: PathBuf,
    #[command(flatten)]
    pub pool_fee: PoolFeeArgs,
    #[command(flatten)]
    pub no_fleet: NoFleetArgs,
    /// Average fees per block over this many trailing days (default: each day's own fees).
    #[arg(long, value_name = "N", value_parser = super::network::fee_window_days_parser())]
    pub fee_window_days: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cmd: BacktestCommand) -> Result<()> {
    match cmd {
        BacktestCommand::Production(args) => production(args),
    }
}

fn production(args: ProductionArgs) -> Result<()> {
    let origin = args.file.display().to_string();
    let text = store::read_text(&args.file)?;
    let rows = hashpivot::backtest::parse_production_csv(&text, &origin)?;
    let pool_fee = args.pool_fee.value();
    let history = datasets::network()?;
    let result = hashpivot::backtest::backtest_production(
        &history,
        rows,
        pool_fee,
        super::network::fee_window(args.fee_window_days),
        &origin,
    )?;
    if args.json {
        return print_json(&result);
    }
    let extra: Vec<String> = result
        .rows
        .first()
        .map(|r| r.row.passthrough.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let mut headers = vec![
        "month".to_string(),
        "EH/s".into(),
        "expected BTC".into(),
        "reported BTC".into(),
        "error %".into(),
    ];
    headers.extend(extra.iter().cloned());
    let mut t = Table::new(headers);
    for r in &result.rows {
        let mut cells = vec![
            r.row.month.to_string(),
            num(r.row.avg_operating_eh_s, 2),
            num(r.expected_btc, 1),
            opt(r.row.reported_btc, 1),
            match (r.error_pct, r.row.reported_btc) {
                (Some(e), _) => format!("{e:+.1}"),
                (None, Some(_)) => "n/a (reported 0)".into(),
                (None, None) => "-".into(),
            },
        ];
        cells.extend(r.row.passthrough.iter().map(|(_, v)| v.clone()));
        t.row(cells);
    }
    let mut s = t.render();
    if let Some(m) = result.median_abs_error_pct {
        s.push_str(&format!(
            "\nmedian |error|: {m:.1}% (pool fee {}%)\n",
            num(pool_fee * 100.0, 2)
        ));
    }
    s.push_str(&assumed_lines(&[args.pool_fee.assumption()]));
    print(&s)
}
