//! `data/listed_hashrate.csv`: listed miners' reported hashrate by company and day, from
//! `public-miners/miners.csv` (ziven.io, scraped by a public repository). Checked: one row per (date, ticker),
//! a hashrate in (0, 2000) EH/s, the same companies on every day.

use crate::raw::Raw;
use anyhow::{Result, bail};
use hashpivot::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub const MINERS_CSV: &str = "public-miners/miners.csv";
/// Where the raw file comes from (PROVENANCE.md §8).
pub const SOURCE: &str = "ziven.io listed-miner hashrate, scraped daily by xddai1688-svg/btc-mining-monitor \
    data/miners.csv @5f3abb423d85966acaf864f22eb607641b099218 (licence: none stated)";

/// One normalized row.
pub struct Listed {
    pub date: Date,
    pub ticker: String,
    pub company: String,
    pub eh_s: f64,
}

pub fn build(raw: &Raw) -> Result<Vec<Listed>> {
    let rows = raw.csv(
        MINERS_CSV,
        Some(&["date", "ticker", "company", "hashrate_ehs"]),
    )?;
    let mut by_key: BTreeMap<(Date, String), Listed> = BTreeMap::new();
    for r in &rows {
        let date = r.day(0)?;
        let ticker = r.cell(1)?.trim().to_string();
        let company = r.cell(2)?.trim().to_string();
        let eh_s = r.f64(3)?;
        if !(eh_s > 0.0 && eh_s < 2_000.0) {
            return Err(r.err(format!(
                "hashrate {eh_s} EH/s, expected a number in (0, 2000)"
            )));
        }
        if ticker.is_empty() {
            return Err(r.err("empty ticker"));
        }
        let key = (date, ticker.clone());
        if by_key.contains_key(&key) {
            return Err(r.err(format!("a second row for {ticker} on {date}")));
        }
        by_key.insert(
            key,
            Listed {
                date,
                ticker,
                company,
                eh_s,
            },
        );
    }
    let mut per_day: BTreeMap<Date, BTreeSet<String>> = BTreeMap::new();
    for (d, t) in by_key.keys() {
        per_day.entry(*d).or_default().insert(t.clone());
    }
    let first = per_day.values().next().cloned().unwrap_or_default();
    for (d, set) in &per_day {
        if *set != first {
            bail!("{MINERS_CSV}: the companies on {d} differ from the first day's");
        }
    }
    Ok(by_key.into_values().collect())
}

pub fn csv(rows: &[Listed]) -> String {
    let mut o = String::from("date,ticker,company,hashrate_eh_s\n");
    for r in rows {
        let company = if r.company.contains(',') {
            format!("\"{}\"", r.company.replace('"', "\"\""))
        } else {
            r.company.clone()
        };
        let _ = writeln!(o, "{},{},{},{}", r.date, r.ticker, company, r.eh_s);
    }
    o
}

/// The SOURCES.md section of the file, with figures measured on the rows.
pub fn sources_md(rows: &[Listed]) -> String {
    let days: BTreeSet<Date> = rows.iter().map(|r| r.date).collect();
    let tickers: BTreeSet<&str> = rows.iter().map(|r| r.ticker.as_str()).collect();
    let mut o = String::from("\n## listed_hashrate.csv\n\n`date,ticker,company,hashrate_eh_s`: ");
    let _ = writeln!(
        o,
        "{} listed miners' reported hashrate on each of {} days, {} → {} ({} rows). Source: `{MINERS_CSV}`, {SOURCE}. \
         Checks: one row per (date, ticker), hashrate in (0, 2000) EH/s, the same companies every day.",
        tickers.len(),
        days.len(),
        days.first().map_or(String::new(), |d| d.to_string()),
        days.last().map_or(String::new(), |d| d.to_string()),
        rows.len()
    );
    for d in &days {
        let sum: f64 = rows.iter().filter(|r| r.date == *d).map(|r| r.eh_s).sum();
        let _ = writeln!(o, "- {d}: listed sum {sum:.1} EH/s");
    }
    o
}
