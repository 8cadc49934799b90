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

mod hours;
mod instant;
mod layout;
pub mod regimes;
mod rows;

pub use instant::parse_instant;

use super::{DateWindow, parse_err, reader};
use crate::error::{Error, Result};
use crate::power::{Market, PriceBook};
use layout::Layout;
use rows::Rows;

/// `data/ercot_da_hourly.csv`, built by `cargo xtask power`.
pub(crate) const ERCOT_DA_HOURLY_CSV: &str =
    include_str!("../../../../../data/ercot_da_hourly.csv");
/// `data/ercot_rt_hourly.csv`, built by `cargo xtask power`.
pub(crate) const ERCOT_RT_HOURLY_CSV: &str =
    include_str!("../../../../../data/ercot_rt_hourly.csv");

/// A parsed price file.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerFile {
    /// The hourly prices read, by settlement point (USD per MWh).
    pub book: PriceBook,
    /// The market named by a `Market` column, if the file has one.
    pub market: Option<Market>,
    /// Data rows read.
    pub rows: usize,
}

/// Parses a price file of either shape (see the module docs).
///
/// Strict: a repeated (hub, interval) is an error naming both lines; rows must sit on the file's interval grid
/// (nothing is rounded); a sub-hourly file must have every interval of each hour it has any of (a partial hour
/// is an error naming the hours, not the mean of what is there); an unknown `Market` value or a file without a
/// single price is an error.
pub fn parse_power_csv(text: &str, origin: &str) -> Result<PowerFile> {
    parse_power_import(text, origin, DateWindow::bundled())
}

