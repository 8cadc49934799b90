//! Run outputs as files: a [`Table`] of named columns of equal length, encoded as Parquet
//! ([`Table::to_parquet`], through the `parquet` crate of the Apache Arrow project) or as CSV
//! ([`Table::to_csv`]); and workbooks of typed, formatted sheets ([`xlsx`], through `rust_xlsxwriter`).
//!
//! A missing value (e.g. a path whose NPV never crosses zero has no IRR) is NULL in Parquet (an OPTIONAL
//! column with definition levels) and an empty cell in CSV; never NaN. Present values must be finite.
//!
//! ```
//! use hashpivot_output::{Column, Table};
//!
//! let table = Table::new(vec![
//!     Column::i64("path", vec![0, 1]),
//!     Column::optional_f64("irr", vec![Some(0.12), None]),
//! ])?;
//! assert_eq!(table.to_csv()?, b"path,irr\n0,0.12\n1,\n");
//! assert_eq!(&table.to_parquet()?[..4], b"PAR1");
//! # Ok::<(), hashpivot_output::Error>(())
//! ```

mod dir;
pub mod xlsx;

pub use dir::{DirError, MARKER, OutputDir};

use parquet::basic::{Repetition, Type as PhysicalType};
use parquet::data_type::{DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::collections::HashSet;
use std::sync::Arc;

/// The `created_by` field of every Parquet file written here.
pub const CREATED_BY: &str = "hashpivot";

/// At most this many rows go in one Parquet row group (the size readers parallelise over).
pub const ROW_GROUP_ROWS: usize = 1 << 20;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Parquet INT64, REQUIRED.
    I64(Vec<i64>),
    /// Parquet DOUBLE, REQUIRED. Every value finite.
    F64(Vec<f64>),
    /// Parquet DOUBLE, OPTIONAL: `None` is NULL. Every present value finite.
    OptionalF64(Vec<Option<f64>>),
}

impl Values {
    /// Number of values (rows), missing ones included.
    pub fn len(&self) -> usize {
        match self {
            Values::I64(v) => v.len(),
            Values::F64(v) => v.len(),
            Values::OptionalF64(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first value that is not finite, as (row, value).
    fn first_non_finite(&self) -> Option<(usize, f64)> {
        let mut floats: Box<dyn Iterator<Item = (usize, f64)> + '_> = match self {
            Values::I64(_) => return None,
            Values::F64(v) => Box::new(v.iter().copied().enumerate()),
            Values::OptionalF64(v) => {
                Box::new(v.iter().enumerate().filter_map(|(i, x)| x.map(|x| (i, x))))
            }
        };
        floats.find(|(_, x)| !x.is_finite())
    }

    /// The CSV cell of row `i`: Rust's shortest round-trip form, empty when missing.
    fn cell(&self, i: usize) -> String {
        match self {
            Values::I64(v) => v[i].to_string(),
            Values::F64(v) => v[i].to_string(),
            Values::OptionalF64(v) => v[i].map_or_else(String::new, |x| x.to_string()),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name in the Parquet schema and the CSV header.
    pub name: String,
    /// The column's values.
    pub values: Values,
}

impl Column {
    /// A column of integers, none missing.
    pub fn i64(name: impl Into<String>, values: Vec<i64>) -> Column {
        Column {
            name: name.into(),
            values: Values::I64(values),
        }
    }

    /// A column of finite numbers, none missing.
    pub fn f64(name: impl Into<String>, values: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            values: Values::F64(values),
        }
    }

    /// A column of finite numbers where `None` marks a missing value.
    pub fn optional_f64(name: impl Into<String>, values: Vec<Option<f64>>) -> Column {
        Column {
            name: name.into(),
            values: Values::OptionalF64(values),
        }
    }

    fn parquet_type(&self) -> Result<Type, Error> {
        let (physical, repetition) = match self.values {
            Values::I64(_) => (PhysicalType::INT64, Repetition::REQUIRED),
            Values::F64(_) => (PhysicalType::DOUBLE, Repetition::REQUIRED),
            Values::OptionalF64(_) => (PhysicalType::DOUBLE, Repetition::OPTIONAL),
        };
        Ok(Type::primitive_type_builder(&self.name, physical)
            .with_repetition(repetition)
            .build()?)
    }
}

/// Why a table could not be built or encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("a table needs at least one column; found none")]
    NoColumns,
    #[error("column {index} has an empty name; expected a non-empty name")]
    EmptyName { index: usize },
    #[error("column name '{0}' appears twice; expected unique names")]
    DuplicateName(String),
    #[error(
        "column '{column}' has {found} rows; expected {expected}, the row count of column '{first}'"
    )]
    LengthMismatch {
        column: String,
        found: usize,
        first: String,
        expected: usize,
    },
    #[error(
        "column '{column}' row {row} is {value}; expected a finite number (a missing value is None)"
    )]
    NotFinite {
        column: String,
        row: usize,
        value: f64,
    },
    #[error("cannot encode parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("cannot encode csv: {0}")]
    Csv(#[from] csv::Error),
    #[error(
        "sheet name '{0}' is not one Excel takes; expected 1 to 31 characters, none of [ ] : * ? / \\"
    )]
    SheetName(String),
    #[error("sheet name '{0}' appears twice (Excel ignores case); expected unique names")]
    DuplicateSheet(String),
    #[error(
        "sheet '{sheet}' column '{column}' row {row} sums cells outside the sheet or itself; expected data rows \
         above it (or columns left of it)"
    )]
    BadSum {
        sheet: String,
        column: String,
        row: usize,
    },
    #[error(
        "sheet '{sheet}' has {rows} rows; expected at most {} (Excel's limit less the header)",
        xlsx::MAX_ROWS
    )]
    TooManyRows { sheet: String, rows: usize },
    #[error("cannot encode xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Named columns of equal length with unique, non-empty names and finite values: checked once, so both
