//! A small, dependency-free Parquet writer for flat tables of REQUIRED (non-null) columns.
//!
//! Layout: `PAR1`, then per column one chunk holding a single DataPage v1 (PLAIN encoding,
//! UNCOMPRESSED, no repetition/definition levels since nothing is nullable or nested),
//! then the FileMetaData footer (Thrift compact protocol), its 4-byte little-endian
//! length, and `PAR1` again. One row group. Field ids follow `parquet.thrift` of
//! apache/parquet-format. No statistics are written.

#[cfg(test)]
mod tests;
mod thrift;

use std::collections::HashSet;
use std::fmt;
use thrift::CompactWriter;

/// The values of one column. All columns in a file must have the same length.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Parquet DOUBLE.
    F64(Vec<f64>),
    /// Parquet INT64.
    I64(Vec<i64>),
    /// Parquet BYTE_ARRAY annotated as STRING (UTF-8). No output has a text column yet; round-trip tested.
    #[allow(dead_code)]
    Str(Vec<String>),
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

/// Why a table could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParquetError {
    /// A Parquet file needs at least one column.
    NoColumns,
    /// Two columns share this name.
    DuplicateName(String),
    /// This column's length differs from the first column's.
    LengthMismatch {
        column: String,
        expected: usize,
        found: usize,
    },
    /// This column does not fit in one data page (over 2 GiB, or over i32::MAX rows).
    TooLarge(String),
}

impl fmt::Display for ParquetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParquetError::NoColumns => write!(f, "a Parquet file needs at least one column"),
            ParquetError::DuplicateName(name) => write!(f, "duplicate column name '{name}'"),
            ParquetError::LengthMismatch {
                column,
                expected,
                found,
            } => write!(
                f,
                "column '{column}' has {found} rows, but the first column has {expected}"
            ),
            ParquetError::TooLarge(name) => {
                write!(f, "column '{name}' is too large for a single Parquet page")
            }
        }
    }
}

impl std::error::Error for ParquetError {}

const MAGIC: &[u8; 4] = b"PAR1";

// Enum values from parquet.thrift.
const TYPE_INT64: i32 = 2;
const TYPE_DOUBLE: i32 = 5;
const TYPE_BYTE_ARRAY: i32 = 6;
const CONVERTED_UTF8: i32 = 0;
const REPETITION_REQUIRED: i32 = 0;
const ENCODING_PLAIN: i32 = 0;
const ENCODING_RLE: i32 = 3;
const CODEC_UNCOMPRESSED: i32 = 0;
const PAGE_DATA: i32 = 0;

impl ColumnData {
    /// Number of values (rows).
    pub fn len(&self) -> usize {
        match self {
            ColumnData::F64(v) => v.len(),
            ColumnData::I64(v) => v.len(),
            ColumnData::Str(v) => v.len(),
        }
    }

    fn physical_type(&self) -> i32 {
        match self {
            ColumnData::F64(_) => TYPE_DOUBLE,
            ColumnData::I64(_) => TYPE_INT64,
            ColumnData::Str(_) => TYPE_BYTE_ARRAY,
        }
    }

