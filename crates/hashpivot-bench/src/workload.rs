//! The dispatch benchmark workload, defined exactly so other implementations can be compared
//! (see `docs/methodology-power.md`):
//!
//! - Hub: 8,760 hourly prices (HB_WEST day-ahead 2024, the first 8,760 hours in time order), USD/MWh.
//! - Four sites (MW, J/TH, adder USD/MWh): (100, 17.5, 0), (200, 15.0, 3), (50, 21.5, 5), (300, 13.5, 2).
//! - Each path: BTC price by daily GBM from 112,000 USD, drift 0, volatility 0.5/yr,
//!   `P_d = P_{d−1} · exp(−σ²/(2·365) + σ·√(1/365)·Z_d)`, d = 1..365; difficulty `D_d = 150e12 · 1.3^(d/365)`;
//!   reward 3.155 BTC/block; hashprice `10^15 · 86,400 / (D_d · 2^32) · 3.155 · P_d` USD/PH/day.
//! - Each path draws one whole-day offset k uniform in 0..364; hour h of day d is priced at hour h of day
//!   `(d − 1 + k) mod 365`, plus the site's adder.
//! - Site-hour margin `max(hashprice · 1,000 / (24 · J/TH) − price, 0) · MW`; a path's result sums hours and sites.
//!
//! Each path's random numbers come from its own Xoshiro256++ stream ([`path_rng`]): first k, then Z_1..Z_365
//! (`rand_distr`'s ziggurat `StandardNormal`). Per-path results are collected in path order, so any thread count
//! gives the same output.

use crate::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::Serialize;

/// One benchmark site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BenchSite {
    pub mw: f64,
    pub j_per_th: f64,
    pub adder_usd_per_mwh: f64,
}

/// The four sites of the workload.
pub const SITES: [BenchSite; 4] = [
    BenchSite {
        mw: 100.0,
        j_per_th: 17.5,
        adder_usd_per_mwh: 0.0,
    },
    BenchSite {
        mw: 200.0,
        j_per_th: 15.0,
        adder_usd_per_mwh: 3.0,
    },
    BenchSite {
        mw: 50.0,
        j_per_th: 21.5,
        adder_usd_per_mwh: 5.0,
    },
    BenchSite {
        mw: 300.0,
        j_per_th: 13.5,
        adder_usd_per_mwh: 2.0,
    },
];
pub const DAYS: usize = 365;
pub const HOURS: usize = DAYS * 24;
pub const START_PRICE_USD: f64 = 112_000.0;
pub const VOLATILITY_PER_YEAR: f64 = 0.5;
pub const START_DIFFICULTY: f64 = 150e12;
pub const DIFFICULTY_GROWTH_PER_YEAR: f64 = 1.3;
pub const REWARD_BTC_PER_BLOCK: f64 = 3.155;

/// Paths per parallel task: large enough that scheduling costs nothing next to the work (≈ 0.1 ms a task),
/// small enough that 10,000 paths still split evenly over the cores. Does not affect the results.
const PATHS_PER_TASK: usize = 64;

/// Breakpoints of a day: 24 hours × 4 sites.
const BREAKS: usize = 24 * SITES.len();
/// Cells of the hashprice axis (see [`cell`]).
const CELLS: usize = 256;
/// Sub-cells per octave of hashprice, as a power of two.
const CELL_BITS_PER_OCTAVE: u32 = 4;
/// Breakpoints compared without a branch after the cell lookup.
const PROBES: usize = 4;

/// The cell of a hashprice (USD/PH/day) on a quasi-logarithmic axis: exponent and top 4 mantissa bits of the
/// `f64`, i.e. 16 cells per octave from 2^−1 to 2^15, everything below in cell 1 and above in the last cell,
/// and zero or negative values in cell 0. A monotone (non-decreasing) function of `x`, which is all the search
/// relies on.
#[inline(always)]
fn cell(x: f64) -> usize {
    if x <= 0.0 {
        return 0;
    }
    // 2^−1 = 0.5 has biased exponent 1022: its cell is 1.
    let c = (x.to_bits() >> (52 - CELL_BITS_PER_OCTAVE)) as i64
        - ((1022i64 << CELL_BITS_PER_OCTAVE) - 1);
    c.clamp(1, CELLS as i64 - 1) as usize
}

