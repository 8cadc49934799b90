"""Runs `hashpivot run --out` on an example and reads the paths.parquet it writes with pyarrow, polars and
DuckDB. Each reader must see the columns and types of paths.csv, every value bit for bit as in paths.csv, a
NULL (never NaN) where a path has no IRR, and the summary.json figures recomputed from the file.

    python check_outputs.py PATH/TO/hashpivot    (run by `cargo xtask test`, which installs requirements.txt)

Prints one line per reader and closes with `readers: N passed, N failed`; exits 1 if any reader disagrees.
"""

import csv
import json
import math
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# iren.toml has paths whose NPV never crosses zero, so paths without an IRR.
EXAMPLE = ROOT / "examples" / "iren.toml"
PATHS = 200
INT_COLUMNS = {"path"}
NULLABLE_COLUMNS = {"irr"}


class Expected:
    """paths.csv (the plain-text copy of the same table) and summary.json of one run."""

    def __init__(self, out: Path):
        with open(out / "paths.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.names = rows[0]
        self.rows = len(rows) - 1
        self.columns = {
            name: [None if r[i] == "" else int(r[i]) if name in INT_COLUMNS else float(r[i]) for r in rows[1:]]
            for i, name in enumerate(self.names)
        }
        self.nulls = {name: sum(v is None for v in col) for name, col in self.columns.items()}
        self.summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))


def bits(x):
    """A value's identity: None, an int, or a double's exact bits (so -0.0 != 0.0 and no rounding hides)."""
    if x is None or isinstance(x, int):
        return x
    return struct.pack("<d", x)


def check_values(name, got, exp: Expected):
    want = exp.columns[name]
    assert len(got) == len(want), f"{name}: {len(got)} rows, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        assert bits(g) == bits(w), f"{name} row {i}: {g!r}, expected {w!r} (paths.csv)"


def check_figures(exp: Expected, rows, npv_negative, npv_mean, irr_nulls, irr_nans):
    s = exp.summary
    assert rows == s["paths"] == exp.rows, f"{rows} rows, summary.json has {s['paths']} paths"
    assert irr_nulls == exp.nulls["irr"] > 0, f"{irr_nulls} NULL irr, paths.csv has {exp.nulls['irr']} empty cells"
    assert irr_nans == 0, f"{irr_nans} NaN irr: a missing IRR must be NULL"
    assert npv_negative / rows == s["prob_npv_negative"], (
        f"share of npv_usd < 0 is {npv_negative / rows}, summary.json prob_npv_negative {s['prob_npv_negative']}"
    )
    want = s["npv_usd"]["mean"]
    assert math.isclose(npv_mean, want, rel_tol=1e-9), f"mean npv_usd {npv_mean}, summary.json {want}"


def check_pyarrow(f: Path, exp: Expected):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    created_by = pq.read_metadata(f).created_by
    assert created_by == "hashpivot", f"created_by {created_by!r}, expected 'hashpivot'"
    t = pq.read_table(f)
    assert t.column_names == exp.names, t.column_names
    for field in t.schema:
        want = pa.int64() if field.name in INT_COLUMNS else pa.float64()
        assert field.type == want, f"{field.name}: {field.type}, expected {want}"
        assert field.nullable == (field.name in NULLABLE_COLUMNS), f"{field.name}: nullable={field.nullable}"
        check_values(field.name, t.column(field.name).to_pylist(), exp)
    npv, irr = t.column("npv_usd"), t.column("irr")
    check_figures(
        exp,
        rows=t.num_rows,
        npv_negative=pc.sum(pc.less(npv, 0)).as_py(),
        npv_mean=pc.mean(npv).as_py(),
        irr_nulls=irr.null_count,
        irr_nans=pc.sum(pc.is_nan(irr)).as_py() or 0,
    )
    return pa.__version__


def check_polars(f: Path, exp: Expected):
    import polars as pl

    df = pl.read_parquet(f)
    assert df.columns == exp.names, df.columns
    for name, dtype in df.schema.items():
        want = pl.Int64 if name in INT_COLUMNS else pl.Float64
        assert dtype == want, f"{name}: {dtype}, expected {want}"
        check_values(name, df[name].to_list(), exp)
    npv, irr = df["npv_usd"], df["irr"]
    check_figures(
        exp,
        rows=df.height,
        npv_negative=int((npv < 0).sum()),
        npv_mean=npv.mean(),
        irr_nulls=irr.null_count(),
        irr_nans=int(irr.is_nan().sum()),
    )
    return pl.__version__


def check_duckdb(f: Path, exp: Expected):
    import duckdb

    con = duckdb.connect()
    rel = con.read_parquet(str(f))
    assert rel.columns == exp.names, rel.columns
    for name, ty in zip(rel.columns, rel.types):
        want = "BIGINT" if name in INT_COLUMNS else "DOUBLE"
        assert str(ty) == want, f"{name}: {ty}, expected {want}"
    rows = rel.fetchall()
    for i, name in enumerate(rel.columns):
        check_values(name, [r[i] for r in rows], exp)
    rows, negative, mean, nulls, nans = con.execute(
        "SELECT count(*), count(*) FILTER (npv_usd < 0), avg(npv_usd),"
        " count(*) FILTER (irr IS NULL), count(*) FILTER (isnan(irr)) FROM read_parquet(?)",
        [str(f)],
    ).fetchone()
    check_figures(exp, rows=rows, npv_negative=negative, npv_mean=mean, irr_nulls=nulls, irr_nans=nans)
    return duckdb.__version__


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    hashpivot = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        cmd = [hashpivot, "run", str(EXAMPLE), "--paths", str(PATHS), "--quiet", "--out", str(out)]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{run.stderr}")
        exp = Expected(out)
        f = out / "paths.parquet"
        passed = failed = 0
        for reader, check in [("pyarrow", check_pyarrow), ("polars", check_polars), ("duckdb", check_duckdb)]:
            try:
                version = check(f, exp)
            except Exception as e:  # one reader's failure must not hide the others'
                failed += 1
                print(f"FAIL {reader}: {type(e).__name__}: {e}")
            else:
                passed += 1
                print(
                    f"ok {reader} {version}: {EXAMPLE.name} paths.parquet, {exp.rows} rows x {len(exp.names)} "
                    f"columns equal paths.csv, {exp.nulls['irr']} NULL irr, figures equal summary.json"
                )
    print(f"readers: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
