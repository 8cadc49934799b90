//! `hashpivot network`: a day's (or a range's) network economics from the bundled data.

use crate::datasets;
use crate::output::{Table, num, print, print_json, sig, tera, usd};
use anyhow::{Result, bail};
use clap::{Args, ValueEnum};
use hashpivot::Date;
use hashpivot::bounds::FEE_WINDOW_DAYS;
use hashpivot::network::{DayEconomics, FeeWindow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct NetworkArgs {
    #[command(subcommand)]
    pub command: Option<NetworkCommand>,
    /// A single UTC day [default: the last complete day of the bundled data, `hashpivot data info`; the same
    /// default as every command's --date].
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// First day of a range (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day of a range, inclusive (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// Average fees per block over this many days ending on the date (default: that day only).
    #[arg(
        long,
        value_name = "N",
        value_parser = fee_window_days_parser()
    )]
    pub fee_window_days: Option<u32>,
    /// Output format for a range (table, csv, json).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Print JSON (same as --format json).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum NetworkCommand {
    /// Fit the hashrate supply response to the bundled history (2016–2022) and test it out of sample
    /// (2023–2025): the scenarios' default `market.hashrate` supply response.
    Fit(super::JsonArgs),
    /// Concentration at a date: listed miners' share of the network, pool HHI and Nakamoto coefficient, US
    /// share, each with its source date, and how each moved over the dates covered.
    Concentration(super::network_concentration::ConcentrationArgs),
    /// X EH/s of listed fleets switch off: difficulty and hashprice for the remaining miners (P5/P50/P95 by
    /// month) against the same paths without it, efficiency tiers still profitable, listed share.
    Exodus(Box<super::network_exodus::ExodusArgs>),
    /// The network's power draw (GW) and yearly use (TWh) from hashrate × the ASIC library's efficiency mix
    /// (lower bound, best guess, upper bound), against published estimates.
    Energy(super::network_energy::EnergyArgs),
}

/// Parses `--fee-window-days`: a whole number of days in [`FEE_WINDOW_DAYS`].
pub fn fee_window_days_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(FEE_WINDOW_DAYS.min as i64..=FEE_WINDOW_DAYS.max as i64)
}

pub fn fee_window(days: Option<u32>) -> FeeWindow {
    FeeWindow::of_days(days)
}

const HEADERS: [&str; 10] = [
    "date",
    "height",
    "difficulty",
    "subsidy BTC",
    "fees BTC/block",
    "price USD",
    "hashrate EH/s",
    "BTC/PH/day",
    "USD/PH/day",
    "blocks",
];

fn table_row(e: &DayEconomics) -> Vec<String> {
    vec![
        e.date.to_string(),
        e.height.to_string(),
        tera(e.difficulty),
        num(e.subsidy_btc, 4),
        num(e.fees_btc_per_block, 4),
        usd(e.price_usd),
        sig(e.hashrate_eh_s, 4),
        sig(e.btc_per_ph_day, 4),
        sig(e.usd_per_ph_day, 4),
        e.blocks.to_string(),
    ]
}

pub fn run(args: NetworkArgs) -> Result<()> {
    match &args.command {
        Some(NetworkCommand::Fit(a)) => return super::network_fit::run(a.json),
        Some(NetworkCommand::Concentration(a)) => return super::network_concentration::run(a),
        Some(NetworkCommand::Exodus(a)) => return super::network_exodus::run(a),
        Some(NetworkCommand::Energy(a)) => return super::network_energy::run(a),
        None => {}
    }
    let history = datasets::network()?;
    let window = fee_window(args.fee_window_days);
    let format = if args.json {
        Format::Json
    } else {
        args.format.unwrap_or(Format::Table)
    };
    if args.from.is_none() {
        let date = crate::args::DateArgs {
            date: args.date.clone(),
        }
        .resolve(&history)?;
        let e = history.day(date, window)?;
        return match format {
            Format::Json => print_json(&e),
            Format::Csv => print_csv(&[e]),
            Format::Table => {
                let mut t = Table::new(HEADERS);
                t.row(table_row(&e));
                print(&t.render())
            }
        };
    }
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        bail!("give --from A with --to B");
    };
    let (from, to) = (Date::parse(from)?, Date::parse(to)?);
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let mut rows = Vec::with_capacity((from.days_until(to) + 1) as usize);
    let mut d = from;
    while d <= to {
        rows.push(history.day(d, window)?);
        d = d.succ();
    }
    match format {
        Format::Json => print_json(&rows),
        Format::Csv => print_csv(&rows),
        Format::Table => {
            let mut t = Table::new(HEADERS);
            for e in &rows {
                t.row(table_row(e));
            }
            print(&t.render())
        }
    }
}

fn print_csv(rows: &[DayEconomics]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    crate::output::print_raw(&String::from_utf8(w.into_inner()?)?)
}