/// `e^x` for |x| < 700 (the benchmark's log-hashprices lie within ±20), to within 2 ulp: `x = n·ln 2 + r` with
/// |r| ≤ ln 2 / 2 (Cody–Waite, ln 2 split in two), `e^r` by its Taylor polynomial of degree 12 (truncation
/// error < 2e-16 relative), times 2^n built in the exponent bits. No table and no branch, so a loop of it is
/// vectorised by the compiler (SSE2 on any x86-64), unlike calls to the C library's `exp`.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52: adding it rounds to an integer in the low bits
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // ln 2 to 32 bits, so n · LN2_HI is exact
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // ln 2 − LN2_HI
    let t = x * std::f64::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // 1/12!, 1/11!, …, 1/1!, 1/0!
    const C: [f64; 13] = [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ];
    let mut p = C[0];
    for c in &C[1..] {
        p = p * r + c;
    }
    // t's low mantissa bits hold n (two's complement, |n| < 2^51): 2^n has biased exponent n + 1023.
    let two_n = f64::from_bits(t.to_bits().wrapping_sub(ROUND.to_bits()).wrapping_add(1023) << 52);
    p * two_n
}

/// One day of the four sites as a function of the day's hashprice `x` (USD/PH/day):
/// `G(x) = Σ_s MW_s Σ_h max(x·f_s − a_s − p_h, 0)`, convex and piecewise linear with a breakpoint at each
/// `(p_h + a_s) / f_s`. With `j` = the number of breakpoints below `x`, `G(x) = slope[j]·x − offset[j]`.
/// `j` is found without a binary search: the cell of `x` gives the breakpoints that lie in lower cells (all below
/// `x`, since [`cell`] is monotone), and the few in the same cell are compared directly.
#[derive(Debug, Clone)]
struct DaySegments {
    /// Per cell: the number of breakpoints in lower cells (and the total at the end), so cell c holds
    /// `below[c + 1] − below[c]`.
    below: [u8; CELLS + 1],
    /// Sorted breakpoints, padded with +∞.
    breaks: [f64; BREAKS + PROBES],
    /// Per j = 0..=96: (slope, offset).
    segment: [[f64; 2]; BREAKS + 1],
}

impl DaySegments {
    fn new(day_prices: &[f64], mwh_factor: &[f64; 4]) -> DaySegments {
        let mut breaks = [f64::INFINITY; BREAKS + PROBES];
        let mut site_of = [0usize; BREAKS];
        let mut order: Vec<(f64, usize)> = SITES
            .iter()
            .zip(mwh_factor)
            .enumerate()
            .flat_map(|(i, (s, f))| {
                day_prices
                    .iter()
                    .map(move |p| ((p + s.adder_usd_per_mwh) / f, i))
            })
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (j, &(b, s)) in order.iter().enumerate() {
            breaks[j] = b;
            site_of[j] = s;
        }
        // Segment j: site s runs in the hours whose breakpoints are among the j lowest; each such hour adds
        // MW_s·(x·f_s − a_s − p_h) = MW_s·f_s·(x − b), b = (p_h + a_s)/f_s.
        let mut segment = [[0.0; 2]; BREAKS + 1];
        let (mut slope, mut offset) = (0.0, 0.0);
        for j in 0..BREAKS {
            let w = SITES[site_of[j]].mw * mwh_factor[site_of[j]];
            slope += w;
            offset += w * breaks[j];
            segment[j + 1] = [slope, offset];
        }
        let mut below = [0u8; CELLS + 1];
        for &b in &breaks[..BREAKS] {
            for n in below.iter_mut().skip(cell(b) + 1) {
                *n += 1;
            }
        }
        DaySegments {
            below,
            breaks,
            segment,
        }
    }

