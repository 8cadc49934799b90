//! `hashpivot network concentration --date D`: listed share of the network, pool HHI and Nakamoto
//! coefficient, US share — each with its source date — and how each moved over the dates covered.

use crate::datasets;
use crate::output::{Table, num};
use anyhow::Result;
use hashpivot::Date;
use hashpivot::network::concentration::{PoolMeasures, concentration};
use hashpivot_report::figures::CONCENTRATION;

#[derive(Debug, clap::Args)]
pub struct ConcentrationArgs {
    /// The UTC day, YYYY-MM-DD.
    #[arg(long)]
    pub date: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report: listed share, US share, pool HHI and Nakamoto coefficient over the dates covered.
    #[arg(long, value_name = "FILE")]
    pub report: Option<std::path::PathBuf>,
}

fn pct(x: f64) -> String {
    format!("{}%", num(x * 100.0, 1))
}

fn hhi(p: &PoolMeasures) -> String {
    let c = &p.concentration;
    if c.hhi_high - c.hhi_low < 1.0 {
        num(c.hhi_low, 0)
    } else {
        format!("{}–{}", num(c.hhi_low, 0), num(c.hhi_high, 0))
    }
}

fn nakamoto(p: &PoolMeasures) -> String {
    let c = &p.concentration;
    match c.nakamoto_at_most {
        Some(m) if m == c.nakamoto_at_least => m.to_string(),
        Some(m) => format!("{}–{m}", c.nakamoto_at_least),
        None => format!("≥ {}", c.nakamoto_at_least),
    }
}

pub fn run(a: &ConcentrationArgs) -> Result<()> {
    let date = Date::parse(&a.date)?;
    let c = concentration(
        &hashpivot::data::bundled_listed()?,
        &hashpivot::data::bundled_pools()?,
        &datasets::network()?,
        &hashpivot::data::bundled_retargets()?,
        date,
    )?;
    let json = serde_json::to_value(&c)?;
    let l = &c.listed;
    let mut out = format!("Concentration at {date}\n\n");
    let mut t = Table::new(["measure", "value", "as of", "source"]);
    let mut sources: Vec<String> = Vec::new();
    let mut cite = |s: String| -> String {
        sources.push(s);
        format!("[{}]", sources.len())
    };
    t.row([
        "listed miners' share of the network".to_string(),
        format!(
            "{} ({} of {} EH/s, {} companies)",
            pct(l.share),
            num(l.listed_eh_s, 1),
            num(l.network.eh_s, 1),
            l.companies
        ),
        l.listed_date.to_string(),
        cite(format!("{}; network: {}", l.source, l.network.basis)),
    ]);
    let p = &c.pools;
    t.row([
        "pool HHI (points)".to_string(),
        hhi(p),
        p.as_of.to_string(),
        cite(format!("{} — {}", p.window, p.source)),
    ]);
    t.row([
        "Nakamoto coefficient (pools > 50%)".to_string(),
        nakamoto(p),
        p.as_of.to_string(),
        "[2]".to_string(),
    ]);
    t.row([
        "largest pool".to_string(),
        format!("{} {}", p.top_pool, pct(p.concentration.top_share)),
        p.as_of.to_string(),
        "[2]".to_string(),
    ]);
    if let Some(u) = &c.us_share {
        let v = if u.bound == "at_least" {
            format!("≥ {}", pct(u.share))
        } else {
            pct(u.share)
        };
        t.row([
            "US share of hashrate".to_string(),
            v,
            u.as_of.to_string(),
            cite(u.source.clone()),
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    for (i, s) in sources.iter().enumerate() {
        out.push_str(&format!("[{}] {s}\n", i + 1));
    }
    out.push_str(
        "\nOver the dates covered (sources: data/pools.toml, data/SOURCES-network.md)\n\n",
    );
    let mut h = Table::new(["as of", "measure", "value"]);
    for s in &c.pool_history {
        h.row([s.as_of.to_string(), "pool HHI (points)".into(), hhi(s)]);
        h.row([
            s.as_of.to_string(),
            "Nakamoto coefficient".into(),
            nakamoto(s),
        ]);
        h.row([
            s.as_of.to_string(),
            "largest pool".into(),
            format!("{} {}", s.top_pool, pct(s.concentration.top_share)),
        ]);
    }
    for u in &c.us_share_history {
        let v = if u.bound == "at_least" {
            format!("≥ {}", pct(u.share))
        } else {
            pct(u.share)
        };
        h.row([u.as_of.to_string(), "US share".into(), v]);
    }
    for s in &c.listed_history {
        h.row([
            s.listed_date.to_string(),
            "listed share".into(),
            format!("{} ({} EH/s)", pct(s.share), num(s.listed_eh_s, 1)),
        ]);
    }
    out.push_str(&h.render());
    out.push('\n');
    for n in &c.notes {
        out.push_str(&format!("Note: {n}.\n"));
    }
    let subject = format!("at {date}");
    let report = a
        .report
        .as_deref()
        .map(|p| (p, &CONCENTRATION, subject.as_str()));
    super::report::figures_out(report, a.json, &json, &out)
}
