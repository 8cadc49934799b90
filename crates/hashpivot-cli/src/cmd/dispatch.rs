//! `hashpivot dispatch`: backtest a site hour by hour on real hub prices.

use crate::args::{
    AsicArgs, HashpriceArgs, PoolFeeArgs, RetiredArgs, assumed_lines, bounded, refuse_if,
};
use crate::cmd::data::MarketArg;
use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::assumption::Assumption;
use hashpivot::bounds::{
    ADDER_USD_PER_MWH, DISPATCH_BUFFER_USD_PER_MWH, FIXED_PRICE_USD_PER_MWH,
    FOURCP_USD_PER_KW_YEAR, HUB_PRICE_USD_PER_MWH, MW, UPTIME, USD_AMOUNT,
};
use hashpivot::data::parse_instant;
use hashpivot::error::Error;
use hashpivot::network::FeeWindow;
use hashpivot::power::central_time::{Clock, format_utc_hour, utc_day_hour};
use hashpivot::power::{
    Calls, Contract, DemandResponse, DispatchResult, FourCp, Market, PeakHours, Rules, Settlement,
    Site, dispatch,
};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct DispatchArgs {
    /// Hub (settlement point), e.g. HB_WEST (required).
    #[arg(long)]
    pub hub: String,
    /// First day (YYYY-MM-DD), an ERCOT operating day in Central Prevailing Time unless --utc-days (required).
    #[arg(long)]
    pub from: String,
    /// Last day, inclusive (required).
    #[arg(long)]
    pub to: String,
    /// Site MW (gross) (required).
    #[arg(long, allow_negative_numbers = true, value_parser = bounded(MW))]
    pub mw: f64,
    #[command(flatten)]
    pub fleet: AsicArgs,
    #[command(flatten)]
    pub hashprice: HashpriceArgs,
    /// Market whose prices the site pays.
    #[arg(long, value_enum, default_value = "da")]
    pub market: MarketArg,
    /// Index contract: adder over the hub price, USD/MWh.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true,
          conflicts_with = "fixed_price_usd_per_mwh", value_parser = bounded(ADDER_USD_PER_MWH))]
    pub adder_usd_per_mwh: f64,
    /// Fixed-price contract, USD/MWh (pay-as-consumed unless --take-or-pay or --sell-back); also accepted as
    /// --power-usd-per-mwh. Without it the contract is an index (hub price + --adder-usd-per-mwh).
    #[arg(long, alias = "power-usd-per-mwh", allow_negative_numbers = true,
          value_parser = bounded(FIXED_PRICE_USD_PER_MWH))]
    pub fixed_price_usd_per_mwh: Option<f64>,
    /// Pay for the whole contracted block every hour (fixed-price contracts only).
    #[arg(long)]
    pub take_or_pay: bool,
    /// Resell unused contracted power at the hub price (implies --take-or-pay; fixed-price contracts only).
    #[arg(long)]
    pub sell_back: bool,
    #[command(flatten)]
    pub pool_fee: PoolFeeArgs,
    /// Mine only when hashprice exceeds the marginal power cost by this much, USD/MWh.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true,
          value_parser = bounded(DISPATCH_BUFFER_USD_PER_MWH))]
    pub buffer_usd_per_mwh: f64,
    /// Minimum share of hours mined, in [0, 1].
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true, value_parser = bounded(UPTIME))]
    pub min_uptime: f64,
    /// Firm AI/HPC MW served every hour before mining (hybrid site).
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true, value_parser = bounded(MW))]
    pub hpc_mw: f64,
    #[command(flatten)]
    pub fourcp: FourCpArgs,
    #[command(flatten)]
    pub demand_response: DemandResponseArgs,
    /// Cut days and months in UTC instead of ERCOT's Central Prevailing Time.
    #[arg(long)]
    pub utc_days: bool,
    #[command(flatten)]
    pub retired: RetiredArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report: hour × day heatmap of the MW running, the monthly margin.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

/// ERCOT 4CP: curtail at the summer peaks to avoid the transmission charge.
#[derive(Debug, Args)]
pub struct FourCpArgs {
    /// 4CP: transmission charge avoided by curtailing at the peaks, USD per kW-year.
    #[arg(long, allow_negative_numbers = true,
          value_parser = bounded(FOURCP_USD_PER_KW_YEAR))]
    pub fourcp_usd_per_kw_year: Option<f64>,
    /// 4CP: the peaks, as UTC hour-beginnings (e.g. 2024-08-20T21:00Z), comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = utc_hour,
          requires = "fourcp_usd_per_kw_year", conflicts_with = "fourcp_top_hours")]
    pub fourcp_hours: Vec<i64>,
    /// 4CP: predict the peaks as the N highest-price hours of each June–September month.
    #[arg(long, default_value_t = 3, requires = "fourcp_usd_per_kw_year",
          allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub fourcp_top_hours: u32,
}

