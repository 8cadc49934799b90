//! CSV inputs for the fuzzer: network tables (with prices), hourly power prices and BTC price paths, as
//! `hashpivot data import` and the `csv` price model read them. Headers are drawn from the known columns, an
//! unknown one and odd spellings; cells from plausible values, edge numbers, dates at the data's edges and junk.

use hashpivot::data;
use proptest::prelude::*;
use std::sync::LazyLock;

/// Network columns: `date`, the usual data columns (the stored ones, fees per block and the older `fees_btc`),
/// then the derived ones of the tool's export, an unknown one and odd spellings.
static NETWORK_COLUMNS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let mut out: Vec<&str> = data::NETWORK_IMPORT_COLUMNS.to_vec();
    out.extend(["fees_btc_per_block", "fees_btc"]);
    out.extend(data::DERIVED_NETWORK_COLUMNS);
    out.extend(["volume", "Date", ""]);
    out
});

/// Power columns of both shapes.
const POWER_COLUMNS: [&str; 15] = [
    "hour_start_utc",
    "HB_WEST",
    "HB_NORTH",
    "HB_HOUSTON",
    "interval start",
    "interval end",
    "Location",
    "SPP",
    "Market",
    "timestamp",
    "n_intervals",
    "hour_start_local",
    "HB_HOUSTON",
    "lmp",
    "HB_WEST",
];

/// Cells that are not ordinary values.
const ODD_CELLS: [&str; 18] = [
    "",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "1e-308",
    "9999999999999999999999",
    "abc",
    "9999-12-31",
    "2009-01-02",
    "2024-02-30",
    "1e23",
    "-9.2e18",
    "18446744073709551616",
    "RT",
    "DAM",
];

/// One cell: a plausible value for the column, or an odd one.
#[derive(Debug, Clone, Copy)]
pub enum Cell {
    /// A plausible value; the number scales it.
    Plausible(u32),
    /// An entry of the odd cells.
    Odd(u8),
}

/// A generated CSV case: header picks and rows of cells.
#[derive(Debug, Clone)]
pub struct CsvCase {
    /// Whether the header is drawn from every column (odd and unknown ones too) rather than the usual ones.
    pub wild: bool,
    /// Indices into the kind's column list.
    pub header: Vec<u8>,
    /// Rows of cells (a row may be shorter or longer than the header).
    pub rows: Vec<Vec<Cell>>,
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![80 => any::<u32>().prop_map(Cell::Plausible), 1 => any::<u8>().prop_map(Cell::Odd)]
}

/// Cases with up to `cols` header picks and up to 30 rows.
pub fn csv_case(cols: usize) -> impl Strategy<Value = CsvCase> {
    (
        prop::bool::weighted(0.2),
        prop::collection::vec(any::<u8>(), 1..cols),
        prop::collection::vec(prop::collection::vec(cell(), 0..cols + 1), 0..30),
    )
        .prop_map(|(wild, header, rows)| CsvCase { wild, header, rows })
}

/// The header of a case: from every column when wild, else the first (time) column and distinct usual ones.
fn header<'a>(c: &CsvCase, all: &[&'a str], usual: usize) -> Vec<&'a str> {
    if c.wild {
        return c
            .header
            .iter()
            .map(|&i| all[i as usize % all.len()])
            .collect();
    }
    let mut out = vec![all[0]];
    for &i in &c.header {
        let col = all[1 + i as usize % (usual - 1)];
        if !out.contains(&col) && !col.starts_with("fees") {
            out.push(col);
        }
    }
    // One fees column at most (network), with the blocks it needs when per block.
    if all[0] == "date" {
        match c.header[0] % 4 {
            1 => out.push("fees_btc_per_day"),
            2 => out.push("fees_btc_per_block"),
            3 => out.push("fees_btc"),
            _ => {}
        }
        if out.contains(&"fees_btc_per_block") && !out.contains(&"blocks") {
            out.push("blocks");
        }
    }
    out
}

