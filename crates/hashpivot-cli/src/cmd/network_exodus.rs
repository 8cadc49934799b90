//! `hashpivot network exodus --eh-s X --from D`: X EH/s of listed fleets switched off, and the difficulty and
//! hashprice the remaining miners face, against the same paths without the exodus.

use super::run::MonteCarloArgs;
use super::validate::{libraries, load_text};
use crate::output::{Table, num, tera};
use anyhow::{Context, Result};
use hashpivot::Date;
use hashpivot::hpc::compare::FIXED;
use hashpivot::network::energy::PROFITABILITY_USD_PER_MWH;
use hashpivot::network::exodus::{
    DEFAULT_MARKET_FILE, DEFAULT_MARKET_ORIGIN, ExodusRequest, market_section, run as run_exodus,
};
use hashpivot::network::tiers::efficiency_tiers;
use hashpivot_report::figures::EXODUS;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ExodusArgs {
    /// Hashrate of listed fleets switched off, EH/s.
    #[arg(long)]
    pub eh_s: f64,
    /// The valuation date, YYYY-MM-DD (month 1 is the first whole month after it).
    #[arg(long)]
    pub from: String,
    /// Months over which the fleets switch off, evenly.
    #[arg(long, default_value_t = 1)]
    pub over: u32,
    /// Months simulated.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Power prices at which the efficiency tiers are tested, USD/MWh, comma-separated (default: CBECI's
    /// 0.05 USD/kWh).
    #[arg(long, value_delimiter = ',', default_values_t = [PROFITABILITY_USD_PER_MWH])]
    pub power_usd_per_mwh: Vec<f64>,
    /// A scenario file whose `[market]` table is used (default: examples/pure_miner.toml's, bundled).
    #[arg(long)]
    pub market: Option<PathBuf>,
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report: hashprice and network hashrate fans (P5–P95, P50) by month, with and without the exodus.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

pub fn run(a: &ExodusArgs) -> Result<()> {
    let from = Date::parse(&a.from)?;
    let req = ExodusRequest {
        eh_s: a.eh_s,
        from,
        over_months: a.over,
        horizon_months: a.months,
        paths: a.mc.paths,
        seed: a.mc.seed,
        power_usd_per_mwh: a.power_usd_per_mwh.clone(),
        pool_fee: FIXED.pool_fee,
    };
    req.check()?;
    let (market_text, origin) = match &a.market {
        Some(p) => (
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            DEFAULT_MARKET_FILE.to_string(),
            DEFAULT_MARKET_ORIGIN.to_string(),
        ),
    };
    let market =
        market_section(&market_text).with_context(|| format!("{origin} has no [market] table"))?;
    let libs = libraries()?;
    let text = req.scenario_text(market);
    let sc = load_text(
        &text,
        &PathBuf::from(format!("exodus scenario with the market of {origin}")),
        &libs,
    )?;
    let listed = hashpivot::data::bundled_listed()?;
    let ld = listed.nearest_date(from);
    let total = listed.total_eh_s(ld)?;
    let tiers = efficiency_tiers(&libs.asics);
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = a.mc.threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let e = pool.install(|| run_exodus(&sc, &libs.power, &req, &tiers, Some((ld, total))))?;
    let json = serde_json::json!({ "market": origin, "exodus": e });
    let mut out = format!(
        "{} EH/s switched off from {from} over {} month(s), of a network of {} EH/s; {} paths, seed {}, market of {origin}\n\n",
        num(a.eh_s, 1),
        a.over,
        num(e.network_start_eh_s, 1),
        a.mc.paths,
        a.mc.seed
    );
    let mut t = Table::new([
        "month",
        "off EH/s",
        "network EH/s P50",
        "baseline EH/s P50",
        "difficulty P50",
        "hashprice P5",
        "hashprice P50",
        "hashprice P95",
        "baseline P50",
        "paired change P50",
    ]);
    for m in &e.months {
        t.row([
            m.month.to_string(),
            num(m.removed_eh_s, 1),
            num(m.network_eh_s.p50, 1),
            num(m.baseline_network_eh_s.p50, 1),
            tera(m.difficulty.p50),
            num(m.hashprice_usd_per_ph_day.p5, 2),
            num(m.hashprice_usd_per_ph_day.p50, 2),
            num(m.hashprice_usd_per_ph_day.p95, 2),
            num(m.baseline_hashprice_usd_per_ph_day.p50, 2),
            num(m.hashprice_change_usd_per_ph_day.p50, 2),
        ]);
    }
    out.push_str("Hashprice, USD/PH/day (before pool fees)\n");
    out.push_str(&t.render());
    let mut tt = Table::new([
        "tier",
        "J/TH",
        "power USD/MWh",
        "months profitable",
        "baseline months",
        "last month USD/MWh",
        "baseline USD/MWh",
    ]);
    for r in &e.tiers {
        tt.row([
            r.band.clone(),
            num(r.j_per_th, 1),
            num(r.power_usd_per_mwh, 1),
            format!("{} of {}", r.months_profitable, a.months),
            r.baseline_months_profitable.to_string(),
            num(r.last_month_revenue_usd_per_mwh, 1),
            num(r.baseline_last_month_revenue_usd_per_mwh, 1),
        ]);
    }
    out.push_str(&format!(
        "\nEfficiency tiers (ASIC library, median J/TH of each band), revenue per MWh at the median hashprice after a {} pool fee\n",
        FIXED.pool_fee
    ));
    out.push_str(&tt.render());
    if let Some(s) = &e.listed_share {
        out.push_str(&format!(
            "\nListed miners ({} EH/s on {}, ziven.io via github.com/xddai1688-svg/btc-mining-monitor): {}% of the \
             network at the start → {}% once the exodus is complete (baseline {}%).\n",
            num(s.listed_eh_s, 1),
            s.listed_date,
            num(s.share_before * 100.0, 1),
            num(s.share_after * 100.0, 1),
            num(s.baseline_share * 100.0, 1)
        ));
    }
    out.push_str(
        "Sources: network hashrate response — the supply response fitted to the bundled history (`hashpivot network \
         fit`), as the market file states; hashrate at the start — the difficulty on the start date (bundled \
         network data); tiers — data/asics.csv; pool fee — compare's fixed default.\n",
    );
    for n in &e.notes {
        out.push_str(&format!("Note: {n}.\n"));
    }
    let subject = format!("{} EH/s off from {from}", num(a.eh_s, 1));
    let report = a.report.as_deref().map(|p| (p, &EXODUS, subject.as_str()));
    super::report::figures_out(report, a.json, &json, &out)
}
