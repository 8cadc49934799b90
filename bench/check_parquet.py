"""Reads the Parquet fixtures written by the Rust writer with pyarrow, pandas, polars and
DuckDB, and checks dtypes and values (f64 bit-exact) against the JSON sidecars.

    HASHPIVOT_PARQUET_DIR=/tmp/pq cargo test -p hashpivot-cli parquet -- --ignored
    pip install pyarrow pandas polars duckdb
    python3 bench/check_parquet.py /tmp/pq
"""

import json
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

# Expected dtype per reader for each of our column types.
DTYPES = {
    "pyarrow": {"f64": pa.float64(), "i64": pa.int64(), "str": pa.string()},
    "polars": {"f64": pl.Float64, "i64": pl.Int64, "str": pl.String},
    "duckdb": {"f64": "DOUBLE", "i64": "BIGINT", "str": "VARCHAR"},
}


def check_values(reader, name, kind, got, exp):
    """got: a numpy array (f64/i64) or a list of str."""
    if kind == "f64":
        bits = np.asarray(got, dtype=np.float64).view(np.uint64)
        want = np.array(exp["bits"], dtype=np.uint64)
        if not np.array_equal(bits, want):
            # NaN payloads may legitimately be canonicalised by a reader; report it separately.
            diff = bits != want
            both_nan = np.isnan(bits.view(np.float64)) & np.isnan(want.view(np.float64))
            if np.any(diff & ~both_nan):
                raise AssertionError(f"{reader}: {name}: f64 values differ")
            print(f"  note: {reader}: {name}: {int(np.sum(diff))} NaN payload(s) canonicalised")
    elif kind == "i64":
        assert np.array_equal(np.asarray(got, dtype=np.int64), np.array(exp["values"], dtype=np.int64)), (
            f"{reader}: {name}: i64 values differ"
        )
    else:
        assert list(got) == exp["values"], f"{reader}: {name}: strings differ"


def check(path: Path):
    # A list of {"name", "type", "bits" | "values"} in column order.
    cols = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    expected = {c["name"]: c for c in cols}
    names = [c["name"] for c in cols]
    rows = len(cols[0].get("bits", cols[0].get("values")))

    # pyarrow
    md = pq.read_metadata(path)
    assert md.created_by == "hashpivot" and md.num_rows == rows and md.num_row_groups == 1
    t = pq.read_table(path)
    assert t.column_names == names and t.num_rows == rows
    for name, exp in expected.items():
        assert t.schema.field(name).type == DTYPES["pyarrow"][exp["type"]], (name, t.schema.field(name).type)
        assert not t.schema.field(name).nullable, f"{name} should be REQUIRED (not nullable)"
        c = t.column(name)
        got = c.to_pylist() if exp["type"] == "str" else c.to_numpy()
        check_values("pyarrow", name, exp["type"], got, exp)

    # pandas (pyarrow engine)
    df = pd.read_parquet(path)
    assert list(df.columns) == names and len(df) == rows
    for name, exp in expected.items():
        s = df[name]
        if exp["type"] == "f64":
            assert s.dtype == np.float64, s.dtype
        elif exp["type"] == "i64":
            assert s.dtype == np.int64, s.dtype
        else:
            assert pd.api.types.is_string_dtype(s.dtype), s.dtype
        got = s.tolist() if exp["type"] == "str" else s.to_numpy()
        check_values("pandas", name, exp["type"], got, exp)

    # polars (native reader)
    pdf = pl.read_parquet(path)
    assert pdf.columns == names and pdf.height == rows
    for name, exp in expected.items():
        s = pdf[name]
        assert s.dtype == DTYPES["polars"][exp["type"]], (name, s.dtype)
        got = s.to_list() if exp["type"] == "str" else s.to_numpy()
        check_values("polars", name, exp["type"], got, exp)

    # DuckDB
    con = duckdb.connect()
    rel = con.sql("SELECT * FROM read_parquet(?)", params=[str(path)])
    assert rel.columns == names
    for name, ty in zip(rel.columns, rel.types):
        assert str(ty) == DTYPES["duckdb"][expected[name]["type"]], (name, ty)
    res = rel.fetchnumpy()
    for name, exp in expected.items():
        got = res[name]
        got = list(got) if exp["type"] == "str" else np.asarray(got)
        assert len(got) == rows
        check_values("duckdb", name, exp["type"], got, exp)
    (count,) = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
    assert count == rows

    print(f"ok: {path.name}: {rows} rows x {len(names)} columns, {path.stat().st_size} bytes")


def main():
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/pq")
    print(
        f"pyarrow {pa.__version__}, pandas {pd.__version__}, polars {pl.__version__}, duckdb {duckdb.__version__}"
    )
    files = sorted(d.glob("*.parquet"))
    assert files, f"no .parquet files in {d}"
    for f in files:
        check(f)


if __name__ == "__main__":
    main()
