//! Criterion benchmarks of the dispatch kernel: the plain hourly loop, the per-day sorted-price curves, and one
//! Monte Carlo path of the benchmark workload. Synthetic prices, so the benchmark needs no data files.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use hashpivot_bench::kernel::{DayCurves, index_margin_usd};
use hashpivot_bench::{HOURS, Workload};

fn prices() -> Vec<f64> {
    (0..HOURS)
        .map(|i| {
            25.0 + 20.0 * ((i % 24) as f64 / 4.0).sin() + if i % 613 == 0 { 2_000.0 } else { 0.0 }
        })
        .collect()
}

fn kernel(c: &mut Criterion) {
    let p = prices();
    let hp = vec![90.0; HOURS];
    c.bench_function("index_margin_usd 8760 h", |b| {
        b.iter(|| index_margin_usd(black_box(&hp), black_box(&p), 100.0))
    });
    let curves = DayCurves::new(&p).unwrap();
    c.bench_function("day curves 365 days", |b| {
        b.iter(|| {
            (0..365)
                .map(|d| curves.day_margin_usd_per_mw(d, black_box(40.0)))
                .sum::<f64>()
        })
    });
    let w = Workload::new(&p).unwrap();
    let mut path = 0u64;
    c.bench_function("benchmark path (4 sites x 8760 h)", |b| {
        b.iter(|| {
            path += 1;
            w.path_margin_usd(1, black_box(path))
        })
    });
}

criterion_group!(benches, kernel);
criterion_main!(benches);
