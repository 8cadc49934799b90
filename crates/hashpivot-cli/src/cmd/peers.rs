//! `hashpivot peers`: one row per company of the bundled dataset — enterprise value per contracted and per
//! energized MW, and, where an example scenario is wired to the company (`[valuation] company`), EV / next-year
//! EBITDA, hashcost vs hashprice, contracted share of revenue and BTC-beta of EBITDA from its run.

use super::{run, validate};
use crate::output::{Table, opt, print, print_json};
use crate::store;
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::company::Company;
use serde::Serialize;
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

/// One company's row.
#[derive(Debug, Clone, Serialize)]
pub struct PeerRow {
    pub company: String,
    pub ticker: String,
    pub as_of: Date,
    pub market_cap_usd: Option<f64>,
    /// Enterprise value, USD, and how it was found (`ev_basis`).
    pub ev_usd: Option<f64>,
    pub ev_basis: String,
    pub contracted_hpc_mw_it: Option<f64>,
    pub energized_mw: Option<f64>,
    pub ev_per_contracted_mw_usd: Option<f64>,
    pub ev_per_energized_mw_usd: Option<f64>,
    pub fleet_j_per_th: Option<f64>,
    pub energized_hashrate_eh_s: Option<f64>,
    /// The example scenario the run-based columns come from.
    pub example: Option<String>,
    /// Year-1 company EBITDA of the example (P50 of the paths), USD.
    pub ebitda_next_year_usd: Option<f64>,
    pub ev_to_ebitda_next_year: Option<f64>,
    /// Mining cost (power + variable opex) over self-mining revenue over the horizon, P50 of the paths: the cost
    /// of a unit of hash over its price (< 1 earns).
    pub hashcost_to_hashprice: Option<f64>,
    /// Hosting-lease and GPU-cloud revenue over all revenue in year 1 of the example.
    pub contracted_revenue_share: Option<f64>,
    /// Monthly EBITDA change per unit BTC log return over the mean monthly EBITDA of year 1 (elasticity).
    pub btc_beta_ebitda: Option<f64>,
}

impl PeerRow {
    fn field(&self, name: &str) -> Option<Option<f64>> {
        Some(match name {
            "market_cap_usd" => self.market_cap_usd,
            "ev_usd" => self.ev_usd,
            "contracted_hpc_mw_it" => self.contracted_hpc_mw_it,
            "energized_mw" => self.energized_mw,
            "ev_per_contracted_mw_usd" => self.ev_per_contracted_mw_usd,
            "ev_per_energized_mw_usd" => self.ev_per_energized_mw_usd,
            "fleet_j_per_th" => self.fleet_j_per_th,
            "energized_hashrate_eh_s" => self.energized_hashrate_eh_s,
            "ebitda_next_year_usd" => self.ebitda_next_year_usd,
            "ev_to_ebitda_next_year" => self.ev_to_ebitda_next_year,
            "hashcost_to_hashprice" => self.hashcost_to_hashprice,
            "contracted_revenue_share" => self.contracted_revenue_share,
            "btc_beta_ebitda" => self.btc_beta_ebitda,
            _ => return None,
        })
    }
}

const SORTABLE: &str = "market_cap_usd, ev_usd, contracted_hpc_mw_it, energized_mw, ev_per_contracted_mw_usd, \
ev_per_energized_mw_usd, fleet_j_per_th, energized_hashrate_eh_s, ebitda_next_year_usd, ev_to_ebitda_next_year, \
hashcost_to_hashprice, contracted_revenue_share, btc_beta_ebitda";

/// Enterprise value: as reported by a market-data page, else market cap + the dataset's debt − cash.
fn ev(c: &Company) -> (Option<f64>, String) {
    if let Some(e) = &c.enterprise_value_usd {
        let from = &e.provenance;
        return (
            Some(e.value),
            format!("reported {}: {}", from.date, from.source),
        );
    }
    match &c.market_cap_usd {
        None => (None, "no market cap in the dataset".into()),
        Some(m) => {
            let cash = c.cash_usd.as_ref().map_or(0.0, |x| x.value);
            (
                Some(m.value + c.debt_usd() - cash),
                format!(
                    "market cap + debt in the dataset ({} instruments) − cash{}",
                    c.debt.len(),
                    if c.cash_usd.is_none() {
                        " (cash missing: 0)"
                    } else {
                        ""
                    }
                ),
            )
        }
    }
}

