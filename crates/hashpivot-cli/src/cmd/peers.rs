//! `hashpivot peers`: one row per company of the bundled dataset — enterprise value per contracted and per
//! energized MW, and, where an example scenario is wired to the company (`[valuation] company`), EV / next-year
//! EBITDA, hashcost vs hashprice, contracted share of revenue and BTC-beta of EBITDA from its run.

use super::{run, validate};
use crate::output::{Table, opt, print, print_json};
use crate::store;
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::valuation::peers::{self, PeerRow, RunFigures};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct PeersArgs {
    /// Sort by this numeric field, descending (e.g. ev_per_contracted_mw_usd, ev_to_ebitda_next_year).
    #[arg(long)]
    pub sort: Option<String>,
    /// Folder of example scenarios wired to companies with `[valuation] company`.
    #[arg(long, default_value = "examples")]
    pub examples: PathBuf,
    /// Monte Carlo paths of each example's run.
    #[arg(long, default_value_t = 200, value_parser = run::paths_parser())]
    pub paths: u64,
    /// Seed of each example's run.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also write the table as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn run_example(path: &Path, libs: &validate::Libraries, a: &PeersArgs) -> Result<RunFigures> {
    let sc = validate::load(path, libs)?;
    let (r, _) = run::simulate(&sc, &libs.power, a.paths, a.seed, None, false, true)?;
    Ok(RunFigures::from_report(path.display().to_string(), &r))
}

/// Example files wired to a company, by company id (the first file in name order wins).
fn wired_examples(
    dir: &Path,
    companies: &hashpivot::company::CompanyLibrary,
) -> Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for f in files {
        let text = store::read_text(&f)?;
        if let Some(s) =
            hashpivot::valuation::settings_from_scenario_text(&text, &f.display().to_string())?
        {
            let c = companies.find(&s.company)?;
            out.entry(c.id.clone()).or_insert(f);
        }
    }
    Ok(out)
}

pub fn run(a: PeersArgs) -> Result<()> {
    let companies = hashpivot::data::bundled_companies().context("the bundled company dataset")?;
    let examples = wired_examples(&a.examples, &companies)?;
    let libs = if examples.is_empty() {
        None
    } else {
        Some(validate::libraries()?)
    };
    let mut rows = Vec::new();
    for c in companies.companies() {
        let figs = match (examples.get(&c.id), &libs) {
            (Some(p), Some(l)) => {
                Some(run_example(p, l, &a).with_context(|| format!("example {}", p.display()))?)
            }
            _ => None,
        };
        rows.push(peers::peer_row(c, figs));
    }
    if let Some(key) = &a.sort {
        if !peers::SORTABLE.contains(&key.as_str()) {
            bail!(
                "--sort: found '{key}', expected one of {}",
                peers::SORTABLE.join(", ")
            );
        }
        peers::sort_rows(&mut rows, key)?;
    }
    if let Some(path) = &a.out {
        store::write_atomic(path, csv(&rows).as_bytes())?;
    }
    if a.json {
        return print_json(&rows);
    }
    let m = |v: Option<f64>| opt(v.map(|x| x / 1e6), 1);
    // Two tables: the market's figures from the dataset, then the figures of the example wired to each company.
    let mut t = Table::new([
        "company",
        "as of",
        "mkt cap $M",
        "EV $M",
        "EV / contracted MW $M",
        "EV / energized MW $M",
        "J/TH",
        "EH/s",
    ]);
    let mut w = Table::new([
        "company",
        "EV / EBITDA Y1",
        "hashcost / hashprice",
        "contracted rev %",
        "BTC-beta EBITDA",
    ]);
    for r in &rows {
        t.row([
            r.ticker.clone(),
            r.as_of.to_string(),
            m(r.market_cap_usd),
            m(r.ev_usd),
            m(r.ev_per_contracted_mw_usd),
            m(r.ev_per_energized_mw_usd),
            opt(r.fleet_j_per_th, 1),
            opt(r.energized_hashrate_eh_s, 1),
        ]);
        w.row([
            r.ticker.clone(),
            opt(r.ev_to_ebitda_next_year, 1),
            opt(r.hashcost_to_hashprice, 2),
            opt(r.contracted_revenue_share.map(|x| x * 100.0), 0),
            opt(r.btc_beta_ebitda, 2),
        ]);
    }
    let mut s = t.render();
    s.push_str(
        "\nEV: reported by a market-data page where the dataset has it, else market cap + debt − cash (`--json` gives \
         each basis). '-' = not in the dataset.\n",
    );
    s.push_str(&format!(
        "\nFrom the example wired to the company (`[valuation] company`), {} paths, seed {}:\n",
        a.paths, a.seed
    ));
    s.push_str(&w.render());
    s.push_str(
        "\nEV / EBITDA: on year-1 EBITDA P50; hashcost / hashprice: mining cost over self-mining revenue over the \
         horizon (P50); contracted revenue: hosting + GPU-cloud share of year-1 revenue; BTC-beta: monthly EBITDA \
         change per unit BTC log return over year-1 mean monthly EBITDA. '-' = no example.\n",
    );
    print(&s)
}

fn csv(rows: &[PeerRow]) -> String {
    let f = |v: Option<f64>| v.map_or_else(String::new, |x| format!("{x}"));
    let mut s = String::from(
        "company,ticker,as_of,market_cap_usd,ev_usd,contracted_hpc_mw_it,energized_mw,ev_per_contracted_mw_usd,ev_per_energized_mw_usd,fleet_j_per_th,energized_hashrate_eh_s,ebitda_next_year_usd,ev_to_ebitda_next_year,hashcost_to_hashprice,contracted_revenue_share,btc_beta_ebitda\n",
    );
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.company,
            r.ticker,
            r.as_of,
            f(r.market_cap_usd),
            f(r.ev_usd),
            f(r.contracted_hpc_mw_it),
            f(r.energized_mw),
            f(r.ev_per_contracted_mw_usd),
            f(r.ev_per_energized_mw_usd),
            f(r.fleet_j_per_th),
            f(r.energized_hashrate_eh_s),
            f(r.ebitda_next_year_usd),
            f(r.ev_to_ebitda_next_year),
            f(r.hashcost_to_hashprice),
            f(r.contracted_revenue_share),
            f(r.btc_beta_ebitda)
        ));
    }
    s
}
