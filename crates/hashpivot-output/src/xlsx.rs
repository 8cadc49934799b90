//! Workbooks for the analyst who lives in Excel, through `rust_xlsxwriter`: a [`Workbook`] of [`Sheet`]s, each a
//! header row and rows of [`Cell`]s.
//!
//! Numbers stay numbers (never text), each with the number format of its [`Kind`] (USD, %, MW, BTC…); the header
//! row is bold, frozen and filtered; columns are as wide as their content (within limits); a total is a formula
//! (`=SUM(B2:B11)`) with its value cached, so a reader that does not compute formulas still sees it. A missing
//! value is an empty cell; a number that is not finite is refused, never written as NaN. The same workbook gives
//! the same bytes (the document's creation date is fixed at [`CREATED`]).
//!
//! ```
//! use hashpivot_output::xlsx::{Cell, Kind, Sheet, Workbook};
//!
//! let mut s = Sheet::new("Yearly", ["year", "revenue (USD)"]);
//! s.row([Cell::text("Y1"), Cell::num(1.5e6, Kind::Usd)]);
//! s.row([Cell::text("Y2"), Cell::Empty]);
//! s.row([Cell::text("total"), Cell::sum_above(0..2, Kind::Usd)]);
//! let bytes = Workbook::new(vec![s]).to_xlsx()?;
//! assert_eq!(&bytes[..2], b"PK");
//! # Ok::<(), hashpivot_output::Error>(())
//! ```

use crate::{Error, Table, Values};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Worksheet};
use std::collections::HashSet;
use std::ops::Range;

/// The creation date every workbook carries (year, month, day), so the same content gives the same bytes.
pub const CREATED: (u16, u8, u8) = (2024, 1, 1);

/// Most data rows a sheet holds: Excel's 1,048,576 rows less the header.
pub const MAX_ROWS: usize = 1_048_575;

/// Widest column, in characters: longer text is cut off on screen (the cell keeps it whole).
const MAX_WIDTH: usize = 60;

/// What a number is, and so its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// US dollars, whole: `$#,##0`.
    Usd,
    /// US dollars with cents (per-share values): `$#,##0.00`.
    UsdCents,
    /// A share stored as a fraction (0.125) shown as a percent: `0.0%`.
    Percent,
    /// Megawatts: `#,##0.0 "MW"`.
    Mw,
    /// Bitcoin: `#,##0.000`.
    Btc,
    /// A count or an index: `0`.
    Integer,
    /// A large count (shares): `#,##0`.
    Count,
    /// Any other quantity, two decimals: `#,##0.00`.
    Number,
    /// A number in mixed units (the unit is in another column): Excel's `General`.
    General,
}

impl Kind {
    /// The Excel number format.
    pub fn num_format(self) -> &'static str {
        match self {
            Kind::Usd => "$#,##0;-$#,##0",
            Kind::UsdCents => "$#,##0.00;-$#,##0.00",
            Kind::Percent => "0.0%",
            Kind::Mw => "#,##0.0\" MW\"",
            Kind::Btc => "#,##0.000",
            Kind::Integer => "0",
            Kind::Count => "#,##0",
            Kind::Number => "#,##0.00",
            Kind::General => "General",
        }
    }

    /// The kind of a column from its name, by the project's naming of units: `*_usd` and `*_usd_*` USD (with
    /// cents for a price per unit, `*_usd_per_*`),
    /// `*_mw*` MW, `btc_mined` BTC, shares and rates (`irr`, `uptime`, `*_share`, `prob_*`) percent, indices
    /// (`path`, `*_index`, `year`) integers; anything else a number.
    pub fn from_name(name: &str) -> Kind {
        let has = |part: &str| name.split('_').any(|w| w == part);
        if name == "path" || name == "year" || name.ends_with("_index") {
            Kind::Integer
        } else if has("usd") && has("per") {
            Kind::UsdCents
        } else if has("usd") {
            Kind::Usd
        } else if has("mw") {
            Kind::Mw
        } else if name.starts_with("btc_mined") {
            Kind::Btc
        } else if name == "irr" || name == "uptime" || has("share") || has("prob") || has("rate") {
            Kind::Percent
        } else {
            Kind::Number
        }
    }

    /// Characters the formatted number takes, for the column width.
    fn width(self, v: f64) -> usize {
        let digits = format!("{:.0}", v.abs()).len();
        let grouped = digits + (digits - 1) / 3 + usize::from(v < 0.0);
        match self {
            Kind::Usd => grouped + 1,
            Kind::UsdCents => grouped + 4,
            Kind::Percent => format!("{:.1}", v * 100.0).len() + 1,
            Kind::Mw => grouped + 5,
            Kind::Btc => grouped + 4,
            Kind::Integer => digits,
            Kind::Count => grouped,
            Kind::Number => grouped + 3,
            Kind::General => format!("{v}").len(),
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing: a missing value.
    Empty,
    /// Text.
    Text(String),
    /// A number with its kind. Must be finite.
    Number(f64, Kind),
    /// The sum of this column's cells in the given data rows (0 = the first row under the header), as a
    /// `SUM` formula.
    SumAbove(Range<usize>, Kind),
    /// The sum of this row's cells in the given columns (0 = the first column), as a `SUM` formula.
    SumLeft(Range<usize>, Kind),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell.
    pub fn num(v: f64, kind: Kind) -> Cell {
        Cell::Number(v, kind)
    }

    /// A number cell, or an empty one when missing.
    pub fn opt(v: Option<f64>, kind: Kind) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Number(v, kind))
    }

    /// The sum of this column's data rows `rows`.
    pub fn sum_above(rows: Range<usize>, kind: Kind) -> Cell {
        Cell::SumAbove(rows, kind)
    }

    /// The sum of this row's columns `cols`.
    pub fn sum_left(cols: Range<usize>, kind: Kind) -> Cell {
        Cell::SumLeft(cols, kind)
    }
}

