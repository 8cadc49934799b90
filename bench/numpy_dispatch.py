#!/usr/bin/env python3
"""The dispatch benchmark workload, written the way an analyst would in vectorized numpy.

Same workload as `hashpivot bench dispatch` (docs/methodology-power.md): HB_WEST day-ahead 2024, the first
8,760 hours of data/ercot_da_hourly.csv; four index-priced sites; daily GBM BTC paths; difficulty growth; one
whole-day offset k per path; margin = sum over hours and sites of max(hashprice USD/MWh - price - adder, 0) * MW.
Paths are processed in chunks so memory stays bounded. Prints the same fields as the Rust benchmark.

usage: numpy_dispatch.py [--paths N] [--seed S] [--chunk C] [--json]
"""
import argparse
import csv
import json
import os
import time

import numpy as np

DAYS, HOURS = 365, 8760
SITES = [(100.0, 17.5, 0.0), (200.0, 15.0, 3.0), (50.0, 21.5, 5.0), (300.0, 13.5, 2.0)]  # MW, J/TH, adder


def load_hub(path, hub="HB_WEST"):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: r["hour_start_utc"])
    return np.array([float(r[hub]) for r in rows[:HOURS]], dtype=np.float64)


def simulate(prices, paths, seed, chunk):
    daily = prices.reshape(DAYS, 24)                       # day x hour
    sigma, vol_day = 0.5, 0.5 * np.sqrt(1.0 / DAYS)
    drift_day = -sigma * sigma / (2.0 * DAYS)
    d = np.arange(1, DAYS + 1)
    difficulty = 150e12 * 1.3 ** (d / DAYS)
    hp_per_btc = 1e15 * 86_400 / (difficulty * 2.0**32) * 3.155   # USD/PH/day per USD of BTC
    rng = np.random.default_rng(seed)
    out = np.empty(paths)
    for start in range(0, paths, chunk):
        n = min(chunk, paths - start)
        z = rng.standard_normal((n, DAYS))
        k = rng.integers(0, DAYS, size=n)
        btc = 112_000.0 * np.exp(np.cumsum(drift_day + vol_day * z, axis=1))      # n x 365
        hp = btc * hp_per_btc                                                      # USD/PH/day
        day_idx = (np.arange(DAYS)[None, :] + k[:, None]) % DAYS                   # n x 365
        power = daily[day_idx]                                                     # n x 365 x 24
        total = np.zeros(n)
        for mw, j, adder in SITES:
            hp_mwh = hp * (1_000.0 / (24.0 * j))                                   # n x 365
            margin = np.maximum(hp_mwh[:, :, None] - (power + adder), 0.0)         # n x 365 x 24
            total += margin.sum(axis=(1, 2)) * mw
        out[start:start + n] = total
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "data", "ercot_da_hourly.csv"))
    a = ap.parse_args()
    prices = load_hub(a.data)
    simulate(prices, min(a.paths, 4 * a.chunk), a.seed + 1, a.chunk)  # warm-up, not timed
    t0 = time.perf_counter()
    m = simulate(prices, a.paths, a.seed, a.chunk)
    p5, p50, p95 = np.quantile(m, [0.05, 0.5, 0.95])
    seconds = time.perf_counter() - t0
    site_hours = a.paths * HOURS * len(SITES)
    res = dict(paths=a.paths, site_hours=site_hours, seconds=seconds, site_hours_per_s=site_hours / seconds,
               margin_mean=float(m.mean()), margin_p5=float(p5), margin_p50=float(p50), margin_p95=float(p95))
    if a.json:
        print(json.dumps(res, indent=2))
    else:
        for key, v in res.items():
            print(key, v)


if __name__ == "__main__":
    main()
