//! Hourly power prices: the bundled ERCOT hub files and user imports.
//!
//! Two shapes are read:
//! - **wide** (the bundled shape): a time column (`hour_start_utc`, `Interval Start`, `Time`) and one column of
//!   USD/MWh per hub;
//! - **long** (what the `gridstatus` library exports for any ISO): a time column (`Interval Start`, `Time`, …),
//!   `Location`, and `SPP`, `LMP` or `Price`; an optional `Market` column (DAY_AHEAD_HOURLY, REAL_TIME_15_MIN…).
//!
//! Timestamps must carry their UTC offset (`Z`, `+00:00`, `-06:00`), so DST is never guessed. Sub-hourly rows
//! (15- or 5-minute) are averaged into the UTC hour that contains them.

use super::{column, parse_err, reader};
use crate::error::{Error, Result};
use crate::power::{Market, PriceBook};
use std::collections::BTreeMap;

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
/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]](Z|±HH:MM|±HHMM|±HH| UTC)`.
pub fn parse_instant(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 16 || !(b[10] == b'T' || b[10] == b' ') || b[13] != b':' {
        return None;
    }
    let date = crate::Date::parse(&t[..10]).ok()?;
    let hour: i64 = t[11..13].parse().ok()?;
    let minute: i64 = t[14..16].parse().ok()?;
    let mut rest = &t[16..];
    let mut second = 0i64;
    if let Some(r) = rest.strip_prefix(':') {
        second = r.get(..2)?.parse().ok()?;
        rest = &r[2..];
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
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            let (h, m) = match digits.len() {
                2 => (digits.parse::<i64>().ok()?, 0),
                4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
                _ => return None,
            };
            sign * (h * 60 + m)
        }
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(date.unix_seconds() + hour * 3_600 + minute * 60 + second - offset_min * 60)
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

/// Parses a price file of either shape (see the module docs).
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
    // (hub, hour) → (sum, count), to average sub-hourly rows.
    let mut acc: BTreeMap<(String, i64), (f64, u32)> = BTreeMap::new();
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
        let hour = secs.div_euclid(3_600);
        if let Some(c) = c_market {
            let m = rec.get(c).unwrap_or("");
            match (market_of(m), market) {
                (Some(x), None) => market = Some(x),
                (Some(x), Some(y)) if x != y => {
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
            let e = acc.entry((hub.to_string(), hour)).or_insert((0.0, 0));
            e.0 += v;
            e.1 += 1;
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
    let mut book = PriceBook::new();
    for ((hub, hour), (sum, n)) in acc {
        book.insert(&hub, hour, sum / n as f64);
    }
    Ok(PowerFile { book, market, rows })
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
        let text = "Time,Interval Start,Interval End,Location,Location Type,Market,SPP\n\
            2024-11-03 01:00:00-05:00,2024-11-03 01:00:00-05:00,2024-11-03 01:15:00-05:00,HB_WEST,Trading Hub,REAL_TIME_15_MIN,10\n\
            2024-11-03 01:15:00-05:00,2024-11-03 01:15:00-05:00,2024-11-03 01:30:00-05:00,HB_WEST,Trading Hub,REAL_TIME_15_MIN,20\n\
            2024-11-03 01:00:00-06:00,2024-11-03 01:00:00-06:00,2024-11-03 01:15:00-06:00,HB_WEST,Trading Hub,REAL_TIME_15_MIN,-30\n";
        let f = parse_power_csv(text, "gs.csv").unwrap();
        assert_eq!(f.market, Some(Market::Rt));
        let pts: Vec<(String, f64)> = f
            .book
            .points()
            .map(|(h, t, p)| (format!("{h} {}", format_utc_hour(t)), p))
            .collect();
        assert_eq!(
            pts,
            vec![
                ("HB_WEST 2024-11-03T06:00Z".to_string(), 15.0),
                ("HB_WEST 2024-11-03T07:00Z".to_string(), -30.0)
            ]
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