/// A sheet: a name, a header row and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// An empty sheet with its header row.
    pub fn new<I, S>(name: impl Into<String>, headers: I) -> Sheet
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Sheet {
            name: name.into(),
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.rows.push(cells.into_iter().collect());
    }

    /// Number of data rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// A sheet of a [`Table`]'s columns, each number formatted by [`Kind::from_name`] of its column; a missing
    /// value is an empty cell.
    pub fn from_table(name: impl Into<String>, table: &Table) -> Sheet {
        let cols = table.columns();
        let mut s = Sheet::new(name, cols.iter().map(|c| c.name.clone()));
        let kinds: Vec<Kind> = cols.iter().map(|c| Kind::from_name(&c.name)).collect();
        for i in 0..table.rows() {
            s.row(cols.iter().zip(&kinds).map(|(c, &k)| match &c.values {
                Values::I64(v) => Cell::num(v[i] as f64, Kind::Integer),
                Values::F64(v) => Cell::num(v[i], k),
                Values::OptionalF64(v) => Cell::opt(v[i], k),
            }));
        }
        s
    }

    /// A sheet of a CSV with a header row: a cell that parses as a number is a number formatted by
    /// [`Kind::from_name`] of its column, an empty cell is empty, any other cell is text.
    pub fn from_csv(name: impl Into<String>, csv_bytes: &[u8]) -> Result<Sheet, Error> {
        let mut r = csv::Reader::from_reader(csv_bytes);
        let headers: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
        let kinds: Vec<Kind> = headers.iter().map(|h| Kind::from_name(h)).collect();
        let mut s = Sheet::new(name, headers);
        for rec in r.records() {
            let rec = rec?;
            s.row(rec.iter().zip(&kinds).map(|(c, &k)| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    match c.parse::<f64>() {
                        Ok(v) if v.is_finite() => Cell::num(v, k),
                        _ => Cell::text(c),
                    }
                }
            }));
        }
        Ok(s)
    }

    /// The value a cell shows: its number, or the sum it computes.
    fn value(&self, row: usize, col: usize) -> f64 {
        match self.rows.get(row).and_then(|r| r.get(col)) {
            Some(Cell::Number(v, _)) => *v,
            Some(Cell::SumAbove(rows, _)) => rows.clone().map(|r| self.value(r, col)).sum(),
            Some(Cell::SumLeft(cols, _)) => cols.clone().map(|c| self.value(row, c)).sum(),
            _ => 0.0,
        }
    }

    /// Every problem a sheet can have before it is written: a name Excel refuses, a non-finite number, a sum
    /// that reaches its own cell or beyond the sheet.
    fn check(&self) -> Result<(), Error> {
        let bad_name = self.name.is_empty()
            || self.name.chars().count() > 31
            || self.name.contains(['[', ']', ':', '*', '?', '/', '\\']);
        if bad_name {
            return Err(Error::SheetName(self.name.clone()));
        }
        if self.rows.len() > MAX_ROWS {
            return Err(Error::TooManyRows {
                sheet: self.name.clone(),
                rows: self.rows.len(),
            });
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let column = || self.headers.get(c).cloned().unwrap_or_default();
                match cell {
                    Cell::Number(v, _) if !v.is_finite() => {
                        return Err(Error::NotFinite {
                            column: column(),
                            row: r,
                            value: *v,
                        });
                    }
                    Cell::SumAbove(rows, _) if rows.end > r || rows.is_empty() => {
                        return Err(Error::BadSum {
                            sheet: self.name.clone(),
                            column: column(),
                            row: r,
                        });
                    }
                    Cell::SumLeft(cols, _) if cols.end > c || cols.is_empty() => {
                        return Err(Error::BadSum {
                            sheet: self.name.clone(),
                            column: column(),
                            row: r,
                        });
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn write(&self, ws: &mut Worksheet) -> Result<(), Error> {
        ws.set_name(&self.name)?;
        let header = Format::new().set_bold().set_align(FormatAlign::Center);
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, col(c), h, &header)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let xr = r as u32 + 1;
            if widths.len() < row.len() {
                widths.resize(row.len(), 0);
            }
            for (c, cell) in row.iter().enumerate() {
                let width = match cell {
                    Cell::Empty => 0,
                    Cell::Text(s) => {
                        ws.write_string(xr, col(c), s)?;
                        s.chars().count()
                    }
                    Cell::Number(v, k) => {
                        ws.write_number_with_format(xr, col(c), *v, &number(*k))?;
                        k.width(*v)
                    }
                    Cell::SumAbove(rows, k) => {
                        let letter = column_letter(c);
                        let f =
                            format!("=SUM({letter}{}:{letter}{})", rows.start + 2, rows.end + 1);
                        self.formula(ws, (r, c), f, *k)?
                    }
                    Cell::SumLeft(cols, k) => {
                        let f = format!(
                            "=SUM({}{}:{}{})",
                            column_letter(cols.start),
                            xr + 1,
                            column_letter(cols.end - 1),
                            xr + 1
                        );
                        self.formula(ws, (r, c), f, *k)?
                    }
                };
                widths[c] = widths[c].max(width);
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(col(c), (*w).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !self.headers.is_empty() {
            ws.autofilter(0, 0, self.rows.len() as u32, col(self.headers.len() - 1))?;
        }
        Ok(())
    }

    /// Writes a formula with its computed value cached, bold (a total); returns its width.
    fn formula(
        &self,
        ws: &mut Worksheet,
        (r, c): (usize, usize),
        f: String,
        k: Kind,
    ) -> Result<usize, Error> {
        let v = self.value(r, c);
        let formula = Formula::new(f).set_result(v.to_string());
        ws.write_formula_with_format(r as u32 + 1, col(c), formula, &number(k).set_bold())?;
        Ok(k.width(v))
    }
}

fn col(c: usize) -> u16 {
    c.min(u16::MAX as usize) as u16
}

fn number(k: Kind) -> Format {
    Format::new().set_num_format(k.num_format())
}

/// Excel's letters of a column (0 → A, 25 → Z, 26 → AA).
pub fn column_letter(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Sheets in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

impl Workbook {
    /// A workbook of these sheets, in this order.
    pub fn new(sheets: Vec<Sheet>) -> Workbook {
        Workbook { sheets }
    }

    /// The sheets.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// The `.xlsx` file's bytes. Checks every sheet first (unique valid names, finite numbers, sums within the
    /// sheet); same workbook, same bytes.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut seen = HashSet::new();
        for s in &self.sheets {
            s.check()?;
            if !seen.insert(s.name.to_lowercase()) {
                return Err(Error::DuplicateSheet(s.name.clone()));
            }
        }
        let mut wb = rust_xlsxwriter::Workbook::new();
        let (y, m, d) = CREATED;
        let props = DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?)
            .set_author("hashpivot");
        wb.set_properties(&props);
        for s in &self.sheets {
            s.write(wb.add_worksheet())?;
        }
        Ok(wb.save_to_buffer()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Column;

    /// The XML of one part of an `.xlsx` (a zip archive).
    fn xml_of(bytes: &[u8], part: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn kinds_follow_the_unit_in_the_name() {
        assert_eq!(Kind::from_name("npv_usd"), Kind::Usd);
        assert_eq!(Kind::from_name("ebitda_usd_y3"), Kind::Usd);
        assert_eq!(Kind::from_name("hashprice_usd_per_ph_day"), Kind::UsdCents);
        assert_eq!(Kind::from_name("mining_mw_gross"), Kind::Mw);
        assert_eq!(Kind::from_name("irr"), Kind::Percent);
        assert_eq!(Kind::from_name("uptime"), Kind::Percent);
        assert_eq!(Kind::from_name("btc_mined"), Kind::Btc);
        assert_eq!(Kind::from_name("path"), Kind::Integer);
        assert_eq!(Kind::from_name("month_index"), Kind::Integer);
        assert_eq!(Kind::from_name("network_eh_s"), Kind::Number);
    }

    #[test]
    fn letters_of_columns() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27 * 26), "AAA");
    }

    #[test]
    fn sums_compute_their_cached_value() {
        let mut s = Sheet::new("T", ["item", "USD", "more", "row total"]);
        s.row([
            Cell::text("a"),
            Cell::num(1.0, Kind::Usd),
            Cell::num(10.0, Kind::Usd),
            Cell::sum_left(1..3, Kind::Usd),
        ]);
        s.row([
            Cell::text("b"),
            Cell::Empty,
            Cell::num(20.0, Kind::Usd),
            Cell::sum_left(1..3, Kind::Usd),
        ]);
        s.row([
            Cell::text("total"),
            Cell::sum_above(0..2, Kind::Usd),
            Cell::sum_above(0..2, Kind::Usd),
            Cell::sum_above(0..2, Kind::Usd),
        ]);
        assert_eq!(s.value(2, 1), 1.0);
        assert_eq!(s.value(2, 2), 30.0);
        assert_eq!(s.value(2, 3), 31.0);
        let a = Workbook::new(vec![s.clone()]).to_xlsx().unwrap();
        let b = Workbook::new(vec![s]).to_xlsx().unwrap();
        assert_eq!(a, b, "the same workbook gives the same bytes");
        let xml = xml_of(&a, "xl/worksheets/sheet1.xml");
        // Totals are formulas with their values cached; the header row is frozen and filtered; the missing
        // value is no cell at all.
        assert!(xml.contains("<f>SUM(D2:D3)</f><v>31</v>"), "{xml}");
        assert!(xml.contains("<f>SUM(B3:C3)</f><v>20</v>"), "{xml}");
        assert!(xml.contains("ySplit=\"1\""), "{xml}");
        assert!(xml.contains("<autoFilter ref=\"A1:D4\""), "{xml}");
        assert!(!xml.contains("r=\"B3\""), "{xml}");
        assert!(xml.contains("<c r=\"C2\" s=\"2\"><v>10</v></c>"), "{xml}");
        let styles = xml_of(&a, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"$#,##0;-$#,##0\""), "{styles}");
    }

    #[test]
    fn refuses_what_excel_or_the_rules_would_not_take() {
        let mut s = Sheet::new("T", ["x"]);
        s.row([Cell::num(f64::NAN, Kind::Usd)]);
        let e = Workbook::new(vec![s]).to_xlsx().unwrap_err().to_string();
        assert!(e.contains("column 'x' row 0 is NaN"), "{e}");
        let mut s = Sheet::new("T", ["x"]);
        s.row([Cell::sum_above(0..1, Kind::Usd)]);
        let e = Workbook::new(vec![s]).to_xlsx().unwrap_err().to_string();
        assert!(e.contains("sheet 'T' column 'x' row 0"), "{e}");
        let e = Workbook::new(vec![Sheet::new("a/b", ["x"])])
            .to_xlsx()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'a/b'"), "{e}");
        let e = Workbook::new(vec![Sheet::new("A", ["x"]), Sheet::new("a", ["y"])])
            .to_xlsx()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'a' appears twice"), "{e}");
    }

    #[test]
    fn tables_and_csv_become_typed_cells() {
        let t = Table::new(vec![
            Column::i64("path", vec![0, 1]),
            Column::optional_f64("irr", vec![Some(0.12), None]),
        ])
        .unwrap();
        let s = Sheet::from_table("Paths", &t);
        assert_eq!(s.headers, ["path", "irr"]);
        assert_eq!(s.rows[1], [Cell::Number(1.0, Kind::Integer), Cell::Empty]);
        assert_eq!(s.rows[0][1], Cell::Number(0.12, Kind::Percent));
        let s = Sheet::from_csv("M", b"month,site,capex_usd\n2025-01,a,\n2025-02,b,5\n").unwrap();
        assert_eq!(
            s.rows,
            [
                vec![Cell::text("2025-01"), Cell::text("a"), Cell::Empty],
                vec![
                    Cell::text("2025-02"),
                    Cell::text("b"),
                    Cell::num(5.0, Kind::Usd)
                ],
            ]
        );
    }
}