/// Run-based figures of one example.
struct RunFigures {
    file: String,
    ebitda_y1: Option<f64>,
    hashcost_to_hashprice: Option<f64>,
    contracted_share: Option<f64>,
    beta: Option<f64>,
}

fn run_example(path: &Path, libs: &validate::Libraries, a: &PeersArgs) -> Result<RunFigures> {
    let sc = validate::load(path, libs)?;
    let (r, _) = run::simulate(&sc, &libs.power, a.paths, a.seed, None, false, true)?;
    let s = &r.summary;
    let ebitda_y1 = s.ebitda_usd_by_year.first().map(|y| y.p50);
    let ratios: Vec<f64> = r
        .paths
        .iter()
        .filter_map(|p| {
            let rev: f64 = p.revenue_usd_by_year.iter().map(|y| y[0]).sum();
            (rev > 0.0).then(|| p.mining_cost_usd / rev)
        })
        .collect();
    let hashcost_to_hashprice = (!ratios.is_empty())
        .then(|| hashpivot::risk::quantile(&hashpivot::risk::sorted(&ratios), 0.5));
    let contracted_share = s.revenue_mix_by_year.first().and_then(|m| {
        let total = m.self_mining + m.hosting_lease + m.gpu_cloud + m.power_sales;
        (total > 0.0).then(|| (m.hosting_lease + m.gpu_cloud) / total)
    });
    let beta = match (s.btc_beta_ebitda, ebitda_y1) {
        (Some(b), Some(e)) if e > 0.0 => Some(b / (e / 12.0)),
        _ => None,
    };
    Ok(RunFigures {
        file: path.display().to_string(),
        ebitda_y1,
        hashcost_to_hashprice,
        contracted_share,
        beta,
    })
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
        let (ev_usd, ev_basis) = ev(c);
        let per = |mw: Option<f64>| match (ev_usd, mw) {
            (Some(e), Some(m)) if m > 0.0 => Some(e / m),
            _ => None,
        };
        let contracted = c.contracted_hpc_mw_it.as_ref().map(|x| x.value);
        let energized = c.energized_mw.as_ref().map(|x| x.value);
        let figs = match (examples.get(&c.id), &libs) {
            (Some(p), Some(l)) => {
                Some(run_example(p, l, &a).with_context(|| format!("example {}", p.display()))?)
            }
            _ => None,
        };
        let ebitda = figs.as_ref().and_then(|f| f.ebitda_y1);
        rows.push(PeerRow {
            company: c.id.clone(),
            ticker: c.ticker.clone(),
            as_of: c.as_of,
            market_cap_usd: c.market_cap_usd.as_ref().map(|x| x.value),
            ev_usd,
            ev_basis,
            contracted_hpc_mw_it: contracted,
            energized_mw: energized,
            ev_per_contracted_mw_usd: per(contracted),
            ev_per_energized_mw_usd: per(energized),
            fleet_j_per_th: c.fleet_j_per_th.as_ref().map(|x| x.value),
            energized_hashrate_eh_s: c.energized_hashrate_eh_s.as_ref().map(|x| x.value),
            example: figs.as_ref().map(|f| f.file.clone()),
            ebitda_next_year_usd: ebitda,
            ev_to_ebitda_next_year: match (ev_usd, ebitda) {
                (Some(e), Some(b)) if b > 0.0 => Some(e / b),
                _ => None,
            },
            hashcost_to_hashprice: figs.as_ref().and_then(|f| f.hashcost_to_hashprice),
            contracted_revenue_share: figs.as_ref().and_then(|f| f.contracted_share),
            btc_beta_ebitda: figs.as_ref().and_then(|f| f.beta),
        });
    }
    if let Some(key) = &a.sort {
        if rows[0].field(key).is_none() {
            bail!("--sort: found '{key}', expected one of {SORTABLE}");
        }
        // Descending; rows without the figure last, in dataset order (a stable sort).
        rows.sort_by(|x, y| {
            let (p, q) = (x.field(key).flatten(), y.field(key).flatten());
            match (p, q) {
                (Some(p), Some(q)) => q.total_cmp(&p),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
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