/// Parses a price file as [`parse_power_csv`] does, each row's time inside `window` (a time outside it is an
/// error naming the row).
pub fn parse_power_import(text: &str, origin: &str, window: DateWindow) -> Result<PowerFile> {
    let (mut rdr, headers) = reader(text, origin)?;
    let layout = Layout::of(&headers, origin)?;
    let mut rows = Rows::new(&layout, window);
    for rec in rdr.records() {
        let rec = rec
            .map_err(|e| parse_err(origin, e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.read(&rec, line, &layout, &headers, origin)?;
    }
    if rows.count == 0 {
        return Err(parse_err(origin, 2, "no data rows"));
    }
    if rows.points.is_empty() {
        return Err(parse_err(
            origin,
            2,
            format!(
                "no prices: every price cell of the {} rows is empty",
                rows.count
            ),
        ));
    }
    let step = match rows.stated {
        Some((len, _)) => len,
        None => hours::grid_from_gaps(&rows.times).map_err(|m| parse_err(origin, 2, m))?,
    };
    hours::check_on_grid(&rows.times, step, origin)?;
    let book = hours::hourly_means(&rows.points, &rows.hubs, step, origin)?;
    Ok(PowerFile {
        book,
        market: rows.market,
        rows: rows.count,
    })
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

/// Why `parse_power_csv` refuses `text` read from `origin`.
#[cfg(test)]
fn csv_refusal(text: &str, origin: &str) -> String {
    parse_power_csv(text, origin).unwrap_err().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::central_time::format_utc_hour;

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
        let err = csv_refusal(text, "q.csv");
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
        let err = csv_refusal(&text, "q.csv");
        assert!(err.contains("2024-01-01T07:00Z (2 of 4)"), "{err}");
    }

    #[test]
    fn repeated_intervals_are_errors_naming_both_lines() {
        let err = csv_refusal(
            "hour_start_utc,HB_WEST\n2024-01-01T06:00Z,25\n2024-01-01T07:00Z,26\n2024-01-01T06:00Z,9999\n",
            "d.csv",
        );
        assert_eq!(
            err,
            "d.csv, line 4: HB_WEST at '2024-01-01T06:00Z' is priced twice (also on line 2); \
             each hub needs one price per interval"
        );
        // gridstatus lists load zones once per Location Type: ambiguous, explained.
        let err = csv_refusal(
            "Interval Start,Interval End,Location,Location Type,Market,SPP\n\
             2024-01-01 00:00:00-06:00,2024-01-01 01:00:00-06:00,LZ_WEST,Load Zone,DAY_AHEAD_HOURLY,20\n\
             2024-01-01 00:00:00-06:00,2024-01-01 01:00:00-06:00,LZ_WEST,Load Zone DC Tie,DAY_AHEAD_HOURLY,21\n",
            "lz.csv",
        );
        assert!(err.starts_with("lz.csv, line 3: LZ_WEST at"), "{err}");
        assert!(err.contains("LZ rows are ambiguous"), "{err}");
        assert!(err.contains("trading hubs only"), "{err}");
    }

    #[test]
    fn rows_off_the_grid_unknown_markets_and_empty_files_are_errors() {
        // (file, its name, the error or its start, whether that is the whole error)
        for (text, origin, message, whole) in [
            (
                "hour_start_utc,HB_WEST\n2024-01-01T05:00Z,1\n2024-01-01T06:30Z,2\n2024-01-01T08:00Z,3\n2024-01-01T09:00Z,4\n",
                "g.csv",
                "g.csv, line 3: time '2024-01-01T06:30Z' is not on the file's hourly grid (intervals start on \
                 the hour UTC); rows are not rounded",
                true,
            ),
            (
                "hour_start_utc,HB_WEST\n2024-01-01T06:30Z,2\n",
                "g.csv",
                "g.csv, line 2: time '2024-01-01T06:30Z' is not on",
                false,
            ),
            (
                "Time,Location,Market,SPP\n2024-01-01T06:00Z,HB_WEST,WEEKLY_AUCTION,5\n",
                "m.csv",
                "m.csv, line 2: market 'WEEKLY_AUCTION': expected a day-ahead",
                false,
            ),
            (
                "hour_start_utc,HB_WEST,HB_PAN\n2024-01-01T06:00Z,,\n",
                "e.csv",
                "e.csv, line 2: no prices: every price cell of the 1 rows is empty",
                true,
            ),
        ] {
            let err = csv_refusal(text, origin);
            if whole {
                assert_eq!(err, message);
            } else {
                assert!(err.starts_with(message), "{err}");
            }
        }
    }

    #[test]
    fn times_outside_the_plausible_window_are_refused_with_the_row() {
        // The fuzzing reproducer (once stored as year 10000, it broke every later command) is refused with its
        // row; so is any time past the window.
        for (far, want) in [
            ("9999-12-31T23:00-05:00", "expected a timestamp"),
            (
                "2999-01-01T00:00Z",
                "expected a date from 2009-01-03 (the genesis block) to 2027-12-31 (the end of next year)",
            ),
        ] {
            let err = parse_power_import(
                &format!("hour_start_utc,HB_WEST\n2024-01-01T06:00Z,1\n{far},2\n"),
                "far.csv",
                DateWindow::through_year(2027),
            )
            .unwrap_err()
            .to_string();
            assert_eq!(
                err,
                format!("far.csv, line 3: time '{far}': ") + &err[err.find(want).unwrap_or(0)..]
            );
            assert!(err.contains(want), "{err}");
        }
        let err = parse_power_import(
            "hour_start_utc,HB_WEST\n2008-06-01T06:00Z,1\n",
            "old.csv",
            DateWindow::through_year(2027),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("old.csv, line 2: time '2008-06-01T06:00Z': expected"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_file_line_and_value() {
        let err = csv_refusal("hour_start_utc,HB_WEST\n2024-01-01T06:00Z,abc\n", "p.csv");
        assert_eq!(
            err,
            "p.csv, line 2: column 'HB_WEST': found 'abc', expected a price in USD/MWh"
        );
        let err = csv_refusal("hour_start_utc,HB_WEST\n2024-01-01T06:00Z,1e9\n", "p.csv");
        assert_eq!(
            err,
            "p.csv, line 2: column 'HB_WEST': found 1e9, expected a price in USD/MWh in [-10000, 100000] (the \
             bundled real-time extremes are -228.74 and 9203.58)"
        );
        let err = csv_refusal("hour_start_utc,HB_WEST\n2024-01-01 06:00,1\n", "p.csv");
        assert!(
            err.starts_with("p.csv, line 2: time '2024-01-01 06:00'"),
            "{err}"
        );
        let err = csv_refusal(
            "Time,Location,Volume\n2024-01-01T06:00Z,HB_WEST,1\n",
            "p.csv",
        );
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
