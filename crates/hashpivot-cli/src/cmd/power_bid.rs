//! `hashpivot power bid --hub H --year Y`: each use's willingness to pay per grid MWh against the hub's hourly
//! prices — hours each use can bid and wins, and the price at which each mining tier stops.

use crate::cmd::data::MarketArg;
use crate::datasets;
use crate::output::{Table, num, opt};
use anyhow::Result;
use hashpivot::Date;
use hashpivot::network::FeeWindow;
use hashpivot::network::tiers::efficiency_tiers;
use hashpivot::power::Market;
use hashpivot::power::bid::{bid, defaults_at};
use hashpivot::power::central_time::Clock;
use hashpivot_report::figures::POWER_BID;

#[derive(Debug, clap::Args)]
pub struct BidArgs {
    /// ERCOT hub, e.g. HB_WEST.
    #[arg(long)]
    pub hub: String,
    /// Calendar year (ERCOT operating days, Central Prevailing Time).
    #[arg(long)]
    pub year: i32,
    /// Market whose hourly prices are bid against.
    #[arg(long, value_enum, default_value = "rt")]
    pub market: MarketArg,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report: the bid curves (each use's WTP against the hub's price duration curve), hours won, each mining tier's stop price by day.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

pub fn run(a: &BidArgs) -> Result<()> {
    let (Some(first), Some(last)) = (Date::from_ymd(a.year, 1, 1), Date::from_ymd(a.year, 12, 31))
    else {
        anyhow::bail!("--year {} is not a calendar year", a.year);
    };
    let market: Market = a.market.into();
    let book = datasets::power(market)?;
    let (from, to) = Clock::Central.days_utc_hours(first, last);
    let series = book.series(&a.hub, from, to, &format!("power ({})", market.as_str()))?;
    let network = datasets::network()?;
    // compare's defaults at the year's last day: the deal library's median rent then, the GPU library's price.
    let defaults = defaults_at(
        last,
        &network,
        &hashpivot::data::bundled_deals()?,
        &hashpivot::data::bundled_gpus()?,
    )?;
    let tiers = efficiency_tiers(&hashpivot::data::bundled_asics()?);
    let b = bid(&defaults, &tiers, &series, |d| {
        Ok(network.day(d, FeeWindow::Day)?.usd_per_ph_day)
    })?;
    let json = serde_json::json!({
        "bid": b,
        "defaults_basis": defaults.sources,
    });
    let mut out = format!(
        "Willingness to pay for a grid MWh at {} ({}), operating days {} → {}: {} hours, mean hub price {} USD/MWh\n\n",
        b.hub,
        market.as_str(),
        first,
        last,
        b.hours,
        num(b.mean_price_usd_per_mwh, 2)
    );
    let mut t = Table::new([
        "use",
        "WTP USD/MWh",
        "daily min",
        "daily max",
        "hours can bid",
        "hours won",
        "mean price won",
        "max price won",
    ]);
    for u in &b.uses {
        t.row([
            u.name.clone(),
            num(u.wtp_usd_per_mwh, 2),
            num(u.wtp_min_usd_per_mwh, 2),
            num(u.wtp_max_usd_per_mwh, 2),
            u.hours_can_bid.to_string(),
            u.hours_won.to_string(),
            opt(u.mean_price_won_usd_per_mwh, 2),
            opt(u.max_price_won_usd_per_mwh, 2),
        ]);
    }
    out.push_str(&t.render());
    out.push_str("\nA mining tier stops in an hour whose price is above its WTP (the day's stop price).\n\nHours by hub price band: hours each use can bid\n");
    let mut headers = vec!["price band USD/MWh".to_string(), "hours".to_string()];
    headers.extend(b.uses.iter().map(|u| u.name.clone()));
    let mut bt = Table::new(headers);
    for band in &b.bands {
        let label = match (band.from_usd_per_mwh.is_finite(), band.to_usd_per_mwh) {
            (false, Some(hi)) => format!("< {}", num(hi, 0)),
            (true, Some(hi)) => format!("{}–{}", num(band.from_usd_per_mwh, 0), num(hi, 0)),
            (_, None) => format!("≥ {}", num(band.from_usd_per_mwh, 0)),
        };
        let mut row = vec![label, band.hours.to_string()];
        row.extend(band.hours_can_bid.iter().map(|h| h.to_string()));
        bt.row(row);
    }
    out.push_str(&bt.render());
    out.push_str("\nHow each WTP is made:\n");
    for u in &b.uses {
        out.push_str(&format!("- {}: {}\n", u.name, u.basis));
    }
    out.push_str("\nSources of the defaults (compare's, at the year's last day):\n");
    for (k, v) in &defaults.sources {
        out.push_str(&format!("- {k}: {v}\n"));
    }
    out.push_str(&format!(
        "- hub prices: bundled ERCOT {} hourly data (data/SOURCES-power.md); hashprice: each UTC day's from the \
         bundled network data\n",
        market.as_str()
    ));
    let subject = format!("{} ({}), {}", b.hub, market.as_str(), a.year);
    let report = a
        .report
        .as_deref()
        .map(|p| (p, &POWER_BID, subject.as_str()));
    super::report::figures_out(report, a.json, &json, &out)
}
