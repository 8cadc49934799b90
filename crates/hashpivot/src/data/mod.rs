//! The datasets bundled in the binary and the parsers that read them (and user imports of the same shape).
//!
//! Parsing takes text, never a path: the CLI reads files and hands their contents here with an `origin`
//! label (a file name) that error messages quote.

mod btc_paths;
mod companies;
mod deals;
mod gpus;
mod network_csv;
mod network_tables;
mod tenants;
mod window;

pub use btc_paths::parse_btc_paths_csv;
pub use companies::bundled_companies;
pub use deals::bundled_deals;
pub use gpus::bundled_gpus;
pub use network_csv::{
    DERIVED_NETWORK_COLUMNS, NETWORK_IMPORT_COLUMNS, NetworkCsv, parse_network_csv,
    parse_network_import,
};
pub use network_tables::{bundled_energy_estimates, bundled_listed, bundled_pools};
pub(crate) use tenants::bundled_tenant_table;
pub use tenants::{bundled_tenants, parse_tenants_toml};
pub use window::{DateWindow, GENESIS};

use crate::bounds::Bound;
use crate::date::{Date, Month};
use crate::error::{Error, Result};
use crate::mining::{Asic, AsicLibrary, Cooling};
use crate::network::{NetworkHistory, Retarget};

mod power;

pub use power::{
    PowerFile, bundled_power, parse_instant, parse_power_csv, parse_power_import, regimes,
};

/// `data/network_daily.csv`, built by `cargo xtask data` from the raw public sources.
pub(crate) const NETWORK_DAILY_CSV: &str = include_str!("../../../../data/network_daily.csv");
/// `data/asics.csv`.
pub(crate) const ASICS_CSV: &str = include_str!("../../../../data/asics.csv");
/// `data/difficulty_retargets.csv`.
pub(crate) const RETARGETS_CSV: &str = include_str!("../../../../data/difficulty_retargets.csv");

/// The columns of a network table, in the order the bundled file writes them.
pub const NETWORK_COLUMNS: [&str; 6] = [
    "date",
    "height",
    "blocks",
    "difficulty",
    "fees_btc",
    "price_usd",
];

/// The columns of an ASIC table, in the order the bundled file writes them.
pub const ASIC_COLUMNS: [&str; 7] = [
    "model",
    "manufacturer",
    "hashrate_th_s",
    "power_w",
    "release_month",
    "cooling",
    "source",
];

/// A CSV reader over text with headers, trimming and flexible record lengths off, and its header row.
pub(crate) fn reader<'a>(
    text: &'a str,
    origin: &str,
) -> Result<(csv::Reader<&'a [u8]>, csv::StringRecord)> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| parse_err(origin, 1, e.to_string()))?
        .clone();
    Ok((rdr, headers))
}

/// A CSV-level error (bad quoting, a row whose field count differs from the header) with its line.
pub(crate) fn csv_err(origin: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("found {len} fields, expected {expected_len} as in the header")
        }
        csv::ErrorKind::Utf8 { .. } => "the line is not valid UTF-8 text".to_string(),
        _ => e.to_string(),
    };
    parse_err(origin, line, message)
}

pub(crate) fn parse_err(origin: &str, line: u64, message: impl Into<String>) -> Error {
    Error::Parse {
        origin: origin.to_string(),
        line,
        message: message.into(),
    }
}

/// The TOML document `text` read as a `T`, or a parse error with the line the TOML parser stopped at.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, origin: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].lines().count().max(1) as u64
        });
        parse_err(origin, line, e.message())
    })
}