impl FourCpArgs {
    /// The 4CP rule asked for, if any.
    fn rule(&self) -> Result<Option<FourCp>> {
        let Some(rate) = self.fourcp_usd_per_kw_year else {
            return Ok(None);
        };
        let peaks = if self.fourcp_hours.is_empty() {
            PeakHours::TopPriceHours(self.fourcp_top_hours)
        } else {
            PeakHours::Given(self.fourcp_hours.clone())
        };
        Ok(Some(FourCp::new(peaks, rate)?))
    }
}

/// Demand response: a standby payment for MW offered, curtailed in the called hours.
#[derive(Debug, Args)]
pub struct DemandResponseArgs {
    /// Demand response: MW offered as curtailable.
    #[arg(long, requires = "dr_standby_usd_per_mw_hour", allow_negative_numbers = true,
          value_parser = bounded(MW))]
    pub dr_mw: Option<f64>,
    /// Demand response: standby payment, USD per MW offered per hour.
    #[arg(long, requires = "dr_mw", allow_negative_numbers = true,
          value_parser = bounded(USD_AMOUNT))]
    pub dr_standby_usd_per_mw_hour: Option<f64>,
    /// Demand response: called hours, as UTC hour-beginnings, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = utc_hour, requires = "dr_mw",
          conflicts_with = "dr_call_above_usd_per_mwh")]
    pub dr_call_hours: Vec<i64>,
    /// Demand response: predict calls as the hours at or above this hub price, USD/MWh.
    #[arg(long, default_value_t = 1_000.0, requires = "dr_mw",
          allow_negative_numbers = true, value_parser = bounded(HUB_PRICE_USD_PER_MWH))]
    pub dr_call_above_usd_per_mwh: f64,
}

impl DemandResponseArgs {
    /// The demand-response programme asked for, if any.
    fn rule(&self) -> Result<Option<DemandResponse>> {
        let (Some(mw), Some(rate)) = (self.dr_mw, self.dr_standby_usd_per_mw_hour) else {
            return Ok(None);
        };
        let calls = if self.dr_call_hours.is_empty() {
            Calls::PriceAtLeast(self.dr_call_above_usd_per_mwh)
        } else {
            Calls::Given(self.dr_call_hours.clone())
        };
        Ok(Some(DemandResponse::new(mw, rate, calls)?))
    }
}

/// A UTC hour-beginning like 2024-08-20T21:00Z, as hours since the epoch.
fn utc_hour(s: &str) -> std::result::Result<i64, String> {
    parse_instant(s)
        .map(|t| t.div_euclid(3_600))
        .ok_or_else(|| "expected an hour like 2024-08-20T21:00Z".to_string())
}

#[derive(Debug, Serialize)]
struct Inputs {
    market: Market,
    mw: f64,
    asic: Option<String>,
    j_per_th: f64,
    pool_fee: f64,
    contract: Contract,
    hashprice: String,
    mean_hashprice_usd_per_ph_day: f64,
    rules: Rules,
}

#[derive(Debug, Serialize)]
struct Output {
    #[serde(flatten)]
    result: DispatchResult,
    inputs: Inputs,
    /// Where the fleet's efficiency and the pool fee came from (stated, library, or a default with its reason).
    assumptions: Vec<Assumption>,
}

/// A window outside one market's data: say what the other market's data covers for the hub (read from the
/// data, never hard-coded), e.g. that `--market rt` reaches back to 2020 when the day-ahead data starts in 2024.
fn with_other_market_coverage(
    e: Error,
    market: Market,
    hub: &str,
    from_hour: i64,
    to_hour: i64,
) -> anyhow::Error {
    let other = match market {
        Market::Da => Market::Rt,
        Market::Rt => Market::Da,
    };
    let span = datasets::power_of_hub(other, hub)
        .ok()
        .and_then(|book| book.span(hub));
    match span {
        Some((first, last)) => {
            let name = match other {
                Market::Da => "day-ahead",
                Market::Rt => "real-time",
            };
            let covers = from_hour >= first && to_hour - 1 <= last;
            anyhow::anyhow!(
                "{}; the {name} prices (--market {}) for {hub} cover {} to {}{}",
                crate::hint::with_hint(&e),
                other.as_str(),
                format_utc_hour(first),
                format_utc_hour(last),
                if covers {
                    ", which includes this window"
                } else {
                    ""
                }
            )
        }
        None => e.into(),
    }
}

