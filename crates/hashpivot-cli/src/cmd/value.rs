//! `hashpivot value FILE.toml`: the scenario's NPV of operations bridged to an equity value per diluted share
//! with the company's balance sheet from the bundled dataset, and compared with the market capitalisation.
//! The arithmetic is the core's (`hashpivot::valuation`); this file parses, runs and prints.

use super::{run, validate};
use crate::output::{Table, num, print, print_json};
use crate::store;
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::valuation::{self, Valuation};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(mut_arg("seed", |a| a.help("Seed of the random streams")))]
pub struct ValueArgs {
    /// Scenario file (TOML) with a `[valuation]` table naming the company (or give `--company`).
    pub file: PathBuf,
    /// Company id or ticker in the bundled dataset (overrides `[valuation] company`).
    #[arg(long)]
    pub company: Option<String>,
    /// Also value the scenario without this deal's conversions: the change per share the deal implies,
    /// beside the share-price move on its announcement day where the dataset has it.
    #[arg(long, value_name = "DEAL_ID")]
    pub without_deal: Option<String>,
    #[command(flatten)]
    pub mc: run::MonteCarloArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write a workbook (sheets Summary, Bridge, Assumptions) to this file.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
}

/// The change per share a deal implies, beside the market's move.
#[derive(Debug, Serialize)]
pub struct Reaction {
    pub deal: String,
    /// P50 value per diluted share with the deal (the file as written), USD.
    pub per_share_with_usd: f64,
    /// P50 value per diluted share without the deal's conversions and their loans, USD.
    pub per_share_without_usd: f64,
    /// With − without, USD per share.
    pub change_usd_per_share: f64,
    /// The change as a share of the value without the deal (null when that value is not positive).
    pub change_share: Option<f64>,
    /// The share-price move on the announcement day, where the dataset has it.
    pub market_price_change: Option<f64>,
    pub market_date: Option<Date>,
    pub market_source: Option<String>,
}

/// The `value --json` contract.
#[derive(Debug, Serialize)]
pub struct ValueOutput {
    pub scenario: String,
    pub paths: u64,
    pub seed: u64,
    #[serde(flatten)]
    pub valuation: Valuation,
    pub reaction: Option<Reaction>,
}

/// Each path's id and NPV by class of cash flow.
fn operations(
    sc: &hashpivot::scenario::Scenario,
    libs: &validate::Libraries,
    a: &ValueArgs,
) -> Result<Vec<(u64, hashpivot::sim::NpvByClass)>> {
    let (report, _) = run::simulate(
        sc,
        &libs.power,
        a.mc.paths,
        a.mc.seed,
        a.mc.threads,
        false,
        true,
    )?;
    Ok(report
        .paths
        .iter()
        .map(|p| (p.path, p.npv_by_class_usd))
        .collect())
}

pub fn run(a: ValueArgs) -> Result<()> {
    let libs = validate::libraries()?;
    let text = store::read_text(&a.file)?;
    let origin = a.file.display().to_string();
    let mut settings = valuation::settings_from_scenario_text(&text, &origin)?.unwrap_or_default();
    if let Some(c) = &a.company {
        settings.company = c.clone();
    }
    if settings.company.is_empty() {
        bail!(
            "{origin}: no company to value: add a [valuation] table with company = \"ID\" or give --company ID (`hashpivot peers` lists the ids)"
        );
    }
    let companies = hashpivot::data::bundled_companies().context("the bundled company dataset")?;
    let company = companies.find(&settings.company)?;
    let sc = validate::load_text(&text, &a.file, &libs)?;
    let ops = operations(&sc, &libs, &a)?;
    let v = valuation::value(company, &settings, &ops, &sc.discount_rates())?;
    let reaction = match &a.without_deal {
        None => None,
        Some(deal) => {
            libs.deals.find(deal)?;
            let t = valuation::scenario_without_deal(&text, deal)?;
            let sc0 = validate::load_text(&t, &a.file, &libs)
                .with_context(|| format!("the scenario without deal '{deal}'"))?;
            let v0 = valuation::value(
                company,
                &settings,
                &operations(&sc0, &libs, &a)?,
                &sc0.discount_rates(),
            )?;
            let (w, wo) = (v.per_share_usd.p50, v0.per_share_usd.p50);
            let r = company.reaction(deal);
            Some(Reaction {
                deal: deal.clone(),
                per_share_with_usd: w,
                per_share_without_usd: wo,
                change_usd_per_share: w - wo,
                change_share: (wo > 0.0).then(|| (w - wo) / wo),
                market_price_change: r.map(|r| r.price_change),
                market_date: r.map(|r| r.provenance.date),
                market_source: r.map(|r| r.provenance.source.clone()),
            })
        }
    };
    let out = ValueOutput {
        scenario: sc.name().to_string(),
        paths: a.mc.paths,
        seed: a.mc.seed,
        valuation: v,
        reaction,
    };
    if let Some(file) = &a.xlsx {
        let book = crate::workbook::value(&crate::workbook::ValueBook {
            scenario: &out.scenario,
            paths: out.paths,
            seed: out.seed,
            valuation: &out.valuation,
            assumptions: &sc.assumptions(),
        });
        crate::workbook::write(file, &book)?;
    }
    if a.json {
        return print_json(&out);
    }
    print(&render(&out))
}

