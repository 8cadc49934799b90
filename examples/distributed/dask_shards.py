#!/usr/bin/env python3
"""A hashpivot run split into K shards on a Dask cluster, merged, and checked against the single-machine run.

    python examples/distributed/dask_shards.py examples/galaxy_helios.toml --paths 2000 --shards 8
    python examples/distributed/dask_shards.py examples/galaxy_helios.toml --paths 2000 --shards 8 \\
        --scheduler tcp://scheduler-host:8786

Without --scheduler a `LocalCluster` of --workers processes starts on this machine; with it, the same code runs
against that scheduler's workers. Each task runs shard k of K (`hashpivot run FILE --paths N --seed S --shard k/K
--out DIR`) on a worker: with the `hashpivot` binary (on the worker's PATH, or --bin), or, when the worker can
import a `hashpivot` Python package whose `run` takes `shard=` and `out=`, through it (--engine auto|cli|python).
Shard folders come back to this machine in one of two ways:

- `--transfer bytes` (default): the task reads its shard folder and returns the files as bytes, so workers need
  no shared filesystem; the scenario travels as text too.
- `--transfer shared --work-dir DIR`: DIR is a folder every worker and this machine see at the same path (NFS, a
  mounted volume); tasks write their shard folders there and return the path.

Then `hashpivot merge` runs here and writes the single run's outputs into WORK_DIR/merged; unless --no-check, the
single run of N paths also runs here (`hashpivot run FILE --paths N --seed S --out WORK_DIR/single`) and the
files are compared byte for byte. Exit status 0 when they are identical, 1 otherwise.

Every shard's timing and the peak resident memory of its process (from `wait4`) are printed, and written to
WORK_DIR/timings.json with the merge and single-run times.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any, Optional

#: The files of `hashpivot run --out` that the merge must reproduce byte for byte.
OUTPUT_FILES = ("summary.json", "paths.csv", "paths.parquet", "cashflows_base.csv")


def run_measured(cmd: list[str]) -> dict[str, Any]:
    """Runs `cmd`, returning its exit code, stderr, wall time and the peak resident memory of its process
    (ru_maxrss from wait4, KB on Linux)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": proc.returncode,
        "stderr": stderr.decode(errors="replace"),
        "seconds": time.perf_counter() - start,
        "peak_rss_mb": usage.ru_maxrss / 1024.0,
    }


def find_binary(binary: Optional[str]) -> str:
    """The `hashpivot` binary: `binary` if given, else the one on PATH."""
    found = shutil.which(binary or "hashpivot")
    if not found:
        raise RuntimeError(
            f"no hashpivot binary ({binary or 'hashpivot on PATH'}): build it with `cargo build --release` and "
            "pass --bin, or put it on the workers' PATH"
        )
    return found


def python_package_runs_shards() -> bool:
    """Whether an importable `hashpivot` Python package takes `shard=` and `out=` in `run`."""
    try:
        import inspect

        import hashpivot  # type: ignore[import-not-found]

        params = inspect.signature(hashpivot.run).parameters
    except (ImportError, AttributeError, TypeError, ValueError):
        return False
    return "shard" in params and "out" in params