/// The rows of a case: as generated when wild (ragged too), else each as long as the header.
fn rows(c: &CsvCase, width: usize) -> Vec<Vec<Cell>> {
    if c.wild {
        return c.rows.clone();
    }
    c.rows
        .iter()
        .map(|r| {
            (0..width)
                .map(|j| r.get(j).copied().unwrap_or(Cell::Plausible(j as u32 + 1)))
                .collect()
        })
        .collect()
}

fn odd(i: u8) -> String {
    ODD_CELLS[i as usize % ODD_CELLS.len()].to_string()
}

/// A date from 2009-01-03 (day 0) to 2028-02 (day 7,000).
fn date(n: u32) -> String {
    let d = hashpivot::Date::parse("2009-01-03").unwrap();
    d.add_days((n % 7_000) as i32).to_string()
}

/// The CSV text of `c` under the header `cols`: each plausible cell from `plausible(column, n, row)`.
fn table_text(
    c: &CsvCase,
    cols: &[&str],
    plausible: impl Fn(&str, u32, usize) -> String,
) -> String {
    let mut out = cols.join(",") + "\n";
    for (r, row) in rows(c, cols.len()).iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, cell)| match *cell {
                Cell::Odd(i) => odd(i),
                Cell::Plausible(n) => plausible(cols.get(j).copied().unwrap_or(cols[0]), n, r),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The text of a network case.
pub fn network_text(c: &CsvCase) -> String {
    table_text(c, &header(c, &NETWORK_COLUMNS, 8), |col, n, r| match col {
        "date" | "Date" if n % 8 == 0 => date(n / 7),
        "date" | "Date" => date(6_350 + r as u32),
        "height" if n % 8 == 0 => (800_000 + n % 300_000).to_string(),
        "height" => (937_000 + 144 * r as u32).to_string(),
        "blocks" if n % 8 == 0 => (n % 400).to_string(),
        "blocks" => "144".to_string(),
        "difficulty" => format!("{}e12", 1 + n % 200),
        "fees_btc_per_day" | "fees_btc" => format!("{}", (n % 20_000) as f64 / 3.0),
        "fees_btc_per_block" => format!("{}", (n % 1000) as f64 / 100.0),
        "price_usd" => format!("{}", (n % 200_000) as f64 + 0.5),
        _ => format!("{}", n as f64 / 1000.0),
    })
}

/// An hourly time from 2024-01-01T00:00Z, in UTC or at −06:00.
fn hour_text(t: i64, central: bool) -> String {
    if central {
        let local = jiff::Timestamp::from_second(t - 6 * 3600).unwrap();
        local.strftime("%Y-%m-%dT%H:%M-06:00").to_string()
    } else {
        jiff::Timestamp::from_second(t)
            .unwrap()
            .strftime("%Y-%m-%dT%H:%MZ")
            .to_string()
    }
}

/// The text of a power case: times on an hourly grid from 2024-01-01 (a few shifted or far away).
pub fn power_text(c: &CsvCase) -> String {
    table_text(c, &header(c, &POWER_COLUMNS, 4), |col, n, r| match col {
        "hour_start_utc" | "interval start" | "timestamp" | "hour_start_local" => {
            let hour = if n % 97 == 0 {
                (n % 997) as i64
            } else {
                r as i64
            };
            let t = 1_704_067_200 + hour * 3600 + if n % 101 == 0 { 900 } else { 0 };
            hour_text(t, n % 5 == 0)
        }
        "interval end" => hour_text(1_704_067_200 + (r as i64 + 1) * 3600, false),
        "Location" => ["HB_WEST", "HB_NORTH", "LZ_X"][n as usize % 3].to_string(),
        "Market" => ["RT", "DAM", "x"][n as usize % 3].to_string(),
        "n_intervals" => (n % 5).to_string(),
        _ => format!("{}", (n % 30_000) as f64 / 2.0 - 2_000.0),
    })
}

/// The text of BTC price paths: one row per path.
pub fn paths_text(c: &CsvCase) -> String {
    let mut out = String::new();
    for row in &c.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| match *cell {
                Cell::Odd(i) => odd(i),
                Cell::Plausible(n) => format!("{}", n as f64 / 7.0),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}