fn musd(v: f64) -> String {
    num(v / 1e6, 1)
}

/// A basis with each address shortened to its host (the JSON keeps the full addresses).
fn short(basis: &str) -> String {
    basis
        .split(' ')
        .map(|w| {
            match w
                .strip_prefix("https://")
                .or_else(|| w.strip_prefix("http://"))
            {
                Some(rest) => rest.split('/').next().unwrap_or(rest).to_string(),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(o: &ValueOutput) -> String {
    let v = &o.valuation;
    let mut s = format!(
        "{} ({}) — {} — {} paths, seed {}\n\n",
        v.name, v.company, o.scenario, o.paths, o.seed
    );
    let b = &v.bridge_path;
    s.push_str(&format!(
        "bridge on the P50 path: path {} (rank {} of {} by operations NPV; its NPV {} USD M, the paths' P50 {} USD M)\n\n",
        b.path,
        b.rank + 1,
        b.paths,
        musd(b.operations_npv_usd),
        musd(b.operations_npv_p50_usd),
    ));
    let mut t = Table::new(["bridge (P50 path)", "USD M", "basis"]);
    for i in &v.items {
        let basis = match i.basis.split_once(") ") {
            // The segments' path is said once above the table.
            Some((head, rest)) if head.starts_with("NPV on the P50 path") => rest.to_string(),
            _ => short(&i.basis),
        };
        t.row([i.label.clone(), musd(i.usd), basis]);
    }
    t.row([
        "= equity value".to_string(),
        musd(v.equity_value_usd),
        "sum of the lines above".to_string(),
    ]);
    if let Some(m) = &v.market {
        t.row([
            format!("market capitalisation on {}", m.date),
            musd(m.market_cap_usd),
            short(&m.source),
        ]);
        t.row([
            "residual (market − model): not explained by the model".to_string(),
            musd(m.residual_usd),
            "pipeline not valued, businesses not modelled, conventions, option value".to_string(),
        ]);
    }
    s.push_str(&t.render());
    s.push_str(&format!(
        "\nvalue per diluted share (USD), on the P5/P50/P95 paths of operations NPV: P5 {} · P50 {} · P95 {} — {} basic shares, {} after in-the-money conversions and warrants\n",
        num(v.per_share_usd.p5, 2),
        num(v.per_share_usd.p50, 2),
        num(v.per_share_usd.p95, 2),
        num(v.shares_basic / 1e6, 1) + "M",
        num(v.shares_diluted / 1e6, 1) + "M",
    ));
    if let Some(m) = &v.market {
        s.push_str(&format!(
            "share price on {}: {} USD (residual {} USD per share)\n",
            m.date,
            num(m.share_price_usd, 2),
            num(m.residual_usd_per_share, 2)
        ));
    }
    if let Some(r) = &o.reaction {
        s.push_str(&format!(
            "\ndeal {}: P50 value per share {} with, {} without → {} USD{} · market move on {}: {}\n",
            r.deal,
            num(r.per_share_with_usd, 2),
            num(r.per_share_without_usd, 2),
            num(r.change_usd_per_share, 2),
            r.change_share.map_or_else(String::new, |c| format!(" ({}%)", num(c * 100.0, 1))),
            r.market_date.map_or_else(|| "-".into(), |d| d.to_string()),
            r.market_price_change
                .map_or_else(|| "not in the dataset".into(), |c| format!("{}%", num(c * 100.0, 1))),
        ));
    }
    if !v.notes.is_empty() {
        s.push_str("\nnotes (`--json` gives every source address):\n");
        for n in &v.notes {
            s.push_str(&format!("  - {n}\n"));
        }
    }
    s
}
