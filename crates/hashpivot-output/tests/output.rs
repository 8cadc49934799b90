//! Tables written by hashpivot-output, read back with the `parquet` crate's own reader (and as CSV).

use hashpivot_output::{CREATED_BY, Column, Error, Table};
use parquet::basic::{Repetition, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use std::fs::File;

/// A table shaped like paths.parquet: an integer key, required doubles and one column with missing values.
fn sample() -> Table {
    Table::new(vec![
        Column::i64("path", vec![0, 1, 2, 3]),
        Column::f64("npv_usd", vec![1.5e6, -2.25e5, 0.0, 3.125]),
        Column::optional_f64("irr", vec![Some(0.125), None, Some(-0.031_25), None]),
        Column::f64("ebitda_usd_y1", vec![1e-7, 2.0, 2.5e15, -0.5]),
    ])
    .unwrap()
}

/// Writes the bytes to a file in a temporary directory and opens it with the parquet crate's reader.
fn open(bytes: &[u8]) -> (tempfile::TempDir, SerializedFileReader<File>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.parquet");
    std::fs::write(&path, bytes).unwrap();
    let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
    (dir, reader)
}

/// Every row as (name, field) pairs, in column order.
fn rows(reader: &SerializedFileReader<File>) -> Vec<Vec<(String, Field)>> {
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(n, f)| (n.clone(), f.clone()))
                .collect()
        })
        .collect()
}

#[test]
fn schema_names_types_and_repetition_read_back() {
    let (_dir, reader) = open(&sample().to_parquet().unwrap());
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 4);
    assert_eq!(meta.created_by(), Some(CREATED_BY));
    let leaves: Vec<(String, PhysicalType, Repetition)> = meta
        .schema()
        .get_fields()
        .iter()
        .map(|f| {
            (
                f.name().to_owned(),
                f.get_physical_type(),
                f.get_basic_info().repetition(),
            )
        })
        .collect();
    assert_eq!(
        leaves,
        vec![
            ("path".into(), PhysicalType::INT64, Repetition::REQUIRED),
            ("npv_usd".into(), PhysicalType::DOUBLE, Repetition::REQUIRED),
            ("irr".into(), PhysicalType::DOUBLE, Repetition::OPTIONAL),
            (
                "ebitda_usd_y1".into(),
                PhysicalType::DOUBLE,
                Repetition::REQUIRED
            ),
        ]
    );
}

#[test]
fn values_and_nulls_read_back_exactly() {
    let (_dir, reader) = open(&sample().to_parquet().unwrap());
    let got = rows(&reader);
    let want: Vec<Vec<Field>> = vec![
        vec![
            Field::Long(0),
            Field::Double(1.5e6),
            Field::Double(0.125),
            Field::Double(1e-7),
        ],
        vec![
            Field::Long(1),
            Field::Double(-2.25e5),
            Field::Null,
            Field::Double(2.0),
        ],
        vec![
            Field::Long(2),
            Field::Double(0.0),
            Field::Double(-0.031_25),
            Field::Double(2.5e15),
        ],
        vec![
            Field::Long(3),
            Field::Double(3.125),
            Field::Null,
            Field::Double(-0.5),
        ],
    ];
    assert_eq!(got.len(), want.len());
    for (row, want) in got.iter().zip(&want) {
        let names: Vec<&str> = row.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["path", "npv_usd", "irr", "ebitda_usd_y1"]);
        let fields: Vec<&Field> = row.iter().map(|(_, f)| f).collect();
        assert_eq!(fields, want.iter().collect::<Vec<_>>());
    }
    // The column chunk's statistics count the NULLs; the required columns have none.
    let group = reader.metadata().row_group(0);
    let nulls: Vec<Option<u64>> = (0..4)
        .map(|i| {
            group
                .column(i)
                .statistics()
                .and_then(|s| s.null_count_opt())
        })
        .collect();
    assert_eq!(nulls, [Some(0), Some(0), Some(2), Some(0)]);
}

#[test]
fn an_all_missing_column_is_all_null() {
    let t = Table::new(vec![
        Column::i64("path", vec![7, 8]),
        Column::optional_f64("irr", vec![None, None]),
    ])
    .unwrap();
    let (_dir, reader) = open(&t.to_parquet().unwrap());
    let irr: Vec<Field> = rows(&reader).into_iter().map(|r| r[1].1.clone()).collect();
    assert_eq!(irr, [Field::Null, Field::Null]);
}

#[test]
fn the_same_table_gives_the_same_bytes() {
    assert_eq!(
        sample().to_parquet().unwrap(),
        sample().to_parquet().unwrap()
    );
}

#[test]
fn csv_has_a_header_and_an_empty_cell_where_parquet_has_null() {
    let csv = String::from_utf8(sample().to_csv().unwrap()).unwrap();
    assert_eq!(
        csv,
        "path,npv_usd,irr,ebitda_usd_y1\n\
         0,1500000,0.125,0.0000001\n\
         1,-225000,,2\n\
         2,0,-0.03125,2500000000000000\n\
         3,3.125,,-0.5\n"
    );
}

#[test]
fn nan_and_infinity_are_refused_naming_column_row_and_value() {
    let err = Table::new(vec![
        Column::i64("path", vec![0, 1]),
        Column::optional_f64("irr", vec![None, Some(f64::NAN)]),
    ])
    .unwrap_err();
    assert!(
        matches!(&err, Error::NotFinite { column, row: 1, value } if column == "irr" && value.is_nan())
    );
    assert_eq!(
        err.to_string(),
        "column 'irr' row 1 is NaN; expected a finite number (a missing value is None)"
    );
    let err = Table::new(vec![Column::f64("npv_usd", vec![f64::NEG_INFINITY])]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column 'npv_usd' row 0 is -inf; expected a finite number (a missing value is None)"
    );
}

#[test]
fn malformed_tables_are_refused() {
    assert!(matches!(Table::new(vec![]), Err(Error::NoColumns)));
    let err = Table::new(vec![
        Column::i64("path", vec![0, 1]),
        Column::f64("npv_usd", vec![1.0]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "column 'npv_usd' has 1 rows; expected 2, the row count of column 'path'"
    );
    let err = Table::new(vec![
        Column::i64("path", vec![0]),
        Column::i64("path", vec![1]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "column name 'path' appears twice; expected unique names"
    );
    let err = Table::new(vec![Column::i64("", vec![0])]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column 0 has an empty name; expected a non-empty name"
    );
}
