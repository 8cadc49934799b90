//! `hashpivot.Table`: a run's table (per-path summaries, monthly cash flows) held as one Arrow record batch and
//! handed to Python through the Arrow PyCapsule interface (`__arrow_c_stream__`), so pyarrow, pandas and polars
//! read its buffers without copying them.

use arrow_array::ffi::FFI_ArrowSchema;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, RecordBatchIterator, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use hashpivot_output::Values;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::sync::Arc;

/// A table of named, typed columns (Arrow). Pass it to `pyarrow.table(t)`, `polars.DataFrame(t)` or any reader
/// of the Arrow PyCapsule interface, or call `to_pandas()`, `to_polars()` or `to_pyarrow()`.
#[pyclass(module = "hashpivot", frozen)]
pub struct Table {
    batch: RecordBatch,
}

/// An Arrow error as a Python one (building a batch from columns of equal length does not fail).
fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    crate::HashpivotError::new_err(format!("cannot build the Arrow table: {e}"))
}

impl Table {
    /// The Arrow form of a table the CLI writes as `paths.csv`/`paths.parquet`: the same names, types and
    /// missing values (a missing `irr` is NULL).
    pub fn from_output(t: &hashpivot_output::Table) -> anyhow::Result<Table> {
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = t
            .columns()
            .iter()
            .map(|c| {
                let (dtype, nullable, array): (DataType, bool, ArrayRef) = match &c.values {
                    Values::I64(v) => (
                        DataType::Int64,
                        false,
                        Arc::new(Int64Array::from(v.clone())),
                    ),
                    Values::F64(v) => (
                        DataType::Float64,
                        false,
                        Arc::new(Float64Array::from(v.clone())),
                    ),
                    Values::OptionalF64(v) => (
                        DataType::Float64,
                        true,
                        Arc::new(Float64Array::from(v.clone())),
                    ),
                };
                (Field::new(&c.name, dtype, nullable), array)
            })
            .unzip();
        Ok(Table {
            batch: RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?,
        })
    }

    /// A CSV the CLI writes (e.g. `cashflows_base.csv`) as a table: a column whose cells all read as integers is
    /// Int64, as numbers Float64, as `true`/`false` Boolean, else Utf8; an empty cell is NULL (Utf8: empty).
    /// Numbers are written in their shortest round-trip form, so they read back exactly.
    pub fn from_csv(bytes: &[u8]) -> anyhow::Result<Table> {
        let mut rdr = csv::Reader::from_reader(bytes);
        let headers = rdr.headers()?.clone();
        let rows = rdr.records().collect::<Result<Vec<_>, _>>()?;
        let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = headers
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let cells: Vec<&str> = rows.iter().map(|r| r.get(k).unwrap_or("")).collect();
                let nullable = cells.iter().any(|c| c.is_empty());
                let present = || cells.iter().filter(|c| !c.is_empty());
                let (dtype, array): (DataType, ArrayRef) =
                    if present().all(|c| c.parse::<i64>().is_ok()) {
                        let v: Vec<Option<i64>> = cells.iter().map(|c| c.parse().ok()).collect();
                        (DataType::Int64, Arc::new(Int64Array::from(v)))
                    } else if present().all(|c| c.parse::<f64>().is_ok()) {
                        let v: Vec<Option<f64>> = cells.iter().map(|c| c.parse().ok()).collect();
                        (DataType::Float64, Arc::new(Float64Array::from(v)))
                    } else if present().all(|c| *c == "true" || *c == "false") {
                        let v: Vec<Option<bool>> = cells.iter().map(|c| c.parse().ok()).collect();
                        (DataType::Boolean, Arc::new(BooleanArray::from(v)))
                    } else {
                        return (
                            Field::new(name, DataType::Utf8, false),
                            Arc::new(StringArray::from(cells)) as ArrayRef,
                        );
                    };
                (Field::new(name, dtype, nullable), array)
            })
            .unzip();
        Ok(Table {
            batch: RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?,
        })
    }
}

#[pymethods]
impl Table {
    /// The table as an Arrow C stream (the Arrow PyCapsule interface): one record batch. `requested_schema`
    /// is accepted and ignored (the table has one schema).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(vec![Ok(self.batch.clone())], self.batch.schema());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The table's schema as an Arrow C schema (the Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.batch.schema().as_ref()).map_err(arrow_err)?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// Number of rows.
    #[getter]
    pub fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "hashpivot.Table({} rows × {} columns: {})",
            self.batch.num_rows(),
            self.batch.num_columns(),
            self.column_names().join(", ")
        )
    }

    /// The table as a `pyarrow.Table` (zero-copy; needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The table as a `pandas.DataFrame` (through pyarrow; numeric columns without NULLs are not copied by
    /// pyarrow where pandas can share them).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_pyarrow(slf)?.call_method0("to_pandas")
    }

    /// The table as a `polars.DataFrame` (polars reads the Arrow stream directly, zero-copy; needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("polars")?.call_method1("DataFrame", (slf,))
    }
}
