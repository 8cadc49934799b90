//! Hourly power prices: the bundled ERCOT hub files and user imports.
//!
//! Two shapes are read:
//! - **wide** (the bundled shape): a time column (`hour_start_utc`, `Interval Start`, `Time`) and one column of
//!   USD/MWh per hub;
//! - **long** (what the `gridstatus` library exports for any ISO): a time column (`Interval Start`, `Time`, …),
//!   `Location`, and `SPP`, `LMP` or `Price`; an optional `Market` column (DAY_AHEAD_HOURLY, REAL_TIME_15_MIN…).
//!
//! Timestamps must carry their UTC offset (`Z`, `+00:00`, `-06:00`), so DST is never guessed. Sub-hourly rows
//! (15- or 5-minute) are averaged into the UTC hour that contains them, and only whole hours are accepted.
//!
//! The interval length is what an `Interval End` column states, else the most common gap between row times (a
//! file of one time is hourly; the `Market` name is not used, since hourly means of a 15-minute market are
//! hourly rows). Every row must start on that grid. Errors, never silent repairs: a hub priced twice in one interval
//! (both lines named; gridstatus load-zone rows, listed once per Location Type, are explained as ambiguous), a
//! row off the grid, an hour with only some of its sub-hourly intervals (the hours are named), an unknown
//! `Market` value, a file without a single price.

use super::{column, parse_err, reader};
use crate::error::{Error, Result};
use crate::power::central_time::format_utc_hour;
use crate::power::{Market, PriceBook};
use std::collections::{BTreeMap, HashMap};

/// `data/ercot_da_hourly.csv`, built by `cargo xtask power`.
pub const ERCOT_DA_HOURLY_CSV: &str = include_str!("../../../../data/ercot_da_hourly.csv");
/// `data/ercot_rt_hourly.csv`, built by `cargo xtask power`.
pub const ERCOT_RT_HOURLY_CSV: &str = include_str!("../../../../data/ercot_rt_hourly.csv");

const TIME_COLUMNS: [&str; 6] = [
    "hour_start_utc",
    "interval start",
    "interval_start_utc",
    "interval_start",
    "time",
    "timestamp",
];
/// Interval-end columns (gridstatus); they state the interval length.
const END_COLUMNS: [&str; 3] = ["interval end", "interval_end_utc", "interval_end"];
const PRICE_COLUMNS: [&str; 4] = ["spp", "lmp", "price", "usd_per_mwh"];
/// Columns of a wide file that are not hubs.
const META_COLUMNS: [&str; 10] = [
    "hour_start_local",
    "n_intervals",
    "interval end",
    "interval_end",
    "interval_end_utc",
    "time_central",
    "market",
    "location type",
    "date",
    "hour_beginning",
];

/// A parsed price file.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerFile {
    pub book: PriceBook,
    /// The market named by a `Market` column, if the file has one.
    pub market: Option<Market>,
    /// Data rows read.
    pub rows: usize,
}