    /// PLAIN encoding: fixed-width values little-endian; byte arrays as a u32 LE length
    /// followed by the bytes. `None` if a string is longer than u32::MAX bytes.
    fn plain_encode(&self) -> Option<Vec<u8>> {
        Some(match self {
            ColumnData::F64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ColumnData::I64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            ColumnData::Str(v) => {
                let total: usize = v.iter().map(|s| 4 + s.len()).sum();
                let mut out = Vec::with_capacity(total);
                for s in v {
                    out.extend_from_slice(&u32::try_from(s.len()).ok()?.to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
                out
            }
        })
    }
}

/// Where a column chunk landed in the file.
struct ChunkInfo {
    /// Offset of the page header (= data_page_offset).
    offset: i64,
    /// Page header plus page data, in bytes.
    size: i64,
}

fn validate(columns: &[Column]) -> Result<usize, ParquetError> {
    let first = columns.first().ok_or(ParquetError::NoColumns)?;
    let rows = first.data.len();
    let mut seen = HashSet::new();
    for c in columns {
        if !seen.insert(c.name.as_str()) {
            return Err(ParquetError::DuplicateName(c.name.clone()));
        }
        if c.data.len() != rows {
            return Err(ParquetError::LengthMismatch {
                column: c.name.clone(),
                expected: rows,
                found: c.data.len(),
            });
        }
    }
    Ok(rows)
}

/// Serialises the columns as one Parquet file (one row group, one page per column).
pub fn to_parquet_bytes(columns: &[Column]) -> Result<Vec<u8>, ParquetError> {
    let rows = validate(columns)?;
    let mut out = MAGIC.to_vec();
    let mut chunks = Vec::with_capacity(columns.len());
    for c in columns {
        let too_large = || ParquetError::TooLarge(c.name.clone());
        let values = c.data.plain_encode().ok_or_else(too_large)?;
        let page_size = i32::try_from(values.len()).map_err(|_| too_large())?;
        let num_values = i32::try_from(rows).map_err(|_| too_large())?;
        let header = page_header(num_values, page_size);
        let offset = out.len() as i64;
        out.extend_from_slice(&header);
        out.extend_from_slice(&values);
        chunks.push(ChunkInfo {
            offset,
            size: (header.len() + values.len()) as i64,
        });
    }
    let meta = file_metadata(columns, rows as i64, &chunks);
    out.extend_from_slice(&meta);
    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
    out.extend_from_slice(MAGIC);
    Ok(out)
}

/// PageHeader for a DataPage v1; compressed size = uncompressed size (no codec).
fn page_header(num_values: i32, page_size: i32) -> Vec<u8> {
    let mut w = CompactWriter::new();
    w.i32(1, PAGE_DATA); // type
    w.i32(2, page_size); // uncompressed_page_size
    w.i32(3, page_size); // compressed_page_size
    w.strukt(5, |w| {
        // data_page_header
        w.i32(1, num_values);
        w.i32(2, ENCODING_PLAIN); // encoding
        w.i32(3, ENCODING_RLE); // definition_level_encoding (no levels: max level 0)
        w.i32(4, ENCODING_RLE); // repetition_level_encoding (no levels: max level 0)
    });
    w.finish()
}

fn file_metadata(columns: &[Column], rows: i64, chunks: &[ChunkInfo]) -> Vec<u8> {
    let mut w = CompactWriter::new();
    w.i32(1, 1); // version
    // schema: the root group, then one leaf per column (depth-first order).
    let root: Option<&Column> = None;
    let elements: Vec<Option<&Column>> = std::iter::once(root)
        .chain(columns.iter().map(Some))
        .collect();
    w.list_struct(2, &elements, |w, el| match el {
        None => {
            w.binary(4, b"schema"); // name
            w.i32(5, columns.len() as i32); // num_children
        }
        Some(c) => {
            w.i32(1, c.data.physical_type()); // type
            w.i32(3, REPETITION_REQUIRED); // repetition_type
            w.binary(4, c.name.as_bytes()); // name
            if let ColumnData::Str(_) = c.data {
                w.i32(6, CONVERTED_UTF8); // converted_type
                w.strukt(10, |w| w.strukt(1, |_| {})); // logicalType: STRING (empty struct)
            }
        }
    });
    w.i64(3, rows); // num_rows
    let pairs: Vec<(&Column, &ChunkInfo)> = columns.iter().zip(chunks).collect();
    w.list_struct(4, &[()], |w, _| {
        // the single RowGroup
        w.list_struct(1, &pairs, |w, (c, chunk)| {
            // ColumnChunk
            w.i64(2, 0); // file_offset: 0 as no ColumnMetaData is written outside the footer
            w.strukt(3, |w| {
                // ColumnMetaData
                w.i32(1, c.data.physical_type()); // type
                w.list_i32(2, &[ENCODING_PLAIN]); // encodings
                w.list_binary(3, &[c.name.as_bytes()]); // path_in_schema
                w.i32(4, CODEC_UNCOMPRESSED); // codec
                w.i64(5, rows); // num_values
                w.i64(6, chunk.size); // total_uncompressed_size
                w.i64(7, chunk.size); // total_compressed_size
                w.i64(9, chunk.offset); // data_page_offset
            });
        });
        w.i64(2, chunks.iter().map(|c| c.size).sum()); // total_byte_size
        w.i64(3, rows); // num_rows
    });
    w.binary(6, b"hashpivot"); // created_by
    w.finish()
}
