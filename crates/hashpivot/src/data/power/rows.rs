//! Reading the rows of a price file: each row's time, its interval length, its market and its prices.

use super::hours::{Point, RowTime, interval_label};
use super::instant::parse_instant;
use super::layout::{Layout, Prices};
use crate::data::{DateWindow, parse_err};
use crate::error::{Error, Result};
use crate::power::Market;
use std::collections::HashMap;

/// What the rows of a file say, before it is put on the hour grid.
pub(super) struct Rows {
    /// Hub names; a hub's id is its index.
    pub hubs: Vec<String>,
    hub_ids: HashMap<String, usize>,
    /// (hub id, start second) → line of the row that priced it.
    seen: HashMap<(usize, i64), u64>,
    pub points: Vec<Point>,
    /// One per row.
    pub times: Vec<RowTime>,
    /// Interval length stated by an Interval End column: (seconds, line).
    pub stated: Option<(i64, u64)>,
    /// The market named by a `Market` column.
    pub market: Option<Market>,
    /// Data rows read.
    pub count: usize,
    /// The dates a row may fall on.
    window: DateWindow,
}

fn market_of(text: &str) -> Option<Market> {
    let u = text.to_ascii_uppercase();
    if u.contains("DAY_AHEAD") || u.contains("DAM") || u == "DA" {
        Some(Market::Da)
    } else if u.contains("REAL_TIME") || u.contains("RTM") || u == "RT" {
        Some(Market::Rt)
    } else {
        None
    }
}

/// Where a row is: its time as written, that time in unix seconds, its line and the file's origin.
struct At<'a> {
    ts: &'a str,
    secs: i64,
    line: u64,
    origin: &'a str,
}

impl At<'_> {
    /// A parse error at this row.
    fn err(&self, message: impl Into<String>) -> Error {
        parse_err(self.origin, self.line, message)
    }
}

/// The message for a hub priced twice in the same interval.
fn duplicate_message(hub: &str, ts: &str, first_line: u64) -> String {
    let mut m = format!(
        "{hub} at '{ts}' is priced twice (also on line {first_line}); each hub needs one price per interval"
    );
    if hub.to_ascii_uppercase().starts_with("LZ_") {
        m.push_str(
            ": gridstatus lists each load zone (LZ_*) under several Location Types (e.g. Load Zone and \
             Load Zone DC Tie), so LZ rows are ambiguous — import trading hubs only (Location Type = Trading Hub)",
        );
    }
    m
}

impl Rows {
    pub(super) fn new(layout: &Layout, window: DateWindow) -> Rows {
        let hubs: Vec<String> = match &layout.prices {
            Prices::Wide(hubs) => hubs.iter().map(|(_, h)| h.clone()).collect(),
            Prices::Long { .. } => Vec::new(),
        };
        Rows {
            hub_ids: hubs
                .iter()
                .enumerate()
                .map(|(i, h)| (h.clone(), i))
                .collect(),
            hubs,
            seen: HashMap::new(),
            points: Vec::new(),
            times: Vec::new(),
            stated: None,
            market: None,
            count: 0,
            window,
        }
    }

