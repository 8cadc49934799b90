//! The network table, bundled and imported: its columns, their units, and the checks every row passes.
//!
//! Fees name their unit: `fees_btc_per_day` (the day's total) or `fees_btc_per_block` (the day's mean per block,
//! as `hashpivot network --format csv` writes it; converted to the day's total with the row's `blocks`). The
//! older `fees_btc` is read as the day's total, with a note saying so. The derived columns of the tool's own
//! export (subsidy, hashrate, hashprice, effective difficulty) are recognised and recomputed, never stored;
//! any other column is an error naming it.

use super::window::DateWindow;
use super::{bounded_f64, column, csv_err, opt_u64, parse_err, reader};
use crate::bounds;
use crate::date::Date;
use crate::error::Result;
use crate::network::{MAX_BLOCKS_PER_DAY, MAX_HEIGHT, NetworkDay};

/// The columns of a stored import, in order (fees as the day's total).
pub const NETWORK_IMPORT_COLUMNS: [&str; 6] = [
    "date",
    "height",
    "blocks",
    "difficulty",
    "fees_btc_per_day",
    "price_usd",
];

/// Columns of `hashpivot network --format csv` that are computed from the others: read, not stored.
pub const DERIVED_NETWORK_COLUMNS: [&str; 5] = [
    "subsidy_btc",
    "hashrate_eh_s",
    "btc_per_ph_day",
    "usd_per_ph_day",
    "effective_difficulty",
];

/// Every data column a network table may hold (besides `date` and the derived ones).
const DATA_COLUMNS: [&str; 7] = [
    "height",
    "blocks",
    "difficulty",
    "fees_btc_per_day",
    "fees_btc_per_block",
    "fees_btc",
    "price_usd",
];

/// A parsed network table and what the reader should be told about it.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkCsv {
    /// One row per date, in file order.
    pub days: Vec<NetworkDay>,
    /// Each fees cell as the file gave it when per block: (date, BTC per block), to compare with data in use
    /// without a round trip through the day's total.
    pub fees_per_block: Vec<(Date, f64)>,
    /// Things the reader should know (a unit assumed, columns recomputed rather than read).
    pub notes: Vec<String>,
}

/// How the file states its fees.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fees {
    None,
    PerDay(usize),
    PerBlock(usize),
}

/// Parses a bundled network table (any date from the genesis block to 2100). See [`parse_network_import`].
pub fn parse_network_csv(text: &str, origin: &str) -> Result<Vec<NetworkDay>> {
    Ok(parse_network_import(text, origin, DateWindow::bundled())?.days)
}