    /// `G(x)`, USD, for a day's hashprice `x` USD/PH/day.
    #[inline(always)]
    fn margin_usd(&self, x: f64) -> f64 {
        let c = cell(x);
        let j0 = usize::from(self.below[c]);
        let b = &self.breaks[j0..j0 + PROBES];
        let mut j = j0 + b.iter().map(|&b| usize::from(b < x)).sum::<usize>();
        let n = usize::from(self.below[c + 1]) - j0;
        if n > PROBES {
            // Rare (a crowded cell at a low hashprice): count the whole cell.
            j = j0 + self.breaks[j0..j0 + n].iter().filter(|&&b| b < x).count();
        }
        let [slope, offset] = self.segment[j];
        slope * x - offset
    }
}

/// The prepared workload: per-day price curves and per-day constants.
#[derive(Debug, Clone)]
pub struct Workload {
    days: Vec<DaySegments>,
    /// ln(P_0 · hashprice per USD of BTC price) by day d = 1..365 (index d − 1).
    ln_start_usd_per_ph_day: [f64; DAYS],
}

/// Summary statistics of a benchmark run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub paths: u64,
    /// paths × 8,760 hours × 4 sites.
    pub site_hours: u64,
    pub margin_mean: f64,
    pub margin_p5: f64,
    pub margin_p50: f64,
    pub margin_p95: f64,
}

/// The random stream of path `path` under `seed`: Xoshiro256++ whose state is filled by SplitMix64 from
/// `(seed · 0x9E3779B97F4A7C15) XOR path` (distinct paths of a seed get distinct states).
pub fn path_rng(seed: u64, path: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ path)
}

impl Workload {
    /// From the first 8,760 hourly hub prices.
    pub fn new(hub_usd_per_mwh: &[f64]) -> Result<Workload> {
        if hub_usd_per_mwh.len() < HOURS {
            return Err(Error::invalid(
                "benchmark hub prices",
                format!("{} hours", hub_usd_per_mwh.len()),
                "at least 8,760 hours",
            ));
        }
        if let Some(p) = hub_usd_per_mwh[..HOURS].iter().find(|p| !p.is_finite()) {
            return Err(Error::invalid("hourly price", p, "a finite USD/MWh"));
        }
        let mwh_factor = SITES.map(|s| 1_000.0 / (24.0 * s.j_per_th));
        let days = hub_usd_per_mwh[..HOURS]
            .chunks_exact(24)
            .map(|d| DaySegments::new(d, &mwh_factor))
            .collect();
        let mut ln_start_usd_per_ph_day = [0.0; DAYS];
        for (d, l) in (1..=DAYS).zip(ln_start_usd_per_ph_day.iter_mut()) {
            let difficulty =
                START_DIFFICULTY * DIFFICULTY_GROWTH_PER_YEAR.powf(d as f64 / DAYS as f64);
            *l = (START_PRICE_USD * 1e15 * 86_400.0 / (difficulty * 4_294_967_296.0)
                * REWARD_BTC_PER_BLOCK)
                .ln();
        }
        Ok(Workload {
            days,
            ln_start_usd_per_ph_day,
        })
    }

    /// The margin of one path, USD, summed over the 4 sites and 8,760 hours.
    pub fn path_margin_usd(&self, seed: u64, path: u64) -> f64 {
        let mut rng = path_rng(seed, path);
        let k = rng.random_range(0..DAYS);
        let mut hp = [0.0f64; DAYS];
        for z in hp.iter_mut() {
            *z = rng.sample(StandardNormal);
        }
        self.margin_from_normals(k, &mut hp)
    }