    /// Reads one row (on `line`).
    pub(super) fn read(
        &mut self,
        rec: &csv::StringRecord,
        line: u64,
        layout: &Layout,
        headers: &csv::StringRecord,
        origin: &str,
    ) -> Result<()> {
        self.count += 1;
        let ts = rec.get(layout.time).unwrap_or("");
        let secs = parse_instant(ts).ok_or_else(|| {
            parse_err(
                origin,
                line,
                format!(
                    "time '{ts}': expected a timestamp with its UTC offset, \
                     e.g. 2024-07-01T05:00Z or 2024-07-01 00:00:00-05:00"
                ),
            )
        })?;
        if !self.window.contains_instant(secs) {
            return Err(parse_err(
                origin,
                line,
                format!("time '{ts}': expected {}", self.window.expected()),
            ));
        }
        let at = At {
            ts,
            secs,
            line,
            origin,
        };
        if let Some(c) = layout.end {
            self.interval_end(rec.get(c).unwrap_or(""), &headers[c], &at)?;
        }
        if let Some(c) = layout.market {
            self.market(rec.get(c).unwrap_or(""), &at)?;
        }
        self.times.push((line, secs, ts.to_string()));
        match &layout.prices {
            Prices::Long { location, price } => {
                let hub = rec.get(*location).unwrap_or("");
                if hub.is_empty() {
                    return Err(parse_err(origin, line, "empty Location"));
                }
                let cell = rec.get(*price).unwrap_or("");
                self.price(hub, cell, &headers[*price], &at)?;
            }
            Prices::Wide(hubs) => {
                for (i, hub) in hubs {
                    self.price(hub, rec.get(*i).unwrap_or(""), hub, &at)?;
                }
            }
        }
        Ok(())
    }

    /// An Interval End cell: the interval must divide an hour and be the same on every row.
    fn interval_end(&mut self, te: &str, column: &str, at: &At) -> Result<()> {
        let &At { ts, secs, line, .. } = at;
        let end = parse_instant(te).ok_or_else(|| {
            at.err(format!(
                "{column} '{te}': expected a timestamp with its UTC offset"
            ))
        })?;
        let len = end - secs;
        let what = format!(
            "the interval '{ts}' to '{te}' lasts {}",
            if len % 60 == 0 {
                format!("{} minutes", len / 60)
            } else {
                format!("{len} seconds")
            }
        );
        if len <= 0 || 3_600 % len != 0 {
            return Err(at.err(format!(
                "{what}: expected intervals that divide an hour (5, 15, 30 or 60 minutes)"
            )));
        }
        match self.stated {
            None => self.stated = Some((len, line)),
            Some((l0, line0)) if l0 != len => {
                return Err(at.err(format!(
                    "{what}, but line {line0} has {} intervals; import one interval length per file",
                    interval_label(l0)
                )));
            }
            _ => {}
        }
        Ok(())
    }

    /// A Market cell: known, and the same market on every row.
    fn market(&mut self, m: &str, at: &At) -> Result<()> {
        let Some(x) = market_of(m) else {
            return Err(at.err(format!(
                "market '{m}': expected a day-ahead (DAY_AHEAD_HOURLY, DAM, DA) or real-time \
                 (REAL_TIME_15_MIN, REAL_TIME_5_MIN, RTM, RT) market"
            )));
        };
        match self.market {
            None => self.market = Some(x),
            Some(y) if x != y => {
                return Err(at.err(format!(
                    "market '{m}': the file mixes day-ahead and real-time rows; import one market per file"
                )));
            }
            _ => {}
        }
        Ok(())
    }

    /// A price cell of `hub` (in column `name`); an empty cell is no price.
    fn price(&mut self, hub: &str, cell: &str, name: &str, at: &At) -> Result<()> {
        let &At { ts, secs, line, .. } = at;
        if cell.is_empty() {
            return Ok(());
        }
        let v: f64 = cell
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                at.err(format!(
                    "column '{name}': found '{cell}', expected a price in USD/MWh"
                ))
            })?;
        let bound = crate::bounds::MARKET_PRICE_USD_PER_MWH;
        if !bound.contains(v) {
            return Err(at.err(format!(
                "column '{name}': found {cell}, expected {}",
                bound.expected
            )));
        }
        let id = match self.hub_ids.get(hub) {
            Some(&id) => id,
            None => {
                self.hubs.push(hub.to_string());
                self.hub_ids.insert(hub.to_string(), self.hubs.len() - 1);
                self.hubs.len() - 1
            }
        };
        if let Some(first) = self.seen.insert((id, secs), line) {
            return Err(at.err(duplicate_message(hub, ts, first)));
        }
        self.points.push((id, secs, v, line));
        Ok(())
    }
}
