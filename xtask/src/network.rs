//! `data/network_daily.csv` and `data/difficulty_retargets.csv`: heights, difficulty, fees and price by
//! UTC day, with the checks and cross-checks that `SOURCES.md` quotes.

use crate::raw::{self, Raw};
use anyhow::{Result, bail, ensure};
use hashpivot::Date;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const GENESIS: Date = Date::constant(2009, 1, 3);
const RETARGET: u64 = 2016;
/// Last day of the EAAL blockchain.com fee file used as the primary fee source (the brief: ≤ 2019-04).
const BC2009_FEES_UNTIL: Date = Date::constant(2019, 4, 30);
/// Where CryptoCompare and shifted blockchain.com disagree by more than this, Coin Metrics referees.
pub const PRICE_DISAGREE: f64 = 0.05;
/// A non-Coin-Metrics daily fee further than this from Coin Metrics (FeeTotUSD / PriceUSD) is an outlier.
pub const FEE_OUTLIER: f64 = 0.50;
/// An outlier is explained by a ±1-day pair when the two days' sum is this close to Coin Metrics' two-day sum.
pub const FEE_PAIR_TOL: f64 = 0.10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeeSrc {
    BlockStats,
    Bc2009,
    Bc2023,
    Bc2024,
    CoinMetrics,
    /// Coin Metrics taking the place of an unexplained outlier day of another source.
    CoinMetricsGuard,
}