    /// A path's margin from its offset `k` and its normals Z_1..Z_365 (overwritten).
    #[inline(always)]
    fn margin_from_normals(&self, k: usize, hp: &mut [f64; DAYS]) -> f64 {
        let sigma_day = VOLATILITY_PER_YEAR * (1.0 / DAYS as f64).sqrt();
        let drift_day = -VOLATILITY_PER_YEAR * VOLATILITY_PER_YEAR / (2.0 * DAYS as f64);
        // ln(hashprice_d) = ln(P_0 · c_d) + Σ_{i ≤ d} (drift + σ·Z_i): the log-returns are summed from zero (small
        // numbers, little rounding), and the exponentials are taken in a separate loop without a carried
        // dependency, which the compiler vectorises.
        let mut log_return = 0.0;
        for (h, l) in hp.iter_mut().zip(&self.ln_start_usd_per_ph_day) {
            log_return += drift_day + sigma_day * *h;
            *h = l + log_return;
        }
        for h in hp.iter_mut() {
            *h = exp(*h);
        }
        // Day d (1-based) is priced at source day (d − 1 + k) mod 365: days 1..=365−k use source days k..365,
        // the rest 0..k.
        let (first, second) = hp.split_at(DAYS - k);
        let mut total = 0.0;
        for (&x, day) in first.iter().zip(&self.days[k..]) {
            total += day.margin_usd(x);
        }
        for (&x, day) in second.iter().zip(&self.days[..k]) {
            total += day.margin_usd(x);
        }
        total
    }

    /// Every path's margin, in path order (parallel over tasks of consecutive paths on the current rayon pool;
    /// each path's result depends only on the seed and its index, so any thread count gives the same output).
    pub fn run(&self, paths: u64, seed: u64) -> Vec<f64> {
        let mut out = vec![0.0; paths as usize];
        out.par_chunks_mut(PATHS_PER_TASK)
            .enumerate()
            .for_each(|(task, chunk)| {
                let first = (task * PATHS_PER_TASK) as u64;
                for (i, m) in chunk.iter_mut().enumerate() {
                    *m = self.path_margin_usd(seed, first + i as u64);
                }
            });
        out
    }
}