pub fn run(args: DispatchArgs) -> Result<()> {
    let fleet = args.fleet.resolve()?;
    let (asic, j_per_th) = (fleet.asic.clone(), fleet.j_per_th);
    let pool_fee = args.pool_fee.value();
    let assumptions = [fleet.assumption, args.pool_fee.assumption()];
    let site = Site::new(args.mw, j_per_th, pool_fee, args.hpc_mw)?;
    let index = args.fixed_price_usd_per_mwh.is_none();
    let why = "an index contract pays the hub price for what it draws and has no contracted block; give \
               --fixed-price-usd-per-mwh for a fixed-price block";
    refuse_if(index && args.take_or_pay, "--take-or-pay", why)?;
    refuse_if(index && args.sell_back, "--sell-back", why)?;
    let contract = match args.fixed_price_usd_per_mwh {
        Some(f) => {
            let settlement = if args.sell_back || args.take_or_pay {
                Settlement::TakeOrPay {
                    sell_back: args.sell_back,
                }
            } else {
                Settlement::PayAsConsumed
            };
            Contract::fixed(f, settlement)?
        }
        None => Contract::index(args.adder_usd_per_mwh)?,
    };
    let clock = if args.utc_days {
        Clock::Utc
    } else {
        Clock::Central
    };
    let fourcp = args.fourcp.rule()?;
    let demand_response = args.demand_response.rule()?;
    let rules = Rules {
        buffer_usd_per_mwh: args.buffer_usd_per_mwh,
        min_uptime: args.min_uptime,
        fourcp,
        demand_response,
        clock,
    };
    let from = Date::parse(&args.from)?;
    let to = Date::parse(&args.to)?;
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let market = Market::from(args.market);
    let (a, b) = clock.days_utc_hours(from, to);
    let dataset = format!("power ({})", market.as_str());
    let series = match datasets::power_of_hub_hours(market, &args.hub, Some((a, b)))?
        .series(&args.hub, a, b, &dataset)
    {
        Ok(s) => s,
        Err(e @ Error::HoursNotCovered { .. }) => {
            return Err(with_other_market_coverage(e, market, &args.hub, a, b));
        }
        Err(e) => return Err(e.into()),
    };
    let (hashprice, label) = match args.hashprice.hashprice_usd_per_ph_day {
        Some(h) => (vec![h; series.len()], format!("constant {h} USD/PH/day")),
        None => {
            let network = datasets::network()?;
            let mut by_day: BTreeMap<Date, f64> = BTreeMap::new();
            let mut v = Vec::with_capacity(series.len());
            for i in 0..series.len() {
                let (day, _) = utc_day_hour(series.hour_utc(i));
                let hp = match by_day.get(&day) {
                    Some(h) => *h,
                    None => {
                        let e = network.day(day, FeeWindow::Day).with_context(|| {
                            format!("hashprice of {day} (or give --hashprice-usd-per-ph-day)")
                        })?;
                        // The site's fleet is part of the network (--mw at --j-per-th).
                        hashpivot::mining::share_of_blocks(
                            args.mw * 1e6 / j_per_th / 1e6,
                            e.hashrate_eh_s,
                            &format!("on {day}"),
                        )
                        .context("--mw at --j-per-th is more hashrate than the whole network")?;
                        let h = e.usd_per_ph_day;
                        by_day.insert(day, h);
                        h
                    }
                };
                v.push(hp);
            }
            (
                v,
                "daily from the network data (UTC days, each day's own fees)".to_string(),
            )
        }
    };
    let mean_hp = hashprice.iter().sum::<f64>() / hashprice.len().max(1) as f64;
    let result = dispatch(&series, &hashprice, &site, &contract, &rules)?;
    let out = Output {
        result,
        assumptions: assumptions.to_vec(),
        inputs: Inputs {
            market,
            mw: args.mw,
            asic,
            j_per_th,
            pool_fee,
            contract,
            hashprice: label,
            mean_hashprice_usd_per_ph_day: mean_hp,
            rules,
        },
    };
    if let Some(path) = &args.report {
        super::report::write_dispatch(path, &out.result, &render(&out))?;
    }
    if args.json {
        return print_json(&out);
    }
    print(&render(&out))
}