def shard_task(
    k: int,
    shards: int,
    scenario: str,
    scenario_text: Optional[str],
    paths: int,
    seed: int,
    threads: Optional[int],
    binary: Optional[str],
    engine: str,
    shared_dir: Optional[str],
) -> dict[str, Any]:
    """Runs shard k of `shards` on a worker. With `scenario_text` the scenario is written to a temporary file
    first (workers without the repository); with `shared_dir` the shard folder stays there and its path is
    returned, else its files come back as bytes."""
    tmp = tempfile.mkdtemp(prefix=f"hashpivot-shard{k}-")
    try:
        if scenario_text is not None:
            scenario = os.path.join(tmp, os.path.basename(scenario))
            pathlib.Path(scenario).write_text(scenario_text, encoding="utf-8")
        base = shared_dir if shared_dir is not None else tmp
        out = os.path.join(base, f"shard-{k:04d}-of-{shards:04d}")
        use_python = engine == "python" or (engine == "auto" and python_package_runs_shards())
        if use_python:
            import hashpivot  # type: ignore[import-not-found]

            start = time.perf_counter()
            hashpivot.run(scenario, paths=paths, seed=seed, threads=threads, shard=f"{k}/{shards}", out=out)
            result: dict[str, Any] = {"seconds": time.perf_counter() - start, "peak_rss_mb": None}
        else:
            cmd = [find_binary(binary), "run", scenario, "--paths", str(paths), "--seed", str(seed)]
            cmd += ["--shard", f"{k}/{shards}", "--out", out, "--quiet"]
            if threads:
                cmd += ["--threads", str(threads)]
            result = run_measured(cmd)
            if result["returncode"] != 0:
                raise RuntimeError(f"shard {k}/{shards}: {' '.join(cmd)} failed: {result['stderr'].strip()}")
        result.update(k=k, host=os.uname().nodename, engine="python" if use_python else "cli")
        if shared_dir is not None:
            result["folder"] = out
        else:
            result["files"] = {f.name: f.read_bytes() for f in pathlib.Path(out).iterdir() if f.is_file()}
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def connect(scheduler: Optional[str], workers: int, threads_per_worker: int):
    """A Dask client: of the scheduler at `scheduler`, or of a new LocalCluster of `workers` processes."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=threads_per_worker,
        processes=True,
        dashboard_address=None,
    )
    return Client(cluster), cluster


def identical(a: pathlib.Path, b: pathlib.Path) -> list[str]:
    """The output files that differ between folders `a` and `b` (empty: byte-identical)."""
    return [f for f in OUTPUT_FILES if (a / f).read_bytes() != (b / f).read_bytes()]


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", help="scenario file (TOML)")
    p.add_argument("--paths", type=int, default=2000, help="Monte Carlo paths of the whole run, N")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--shards", type=int, default=8, help="number of shards K (one Dask task each)")
    p.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://host:8786 (default: LocalCluster)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    p.add_argument("--threads", type=int, default=1, help="threads of each shard's run (and of each worker)")
    p.add_argument("--bin", help="the hashpivot binary (default: hashpivot on PATH), here and on the workers")
    p.add_argument("--engine", choices=("auto", "cli", "python"), default="auto")
    p.add_argument("--transfer", choices=("bytes", "shared"), default="bytes")
    p.add_argument("--work-dir", help="where shard folders, merged/ and single/ go (default: a new temporary folder)")
    p.add_argument("--no-check", action="store_true", help="skip the single-machine run and the comparison")
    a = p.parse_args(argv)

    binary = find_binary(a.bin)
    work = pathlib.Path(a.work_dir or tempfile.mkdtemp(prefix="hashpivot-dask-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    scenario = str(pathlib.Path(a.scenario).resolve())
    shared = a.transfer == "shared"
    if shared and not a.work_dir:
        p.error("--transfer shared needs --work-dir, a folder the workers see at the same path")
    text = None if shared else pathlib.Path(scenario).read_text(encoding="utf-8")
    # A LocalCluster's workers run the binary found here; a real cluster's run --bin as a path on the workers,
    # or the hashpivot on their PATH.
    worker_bin = binary if a.scheduler is None else a.bin

    client, cluster = connect(a.scheduler, a.workers, a.threads)
    timings: dict[str, Any] = {"paths": a.paths, "shards": a.shards, "seed": a.seed}
    try:
        start = time.perf_counter()
        futures = [
            client.submit(
                shard_task, k, a.shards, scenario, text, a.paths, a.seed, a.threads, worker_bin,
                a.engine, str(work / "shards") if shared else None, key=f"hashpivot-shard-{k}-of-{a.shards}",
                pure=False,
            )
            for k in range(1, a.shards + 1)
        ]
        results = client.gather(futures)
        timings["shards_seconds"] = time.perf_counter() - start
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    folders = []
    for r in sorted(results, key=lambda r: r["k"]):
        if shared:
            folders.append(pathlib.Path(r["folder"]))
        else:
            d = work / "shards" / f"shard-{r['k']:04d}-of-{a.shards:04d}"
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
            for name, data in r.pop("files").items():
                (d / name).write_bytes(data)
            folders.append(d)
        rss = "-" if r["peak_rss_mb"] is None else f"{r['peak_rss_mb']:.0f} MB"
        print(f"shard {r['k']}/{a.shards} on {r['host']} ({r['engine']}): {r['seconds']:.1f} s, peak RSS {rss}")
    timings["shard_runs"] = [{k: v for k, v in r.items() if k != "stderr"} for r in results]

    merged = work / "merged"
    m = run_measured([binary, "merge", *map(str, folders), "--out", str(merged), "--force"])
    if m["returncode"] != 0:
        print(f"merge failed: {m['stderr'].strip()}", file=sys.stderr)
        return 1
    timings["merge"] = {"seconds": m["seconds"], "peak_rss_mb": m["peak_rss_mb"]}
    print(f"merge: {m['seconds']:.1f} s, peak RSS {m['peak_rss_mb']:.0f} MB -> {merged}")
    status = 0
    if not a.no_check:
        single = work / "single"
        cmd = [binary, "run", scenario, "--paths", str(a.paths), "--seed", str(a.seed), "--out", str(single)]
        s = run_measured(cmd + ["--quiet", "--force", "--threads", str(a.threads)])
        if s["returncode"] != 0:
            print(f"single run failed: {s['stderr'].strip()}", file=sys.stderr)
            return 1
        timings["single"] = {"seconds": s["seconds"], "peak_rss_mb": s["peak_rss_mb"]}
        print(f"single run: {s['seconds']:.1f} s, peak RSS {s['peak_rss_mb']:.0f} MB -> {single}")
        differ = identical(single, merged)
        timings["identical"] = not differ
        if differ:
            print(f"DIFFERENT from the single run: {', '.join(differ)}", file=sys.stderr)
            status = 1
        else:
            print(f"identical to the single run: {', '.join(OUTPUT_FILES)}")
    (work / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
