//! `hashpivot mining`: what a fleet earns per kWh and what its BTC cost, on a date or on explicit inputs.

use crate::args::{
    AsicArgs, DateArgs, OpexArgs, PoolFeeArgs, PowerPriceArgs, RetiredArgs, assumed_lines,
};
use crate::datasets;
use crate::output::{Table, num, print, print_json, sig, tera, usd};
use anyhow::{Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::assumption::Assumption;
use hashpivot::bounds::{BTC_PRICE_USD, DIFFICULTY, FEES_BTC_PER_BLOCK};
use hashpivot::mining::{FleetParams, MiningMetrics, metrics};
use hashpivot::network::{Hashprice, NetworkInputs};
use serde::Serialize;

#[derive(Debug, Args)]
pub struct MiningArgs {
    #[command(flatten)]
    pub date: DateArgs,
    /// Network difficulty (explicit inputs instead of --date; needs --price-usd, --fees-btc-per-block, --height).
    #[arg(long, requires_all = ["price_usd", "fees_btc_per_block", "height"], conflicts_with = "date",
          allow_negative_numbers = true)]
    pub difficulty: Option<f64>,
    /// BTC price in USD (with --difficulty).
    #[arg(long, requires_all = ["difficulty", "fees_btc_per_block", "height"], allow_negative_numbers = true)]
    pub price_usd: Option<f64>,
    /// Fees per block in BTC (with --difficulty).
    #[arg(long, requires_all = ["difficulty", "price_usd", "height"], allow_negative_numbers = true)]
    pub fees_btc_per_block: Option<f64>,
    /// Block height, which sets the subsidy (with --difficulty).
    #[arg(long, requires_all = ["difficulty", "price_usd", "fees_btc_per_block"], allow_negative_numbers = true)]
    pub height: Option<u64>,
    #[command(flatten)]
    pub fleet: AsicArgs,
    #[command(flatten)]
    pub power: PowerPriceArgs,
    #[command(flatten)]
    pub pool_fee: PoolFeeArgs,
    #[command(flatten)]
    pub opex: OpexArgs,
    /// Average fees per block over this many days ending on the date (default: that day's own fees).
    #[arg(long, value_name = "N", conflicts_with = "difficulty", value_parser = super::network::fee_window_days_parser())]
    pub fee_window_days: Option<u32>,
    #[command(flatten)]
    pub retired: RetiredArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The inputs a result was computed from.
#[derive(Debug, Serialize)]
pub struct MiningInputsUsed {
    pub date: Option<Date>,
    /// The difficulty the metrics use: on a day with a retarget, the block-weighted effective difficulty.
    pub difficulty: f64,
    /// Difficulty in effect at the end of the day (dates only).
    pub difficulty_end_of_day: Option<f64>,
    pub height: u64,
    pub subsidy_btc: f64,
    pub fees_btc_per_block: f64,
    pub price_usd: f64,
    pub asic: Option<String>,
    /// Efficiency, power price, pool fee and opex (JSON: their fields, at this level).
    #[serde(flatten)]
    pub fleet: FleetParams,
}

#[derive(Debug, Serialize)]
struct MiningOutput {
    #[serde(flatten)]
    metrics: MiningMetrics,
    inputs: MiningInputsUsed,
    /// Where the fleet's efficiency and the pool fee came from (stated, library, or a default with its reason).
    assumptions: Vec<Assumption>,
}