/// Mean and 5/50/95% quantiles ([`hashpivot::risk::quantile`]: linear interpolation between order statistics,
/// as numpy's default).
pub fn summarize(margins: &[f64]) -> Summary {
    let n = margins.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        margins.iter().sum::<f64>() / n as f64
    };
    let sorted = hashpivot::risk::sorted(margins);
    let q = |p: f64| hashpivot::risk::quantile(&sorted, p);
    Summary {
        paths: n as u64,
        site_hours: n as u64 * HOURS as u64 * SITES.len() as u64,
        margin_mean: mean,
        margin_p5: q(0.05),
        margin_p50: q(0.50),
        margin_p95: q(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::index_margin_usd;

    const PIN: [f64; 3] = [
        501_240_479.648_731_65,
        410_645_814.586_406_6,
        530_955_167.663_090_3,
    ];

    fn prices() -> Vec<f64> {
        (0..HOURS)
            .map(|i| {
                20.0 + 15.0 * ((i % 24) as f64 / 3.0).sin()
                    + if i % 997 == 0 { 3_000.0 } else { 0.0 }
                    - if i % 71 == 0 { 40.0 } else { 0.0 }
            })
            .collect()
    }

    /// The fast path equals a literal hour-by-hour evaluation of the definition with the same draws.
    #[test]
    fn path_matches_the_literal_definition() {
        let p = prices();
        let w = Workload::new(&p).unwrap();
        for path in [0u64, 7, 12_345] {
            let mut rng = path_rng(42, path);
            let k = rng.random_range(0..DAYS);
            let mut btc = START_PRICE_USD;
            let mut total = 0.0;
            for d in 1..=DAYS {
                let z: f64 = rng.sample(StandardNormal);
                btc *= (-0.25 / (2.0 * 365.0) + 0.5 * (1.0f64 / 365.0).sqrt() * z).exp();
                let diff = 150e12 * 1.3f64.powf(d as f64 / 365.0);
                let hp = 1e15 * 86_400.0 / (diff * 2f64.powi(32)) * 3.155 * btc;
                let src = (d - 1 + k) % DAYS;
                for s in SITES {
                    let hp_mwh = [hp * 1_000.0 / (24.0 * s.j_per_th); 24];
                    let power: Vec<f64> = p[src * 24..src * 24 + 24]
                        .iter()
                        .map(|x| x + s.adder_usd_per_mwh)
                        .collect();
                    total += index_margin_usd(&hp_mwh, &power, s.mw);
                }
            }
            let fast = w.path_margin_usd(42, path);
            assert!((fast / total - 1.0).abs() < 1e-12, "{fast} vs {total}");
        }
    }

    #[test]
    fn exp_is_accurate() {
        let mut worst = 0.0f64;
        let mut x = -700.0;
        while x < 700.0 {
            worst = worst.max((exp(x) / x.exp() - 1.0).abs());
            x += 0.000_731;
        }
        for x in [
            0.0,
            1e-300,
            -1e-300,
            1.0,
            -1.0,
            3.9,
            12.0,
            0.5 * std::f64::consts::LN_2,
        ] {
            worst = worst.max((exp(x) / x.exp() - 1.0).abs());
        }
        assert!(worst < 5e-16, "{worst:e}");
    }

    /// The day segments equal the hourly loop at any hashprice, including low ones where a cell holds many
    /// breakpoints, equal prices, negative prices and the exact breakpoints.
    #[test]
    fn day_segments_match_the_hourly_loop() {
        let f = SITES.map(|s| 1_000.0 / (24.0 * s.j_per_th));
        let mut days: Vec<Vec<f64>> = vec![
            (0..24).map(|h| 20.0 + 0.01 * h as f64).collect(),
            (0..24)
                .map(|h| if h == 7 { 5_000.0 } else { -30.0 + h as f64 })
                .collect(),
            vec![25.0; 24],
        ];
        days.extend(prices().chunks(24).take(40).map(|d| d.to_vec()));
        for p in &days {
            let seg = DaySegments::new(p, &f);
            let mut xs: Vec<f64> = (0..4_000).map(|i| 1e-3 * 1.004f64.powi(i)).collect();
            xs.extend(seg.breaks.iter().filter(|b| b.is_finite() && **b > 0.0));
            for x in xs {
                let direct: f64 = SITES
                    .iter()
                    .zip(&f)
                    .map(|(s, f)| {
                        let power: Vec<f64> = p.iter().map(|q| q + s.adder_usd_per_mwh).collect();
                        index_margin_usd(&[x * f; 24], &power, s.mw)
                    })
                    .sum();
                let fast = seg.margin_usd(x);
                assert!(
                    (fast - direct).abs() <= 1e-9 * direct.abs().max(1.0),
                    "x {x}: {fast} vs {direct}"
                );
            }
        }
        assert_eq!(cell(-1.0), 0);
        assert_eq!(cell(0.5), 1);
        assert_eq!(cell(1e-9), 1);
        assert_eq!(cell(1e300), CELLS - 1);
    }

    /// The draws are pinned: these margins (synthetic prices, seed 1) are bit for bit those of the hand-written
    /// buffered ziggurat the benchmark had before it used `rand_distr`'s `StandardNormal` directly (commit
    /// 077a6a1); a change of the generator, the seeding or the normal algorithm moves them.
    #[test]
    fn draws_are_pinned() {
        let w = Workload::new(&prices()).unwrap();
        for (path, want) in [(0u64, PIN[0]), (1, PIN[1]), (9_999, PIN[2])] {
            let got = w.path_margin_usd(1, path);
            assert!(
                (got / want - 1.0).abs() < 1e-12,
                "path {path}: {got:?} vs {want}"
            );
        }
    }

    #[test]
    fn run_is_ordered_and_summary_is_consistent() {
        let w = Workload::new(&prices()).unwrap();
        let m = w.run(64, 3);
        assert_eq!(m.len(), 64);
        assert_eq!(m[10], w.path_margin_usd(3, 10));
        let s = summarize(&m);
        assert_eq!(s.site_hours, 64 * 8_760 * 4);
        assert!(s.margin_p5 <= s.margin_p50 && s.margin_p50 <= s.margin_p95);
        assert_eq!(summarize(&[1.0, 2.0, 3.0, 4.0, 5.0]).margin_p50, 3.0);
        assert!((summarize(&[0.0, 10.0]).margin_p5 - 0.5).abs() < 1e-12);
    }
}