impl FeeSrc {
    pub fn label(self) -> &'static str {
        match self {
            FeeSrc::BlockStats => {
                "per-block sums (derived_daily_fees_from_block_stats, complete days)"
            }
            FeeSrc::Bc2009 => {
                "blockchain.com transaction-fees (EAAL/Bitcoin, blockchaincom_2009-01_2019-06)"
            }
            FeeSrc::Bc2023 => {
                "blockchain.com transaction-fees (leirisyue/fed-yfinance-demo, blockchaincom_2023-04_2024-04)"
            }
            FeeSrc::Bc2024 => {
                "blockchain.com transaction-fees (Krisp140/TargetedNakomoto, blockchaincom_2024-02_2025-02)"
            }
            FeeSrc::CoinMetrics => "Coin Metrics FeeTotUSD / PriceUSD",
            FeeSrc::CoinMetricsGuard => {
                "Coin Metrics FeeTotUSD / PriceUSD (replacing an unexplained outlier day)"
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PriceSrc {
    CryptoCompare,
    BcShifted2014,
    BcShiftedReferee,
    Yahoo,
}

impl PriceSrc {
    pub fn label(self) -> &'static str {
        match self {
            PriceSrc::CryptoCompare => "CryptoCompare CCCAGG close (btc-price/BTC_quotes.csv)",
            PriceSrc::BcShifted2014 => {
                "blockchain.com market-price shifted -1 day (Jan-Feb 2014, CryptoCompare corrupted)"
            }
            PriceSrc::BcShiftedReferee => {
                "blockchain.com market-price shifted -1 day (CryptoCompare disagreed, Coin Metrics referee)"
            }
            PriceSrc::Yahoo => "Yahoo Finance BTC-USD close (btc-price/btc.csv)",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub day: Date,
    pub height: Option<u64>,
    pub blocks: Option<u64>,
    pub difficulty: Option<f64>,
    pub fees: Option<(f64, FeeSrc)>,
    pub price: Option<(f64, PriceSrc)>,
}

#[derive(Debug, Clone, Copy)]
pub struct Retarget {
    pub height: u64,
    pub difficulty: f64,
    pub day: Option<Date>,
}

/// A distribution summary of a cross-check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dist {
    pub n: usize,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    pub p99: f64,
}

impl Dist {
    fn of(mut v: Vec<f64>) -> Dist {
        if v.is_empty() {
            return Dist::default();
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        Dist {
            n: v.len(),
            median: q(0.5),
            p5: q(0.05),
            p95: q(0.95),
            p99: q(0.99),
        }
    }
}

/// A named (from, to) span of days.
pub type Span = (Date, Date);

/// Everything the summary and SOURCES.md report.
#[derive(Debug)]
pub struct Report {
    pub first: Option<Date>,
    pub last: Option<Date>,
    pub rows: usize,
    pub retargets: usize,
    pub retargets_filled_2009: usize,
    pub column_spans: Vec<(&'static str, Span)>,
    pub fee_spans: Vec<(FeeSrc, Vec<Span>)>,
    pub price_spans: Vec<(PriceSrc, Vec<Span>)>,
    pub exact_retargets_checked: usize,
    pub cm_last: Option<Date>,
    /// Coin Metrics cumulative BlkCnt minus true height, with the days giving its lower and upper bound.
    pub cm_offset: u64,
    pub offset_lo: (Date, i64),
    pub offset_hi: (Date, i64),
    /// (day, BlkCnt, blocks written) where the offset was removed.
    pub offset_removed_on: Option<(Date, u64, u64)>,
    /// (day, height) of the last day before the offset is pinned from below: heights up to here may be off.
    pub offset_unpinned_until: (Date, u64),
    /// Coin Metrics BlkCnt on the genesis day.
    pub cm_genesis_blk_cnt: u64,
    pub cm_last_height: u64,
    pub block_stats_overlap_days: usize,
    pub block_stats_overlap_equal: usize,
    pub heights_last: Option<Date>,
    pub halving_day_range: (u64, u64),
    pub fee_vs_cm: Vec<(FeeSrc, Dist)>,
    /// Non-Coin-Metrics fee days compared with Coin Metrics by the outlier guard.
    pub fee_guard_checked: usize,
    /// Outlier days kept because a ±1-day pair explains them: (day, value, source, partner day).
    pub fee_outliers_paired: Vec<(Date, f64, FeeSrc, Date)>,
    /// Outlier days replaced by Coin Metrics: (day, old value, new value, old source).
    pub fee_outliers_replaced: Vec<(Date, f64, f64, FeeSrc)>,
    pub price_vs_cm_absdiff: Dist,
    pub cc_vs_yahoo_absdiff: Dist,
    pub cc_vs_bc_shifted_absdiff: Dist,
    pub cc_vs_bc_unshifted_absdiff: Dist,
    pub yahoo_vs_network_csv: Dist,
    pub network_csv_lag_days: Vec<(Date, f64, f64, f64)>,
    pub referee_replacements: Vec<(Date, f64, f64, f64)>,
    pub referee_kept_cc: usize,
    pub jan_feb_2014_replaced: usize,
    pub dropped_partial: Vec<String>,
    pub bc2019_rows_dups: (usize, usize),
    pub sanity: Vec<Sanity>,
}

impl Report {
    fn new() -> Report {
        let d0 = Date::UNIX_EPOCH;
        Report {
            first: None,
            last: None,
            rows: 0,
            retargets: 0,
            retargets_filled_2009: 0,
            column_spans: vec![],
            fee_spans: vec![],
            price_spans: vec![],
            exact_retargets_checked: 0,
            cm_last: None,
            cm_offset: 0,
            offset_lo: (d0, 0),
            offset_hi: (d0, 0),
            offset_removed_on: None,
            offset_unpinned_until: (d0, 0),
            cm_genesis_blk_cnt: 0,
            cm_last_height: 0,
            block_stats_overlap_days: 0,
            block_stats_overlap_equal: 0,
            heights_last: None,
            halving_day_range: (0, 0),
            fee_vs_cm: vec![],
            fee_guard_checked: 0,
            fee_outliers_paired: vec![],
            fee_outliers_replaced: vec![],
            price_vs_cm_absdiff: Dist::default(),
            cc_vs_yahoo_absdiff: Dist::default(),
            cc_vs_bc_shifted_absdiff: Dist::default(),
            cc_vs_bc_unshifted_absdiff: Dist::default(),
            yahoo_vs_network_csv: Dist::default(),
            network_csv_lag_days: vec![],
            referee_replacements: vec![],
            referee_kept_cc: 0,
            jan_feb_2014_replaced: 0,
            dropped_partial: vec![],
            bc2019_rows_dups: (0, 0),
            sanity: vec![],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sanity {
    pub day: Date,
    pub usd_per_ph_day: f64,
    pub published: f64,
    pub price: f64,
    pub difficulty: f64,
    pub fee_share: f64,
}

pub struct Built {
    pub rows: Vec<Row>,
    pub retargets: Vec<Retarget>,
    pub report: Report,
}

fn subsidy_btc(height: u64) -> f64 {
    let halvings = height / 210_000;
    if halvings >= 64 {
        return 0.0;
    }
    (5_000_000_000u64 >> halvings) as f64 / 1e8
}

fn retargets(raw: &Raw, report: &mut Report) -> Result<(Vec<Retarget>, Vec<raw::RawRetarget>)> {
    let mempool = raw::mempool_retargets(raw)?;
    let derived = raw::derived_retargets(raw)?;
    ensure!(
        mempool.first().map(|r| (r.height, r.difficulty)) == Some((0, 1.0)),
        "{}: the first retarget is not height 0 at difficulty 1",
        raw::MEMPOOL
    );
    let last_mp = *mempool.last().expect("non-empty");
    let first_dv = derived[0];
    ensure!(
        first_dv.height == last_mp.height && first_dv.difficulty == last_mp.difficulty,
        "{} starts at {} / {} but {} ends at {} / {}",
        raw::DERIVED_RETARGETS,
        first_dv.height,
        first_dv.difficulty,
        raw::MEMPOOL,
        last_mp.height,
        last_mp.difficulty
    );
    let mut out: Vec<Retarget> = vec![Retarget {
        height: 0,
        difficulty: 1.0,
        day: mempool[0].day,
    }];
    // 2016 .. first listed: difficulty stayed 1 in 2009; these epochs are missing from the mempool list.
    let first_listed = mempool[1].height;
    ensure!(
        mempool[1].difficulty > 1.0,
        "{}: second entry is not the first rise above 1",
        raw::MEMPOOL
    );
    let mut h = RETARGET;
    while h < first_listed {
        out.push(Retarget {
            height: h,
            difficulty: 1.0,
            day: None,
        });
        report.retargets_filled_2009 += 1;
        h += RETARGET;
    }
    for r in mempool[1..].iter().chain(derived[1..].iter()) {
        out.push(Retarget {
            height: r.height,
            difficulty: r.difficulty,
            day: r.day,
        });
    }
    for (i, r) in out.iter().enumerate() {
        ensure!(
            r.height == i as u64 * RETARGET,
            "retarget list: expected height {} at position {i}, found {} (gap or misordering)",
            i as u64 * RETARGET,
            r.height
        );
        ensure!(
            r.difficulty >= 1.0,
            "retarget {}: difficulty {} < 1",
            r.height,
            r.difficulty
        );
    }
    let exact: Vec<raw::RawRetarget> = mempool[1..]
        .iter()
        .chain(derived[1..].iter())
        .filter(|r| r.exact_time && r.day.is_some())
        .copied()
        .collect();
    report.retargets = out.len();
    Ok((out, exact))
}

/// Heights by day: Coin Metrics BlkCnt cumulated, then the per-block sums. Returns (day → (height, blocks)).
fn heights(
    cm: &BTreeMap<Date, raw::CmDay>,
    bs: &BTreeMap<Date, raw::BlockDay>,
    exact: &[raw::RawRetarget],
    report: &mut Report,
) -> Result<BTreeMap<Date, (u64, u64)>> {
    let genesis = GENESIS;
    let (&first, first_cm) = cm.iter().next().expect("non-empty");
    ensure!(
        first == genesis,
        "{}: first day is {first}, expected {genesis}",
        raw::CM
    );
    ensure!(
        first_cm.blk_cnt == 0,
        "{}: BlkCnt on {genesis} is {}, expected 0 (genesis not counted)",
        raw::CM,
        first_cm.blk_cnt
    );
    // Cumulative BlkCnt, and the offset against true heights that every retarget block time allows:
    // for a retarget R on day d, cum[d-1] - offset < R <= cum[d] - offset.
    let mut cum: BTreeMap<Date, u64> = BTreeMap::new();
    let mut c = 0u64;
    for (&d, v) in cm {
        c += v.blk_cnt;
        cum.insert(d, c);
    }
    let (mut lo, mut hi) = (i64::MIN, i64::MAX);
    for r in exact {
        let day = r.day.expect("filtered");
        let (Some(&cd), Some(&cp)) = (cum.get(&day), cum.get(&day.add_days(-1))) else {
            continue;
        };
        let (l, h) = (cp as i64 - r.height as i64 + 1, cd as i64 - r.height as i64);
        if l > lo {
            lo = l;
            report.offset_lo = (day, l);
        }
        if h < hi {
            hi = h;
            report.offset_hi = (day, h);
        }
    }
    ensure!(
        lo <= hi,
        "no constant offset between Coin Metrics cumulative BlkCnt and retarget heights ({lo} > {hi})"
    );
    ensure!(
        lo == hi,
        "Coin Metrics height offset not pinned: between {lo} and {hi}"
    );
    let offset = lo;
    ensure!(offset >= 0, "Coin Metrics counts {offset} blocks too few");
    let offset = offset as u64;
    report.cm_offset = offset;
    let mut hb: BTreeMap<Date, (u64, u64)> = BTreeMap::new();
    let mut height = 0u64;
    let mut to_remove = offset;
    for (&d, v) in cm {
        if d == genesis {
            hb.insert(d, (0, 1)); // the genesis block itself; Coin Metrics does not count it
        } else {
            let mut b = v.blk_cnt;
            if to_remove > 0 && b >= to_remove {
                report.offset_removed_on = Some((d, b, b - to_remove));
                b -= to_remove;
                to_remove = 0;
            }
            height += b;
            hb.insert(d, (height, b));
        }
    }
    report.cm_genesis_blk_cnt = first_cm.blk_cnt;
    // Where Coin Metrics counts the extra blocks is unknown until the retarget that pins the offset from below.
    let unpinned = report.offset_lo.0.add_days(-1);
    let unpinned_h = hb.get(&unpinned).map_or(0, |v| v.0);
    ensure!(
        unpinned_h < 210_000,
        "heights up to {unpinned} may be off by {offset} blocks and reach the first halving ({unpinned_h})"
    );
    report.offset_unpinned_until = (unpinned, unpinned_h);
    let cm_last = *cm.keys().next_back().expect("non-empty");
    report.cm_last = Some(cm_last);
    report.cm_last_height = hb[&cm_last].0;
    // Per-block sums: check the overlap, then continue after Coin Metrics with complete days.
    for (d, v) in bs.range(..=cm_last) {
        if v.complete {
            report.block_stats_overlap_days += 1;
            if hb.get(d).map(|&(h, b)| (h, b)) == Some((v.last_height, v.blocks)) {
                report.block_stats_overlap_equal += 1;
            }
        }
    }
    let join = bs.get(&cm_last);
    ensure!(
        join.is_some_and(|j| j.last_height == hb[&cm_last].0),
        "join day {cm_last}: Coin Metrics cumulative height {} != block-stats last_height {:?}",
        hb[&cm_last].0,
        join.map(|j| j.last_height)
    );
    let mut prev_h = hb[&cm_last].0;
    for (&d, v) in bs.range(cm_last.add_days(1)..) {
        if !v.complete {
            break;
        }
        ensure!(
            v.first_height == prev_h + 1,
            "{}: {d} first_height {} does not follow {prev_h}",
            raw::DERIVED_FEES,
            v.first_height
        );
        hb.insert(d, (v.last_height, v.blocks));
        prev_h = v.last_height;
    }
    // Every retarget with a known block time must be bracketed by its day's heights (no day boundary is
    // moved to make it so).
    for r in exact {
        let day = r.day.expect("filtered");
        if let Some(&(h, b)) = hb.get(&day) {
            report.exact_retargets_checked += 1;
            ensure!(
                h + 1 - b <= r.height && r.height <= h,
                "retarget {} on {day}: day covers heights {}..={h}",
                r.height,
                h + 1 - b
            );
        }
    }
    Ok(hb)
}

fn ratio_dist(a: &BTreeMap<Date, f64>, b: &BTreeMap<Date, f64>, shift: i32) -> (Dist, Dist) {
    let mut abs = Vec::new();
    let mut rat = Vec::new();
    for (d, &x) in a {
        if let Some(&y) = b.get(&d.add_days(shift))
            && y > 0.0
            && x > 0.0
        {
            abs.push((x / y - 1.0).abs());
            rat.push(x / y);
        }
    }
    (Dist::of(abs), Dist::of(rat))
}

fn spans<S: Copy + Ord>(rows: &[Row], get: impl Fn(&Row) -> Option<S>) -> Vec<(S, Vec<Span>)> {
    let mut m: BTreeMap<S, Vec<Span>> = BTreeMap::new();
    let mut cur: Option<(S, Date, Date)> = None;
    for r in rows {
        let s = get(r);
        match (cur, s) {
            (Some((cs, a, b)), Some(s)) if cs == s && b.add_days(1) == r.day => {
                cur = Some((cs, a, r.day))
            }
            _ => {
                if let Some((cs, a, b)) = cur.take() {
                    m.entry(cs).or_default().push((a, b));
                }
                cur = s.map(|s| (s, r.day, r.day));
            }
        }
    }
    if let Some((cs, a, b)) = cur {
        m.entry(cs).or_default().push((a, b));
    }
    m.into_iter().collect()
}

pub fn build(raw: &Raw) -> Result<Built> {
    let mut report = Report::new();
    let cm = raw::coinmetrics(raw)?;
    let bs = raw::derived_fees(raw)?;
    let (retargets, exact) = retargets(raw, &mut report)?;
    let hb = heights(&cm, &bs, &exact, &mut report)?;

    // Fees.
    let bc2009 = raw::headerless_series(raw, raw::BC_FEES_2009)?;
    let bc2023 = raw::chart_csv(raw, raw::BC_FEES_2023)?;
    let bc2024 = raw::chart_json(raw, raw::BC_FEES_2024, "transaction-fees")?;
    report.bc2019_rows_dups = raw::count_duplicate_days(raw, raw::BC_FEES_2019)?;
    for (d, v) in bc2023.range(bc2024.keys().next().copied().expect("non-empty")..) {
        if let Some(w) = bc2024.get(d) {
            ensure!(
                (v - w).abs() <= 1e-9 * v.abs().max(1.0),
                "blockchain.com fee pulls differ on {d}: {v} vs {w}"
            );
        }
    }
    let cm_fee: BTreeMap<Date, f64> = cm
        .iter()
        .filter_map(|(d, v)| match (v.fee_usd, v.price_usd) {
            (Some(f), Some(p)) if p > 0.0 => Some((*d, f / p)),
            _ => None,
        })
        .collect();
    let bc2009_until = BC2009_FEES_UNTIL;
    let fee_for = |d: Date| -> Option<(f64, FeeSrc)> {
        if let Some(v) = bs.get(&d).filter(|v| v.complete) {
            return Some((v.fees_btc, FeeSrc::BlockStats));
        }
        if d <= bc2009_until
            && let Some(&v) = bc2009.get(&d)
        {
            return Some((v, FeeSrc::Bc2009));
        }
        if let Some(&v) = bc2023.get(&d) {
            return Some((v, FeeSrc::Bc2023));
        }
        if let Some(&v) = bc2024.get(&d) {
            return Some((v, FeeSrc::Bc2024));
        }
        cm_fee.get(&d).map(|&v| (v, FeeSrc::CoinMetrics))
    };

    // Prices.
    let cc_all = raw::dated_series(raw, raw::CC_PRICE, &["Date", "BTC_USD"])?;
    let (&cc_last, &cc_last_v) = cc_all.iter().next_back().expect("non-empty");
    report.dropped_partial.push(format!(
        "CryptoCompare {cc_last} ({cc_last_v}): partial last day"
    ));
    let cc: BTreeMap<Date, f64> = cc_all.range(..cc_last).map(|(d, v)| (*d, *v)).collect();
    let bc_raw = raw::dated_series(raw, raw::BC_PRICE, &["Date", "BTC_Close"])?;
    // blockchain.com value dated D is the close of D-1; zeros before 2010-08-18 mean "no data".
    let bc: BTreeMap<Date, f64> = bc_raw
        .iter()
        .filter(|(_, v)| **v > 0.0)
        .map(|(d, v)| (d.add_days(-1), *v))
        .collect();
    let bc_unshifted: BTreeMap<Date, f64> = bc_raw
        .iter()
        .filter(|(_, v)| **v > 0.0)
        .map(|(d, v)| (*d, *v))
        .collect();
    let yahoo_all = raw::headerless_series(raw, raw::YAHOO_PRICE)?;
    raw::check_contiguous(raw::YAHOO_PRICE, &yahoo_all)?;
    let (&y_last, &y_last_v) = yahoo_all.iter().next_back().expect("non-empty");
    report.dropped_partial.push(format!(
        "Yahoo {y_last} ({y_last_v}): the file was committed that day (fetch_prices.py rewrites it nightly), so the close is partial"
    ));
    let yahoo: BTreeMap<Date, f64> = yahoo_all.range(..y_last).map(|(d, v)| (*d, *v)).collect();
    let cm_price: BTreeMap<Date, f64> = cm
        .iter()
        .filter_map(|(d, v)| v.price_usd.map(|p| (*d, p)))
        .collect();
    let nw = raw::network_csv_price(raw)?;
    let jan2014 = Date::constant(2014, 1, 1);
    let feb2014 = Date::constant(2014, 2, 28);
    let price_for = |d: Date, report: &mut Report| -> Result<Option<(f64, PriceSrc)>> {
        if let Some(&c) = cc.get(&d) {
            if (jan2014..=feb2014).contains(&d) {
                let Some(&b) = bc.get(&d) else {
                    bail!("no blockchain.com price to replace CryptoCompare on {d}")
                };
                report.jan_feb_2014_replaced += 1;
                return Ok(Some((b, PriceSrc::BcShifted2014)));
            }
            if let Some(&b) = bc.get(&d)
                && (c / b - 1.0).abs() > PRICE_DISAGREE
                && let Some(&m) = cm_price.get(&d)
            {
                if (b / m - 1.0).abs() < (c / m - 1.0).abs() {
                    report.referee_replacements.push((d, c, b, m));
                    return Ok(Some((b, PriceSrc::BcShiftedReferee)));
                }
                report.referee_kept_cc += 1;
            }
            return Ok(Some((c, PriceSrc::CryptoCompare)));
        }
        if d > cc_last.add_days(-1)
            && let Some(&y) = yahoo.get(&d)
        {
            return Ok(Some((y, PriceSrc::Yahoo)));
        }
        Ok(None)
    };

    let first = GENESIS;
    let last = [
        hb.keys().next_back().copied(),
        yahoo.keys().next_back().copied(),
        cc.keys().next_back().copied(),
    ]
    .into_iter()
    .flatten()
    .max()
    .expect("non-empty");
    let mut rows = Vec::new();
    let mut d = first;
    while d <= last {
        let (height, blocks) = match hb.get(&d) {
            Some(&(h, b)) => (Some(h), Some(b)),
            None => (None, None),
        };
        let difficulty = match height {
            Some(h) => retargets.get((h / RETARGET) as usize).map(|r| r.difficulty),
            None => None,
        };
        let fees = if height.is_some() { fee_for(d) } else { None };
        let price = price_for(d, &mut report)?;
        rows.push(Row {
            day: d,
            height,
            blocks,
            difficulty,
            fees,
            price,
        });
        d = d.add_days(1);
    }
    // Trim trailing all-empty days (none expected).
    while rows
        .last()
        .is_some_and(|r| r.height.is_none() && r.price.is_none() && r.fees.is_none())
    {
        rows.pop();
    }
    fee_guard(&mut rows, &cm_fee, &mut report)?;
    check_rows(&rows)?;

    report.first = rows.first().map(|r| r.day);
    report.last = rows.last().map(|r| r.day);
    report.rows = rows.len();
    let span_of = |f: &dyn Fn(&Row) -> bool| -> Span {
        let a = rows
            .iter()
            .find(|r| f(r))
            .map(|r| r.day)
            .expect("column has data");
        let b = rows
            .iter()
            .rev()
            .find(|r| f(r))
            .map(|r| r.day)
            .expect("column has data");
        (a, b)
    };
    report.column_spans = vec![
        ("height", span_of(&|r| r.height.is_some())),
        ("blocks", span_of(&|r| r.blocks.is_some())),
        ("difficulty", span_of(&|r| r.difficulty.is_some())),
        ("fees_btc", span_of(&|r| r.fees.is_some())),
        ("price_usd", span_of(&|r| r.price.is_some())),
    ];
    report.heights_last = Some(report.column_spans[0].1.1);
    // Spans by the source chosen before the outlier guard; the replaced days are listed separately.
    let guard_src: BTreeMap<Date, FeeSrc> = report
        .fee_outliers_replaced
        .iter()
        .map(|&(d, _, _, src)| (d, src))
        .collect();
    report.fee_spans = spans(&rows, |r| {
        r.fees
            .map(|f| guard_src.get(&r.day).copied().unwrap_or(f.1))
    });
    report.price_spans = spans(&rows, |r| r.price.map(|p| p.1));

    // Cross-checks.
    for src in [
        FeeSrc::BlockStats,
        FeeSrc::Bc2009,
        FeeSrc::Bc2023,
        FeeSrc::Bc2024,
    ] {
        let mine: BTreeMap<Date, f64> = rows
            .iter()
            .filter_map(|r| r.fees.filter(|f| f.1 == src).map(|f| (r.day, f.0)))
            .collect();
        let mine_2016: BTreeMap<Date, f64> = mine
            .range(Date::constant(2016, 1, 1)..)
            .map(|(d, v)| (*d, *v))
            .collect();
        report
            .fee_vs_cm
            .push((src, ratio_dist(&mine_2016, &cm_fee, 0).1));
    }
    let chosen: BTreeMap<Date, f64> = rows
        .iter()
        .filter_map(|r| r.price.map(|p| (r.day, p.0)))
        .collect();
    report.price_vs_cm_absdiff = ratio_dist(&chosen, &cm_price, 0).0;
    report.cc_vs_yahoo_absdiff = ratio_dist(&cc, &yahoo, 0).0;
    let cc_2016: BTreeMap<Date, f64> = cc
        .range(Date::constant(2016, 1, 1)..)
        .map(|(d, v)| (*d, *v))
        .collect();
    report.cc_vs_bc_shifted_absdiff = ratio_dist(&cc_2016, &bc, 0).0;
    report.cc_vs_bc_unshifted_absdiff = ratio_dist(&cc_2016, &bc_unshifted, 0).0;
    let nw_last = *nw.keys().next_back().expect("non-empty");
    let lag_from = nw_last.add_days(-5);
    let nw_early: BTreeMap<Date, f64> = nw.range(..lag_from).map(|(d, v)| (*d, *v)).collect();
    report.yahoo_vs_network_csv = ratio_dist(&nw_early, &yahoo_all, 0).0;
    for (d, &p) in nw.range(lag_from..) {
        let same = yahoo_all.get(d).map_or(f64::NAN, |y| (p / y - 1.0).abs());
        let prev = yahoo_all
            .get(&d.add_days(-1))
            .map_or(f64::NAN, |y| (p / y - 1.0).abs());
        report.network_csv_lag_days.push((*d, p, same, prev));
    }

    // Sanity: the halving block and published hashprice values.
    let row_of = |d: Date| rows[first.days_until(d) as usize];
    let halving = row_of(Date::constant(2024, 4, 20));
    let (h, b) = (
        halving.height.expect("height on 2024-04-20"),
        halving.blocks.expect("blocks"),
    );
    report.halving_day_range = (h + 1 - b, h);
    ensure!(
        h + 1 - b <= 840_000 && 840_000 <= h,
        "2024-04-20 covers {}..={h}, not the halving block 840000",
        h + 1 - b
    );
    for (y, m, dd, published) in [(2024, 11, 12, 55.97), (2021, 10, 24, 380.0)] {
        let r = row_of(Date::constant(y, m, dd));
        let (Some(h), Some(b), Some(diff), Some((fees, _)), Some((price, _))) =
            (r.height, r.blocks, r.difficulty, r.fees, r.price)
        else {
            bail!("sanity day {} is missing a value", r.day);
        };
        let subsidy = subsidy_btc(h);
        let per_block = subsidy + fees / b as f64;
        let btc_per_ph_day = 1e15 * 86_400.0 / (diff * 2f64.powi(32)) * per_block;
        let usd = btc_per_ph_day * price;
        let s = Sanity {
            day: r.day,
            usd_per_ph_day: usd,
            published,
            price,
            difficulty: diff,
            fee_share: fees / (fees + subsidy * b as f64),
        };
        ensure!(
            (usd / published - 1.0).abs() <= 0.03,
            "hashprice on {}: {usd:.2} USD/PH/day, published {published} (more than 3% apart)",
            r.day
        );
        report.sanity.push(s);
    }
    ensure!(
        report.price_vs_cm_absdiff.median < 0.005,
        "price vs Coin Metrics median |diff| {} too large",
        report.price_vs_cm_absdiff.median
    );
    Ok(Built {
        rows,
        retargets,
        report,
    })
}

/// `a` is further than [`FEE_OUTLIER`] from the Coin Metrics value `cm` (any difference when `cm` is 0).
fn fee_outlier(a: f64, cm: f64) -> bool {
    if cm > 0.0 {
        (a - cm).abs() > FEE_OUTLIER * cm
    } else {
        a != 0.0
    }
}

/// The ±1-day partner of `i` whose two-day fee sum agrees with Coin Metrics' two-day sum within
/// [`FEE_PAIR_TOL`] (a block counted on the neighbouring day), if any.
fn fee_pair(fees: &[Option<f64>], cm: &[Option<f64>], i: usize) -> Option<usize> {
    let (Some(a), Some(c)) = (fees[i], cm[i]) else {
        return None;
    };
    [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter(|&j| j < fees.len())
        .find(|&j| match (fees[j], cm[j]) {
            (Some(b), Some(d)) => ((a + b) - (c + d)).abs() <= FEE_PAIR_TOL * (c + d),
            _ => false,
        })
}

/// Per-day guard on fees from sources other than Coin Metrics: where a day's fee is an outlier against Coin
/// Metrics and no ±1-day pair explains it, Coin Metrics replaces it. Fails if an outlier is left unexplained.
fn fee_guard(rows: &mut [Row], cm_fee: &BTreeMap<Date, f64>, report: &mut Report) -> Result<()> {
    let cm: Vec<Option<f64>> = rows.iter().map(|r| cm_fee.get(&r.day).copied()).collect();
    let fees: Vec<Option<f64>> = rows.iter().map(|r| r.fees.map(|f| f.0)).collect();
    let guarded = |r: &Row| r.fees.is_some_and(|f| f.1 != FeeSrc::CoinMetrics);
    for i in 0..rows.len() {
        let r = rows[i];
        let (Some((v, src)), Some(c)) = (r.fees, cm[i]) else {
            continue;
        };
        if !guarded(&r) {
            continue;
        }
        report.fee_guard_checked += 1;
        if !fee_outlier(v, c) {
            continue;
        }
        match fee_pair(&fees, &cm, i) {
            Some(j) => report
                .fee_outliers_paired
                .push((r.day, v, src, rows[j].day)),
            None => {
                report.fee_outliers_replaced.push((r.day, v, c, src));
                rows[i].fees = Some((c, FeeSrc::CoinMetricsGuard));
            }
        }
    }
    // The written values must pass the same test.
    let fees: Vec<Option<f64>> = rows.iter().map(|r| r.fees.map(|f| f.0)).collect();
    for (i, r) in rows.iter().enumerate() {
        if let (Some((v, src)), Some(c)) = (r.fees, cm[i])
            && src != FeeSrc::CoinMetrics
            && src != FeeSrc::CoinMetricsGuard
            && fee_outlier(v, c)
            && fee_pair(&fees, &cm, i).is_none()
        {
            bail!(
                "fees_btc on {}: {} ({}) is more than {:.0}% from Coin Metrics {c} and no ±1-day pair explains it",
                r.day,
                fmt_btc(v),
                src.label(),
                FEE_OUTLIER * 100.0
            );
        }
    }
    Ok(())
}

/// The same consistency rules the core applies, checked before writing.
fn check_rows(rows: &[Row]) -> Result<()> {
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            ensure!(
                rows[i - 1].day.add_days(1) == r.day,
                "days not contiguous at {}",
                r.day
            );
            if let (Some(hp), Some(h), Some(b)) = (rows[i - 1].height, r.height, r.blocks) {
                ensure!(
                    hp + b == h,
                    "{}: height {h} != previous {hp} + {b} blocks",
                    r.day
                );
            }
            ensure!(
                !(rows[i - 1].height.is_none() && r.height.is_some()),
                "{}: heights resume after a gap",
                r.day
            );
        }
        ensure!(
            r.height.is_some() == r.blocks.is_some(),
            "{}: height and blocks not both present",
            r.day
        );
        if let (Some(h), Some(b)) = (r.height, r.blocks) {
            ensure!(
                b <= h + 1 && b <= 10_000,
                "{}: {b} blocks with height {h}",
                r.day
            );
        }
        ensure!(
            r.difficulty.is_none_or(|d| d >= 1.0),
            "{}: difficulty < 1",
            r.day
        );
        ensure!(
            r.fees.is_none_or(|f| f.0 >= 0.0 && f.0.is_finite()),
            "{}: bad fees",
            r.day
        );
        ensure!(
            r.price.is_none_or(|p| p.0 > 0.0 && p.0.is_finite()),
            "{}: bad price",
            r.day
        );
    }
    Ok(())
}

/// BTC rounded to the satoshi, without trailing zeros.
pub fn fmt_btc(v: f64) -> String {
    let s = format!("{v:.8}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

pub fn network_csv(rows: &[Row]) -> String {
    let mut out = String::from("date,height,blocks,difficulty,fees_btc,price_usd\n");
    let opt = |v: Option<String>| v.unwrap_or_default();
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            r.day,
            opt(r.height.map(|h| h.to_string())),
            opt(r.blocks.map(|b| b.to_string())),
            opt(r.difficulty.map(|d| format!("{d}"))),
            opt(r.fees.map(|f| fmt_btc(f.0))),
            opt(r.price.map(|p| format!("{}", p.0))),
        );
    }
    out
}

pub fn retargets_csv(rs: &[Retarget]) -> String {
    let mut out = String::from("height,difficulty,date\n");
    for r in rs {
        let _ = writeln!(
            out,
            "{},{},{}",
            r.height,
            r.difficulty,
            r.day.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn btc_formatting_rounds_to_satoshi() {
        assert_eq!(fmt_btc(0.0), "0");
        assert_eq!(fmt_btc(105.754_947_220_000_02), "105.75494722");
        assert_eq!(fmt_btc(12.5), "12.5");
        assert_eq!(fmt_btc(1e-9), "0");
    }

    #[test]
    fn subsidy_halves() {
        assert_eq!(subsidy_btc(0), 50.0);
        assert_eq!(subsidy_btc(839_999), 6.25);
        assert_eq!(subsidy_btc(840_000), 3.125);
    }

    #[test]
    fn fee_guard_replaces_unexplained_outliers_and_keeps_pairs() {
        let d0 = Date::constant(2017, 9, 13);
        let row = |i: i32, v: f64| Row {
            day: d0.add_days(i),
            height: Some(1),
            blocks: Some(1),
            difficulty: Some(1.0),
            fees: Some((v, FeeSrc::Bc2009)),
            price: None,
        };
        // Day 1 and 2 swap half their fees (a ±1-day pair); day 4 is a lone outlier.
        let mut rows = vec![
            row(0, 100.0),
            row(1, 40.0),
            row(2, 160.0),
            row(3, 100.0),
            row(4, 12.0),
            row(5, 100.0),
        ];
        let cm: BTreeMap<Date, f64> = (0..6).map(|i| (d0.add_days(i), 100.0)).collect();
        let mut rep = Report::new();
        fee_guard(&mut rows, &cm, &mut rep).unwrap();
        assert_eq!(rep.fee_guard_checked, 6);
        assert_eq!(rep.fee_outliers_paired.len(), 2);
        assert_eq!(rep.fee_outliers_replaced.len(), 1);
        assert_eq!(rep.fee_outliers_replaced[0].0, d0.add_days(4));
        assert_eq!(rows[4].fees, Some((100.0, FeeSrc::CoinMetricsGuard)));
        assert_eq!(rows[1].fees, Some((40.0, FeeSrc::Bc2009)));
        assert!(fee_outlier(1e-7, 0.0) && !fee_outlier(0.0, 0.0));
    }

    #[test]
    fn dist_quantiles() {
        let d = Dist::of((1..=101).map(f64::from).collect());
        assert_eq!((d.n, d.median, d.p5, d.p95), (101, 51.0, 6.0, 96.0));
    }
}