/// encodings can only fail on the encoder's own errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// Checks the columns: at least one, unique non-empty names, equal lengths, finite values.
    pub fn new(columns: Vec<Column>) -> Result<Table, Error> {
        let first = columns.first().ok_or(Error::NoColumns)?;
        let rows = first.values.len();
        let mut seen = HashSet::new();
        for (index, c) in columns.iter().enumerate() {
            if c.name.is_empty() {
                return Err(Error::EmptyName { index });
            }
            if !seen.insert(c.name.as_str()) {
                return Err(Error::DuplicateName(c.name.clone()));
            }
            if c.values.len() != rows {
                return Err(Error::LengthMismatch {
                    column: c.name.clone(),
                    found: c.values.len(),
                    first: first.name.clone(),
                    expected: rows,
                });
            }
            if let Some((row, value)) = c.values.first_non_finite() {
                return Err(Error::NotFinite {
                    column: c.name.clone(),
                    row,
                    value,
                });
            }
        }
        Ok(Table { columns, rows })
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// One Parquet file: a flat schema named `schema` with one leaf per column (INT64 or DOUBLE; REQUIRED,
    /// or OPTIONAL for a column with missing values), uncompressed, row groups of at most
    /// [`ROW_GROUP_ROWS`] rows, `created_by` [`CREATED_BY`]. Same table, same bytes.
    pub fn to_parquet(&self) -> Result<Vec<u8>, Error> {
        self.parquet_in_groups_of(ROW_GROUP_ROWS)
    }

    fn parquet_in_groups_of(&self, group_rows: usize) -> Result<Vec<u8>, Error> {
        let fields = self
            .columns
            .iter()
            .map(|c| c.parquet_type().map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        let schema = Arc::new(
            Type::group_type_builder("schema")
                .with_fields(fields)
                .build()?,
        );
        let props = WriterProperties::builder()
            .set_created_by(CREATED_BY.to_owned())
            .build();
        let mut file = SerializedFileWriter::new(Vec::new(), schema, Arc::new(props))?;
        for start in (0..self.rows).step_by(group_rows) {
            let rows = start..(start + group_rows).min(self.rows);
            let mut group = file.next_row_group()?;
            for c in &self.columns {
                // The schema has one leaf per column, so the writer offers exactly as many column writers;
                // a shortfall would surface as an error from `group.close()`.
                let Some(mut w) = group.next_column()? else {
                    break;
                };
                match &c.values {
                    Values::I64(v) => {
                        w.typed::<Int64Type>()
                            .write_batch(&v[rows.clone()], None, None)?;
                    }
                    Values::F64(v) => {
                        w.typed::<DoubleType>()
                            .write_batch(&v[rows.clone()], None, None)?;
                    }
                    Values::OptionalF64(v) => {
                        let part = &v[rows.clone()];
                        // Definition level 1: present; 0: NULL. Only present values are passed.
                        let levels: Vec<i16> =
                            part.iter().map(|x| i16::from(x.is_some())).collect();
                        let present: Vec<f64> = part.iter().flatten().copied().collect();
                        w.typed::<DoubleType>()
                            .write_batch(&present, Some(&levels), None)?;
                    }
                }
                w.close()?;
            }
            group.close()?;
        }
        Ok(file.into_inner()?)
    }

    /// CSV with a header row of the column names; a missing value is an empty cell.
    pub fn to_csv(&self) -> Result<Vec<u8>, Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name.as_str()))?;
        for i in 0..self.rows {
            w.write_record(self.columns.iter().map(|c| c.values.cell(i)))?;
        }
        w.into_inner()
            .map_err(|e| Error::Csv(csv::Error::from(e.into_error())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn rows_split_into_row_groups_and_read_back_in_order() {
        let t = Table::new(vec![
            Column::i64("path", (0..5).collect()),
            Column::optional_f64("irr", vec![None, Some(0.5), None, Some(1.5), Some(2.5)]),
        ])
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        std::fs::write(&path, t.parquet_in_groups_of(2).unwrap()).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let sizes: Vec<i64> = reader
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect();
        assert_eq!(sizes, [2, 2, 1]);
        let got: Vec<(Field, Field)> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                let r = r.unwrap();
                let mut it = r.get_column_iter().map(|(_, f)| f.clone());
                (it.next().unwrap(), it.next().unwrap())
            })
            .collect();
        let want: Vec<(Field, Field)> = [None, Some(0.5), None, Some(1.5), Some(2.5)]
            .into_iter()
            .enumerate()
            .map(|(i, x)| (Field::Long(i as i64), x.map_or(Field::Null, Field::Double)))
            .collect();
        assert_eq!(got, want);
    }
}
