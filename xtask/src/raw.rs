//! Readers for the raw public files under the raw directory. Each returns plain values keyed by day or
//! height; every error names the file and line.

use anyhow::{Context, Result, anyhow, bail};
use hashpivot::Date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The raw directory and the relative paths this xtask reads.
pub struct Raw {
    pub dir: PathBuf,
}

pub const CM: &str = "btc-network/coinmetrics_community_2009-01_2025-09/btc_onchain_metrics_cm.csv";
pub const MEMPOOL: &str = "btc-network/hashrate.json";
pub const DERIVED_RETARGETS: &str = "btc-network/derived_difficulty_retargets_2025-03_2026-08.csv";
pub const DERIVED_FEES: &str =
    "btc-network/derived_daily_fees_from_block_stats_2025-08-10_2026-02-01.csv";
pub const BC_FEES_2009: &str = "btc-network/blockchaincom_2009-01_2019-06/transaction-fees.csv";
pub const BC_FEES_2019: &str = "btc-network/blockchaincom_2019-05_2022-04/transaction-fees.csv";
pub const BC_FEES_2023: &str = "btc-network/blockchaincom_2023-04_2024-04/transaction-fees.csv";
pub const BC_FEES_2024: &str = "btc-network/blockchaincom_2024-02_2025-02/transaction-fees.json";
pub const CC_PRICE: &str = "btc-price/BTC_quotes.csv";
pub const BC_PRICE: &str = "btc-price/market-price-btc-blockchain-com.csv";
pub const YAHOO_PRICE: &str = "btc-price/btc.csv";
pub const NETWORK_CSV: &str = "hashprice/network.csv";
pub const MINERS_JSON: &str = "asic-specs/miners.json";
pub const F2POOL_CSV: &str = "asic-specs/mining-devices.csv";
pub const KODY_CSV: &str = "asic-specs/KodyParsons_BTCBESS/miners.csv";

/// A CSV row with its 1-based line number and file name, for error messages.
pub struct Row<'a> {
    pub file: &'a str,
    pub line: u64,
    pub rec: csv::StringRecord,
}

impl Row<'_> {
    pub fn err(&self, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow!("{}, line {}: {msg}", self.file, self.line)
    }

    pub fn cell(&self, i: usize) -> Result<&str> {
        self.rec
            .get(i)
            .map(str::trim)
            .ok_or_else(|| self.err(format!("missing column {}", i + 1)))
    }

    pub fn f64(&self, i: usize) -> Result<f64> {
        let c = self.cell(i)?;
        match c.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.err(format!("column {}: expected a number, found '{c}'", i + 1))),
        }
    }

    /// An empty cell is `None`.
    pub fn opt_f64(&self, i: usize) -> Result<Option<f64>> {
        if self.cell(i)?.is_empty() {
            Ok(None)
        } else {
            self.f64(i).map(Some)
        }
    }

    pub fn u64(&self, i: usize) -> Result<u64> {
        let c = self.cell(i)?;
        c.parse::<u64>().map_err(|_| {
            self.err(format!(
                "column {}: expected a whole number, found '{c}'",
                i + 1
            ))
        })
    }

    /// The date a cell starts with: `2024-01-02`, `2024-01-02 00:00:00`, `2024-01-02T00:00:00.000Z`.
    pub fn day(&self, i: usize) -> Result<Date> {
        let cell = self.cell(i)?.trim();
        Date::parse(cell.get(..10).unwrap_or(cell)).map_err(|e| self.err(e))
    }
}

impl Raw {
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn text(&self, rel: &str) -> Result<String> {
        let p = self.path(rel);
        let t = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
        Ok(t.strip_prefix('\u{feff}').unwrap_or(&t).to_string())
    }

    /// The rows of a CSV file; with `header`, the first line is checked to start with `expect` columns.
    pub fn csv<'a>(&self, rel: &'a str, header: Option<&[&str]>) -> Result<Vec<Row<'a>>> {
        let text = self.text(rel)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(header.is_some())
            .flexible(true)
            .from_reader(text.as_bytes());
        if let Some(expect) = header {
            let h = rdr
                .headers()
                .map_err(|e| anyhow!("{rel}, line 1: {e}"))?
                .clone();
            for (i, name) in expect.iter().enumerate() {
                let found = h
                    .get(i)
                    .map(|s| s.trim().trim_matches('\u{a0}'))
                    .unwrap_or("");
                if !found.eq_ignore_ascii_case(name) {
                    bail!(
                        "{rel}, line 1: column {} is '{found}', expected '{name}'",
                        i + 1
                    );
                }
            }
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                anyhow!("{rel}, line {}: {e}", e.position().map_or(0, |p| p.line()))
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(Row {
                file: rel,
                line,
                rec,
            });
        }
        if rows.is_empty() {
            bail!("{rel}: no data rows");
        }
        Ok(rows)
    }

    pub fn json(&self, rel: &str) -> Result<serde_json::Value> {
        serde_json::from_str(&self.text(rel)?).map_err(|e| anyhow!("{rel}, line {}: {e}", e.line()))
    }
}