/// Parses a timestamp with an explicit offset into unix seconds:
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]](Z|±HH:MM|±HHMM|±HH| UTC)`. Anything else (including any non-ASCII character)
/// is `None`, never a panic.
pub fn parse_instant(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    let b = t.as_bytes();
    if b.len() < 16 || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
        return None;
    }
    let date = crate::Date::parse(t.get(..10)?).ok()?;
    let hour = two_digits(t.get(11..13)?)?;
    let minute = two_digits(t.get(14..16)?)?;
    let mut rest = t.get(16..)?;
    let mut second = 0i64;
    if let Some(r) = rest.strip_prefix(':') {
        second = two_digits(r.get(..2)?)?;
        rest = r.get(2..)?;
        if let Some(r) = rest.strip_prefix('.') {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let rest = rest.trim();
    let offset_min: i64 = match rest {
        "Z" | "UTC" | "+00:00" | "+0000" | "+00" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = rest.get(1..)?;
            let digits = match digits.as_bytes() {
                [_, _, b':', _, _] => format!("{}{}", digits.get(..2)?, digits.get(3..)?),
                _ => digits.to_string(),
            };
            let (h, m) = match digits.len() {
                2 => (two_digits(&digits)?, 0),
                4 => (two_digits(digits.get(..2)?)?, two_digits(digits.get(2..)?)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 60 + m)
        }
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(date.unix_seconds() + hour * 3_600 + minute * 60 + second - offset_min * 60)
}

/// Exactly two ASCII digits.
fn two_digits(s: &str) -> Option<i64> {
    match s.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(i64::from((a - b'0') * 10 + (b - b'0'))),
        _ => None,
    }
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

/// "hourly" or "15-minute".
fn interval_label(secs: i64) -> String {
    if secs == 3_600 {
        "hourly".to_string()
    } else if secs % 60 == 0 {
        format!("{}-minute", secs / 60)
    } else {
        format!("{secs}-second")
    }
}

/// Parses a price file of either shape (see the module docs).
///
/// Strict: a repeated (hub, interval) is an error naming both lines; rows must sit on the file's interval grid
/// (nothing is rounded); a sub-hourly file must have every interval of each hour it has any of (a partial hour
/// is an error naming the hours, not the mean of what is there); an unknown `Market` value or a file without a
/// single price is an error.
pub fn parse_power_csv(text: &str, origin: &str) -> Result<PowerFile> {
    let mut rdr = reader(text);
    let headers = rdr
        .headers()
        .map_err(|e| parse_err(origin, 1, e.to_string()))?
        .clone();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    };
    let c_time = find(&TIME_COLUMNS).ok_or_else(|| {
        parse_err(
            origin,
            1,
            format!(
                "no time column: expected one of hour_start_utc, Interval Start, Time (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let c_end = find(&END_COLUMNS);
    let c_location = column(&headers, "location", origin, false)?;
    let c_market = column(&headers, "market", origin, false)?;
    let long = c_location.map(|l| (l, find(&PRICE_COLUMNS)));
    let wide_hubs: Vec<(usize, String)> = if long.is_some() {
        Vec::new()
    } else {
        headers
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                *i != c_time
                    && !META_COLUMNS.iter().any(|m| h.eq_ignore_ascii_case(m))
                    && !TIME_COLUMNS.iter().any(|m| h.eq_ignore_ascii_case(m))
            })
            .map(|(i, h)| (i, h.to_string()))
            .collect()
    };
    if let Some((_, None)) = long {
        return Err(parse_err(
            origin,
            1,
            "a long file (with a Location column) needs a price column: SPP, LMP or Price",
        ));
    }
    if long.is_none() && wide_hubs.is_empty() {
        return Err(parse_err(
            origin,
            1,
            "no price columns: expected one column per hub (e.g. HB_WEST) or Location + SPP/LMP",
        ));
    }
    let mut hubs: Vec<String> = wide_hubs.iter().map(|(_, h)| h.clone()).collect();
    let mut hub_ids: HashMap<String, usize> = hubs
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect();
    // (hub id, start second) → line of the row that priced it.
    let mut seen: HashMap<(usize, i64), u64> = HashMap::new();
    // (hub id, start second, price, line).
    let mut points: Vec<(usize, i64, f64, u64)> = Vec::new();
    // (line, start second, time text), one per row.
    let mut times: Vec<(u64, i64, String)> = Vec::new();
    // Interval length stated by an Interval End column: (seconds, line).
    let mut stated: Option<(i64, u64)> = None;
    let mut market: Option<Market> = None;
    let mut rows = 0usize;
    for rec in rdr.records() {
        let rec = rec
            .map_err(|e| parse_err(origin, e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        rows += 1;
        let ts = rec.get(c_time).unwrap_or("");
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
        if let Some(c) = c_end {
            let te = rec.get(c).unwrap_or("");
            let end = parse_instant(te).ok_or_else(|| {
                parse_err(
                    origin,
                    line,
                    format!(
                        "{} '{te}': expected a timestamp with its UTC offset",
                        &headers[c]
                    ),
                )
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
                return Err(parse_err(
                    origin,
                    line,
                    format!(
                        "{what}: expected intervals that divide an hour (5, 15, 30 or 60 minutes)"
                    ),
                ));
            }
            match stated {
                None => stated = Some((len, line)),
                Some((l0, line0)) if l0 != len => {
                    return Err(parse_err(
                        origin,
                        line,
                        format!(
                            "{what}, but line {line0} has {} intervals; import one interval length per file",
                            interval_label(l0)
                        ),
                    ));
                }
                _ => {}
            }
        }
        if let Some(c) = c_market {
            let m = rec.get(c).unwrap_or("");
            let Some(x) = market_of(m) else {
                return Err(parse_err(
                    origin,
                    line,
                    format!(
                        "market '{m}': expected a day-ahead (DAY_AHEAD_HOURLY, DAM, DA) or real-time \
                         (REAL_TIME_15_MIN, REAL_TIME_5_MIN, RTM, RT) market"
                    ),
                ));
            };
            match market {
                None => market = Some(x),
                Some(y) if x != y => {
                    return Err(parse_err(
                        origin,
                        line,
                        format!(
                            "market '{m}': the file mixes day-ahead and real-time rows; import one market per file"
                        ),
                    ));
                }
                _ => {}
            }
        }
        times.push((line, secs, ts.to_string()));
        let mut add = |hub: &str, cell: &str, name: &str| -> Result<()> {
            if cell.is_empty() {
                return Ok(());
            }
            let v: f64 = cell
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| {
                    parse_err(
                        origin,
                        line,
                        format!("column '{name}': found '{cell}', expected a price in USD/MWh"),
                    )
                })?;
            let id = match hub_ids.get(hub) {
                Some(&id) => id,
                None => {
                    hubs.push(hub.to_string());
                    hub_ids.insert(hub.to_string(), hubs.len() - 1);
                    hubs.len() - 1
                }
            };
            if let Some(first) = seen.insert((id, secs), line) {
                return Err(parse_err(origin, line, duplicate_message(hub, ts, first)));
            }
            points.push((id, secs, v, line));
            Ok(())
        };
        match long {
            Some((c_loc, Some(c_price))) => {
                let hub = rec.get(c_loc).unwrap_or("").to_string();
                if hub.is_empty() {
                    return Err(parse_err(origin, line, "empty Location"));
                }
                add(&hub, rec.get(c_price).unwrap_or(""), &headers[c_price])?;
            }
            _ => {
                for (i, hub) in &wide_hubs {
                    add(hub, rec.get(*i).unwrap_or(""), hub)?;
                }
            }
        }
    }
    if rows == 0 {
        return Err(parse_err(origin, 2, "no data rows"));
    }
    if points.is_empty() {
        return Err(parse_err(
            origin,
            2,
            format!("no prices: every price cell of the {rows} rows is empty"),
        ));
    }
    let step = match stated {
        Some((len, _)) => len,
        None => grid_from_gaps(&times).map_err(|m| parse_err(origin, 2, m))?,
    };
    for (line, secs, ts) in &times {
        if secs.rem_euclid(step) != 0 {
            return Err(parse_err(
                origin,
                *line,
                format!(
                    "time '{ts}' is not on the file's {} grid (intervals start {} UTC); rows are not rounded",
                    interval_label(step),
                    if step == 3_600 {
                        "on the hour".to_string()
                    } else {
                        format!(
                            "every {} from the hour",
                            interval_label(step).replace('-', " ")
                        )
                    }
                ),
            ));
        }
    }
    // (hub id, unix hour) → (sum, intervals, first line).
    let mut acc: BTreeMap<(usize, i64), (f64, i64, u64)> = BTreeMap::new();
    for &(id, secs, v, line) in &points {
        let e = acc
            .entry((id, secs.div_euclid(3_600)))
            .or_insert((0.0, 0, line));
        e.0 += v;
        e.1 += 1;
        e.2 = e.2.min(line);
    }
    let per_hour = 3_600 / step;
    // (hub id, unix hour, intervals, first line) of each partial hour.
    let partial: Vec<(usize, i64, i64, u64)> = acc
        .iter()
        .filter(|(_, (_, n, _))| *n != per_hour)
        .map(|(&(id, hour), &(_, n, line))| (id, hour, n, line))
        .collect();
    if let Some(&(id, _, _, line)) = partial.iter().min_by_key(|p| p.3) {
        let of_hub: Vec<&(usize, i64, i64, u64)> = partial.iter().filter(|p| p.0 == id).collect();
        let for_hub = of_hub.len();
        let mut listed: Vec<String> = of_hub
            .iter()
            .take(5)
            .map(|&&(_, hour, n, _)| format!("{} ({n} of {per_hour})", format_utc_hour(hour)))
            .collect();
        if for_hub > 5 {
            listed.push(format!("and {} more", for_hub - 5));
        }
        return Err(parse_err(
            origin,
            line,
            format!(
                "{} has an incomplete set of {} intervals in {for_hub} hour(s): {}; \
                 a partial hour is a gap, not the mean of the intervals present — import whole hours",
                hubs[id],
                interval_label(step),
                listed.join(", ")
            ),
        ));
    }
    let mut book = PriceBook::new();
    for ((id, hour), (sum, n, _)) in acc {
        book.insert(&hubs[id], hour, sum / n as f64);
    }
    Ok(PowerFile { book, market, rows })
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

/// The interval length of a file without an Interval End column: the most common
/// gap between consecutive row times (ties to the shorter), at most an hour; a single time is read as hourly.
fn grid_from_gaps(times: &[(u64, i64, String)]) -> std::result::Result<i64, String> {
    let mut t: Vec<i64> = times.iter().map(|x| x.1).collect();
    t.sort_unstable();
    t.dedup();
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for w in t.windows(2) {
        *counts.entry(w[1] - w[0]).or_default() += 1;
    }
    let gap = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(3_600, |(g, _)| *g)
        .min(3_600);
    if 3_600 % gap != 0 {
        return Err(format!(
            "rows are most often {gap} seconds apart: expected intervals that divide an hour \
             (5, 15, 30 or 60 minutes)"
        ));
    }
    Ok(gap)
}

/// The bundled ERCOT hub prices of a market.
pub fn bundled_power(market: Market) -> Result<PriceBook> {
    let (text, origin) = match market {
        Market::Da => (ERCOT_DA_HOURLY_CSV, "bundled data/ercot_da_hourly.csv"),
        Market::Rt => (ERCOT_RT_HOURLY_CSV, "bundled data/ercot_rt_hourly.csv"),
    };
    let f = parse_power_csv(text, origin)?;
    if f.book.hubs().next().is_none() {
        return Err(Error::Parse {
            origin: origin.into(),
            line: 1,
            message: "no hubs".into(),
        });
    }
    Ok(f.book)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::central_time::format_utc_hour;

    #[test]
    fn instants() {
        assert_eq!(parse_instant("2024-01-01T06:00Z"), Some(1_704_088_800));
        assert_eq!(
            parse_instant("2024-01-01 00:00:00-06:00"),
            Some(1_704_088_800)
        );
        assert_eq!(
            parse_instant("2024-01-01T00:00:00.000-0600"),
            Some(1_704_088_800)
        );
        assert_eq!(
            parse_instant("2024-01-01 06:00:00+00:00"),
            Some(1_704_088_800)
        );
        assert_eq!(parse_instant("2024-01-01 00:00:00"), None);
        assert_eq!(parse_instant("yesterday"), None);
    }

    #[test]
    fn gridstatus_long_15_minute_rows_average_into_utc_hours() {
        // The fall-back day: 01:00 CDT (06:00Z) then 01:00 CST (07:00Z), every 15-minute interval present.
        let mut text =
            String::from("Time,Interval Start,Interval End,Location,Location Type,Market,SPP\n");
        for (off, prices) in [
            ("-05:00", [10, 20, 30, 40]),
            ("-06:00", [-30, -30, -30, -10]),
        ] {
            for (q, p) in prices.iter().enumerate() {
                let a = format!("2024-11-03 01:{:02}:00{off}", q * 15);
                let b = if q == 3 {
                    format!("2024-11-03 02:00:00{off}")
                } else {
                    format!("2024-11-03 01:{:02}:00{off}", q * 15 + 15)
                };
                text.push_str(&format!(
                    "{a},{a},{b},HB_WEST,Trading Hub,REAL_TIME_15_MIN,{p}\n"
                ));
            }
        }
        let f = parse_power_csv(&text, "gs.csv").unwrap();
        assert_eq!(f.market, Some(Market::Rt));
        assert_eq!(f.rows, 8);
        let pts: Vec<(String, f64)> = f
            .book
            .points()
            .map(|(h, t, p)| (format!("{h} {}", format_utc_hour(t)), p))
            .collect();
        assert_eq!(
            pts,
            vec![
                ("HB_WEST 2024-11-03T06:00Z".to_string(), 25.0),
                ("HB_WEST 2024-11-03T07:00Z".to_string(), -25.0)
            ]
        );
    }

    #[test]
    fn a_partial_sub_hourly_hour_is_an_error_naming_the_hours() {
        // Interval End states 15 minutes: one interval of an hour is not that hour's price.
        let text = "Interval Start,Interval End,Location,SPP\n\
            2024-01-01T06:00Z,2024-01-01T06:15Z,HB_WEST,25\n";
        let err = parse_power_csv(text, "q.csv").unwrap_err().to_string();
        assert_eq!(
            err,
            "q.csv, line 2: HB_WEST has an incomplete set of 15-minute intervals in 1 hour(s): \
             2024-01-01T06:00Z (1 of 4); a partial hour is a gap, not the mean of the intervals present — \
             import whole hours"
        );
        // Without an end column, the gaps between rows give the grid.
        let mut text = String::from("hour_start_utc,HB_WEST\n");
        for m in [0, 15, 30, 45, 60, 75] {
            text.push_str(&format!(
                "2024-01-01T{:02}:{:02}Z,{m}\n",
                6 + m / 60,
                m % 60
            ));
        }
        let err = parse_power_csv(&text, "q.csv").unwrap_err().to_string();
        assert!(err.contains("2024-01-01T07:00Z (2 of 4)"), "{err}");
    }

    #[test]
    fn repeated_intervals_are_errors_naming_both_lines() {
        let err = parse_power_csv(
            "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,25\n2024-01-01T07:00Z,26\n2024-01-01T06:00Z,9999\n",
            "d.csv",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "d.csv, line 4: HB_WEST at '2024-01-01T06:00Z' is priced twice (also on line 2); \
             each hub needs one price per interval"
        );
        // gridstatus lists load zones once per Location Type: ambiguous, explained.
        let err = parse_power_csv(
            "Interval Start,Interval End,Location,Location Type,Market,SPP\n\
             2024-01-01 00:00:00-06:00,2024-01-01 01:00:00-06:00,LZ_WEST,Load Zone,DAY_AHEAD_HOURLY,20\n\
             2024-01-01 00:00:00-06:00,2024-01-01 01:00:00-06:00,LZ_WEST,Load Zone DC Tie,DAY_AHEAD_HOURLY,21\n",
            "lz.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("lz.csv, line 3: LZ_WEST at"), "{err}");
        assert!(err.contains("LZ rows are ambiguous"), "{err}");
        assert!(err.contains("trading hubs only"), "{err}");
    }

    #[test]
    fn rows_off_the_grid_unknown_markets_and_empty_files_are_errors() {
        let err = parse_power_csv(
            "hour_start_utc,HB_WEST\n2024-01-01T05:00Z,1\n2024-01-01T06:30Z,2\n2024-01-01T08:00Z,3\n2024-01-01T09:00Z,4\n",
            "g.csv",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "g.csv, line 3: time '2024-01-01T06:30Z' is not on the file's hourly grid (intervals start on \
             the hour UTC); rows are not rounded"
        );
        let err = parse_power_csv("hour_start_utc,HB_WEST\n2024-01-01T06:30Z,2\n", "g.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("g.csv, line 2: time '2024-01-01T06:30Z' is not on"),
            "{err}"
        );
        let err = parse_power_csv(
            "Time,Location,Market,SPP\n2024-01-01T06:00Z,HB_WEST,WEEKLY_AUCTION,5\n",
            "m.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("m.csv, line 2: market 'WEEKLY_AUCTION': expected a day-ahead"),
            "{err}"
        );
        let err = parse_power_csv(
            "hour_start_utc,HB_WEST,HB_PAN\n2024-01-01T06:00Z,,\n",
            "e.csv",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "e.csv, line 2: no prices: every price cell of the 1 rows is empty"
        );
    }

    #[test]
    fn non_ascii_timestamps_are_errors_not_panics() {
        assert_eq!(parse_instant("2024-01-01T06:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-07-01T06:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-01-01T06:00:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-01-01T06:00-0\u{e9}"), None);
        assert_eq!(parse_instant("\u{20ac}024-01-01T06:00Z"), None);
        assert_eq!(parse_instant("2024-01-01T+6:00Z"), None);
        assert_eq!(
            parse_instant("2024-01-01T06:00+05:30"),
            Some(1_704_088_800 - 19_800)
        );
        let err = parse_power_csv("hour_start_utc,HB_X\n2024-01-01T06:\u{20ac}Z,5\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p.csv, line 2: time '2024-01-01T06:\u{20ac}Z': expected a timestamp"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_file_line_and_value() {
        let err = parse_power_csv("hour_start_utc,HB_WEST\n2024-01-01T06:00Z,abc\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "p.csv, line 2: column 'HB_WEST': found 'abc', expected a price in USD/MWh"
        );
        let err = parse_power_csv("hour_start_utc,HB_WEST\n2024-01-01 06:00,1\n", "p.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p.csv, line 2: time '2024-01-01 06:00'"),
            "{err}"
        );
        let err = parse_power_csv(
            "Time,Location,Volume\n2024-01-01T06:00Z,HB_WEST,1\n",
            "p.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("needs a price column"), "{err}");
    }

    #[test]
    fn bundled_files_are_complete() {
        let da = bundled_power(Market::Da).unwrap();
        assert_eq!(
            da.hubs().collect::<Vec<_>>(),
            ["HB_HOUSTON", "HB_NORTH", "HB_PAN", "HB_SOUTH", "HB_WEST"]
        );
        for hub in ["HB_WEST", "HB_PAN"] {
            assert_eq!(da.hours(hub), 10_128);
            assert_eq!(da.missing_hours(hub), 0);
        }
        let (a, b) = da.span("HB_WEST").unwrap();
        assert_eq!(format_utc_hour(a), "2024-01-01T06:00Z");
        assert_eq!(format_utc_hour(b), "2025-02-26T05:00Z");
    }
}