pub fn run(args: MiningArgs) -> Result<()> {
    let fleet_of = args.fleet.resolve()?;
    let asic = fleet_of.asic.clone();
    let fleet = FleetParams::new(
        fleet_of.j_per_th,
        args.power.usd_per_kwh(),
        args.pool_fee.value(),
        args.opex.opex_usd_per_mwh,
    )?;
    let assumptions = vec![fleet_of.assumption, args.pool_fee.assumption()];
    let (hashprice, inputs) = if args.difficulty.is_none() {
        let network = datasets::network()?;
        let date = args.date.resolve(&network)?;
        let e = network.day(date, super::network::fee_window(args.fee_window_days))?;
        (
            Hashprice {
                btc_per_ph_day: e.btc_per_ph_day,
                usd_per_ph_day: e.usd_per_ph_day,
            },
            MiningInputsUsed {
                date: Some(date),
                difficulty: e.effective_difficulty,
                difficulty_end_of_day: Some(e.difficulty),
                height: e.height,
                subsidy_btc: e.subsidy_btc,
                fees_btc_per_block: e.fees_btc_per_block,
                price_usd: e.price_usd,
                asic,
                fleet,
            },
        )
    } else {
        let (Some(difficulty), Some(price), Some(fees), Some(height)) = (
            args.difficulty,
            args.price_usd,
            args.fees_btc_per_block,
            args.height,
        ) else {
            bail!(
                "give --date D, or all of --difficulty, --price-usd, --fees-btc-per-block and --height"
            );
        };
        DIFFICULTY.check_as("--difficulty", difficulty)?;
        BTC_PRICE_USD.check_as("--price-usd", price)?;
        FEES_BTC_PER_BLOCK.check_as("--fees-btc-per-block", fees)?;
        let n = NetworkInputs::new(difficulty, height, fees, price)?;
        (
            n.hashprice(),
            MiningInputsUsed {
                date: None,
                difficulty,
                difficulty_end_of_day: None,
                height,
                subsidy_btc: n.subsidy_btc(),
                fees_btc_per_block: fees,
                price_usd: price,
                asic,
                fleet,
            },
        )
    };
    let m = metrics(hashprice, &fleet)?;
    if args.json {
        return print_json(&MiningOutput {
            metrics: m,
            inputs,
            assumptions,
        });
    }
    let mut t = Table::new(["metric", "value", "unit"]);
    for (metric, value, unit) in [
        ("hashprice", sig(m.usd_per_ph_day, 4), "USD/PH/day"),
        ("hashprice", sig(m.btc_per_ph_day, 4), "BTC/PH/day"),
        ("revenue", num(m.revenue_usd_per_kwh, 4), "USD/kWh drawn"),
        ("margin", num(m.margin_usd_per_kwh, 4), "USD/kWh drawn"),
        ("energy per BTC", sig(m.kwh_per_btc, 4), "kWh/BTC"),
        (
            "power cost per BTC",
            sig(m.power_cost_usd_per_btc, 4),
            "USD/BTC",
        ),
        (
            "all-in cost per BTC",
            sig(m.all_in_cost_usd_per_btc, 4),
            "USD/BTC",
        ),
        (
            "breakeven power price",
            num(m.breakeven_usd_per_kwh, 4),
            "USD/kWh",
        ),
    ] {
        t.row([metric.to_string(), value, unit.to_string()]);
    }
    let mut s = t.render();
    s.push_str(&format!(
        "\ninputs: {}difficulty {}{}, height {} (subsidy {} BTC), fees {} BTC/block, BTC ${}; {} J/TH{}, power {} USD/MWh, pool fee {}%, opex {} USD/MWh\n",
        inputs.date.map(|d| format!("{d}: ")).unwrap_or_default(),
        tera(inputs.difficulty),
        match inputs.difficulty_end_of_day {
            Some(d) if d != inputs.difficulty => format!(
                " (block-weighted over the day's retarget; {} at the end of the day)",
                tera(d)
            ),
            _ => String::new(),
        },
        inputs.height,
        num(inputs.subsidy_btc, 4),
        num(inputs.fees_btc_per_block, 4),
        usd(inputs.price_usd),
        num(inputs.fleet.j_per_th, 2),
        inputs.asic.as_ref().map(|a| format!(" ({a})")).unwrap_or_default(),
        num(args.power.power_usd_per_mwh, 2),
        num(inputs.fleet.pool_fee * 100.0, 2),
        num(inputs.fleet.opex_usd_per_mwh, 2),
    ));
    s.push_str(&assumed_lines(&assumptions));
    print(&s)
}
