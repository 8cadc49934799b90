#!/usr/bin/env bash
# Runs the dispatch benchmark in Rust (hashpivot bench dispatch) and in numpy (bench/numpy_dispatch.py) on the
# same machine, one after the other, and prints both throughputs, their ratio and both margin means.
# Each side runs REPEAT times (default 5), the two sides alternating (Rust, numpy, Rust, numpy, ...) so both see the
# same phases of the other tenants' load; each side's best throughput is reported (the machine is shared, and the
# best of a few runs is the least disturbed measurement of each), and every run is listed. Both sides time the same
# scope: the simulation of all paths plus the mean and quantiles, after an untimed warm-up, not loading the prices.
# Margins are identical across repeats.
# usage: bench/compare.sh [PATHS] [SEED] [REPEAT]      (default 10000 paths, seed 1, 5 repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
PATHS="${1:-10000}"
SEED="${2:-1}"
REPEAT="${3:-5}"
cargo build --release --quiet -p hashpivot-cli
python3 -c "import numpy" 2>/dev/null || pip install --quiet numpy
mkdir -p bench/out
echo "loadavg before     $(cat /proc/loadavg 2>/dev/null || echo n/a)"
for i in $(seq "$REPEAT"); do
  target/release/hashpivot bench dispatch --paths "$PATHS" --seed "$SEED" --json > "bench/out/rust.$i.json"
  python3 bench/numpy_dispatch.py --paths "$PATHS" --seed "$SEED" --json > "bench/out/numpy.$i.json"
done
echo "loadavg after      $(cat /proc/loadavg 2>/dev/null || echo n/a)"
REPEAT="$REPEAT" python3 - <<'PY'
import json, os, statistics
k = int(os.environ["REPEAT"])
best = lambda side: max((json.load(open(f"bench/out/{side}.{i}.json")) for i in range(1, k + 1)),
                        key=lambda r: r["site_hours_per_s"])
r, n = best("rust"), best("numpy")
runs = lambda side: [json.load(open(f"bench/out/{side}.{i}.json")) for i in range(1, k + 1)]
print(f"rust  seconds      " + " ".join(f"{x['seconds']:.4f}" for x in runs("rust")))
print(f"numpy seconds      " + " ".join(f"{x['seconds']:.3f}" for x in runs("numpy")))
print(f"runs               best of {k} per side, alternating")
print(f"paths              {r['paths']}")
print(f"rust  site_hours/s {r['site_hours_per_s']:.4e}  ({r['seconds']:.3f} s, {r['threads']} threads)")
print(f"numpy site_hours/s {n['site_hours_per_s']:.4e}  ({n['seconds']:.3f} s)")
print(f"ratio              {r['site_hours_per_s'] / n['site_hours_per_s']:.1f}x")
med = lambda side: statistics.median(x["seconds"] for x in runs(side))
print(f"ratio of medians   {med('numpy') / med('rust'):.1f}x")
print(f"rust  margin_mean  {r['margin_mean']:.6e} USD")
print(f"numpy margin_mean  {n['margin_mean']:.6e} USD")
print(f"difference         {100 * (n['margin_mean'] / r['margin_mean'] - 1):+.2f}%")
PY