fn render(out: &Output) -> String {
    let r = &out.result;
    let mut t = Table::new(["metric", "value", "unit"]);
    let mut add = |k: &str, v: String, u: &str| t.row([k.to_string(), v, u.to_string()]);
    add("hours", r.hours.to_string(), "h");
    add("hours_run", r.hours_run.to_string(), "h");
    add("uptime", num(r.uptime * 100.0, 2), "%");
    add("mining_revenue_usd", num(r.mining_revenue_usd, 0), "USD");
    add("power_cost_usd", num(r.power_cost_usd, 0), "USD");
    add("resale_revenue_usd", num(r.resale_revenue_usd, 0), "USD");
    if let Some(d) = &r.demand_response {
        add(
            "dr_standby_mw_hours",
            num(d.standby_mw_hours, 0),
            "MWh (offer capped by MW running)",
        );
        add(
            "dr_standby_revenue_usd",
            num(d.standby_revenue_usd, 0),
            "USD",
        );
        add("dr_called_hours", d.called_hours.to_string(), "h");
        add("dr_forgone_margin_usd", num(d.forgone_margin_usd, 0), "USD");
    }
    add("margin_usd", num(r.margin_usd, 0), "USD");
    add(
        "strike_usd_per_mwh",
        num(r.strike_usd_per_mwh, 2),
        "USD/MWh (mean)",
    );
    add(
        "mean_hub_usd_per_mwh",
        num(r.mean_hub_usd_per_mwh, 2),
        "USD/MWh",
    );
    if let Some(f) = &r.fourcp {
        add("fourcp_hours_curtailed", f.hours.len().to_string(), "h");
        add(
            "fourcp_months_credited",
            format!("{} of {}", f.credited_months.len(), f.summer_months),
            "summer months (peak in window, curtailed)",
        );
        add(
            "fourcp_avoided_usd",
            num(f.avoided_usd, 0),
            "USD (transmission, next year)",
        );
        add(
            "fourcp_forgone_margin_usd",
            num(f.forgone_margin_usd, 0),
            "USD",
        );
    }
    if r.firm_hpc_mw > 0.0 {
        add("firm_hpc_mw", num(r.firm_hpc_mw, 1), "MW");
        add(
            "hpc_power_cost_usd",
            num(r.hpc_power_cost_usd, 0),
            "USD (not in margin)",
        );
    }
    let mut s = t.render();
    s.push('\n');
    let mut m = Table::new([
        "month",
        "hours",
        "run",
        "uptime %",
        "hub USD/MWh",
        "revenue USD",
        "power USD",
        "resale USD",
        "margin USD",
    ]);
    for row in &r.monthly {
        m.row([
            row.month.to_string(),
            row.hours.to_string(),
            row.hours_run.to_string(),
            num(row.uptime * 100.0, 1),
            num(row.mean_hub_usd_per_mwh, 2),
            num(row.mining_revenue_usd, 0),
            num(row.power_cost_usd, 0),
            num(row.resale_revenue_usd, 0),
            num(row.margin_usd, 0),
        ]);
    }
    s.push_str(&m.render());
    let i = &out.inputs;
    s.push_str(&format!(
        "\n{} {} {} to {} (exclusive; {} h); {} MW, {} J/TH{}, pool fee {}%; hashprice {} (mean {} USD/PH/day); contract {}\n",
        r.hub,
        i.market.as_str().to_uppercase(),
        r.from_hour_utc,
        r.to_hour_utc,
        r.hours,
        num(i.mw, 1),
        num(i.j_per_th, 2),
        i.asic.as_ref().map(|a| format!(" ({a})")).unwrap_or_default(),
        num(i.pool_fee * 100.0, 2),
        i.hashprice,
        num(i.mean_hashprice_usd_per_ph_day, 2),
        match i.contract {
            Contract::Index { adder_usd_per_mwh } => format!("index + {adder_usd_per_mwh} USD/MWh"),
            Contract::Fixed { price_usd_per_mwh, settlement } => format!(
                "fixed {price_usd_per_mwh} USD/MWh, {}",
                match settlement {
                    Settlement::PayAsConsumed => "pay-as-consumed",
                    Settlement::TakeOrPay { sell_back: true } => "take-or-pay with sell-back at the hub",
                    Settlement::TakeOrPay { sell_back: false } => "take-or-pay",
                }
            ),
        }
    ));
    s.push_str(&assumed_lines(&out.assumptions));
    s
}
