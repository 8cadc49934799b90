#!/usr/bin/env bash
# Runs the dispatch benchmark in Rust (hashpivot bench dispatch) and in numpy (bench/numpy_dispatch.py) on the
# same machine, one after the other, and prints both throughputs, their ratio and both margin means.
# usage: bench/compare.sh [PATHS] [SEED]      (default 10000 paths, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS="${1:-10000}"
SEED="${2:-1}"
cargo build --release --quiet -p hashpivot-cli
python3 -c "import numpy" 2>/dev/null || pip install --quiet numpy
mkdir -p bench/out
target/release/hashpivot bench dispatch --paths "$PATHS" --seed "$SEED" --json > bench/out/rust.json
python3 bench/numpy_dispatch.py --paths "$PATHS" --seed "$SEED" --json > bench/out/numpy.json
python3 - <<'PY'
import json
r = json.load(open("bench/out/rust.json"))
n = json.load(open("bench/out/numpy.json"))
print(f"paths              {r['paths']}")
print(f"rust  site_hours/s {r['site_hours_per_s']:.4e}  ({r['seconds']:.3f} s, {r['threads']} threads)")
print(f"numpy site_hours/s {n['site_hours_per_s']:.4e}  ({n['seconds']:.3f} s)")
print(f"ratio              {r['site_hours_per_s'] / n['site_hours_per_s']:.1f}x")
print(f"rust  margin_mean  {r['margin_mean']:.6e} USD")
print(f"numpy margin_mean  {n['margin_mean']:.6e} USD")
print(f"difference         {100 * (n['margin_mean'] / r['margin_mean'] - 1):+.2f}%")
PY