/// The column index of `name`, or an error naming the columns that were found.
pub(crate) fn column(
    headers: &csv::StringRecord,
    name: &str,
    origin: &str,
    required: bool,
) -> Result<Option<usize>> {
    let idx = headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    if idx.is_none() && required {
        return Err(parse_err(
            origin,
            1,
            format!(
                "missing column '{name}' (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(idx)
}

/// An optional number cell: empty means "no source covers it".
pub(crate) fn opt_f64(
    rec: &csv::StringRecord,
    idx: Option<usize>,
    name: &str,
    origin: &str,
    line: u64,
    expected: &str,
) -> Result<Option<f64>> {
    let Some(i) = idx else { return Ok(None) };
    let cell = rec.get(i).unwrap_or("");
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(parse_err(
            origin,
            line,
            format!("column '{name}': found '{cell}', expected {expected}"),
        )),
    }
}

pub(crate) fn opt_u64(
    rec: &csv::StringRecord,
    idx: Option<usize>,
    name: &str,
    origin: &str,
    line: u64,
) -> Result<Option<u64>> {
    let Some(i) = idx else { return Ok(None) };
    let cell = rec.get(i).unwrap_or("");
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<u64>().map(Some).map_err(|_| {
        parse_err(
            origin,
            line,
            format!("column '{name}': found '{cell}', expected a whole number ≥ 0"),
        )
    })
}

/// An optional number in column `col`, checked against `bound`; the error names the line and the column.
pub(crate) fn bounded_f64(
    rec: &csv::StringRecord,
    col: Option<usize>,
    bound: &Bound,
    name: &str,
    origin: &str,
    line: u64,
) -> Result<Option<f64>> {
    let v = opt_f64(rec, col, name, origin, line, bound.expected)?;
    match v {
        Some(x) if !bound.contains(x) => Err(parse_err(
            origin,
            line,
            format!("column '{name}': found {x}, expected {}", bound.expected),
        )),
        v => Ok(v),
    }
}

/// The bundled network history.
pub fn bundled_network() -> Result<NetworkHistory> {
    NetworkHistory::new(parse_network_csv(
        NETWORK_DAILY_CSV,
        "bundled data/network_daily.csv",
    )?)?
    .with_retargets(&bundled_retargets()?)
}

/// Parses an ASIC table: `model, manufacturer, hashrate_th_s, power_w, release_month (YYYY-MM), cooling, source`.
pub(crate) fn parse_asics_csv(text: &str, origin: &str) -> Result<AsicLibrary> {
    let (mut rdr, headers) = reader(text, origin)?;
    let cols: Vec<usize> = ASIC_COLUMNS
        .iter()
        .map(|c| column(&headers, c, origin, true).map(|i| i.expect("required")))
        .collect::<Result<_>>()?;
    let mut models = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(origin, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: usize| rec.get(cols[i]).unwrap_or("");
        let th = opt_f64(
            &rec,
            Some(cols[2]),
            "hashrate_th_s",
            origin,
            line,
            "TH/s > 0",
        )?
        .ok_or_else(|| parse_err(origin, line, "column 'hashrate_th_s' is empty"))?;
        let w = opt_f64(&rec, Some(cols[3]), "power_w", origin, line, "W > 0")?
            .ok_or_else(|| parse_err(origin, line, "column 'power_w' is empty"))?;
        let release = Month::parse(get(4))
            .map_err(|e| parse_err(origin, line, format!("column 'release_month': {e}")))?;
        let cooling = Cooling::parse(get(5)).ok_or_else(|| {
            parse_err(
                origin,
                line,
                format!(
                    "column 'cooling': found '{}', expected air, hydro or immersion",
                    get(5)
                ),
            )
        })?;
        let asic = Asic::new(get(0), get(1), th, w, release, cooling, get(6))
            .map_err(|e| parse_err(origin, line, e.to_string()))?;
        models.push(asic);
    }
    AsicLibrary::new(models)
}

/// The bundled ASIC library.
pub fn bundled_asics() -> Result<AsicLibrary> {
    parse_asics_csv(ASICS_CSV, "bundled data/asics.csv")
}

/// Parses `height, difficulty, date` (date may be empty).
pub(crate) fn parse_retargets_csv(text: &str, origin: &str) -> Result<Vec<Retarget>> {
    let (mut rdr, headers) = reader(text, origin)?;
    let ch = column(&headers, "height", origin, true)?;
    let cd = column(&headers, "difficulty", origin, true)?;
    let cdate = column(&headers, "date", origin, false)?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_err(origin, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let height = opt_u64(&rec, ch, "height", origin, line)?
            .ok_or_else(|| parse_err(origin, line, "empty height"))?;
        let difficulty = opt_f64(&rec, cd, "difficulty", origin, line, "a number ≥ 1")?
            .ok_or_else(|| parse_err(origin, line, "empty difficulty"))?;
        let date = match cdate.and_then(|i| rec.get(i)).filter(|s| !s.is_empty()) {
            Some(s) => Some(Date::parse(s).map_err(|e| parse_err(origin, line, e.to_string()))?),
            None => None,
        };
        out.push(Retarget {
            height,
            difficulty,
            date,
        });
    }
    Ok(out)
}

/// The bundled retarget list.
pub fn bundled_retargets() -> Result<Vec<Retarget>> {
    parse_retargets_csv(RETARGETS_CSV, "bundled data/difficulty_retargets.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_csv_errors_name_file_line_and_column() {
        for (text, origin, error) in [
            (
                "date,height,blocks,difficulty,fees_btc,price_usd\n2024-01-01,100,100,1e12,1.0,40000\n2024-01-02,200,100,1e12,abc,40000\n",
                "mine.csv",
                "mine.csv, line 3: column 'fees_btc': found 'abc', expected a day's fees in BTC in [0, 15000]",
            ),
            (
                "when,price\n2024-01-01,1\n",
                "x.csv",
                "x.csv, line 1: missing column 'date' (found: when, price)",
            ),
            (
                "date,price_usd\n2024-13-01,1\n",
                "x.csv",
                "x.csv, line 2: column 'date': found '2024-13-01'",
            ),
            (
                "date,price_usd\n2024-01-01,-5\n",
                "x.csv",
                "x.csv, line 2: column 'price_usd': found -5, expected a BTC price in USD in [0, 1e12]",
            ),
            (
                "date,price_usd\n2024-01-01,1\n2024-01-01,2\n",
                "x.csv",
                "x.csv, line 3: date 2024-01-01 again (first on line 2): expected one row per date",
            ),
            (
                "date,height\n2030-01-01,18446744073709551615\n",
                "x.csv",
                "x.csv, line 2: column 'height': found 18446744073709551615, expected a block height ≤ 13440000",
            ),
            (
                "date,height,blocks\n2030-01-01,5\n",
                "x.csv",
                "x.csv, line 2: found 2 fields, expected 3 as in the header",
            ),
            (
                "date,difficulty\n2030-01-01,0.5\n",
                "x.csv",
                "x.csv, line 2: column 'difficulty': found 0.5, expected a difficulty ≥ 1",
            ),
        ] {
            let err = parse_network_csv(text, origin).unwrap_err().to_string();
            assert!(err.starts_with(error), "{err}");
        }
    }

    #[test]
    fn bundled_difficulty_agrees_with_the_retarget_list() {
        // `bundled_network` checks every day's difficulty against the epoch of its last block.
        let h = bundled_network().unwrap();
        let d = h.row(Date::parse("2024-11-12").unwrap()).unwrap();
        assert_eq!(d.difficulty, Some(101_646_843_652_785.2));
        assert_eq!(bundled_retargets().unwrap().len(), 478);
    }

    #[test]
    fn network_csv_empty_cells_are_none() {
        let days =
            parse_network_csv("date,price_usd,fees_btc\n2024-01-01,,2.5\n", "x.csv").unwrap();
        assert_eq!(days[0].price_usd, None);
        assert_eq!(days[0].fees_btc, Some(2.5));
        assert_eq!(days[0].height, None);
    }
}
