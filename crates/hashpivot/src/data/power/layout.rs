//! The columns of a price file: a time column, an optional interval-end column, an optional `Market` column,
//! and the prices — one column per hub (wide) or `Location` with one price column (long).

use crate::data::{column, parse_err};
use crate::error::Result;

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

/// Where a file keeps its prices.
pub(super) enum Prices {
    /// gridstatus' shape: a `Location` column names the hub, one column holds the price.
    Long { location: usize, price: usize },
    /// The bundled shape: one column per hub, (index, hub).
    Wide(Vec<(usize, String)>),
}

/// The column indices of a price file.
pub(super) struct Layout {
    pub time: usize,
    pub end: Option<usize>,
    pub market: Option<usize>,
    pub prices: Prices,
}

impl Layout {
    /// Finds the columns, or says which are missing.
    pub(super) fn of(headers: &csv::StringRecord, origin: &str) -> Result<Layout> {
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
        };
        let time = find(&TIME_COLUMNS).ok_or_else(|| {
            parse_err(
                origin,
                1,
                format!(
                    "no time column: expected one of hour_start_utc, Interval Start, Time (found: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let end = find(&END_COLUMNS);
        let location = column(headers, "location", origin, false)?;
        let market = column(headers, "market", origin, false)?;
        let prices = match location {
            Some(location) => {
                let price = find(&PRICE_COLUMNS).ok_or_else(|| {
                    parse_err(
                        origin,
                        1,
                        "a long file (with a Location column) needs a price column: SPP, LMP or Price",
                    )
                })?;
                Prices::Long { location, price }
            }
            None => {
                let hubs: Vec<(usize, String)> = headers
                    .iter()
                    .enumerate()
                    .filter(|(i, h)| {
                        *i != time
                            && !META_COLUMNS.iter().any(|m| h.eq_ignore_ascii_case(m))
                            && !TIME_COLUMNS.iter().any(|m| h.eq_ignore_ascii_case(m))
                    })
                    .map(|(i, h)| (i, h.to_string()))
                    .collect();
                if hubs.is_empty() {
                    return Err(parse_err(
                        origin,
                        1,
                        "no price columns: expected one column per hub (e.g. HB_WEST) or Location + SPP/LMP",
                    ));
                }
                Prices::Wide(hubs)
            }
        };
        Ok(Layout {
            time,
            end,
            market,
            prices,
        })
    }
}
