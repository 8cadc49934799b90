//! Listed miners' reported hashrate by company and day (`data/listed_hashrate.csv`, built by `cargo xtask data`
//! from ziven.io figures a public repository scraped daily).

use crate::data::{column, parse_err, reader};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// Where the bundled table comes from.
pub const LISTED_SOURCE: &str = "ziven.io listed-miner hashrate, scraped daily by github.com/xddai1688-svg/\
    btc-mining-monitor data/miners.csv @5f3abb4 (data/listed_hashrate.csv)";

/// One company's reported hashrate on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedRow {
    /// Day of the figure.
    pub date: Date,
    /// Stock ticker.
    pub ticker: String,
    /// Company name.
    pub company: String,
    /// Reported hashrate, EH/s.
    pub eh_s: f64,
}

/// The table, sorted by date then ticker.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedTable {
    rows: Vec<ListedRow>,
}

impl ListedTable {
    /// Parses `date,ticker,company,hashrate_eh_s`.
    pub fn parse_csv(text: &str, origin: &str) -> Result<ListedTable> {
        let (mut rdr, headers) = reader(text, origin)?;
        let idx = |n: &str| -> Result<usize> {
            Ok(column(&headers, n, origin, true)?.expect("required column"))
        };
        let (di, ti, ci, hi) = (
            idx("date")?,
            idx("ticker")?,
            idx("company")?,
            idx("hashrate_eh_s")?,
        );
        let mut rows = Vec::new();
        for (n, rec) in rdr.records().enumerate() {
            let line = n as u64 + 2;
            let rec = rec.map_err(|e| parse_err(origin, line, e.to_string()))?;
            let cell = |i: usize| rec.get(i).unwrap_or("").trim();
            let date = Date::parse(cell(di)).map_err(|e| parse_err(origin, line, e.to_string()))?;
            let eh_s: f64 = cell(hi).parse().map_err(|_| {
                parse_err(
                    origin,
                    line,
                    format!("hashrate_eh_s '{}' is not a number", cell(hi)),
                )
            })?;
            if !(eh_s.is_finite() && eh_s > 0.0) {
                return Err(parse_err(
                    origin,
                    line,
                    format!("hashrate_eh_s {eh_s}, expected > 0"),
                ));
            }
            rows.push(ListedRow {
                date,
                ticker: cell(ti).to_string(),
                company: cell(ci).to_string(),
                eh_s,
            });
        }
        if rows.is_empty() {
            return Err(parse_err(origin, 1, "no rows"));
        }
        rows.sort_by(|a, b| (a.date, &a.ticker).cmp(&(b.date, &b.ticker)));
        Ok(ListedTable { rows })
    }

    /// Every row.
    pub fn rows(&self) -> &[ListedRow] {
        &self.rows
    }

    /// The days the table covers, in order.
    pub fn dates(&self) -> Vec<Date> {
        let mut d: Vec<Date> = self.rows.iter().map(|r| r.date).collect();
        d.dedup();
        d
    }

    /// The rows of `date`, or an error naming the days covered.
    pub fn on(&self, date: Date) -> Result<Vec<&ListedRow>> {
        let rows: Vec<&ListedRow> = self.rows.iter().filter(|r| r.date == date).collect();
        if rows.is_empty() {
            let d = self.dates();
            return Err(Error::invalid(
                "date",
                date,
                format!(
                    "a day of the listed-miner hashrate table ({} to {}, {} days)",
                    d[0],
                    d[d.len() - 1],
                    d.len()
                ),
            ));
        }
        Ok(rows)
    }

    /// The listed companies' total hashrate on `date`, EH/s.
    pub fn total_eh_s(&self, date: Date) -> Result<f64> {
        Ok(self.on(date)?.iter().map(|r| r.eh_s).sum())
    }

    /// The covered day nearest `date` (the earlier one on a tie).
    pub fn nearest_date(&self, date: Date) -> Date {
        let d = self.dates();
        *d.iter()
            .min_by_key(|x| (x.days_until(date).abs(), x.days_until(date) < 0))
            .expect("a parsed table has rows")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled_listed;

    #[test]
    fn bundled_table_sums_and_coverage() {
        let t = bundled_listed().unwrap();
        assert_eq!(t.dates().len(), 6);
        assert_eq!(t.on(Date::parse("2026-08-17").unwrap()).unwrap().len(), 26);
        // MARA 70.3 EH/s on 2026-08-17 (the raw file's row).
        let mara = t.rows().iter().find(|r| r.ticker == "MARA").unwrap();
        assert_eq!(mara.eh_s, 70.3);
        let e = t.on(Date::parse("2026-01-31").unwrap()).unwrap_err();
        assert!(e.to_string().contains("2026-08-17 to 2026-08-22"), "{e}");
        assert_eq!(
            t.nearest_date(Date::parse("2026-01-31").unwrap())
                .to_string(),
            "2026-08-17"
        );
    }
}