/// Parses a network table: `date` (required, inside `window`) and some of `height`, `blocks`, `difficulty`,
/// `fees_btc_per_day` | `fees_btc_per_block` (| the older `fees_btc`, per day), `price_usd`; an empty cell means
/// no source covers it. Each value is checked against its bound in [`crate::bounds`]; an unknown column, a
/// repeated date or a date outside `window` is an error naming the line.
pub fn parse_network_import(text: &str, origin: &str, window: DateWindow) -> Result<NetworkCsv> {
    let (mut rdr, headers) = reader(text, origin)?;
    let c_date = column(&headers, "date", origin, true)?.expect("required");
    let mut notes = Vec::new();
    let unknown: Vec<&str> = headers
        .iter()
        .filter(|h| {
            !h.eq_ignore_ascii_case("date")
                && !DATA_COLUMNS.iter().any(|c| h.eq_ignore_ascii_case(c))
                && !DERIVED_NETWORK_COLUMNS
                    .iter()
                    .any(|c| h.eq_ignore_ascii_case(c))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(parse_err(
            origin,
            1,
            format!(
                "unknown column(s) {}: expected date and some of {} (fees name their unit: \
                 fees_btc_per_day or fees_btc_per_block)",
                unknown
                    .iter()
                    .map(|u| format!("'{u}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                DATA_COLUMNS.join(", ")
            ),
        ));
    }
    let derived: Vec<&str> = headers
        .iter()
        .filter(|h| {
            DERIVED_NETWORK_COLUMNS
                .iter()
                .any(|c| h.eq_ignore_ascii_case(c))
        })
        .collect();
    if !derived.is_empty() {
        notes.push(format!(
            "columns {} are computed from the others: read, not stored",
            derived.join(", ")
        ));
    }
    let c_height = column(&headers, "height", origin, false)?;
    let c_blocks = column(&headers, "blocks", origin, false)?;
    let c_diff = column(&headers, "difficulty", origin, false)?;
    let c_price = column(&headers, "price_usd", origin, false)?;
    let fees = fees_column(&headers, origin, c_blocks, &mut notes)?;
    if [c_height, c_blocks, c_diff, c_price]
        .iter()
        .all(Option::is_none)
        && fees == Fees::None
    {
        return Err(parse_err(
            origin,
            1,
            format!(
                "no data column: expected some of {}",
                NETWORK_IMPORT_COLUMNS[1..].join(", ")
            ),
        ));
    }
    let mut out = NetworkCsv {
        days: Vec::new(),
        fees_per_block: Vec::new(),
        notes,
    };
    let mut seen: std::collections::BTreeMap<Date, u64> = std::collections::BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(origin, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let date_cell = rec.get(c_date).unwrap_or("");
        let date = Date::parse(date_cell).map_err(|_| {
            parse_err(
                origin,
                line,
                format!("column 'date': found '{date_cell}', expected YYYY-MM-DD"),
            )
        })?;
        if !window.contains(date) {
            return Err(parse_err(
                origin,
                line,
                format!(
                    "column 'date': found {date}, expected {}",
                    window.expected()
                ),
            ));
        }
        if let Some(first) = seen.insert(date, line) {
            return Err(parse_err(
                origin,
                line,
                format!("date {date} again (first on line {first}): expected one row per date"),
            ));
        }
        let blocks = match opt_u64(&rec, c_blocks, "blocks", origin, line)? {
            Some(b) if b > MAX_BLOCKS_PER_DAY as u64 => {
                return Err(parse_err(
                    origin,
                    line,
                    format!(
                        "column 'blocks': found {b}, expected at most {MAX_BLOCKS_PER_DAY} blocks a day"
                    ),
                ));
            }
            b => b.map(|b| b as u32),
        };
        let height = match opt_u64(&rec, c_height, "height", origin, line)? {
            Some(h) if h > MAX_HEIGHT => {
                return Err(parse_err(
                    origin,
                    line,
                    format!("column 'height': found {h}, expected a block height ≤ {MAX_HEIGHT}"),
                ));
            }
            h => h,
        };
        let fees_btc = match fees {
            Fees::None => None,
            Fees::PerDay(c) => {
                let name = &headers[c];
                bounded_f64(&rec, Some(c), &bounds::FEES_BTC_PER_DAY, name, origin, line)?
            }
            Fees::PerBlock(c) => {
                let name = "fees_btc_per_block";
                match bounded_f64(
                    &rec,
                    Some(c),
                    &bounds::FEES_BTC_PER_BLOCK,
                    name,
                    origin,
                    line,
                )? {
                    None => None,
                    Some(per_block) => {
                        let Some(b) = blocks else {
                            return Err(parse_err(
                                origin,
                                line,
                                "column 'fees_btc_per_block' has a value but 'blocks' is empty: \
                                 the day's total is fees per block × blocks",
                            ));
                        };
                        out.fees_per_block.push((date, per_block));
                        Some(per_block * f64::from(b))
                    }
                }
            }
        };
        out.days.push(NetworkDay {
            date,
            height,
            blocks,
            difficulty: bounded_f64(
                &rec,
                c_diff,
                &bounds::DIFFICULTY,
                "difficulty",
                origin,
                line,
            )?,
            fees_btc,
            price_usd: bounded_f64(
                &rec,
                c_price,
                &bounds::BTC_PRICE_USD,
                "price_usd",
                origin,
                line,
            )?,
        });
    }
    if out.days.is_empty() {
        return Err(parse_err(origin, 2, "no data rows"));
    }
    Ok(out)
}

/// Which column holds the fees, and in which unit; a note when the unit is assumed.
fn fees_column(
    headers: &csv::StringRecord,
    origin: &str,
    c_blocks: Option<usize>,
    notes: &mut Vec<String>,
) -> Result<Fees> {
    let per_day = column(headers, "fees_btc_per_day", origin, false)?;
    let per_block = column(headers, "fees_btc_per_block", origin, false)?;
    let legacy = column(headers, "fees_btc", origin, false)?;
    let given: Vec<&str> = [
        (per_day, "fees_btc_per_day"),
        (per_block, "fees_btc_per_block"),
        (legacy, "fees_btc"),
    ]
    .iter()
    .filter(|(c, _)| c.is_some())
    .map(|(_, n)| *n)
    .collect();
    if given.len() > 1 {
        return Err(parse_err(
            origin,
            1,
            format!(
                "fees are given twice ({}): keep one column, fees_btc_per_day or fees_btc_per_block",
                given.join(", ")
            ),
        ));
    }
    Ok(match (per_day, per_block, legacy) {
        (Some(c), _, _) => Fees::PerDay(c),
        (_, Some(c), _) => {
            if c_blocks.is_none() {
                return Err(parse_err(
                    origin,
                    1,
                    "column 'fees_btc_per_block' needs a 'blocks' column: the day's total is fees per \
                     block × blocks",
                ));
            }
            Fees::PerBlock(c)
        }
        (_, _, Some(c)) => {
            notes.push(
                "column 'fees_btc' read as the day's total fees in BTC (fees_btc_per_day); name it \
                 fees_btc_per_day, or fees_btc_per_block if it is per block"
                    .into(),
            );
            Fees::PerDay(c)
        }
        _ => Fees::None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        parse_network_import(text, "n.csv", DateWindow::through_year(2027))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn fees_name_their_unit_and_convert() {
        let w = DateWindow::through_year(2027);
        let per_block = parse_network_import(
            "date,blocks,fees_btc_per_block\n2024-01-01,150,0.25\n",
            "a.csv",
            w,
        )
        .unwrap();
        assert_eq!(per_block.days[0].fees_btc, Some(37.5));
        assert!(per_block.notes.is_empty());
        let per_day =
            parse_network_import("date,fees_btc_per_day\n2024-01-01,37.5\n", "a.csv", w).unwrap();
        assert_eq!(per_day.days[0].fees_btc, Some(37.5));
        let legacy = parse_network_import("date,fees_btc\n2024-01-01,37.5\n", "a.csv", w).unwrap();
        assert_eq!(legacy.days[0].fees_btc, Some(37.5));
        assert!(
            legacy.notes[0].contains("read as the day's total"),
            "{:?}",
            legacy.notes
        );
    }

    #[test]
    fn unknown_columns_dates_and_implausible_values_are_refused_with_the_row() {
        for (text, want) in [
            (
                "date,price_usd,volume,note\n2024-01-01,1,2,3\n",
                "n.csv, line 1: unknown column(s) 'volume', 'note': expected date and some of",
            ),
            (
                "date,price_usd\n9999-12-31,1\n",
                "n.csv, line 2: column 'date': found 9999-12-31, expected a date from 2009-01-03 (the genesis \
                 block) to 2027-12-31",
            ),
            (
                "date,price_usd\n2008-12-31,1\n",
                "n.csv, line 2: column 'date': found 2008-12-31",
            ),
            (
                "date,fees_btc_per_day\n2024-01-01,1e9\n",
                "n.csv, line 2: column 'fees_btc_per_day': found 1000000000, expected",
            ),
            (
                "date,blocks,fees_btc_per_block\n2024-01-01,144,500\n",
                "n.csv, line 2: column 'fees_btc_per_block': found 500, expected 0 to 100 BTC per block",
            ),
            (
                "date,fees_btc_per_block\n2024-01-01,0.2\n",
                "n.csv, line 1: column 'fees_btc_per_block' needs a 'blocks' column",
            ),
            (
                "date,fees_btc,fees_btc_per_day\n2024-01-01,1,1\n",
                "n.csv, line 1: fees are given twice (fees_btc_per_day, fees_btc)",
            ),
        ] {
            let err = refusal(text);
            assert!(err.starts_with(want), "{err}\nwanted: {want}");
        }
    }

    #[test]
    fn the_export_columns_are_read_and_derived_ones_noted() {
        let text = "date,height,difficulty,subsidy_btc,fees_btc_per_block,price_usd,hashrate_eh_s,\
                    btc_per_ph_day,usd_per_ph_day,blocks,effective_difficulty\n\
                    2024-11-12,870000,101646843652785.2,3.125,0.1,87000,700,0.0006,55,150,101646843652785.2\n";
        let f = parse_network_import(text, "e.csv", DateWindow::through_year(2027)).unwrap();
        let d = f.days[0];
        assert_eq!(
            (d.height, d.blocks, d.price_usd),
            (Some(870_000), Some(150), Some(87_000.0))
        );
        assert!((d.fees_btc.unwrap() - 15.0).abs() < 1e-12);
        assert_eq!(f.fees_per_block, vec![(d.date, 0.1)]);
        assert!(
            f.notes[0].contains("computed from the others"),
            "{:?}",
            f.notes
        );
    }
}