/// A day series that refuses duplicate days (the caller decides what a duplicate means).
pub fn insert_unique<V>(map: &mut BTreeMap<Date, V>, day: Date, v: V, row: &Row) -> Result<()> {
    if map.insert(day, v).is_some() {
        return Err(row.err(format!("duplicate day {day}")));
    }
    Ok(())
}

/// Each row of `rel` (checked against `header`, if given) as one day: `row` gives the day and its value; a day
/// may stand only once.
fn by_day<'a, V>(
    raw: &Raw,
    rel: &'a str,
    header: Option<&[&str]>,
    row: impl Fn(&Row<'a>) -> Result<(Date, V)>,
) -> Result<BTreeMap<Date, V>> {
    let mut out = BTreeMap::new();
    for r in &raw.csv(rel, header)? {
        let (day, v) = row(r)?;
        insert_unique(&mut out, day, v, r)?;
    }
    Ok(out)
}

/// One Coin Metrics day.
pub struct CmDay {
    pub blk_cnt: u64,
    pub fee_usd: Option<f64>,
    pub price_usd: Option<f64>,
}

pub fn coinmetrics(raw: &Raw) -> Result<BTreeMap<Date, CmDay>> {
    let header = [
        "asset",
        "date",
        "AdrActCnt",
        "BlkCnt",
        "DiffMean",
        "FeeTotUSD",
        "HashRate",
        "IssTotUSD",
        "PriceUSD",
    ];
    let out = by_day(raw, CM, Some(&header), |r| {
        let v = CmDay {
            blk_cnt: r.u64(3)?,
            fee_usd: r.opt_f64(5)?,
            price_usd: r.opt_f64(8)?,
        };
        Ok((r.day(1)?, v))
    })?;
    check_contiguous(CM, &out)?;
    Ok(out)
}

pub fn check_contiguous<V>(file: &str, m: &BTreeMap<Date, V>) -> Result<()> {
    let days: Vec<Date> = m.keys().copied().collect();
    for w in days.windows(2) {
        if w[0].succ() != w[1] {
            bail!("{file}: gap between {} and {}", w[0], w[1]);
        }
    }
    Ok(())
}

/// A retarget from a raw list: height, difficulty, and the UTC day of the retarget block if known.
#[derive(Clone, Copy)]
pub struct RawRetarget {
    pub height: u64,
    pub difficulty: f64,
    pub day: Option<Date>,
    /// Whether `day` comes from the block's header time (rather than a daily-series estimate).
    pub exact_time: bool,
}

/// mempool.space `difficulty[]` from hashrate.json.
pub fn mempool_retargets(raw: &Raw) -> Result<Vec<RawRetarget>> {
    let v = raw.json(MEMPOOL)?;
    let arr = v["difficulty"]
        .as_array()
        .ok_or_else(|| anyhow!("{MEMPOOL}: no 'difficulty' array"))?;
    let mut out = Vec::new();
    for (i, e) in arr.iter().enumerate() {
        let get = |k: &str| {
            e.get(k)
                .ok_or_else(|| anyhow!("{MEMPOOL}: difficulty[{i}] has no '{k}'"))
        };
        let time = get("time")?
            .as_i64()
            .ok_or_else(|| anyhow!("{MEMPOOL}: difficulty[{i}].time is not an integer"))?;
        let height = get("height")?
            .as_u64()
            .ok_or_else(|| anyhow!("{MEMPOOL}: difficulty[{i}].height is not an integer"))?;
        let difficulty = get("difficulty")?
            .as_f64()
            .ok_or_else(|| anyhow!("{MEMPOOL}: difficulty[{i}].difficulty is not a number"))?;
        out.push(RawRetarget {
            height,
            difficulty,
            day: Some(Date::from_unix_seconds(time)),
            exact_time: true,
        });
    }
    Ok(out)
}

/// The derived retarget list (887,040 → 961,632).
pub fn derived_retargets(raw: &Raw) -> Result<Vec<RawRetarget>> {
    let rows = raw.csv(
        DERIVED_RETARGETS,
        Some(&[
            "height",
            "difficulty",
            "adjustment_ratio",
            "retarget_date_utc",
            "retarget_block_time_utc",
        ]),
    )?;
    rows.iter()
        .map(|r| {
            let date = r.cell(3)?;
            Ok(RawRetarget {
                height: r.u64(0)?,
                difficulty: r.f64(1)?,
                day: if date.is_empty() {
                    None
                } else {
                    Some(r.day(3)?)
                },
                exact_time: !r.cell(4)?.is_empty(),
            })
        })
        .collect()
}

