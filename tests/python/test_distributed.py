"""The Dask example (examples/distributed/dask_shards.py) on a 2-worker LocalCluster: K shards as Dask tasks,
`hashpivot merge`, and the merged files byte for byte equal to the single run of the same N paths."""

import pathlib
import subprocess
import sys

FILES = ("summary.json", "paths.csv", "paths.parquet", "cashflows_base.csv")


def run_example(repo_root: pathlib.Path, hashpivot_bin: pathlib.Path, work: pathlib.Path, *extra: str):
    cmd = [
        sys.executable,
        str(repo_root / "examples/distributed/dask_shards.py"),
        str(repo_root / "examples/galaxy_helios.toml"),
        "--paths", "24", "--seed", "3", "--shards", "3", "--workers", "2",
        "--bin", str(hashpivot_bin), "--work-dir", str(work), *extra,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def test_dask_shards_merge_to_the_single_run(repo_root, hashpivot_bin, tmp_path):
    done = run_example(repo_root, hashpivot_bin, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "identical to the single run" in done.stdout
    shards = sorted((tmp_path / "shards").iterdir())
    assert [d.name for d in shards] == [f"shard-000{k}-of-0003" for k in (1, 2, 3)]
    for f in FILES:
        assert (tmp_path / "merged" / f).read_bytes() == (tmp_path / "single" / f).read_bytes(), f
    # The shards hold their own paths only: 8 + 8 + 8 rows of the 24 (paths.csv has a header line).
    rows = (tmp_path / "merged" / "paths.csv").read_text().splitlines()
    assert len(rows) == 25 and rows[1].startswith("0,") and rows[24].startswith("23,")