/// One day of the per-block sums.
pub struct BlockDay {
    pub blocks: u64,
    pub fees_btc: f64,
    pub first_height: u64,
    pub last_height: u64,
    pub complete: bool,
}

pub fn derived_fees(raw: &Raw) -> Result<BTreeMap<Date, BlockDay>> {
    let header = [
        "date_utc",
        "blocks",
        "fees_btc",
        "subsidy_btc",
        "txs",
        "first_height",
        "last_height",
        "complete_day",
    ];
    let out = by_day(raw, DERIVED_FEES, Some(&header), |r| {
        let complete = match r.cell(7)? {
            "True" => true,
            "False" => false,
            c => return Err(r.err(format!("complete_day: expected True or False, found '{c}'"))),
        };
        let v = BlockDay {
            blocks: r.u64(1)?,
            fees_btc: r.f64(2)?,
            first_height: r.u64(5)?,
            last_height: r.u64(6)?,
            complete,
        };
        if v.last_height + 1 - v.first_height != v.blocks {
            return Err(r.err("blocks != last_height - first_height + 1"));
        }
        Ok((r.day(0)?, v))
    })?;
    check_contiguous(DERIVED_FEES, &out)?;
    Ok(out)
}

/// A headerless `date,value` file (EAAL blockchain.com fees, Yahoo prices).
pub fn headerless_series(raw: &Raw, rel: &str) -> Result<BTreeMap<Date, f64>> {
    by_day(raw, rel, None, |r| Ok((r.day(0)?, r.f64(1)?)))
}

/// A `date,value` file with the given header.
pub fn dated_series(raw: &Raw, rel: &str, header: &[&str]) -> Result<BTreeMap<Date, f64>> {
    by_day(raw, rel, Some(header), |r| Ok((r.day(0)?, r.f64(1)?)))
}

/// The 2019-05 → 2022-04 blockchain.com fees: only read to count its duplicated timestamps.
pub fn count_duplicate_days(raw: &Raw, rel: &str) -> Result<(usize, usize)> {
    let rows = raw.csv(rel, Some(&["Timestamp"]))?;
    let mut seen = std::collections::BTreeSet::new();
    let mut dups = 0;
    for r in &rows {
        if !seen.insert(r.day(0)?) {
            dups += 1;
        }
    }
    Ok((rows.len(), dups))
}

fn ms_day(ms: i64, file: &str, what: &str) -> Result<Date> {
    if ms % 86_400_000 != 0 {
        bail!("{file}: {what}: timestamp {ms} ms is not 00:00 UTC");
    }
    Ok(Date::from_unix_seconds(ms / 1000))
}

/// blockchain.com chart CSV export: `"x","y"` with x in unix milliseconds.
pub fn chart_csv(raw: &Raw, rel: &str) -> Result<BTreeMap<Date, f64>> {
    by_day(raw, rel, Some(&["x", "y"]), |r| {
        let ms = r
            .cell(0)?
            .parse::<i64>()
            .map_err(|_| r.err("x: expected unix milliseconds"))?;
        let d = ms_day(ms, rel, &format!("line {}", r.line))?;
        Ok((d, r.f64(1)?))
    })
}

/// blockchain.com chart JSON: `{key: [{x: ms, y}]}`.
pub fn chart_json(raw: &Raw, rel: &str, key: &str) -> Result<BTreeMap<Date, f64>> {
    let v = raw.json(rel)?;
    let arr = v[key]
        .as_array()
        .ok_or_else(|| anyhow!("{rel}: no '{key}' array"))?;
    let mut out = BTreeMap::new();
    for (i, p) in arr.iter().enumerate() {
        let what = format!("{key}[{i}]");
        let ms = p["x"]
            .as_i64()
            .ok_or_else(|| anyhow!("{rel}: {what}.x is not an integer"))?;
        let y = p["y"]
            .as_f64()
            .ok_or_else(|| anyhow!("{rel}: {what}.y is not a number"))?;
        let d = ms_day(ms, rel, &what)?;
        if out.insert(d, y).is_some() {
            bail!("{rel}: {what}: duplicate day {d}");
        }
    }
    Ok(out)
}

/// `hashprice/network.csv` btc_price_usd (cross-check only).
pub fn network_csv_price(raw: &Raw) -> Result<BTreeMap<Date, f64>> {
    let mut out = BTreeMap::new();
    for r in &raw.csv(
        NETWORK_CSV,
        Some(&["date", "hashrate_ehs", "difficulty", "btc_price_usd"]),
    )? {
        if let Some(p) = r.opt_f64(3)? {
            insert_unique(&mut out, r.day(0)?, p, r)?;
        }
    }
    Ok(out)
}

pub fn exists(dir: &Path) -> bool {
    dir.join(CM).is_file()
}
