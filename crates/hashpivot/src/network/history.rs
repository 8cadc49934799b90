//! Daily network history: what each UTC day's blocks paid, and the hashprice that follows from it.
//!
//! One [`NetworkDay`] per UTC day, contiguous in date. A value no source covers is `None`, never a guess.
//! Days on which a retarget or a halving falls are split by height: the day's blocks are taken as evenly
//! spread over the day, so each difficulty/subsidy segment gets the share of the day that its blocks had.

use super::{
    BLOCKS_PER_HALVING, BLOCKS_PER_RETARGET, HASHES_PER_DIFFICULTY, SECONDS_PER_DAY, subsidy_btc,
};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// One UTC day of the network table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkDay {
    pub date: Date,
    /// Height of the day's last block.
    pub height: Option<u64>,
    /// Blocks mined that day.
    pub blocks: Option<u32>,
    /// Difficulty of the day's last block (the difficulty in effect at the end of the day).
    pub difficulty: Option<f64>,
    /// Total fees paid in the day's blocks, BTC.
    pub fees_btc: Option<f64>,
    /// BTC/USD close of the day (00:00 UTC of the next day).
    pub price_usd: Option<f64>,
}

impl NetworkDay {
    /// An all-empty day (no source covers it).
    pub fn empty(date: Date) -> NetworkDay {
        NetworkDay {
            date,
            height: None,
            blocks: None,
            difficulty: None,
            fees_btc: None,
            price_usd: None,
        }
    }
}

/// How fees per block are measured for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeeWindow {
    /// That UTC day's total fees / that day's blocks.
    #[default]
    Day,
    /// Fees / blocks over the N days ending on the date (N ≥ 1).
    TrailingDays(u32),
}

/// The network economics of one day, as `hashpivot network` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayEconomics {
    pub date: Date,
    /// Height of the day's last block.
    pub height: u64,
    /// Difficulty in effect at the end of the day.
    pub difficulty: f64,
    /// Block subsidy in BTC: the mean over the day's blocks (differs from the era's value only on a halving day).
    pub subsidy_btc: f64,
    pub fees_btc_per_block: f64,
    pub price_usd: f64,
    /// Difficulty-implied hashrate (difficulty × 2^32 / 600), EH/s.
    pub hashrate_eh_s: f64,
    pub btc_per_ph_day: f64,
    pub usd_per_ph_day: f64,
    /// Blocks mined that day.
    pub blocks: u32,
    /// The one difficulty that, with the day's mean subsidy and fees, gives the day's expected BTC: equal to
    /// `difficulty` except on a day a retarget falls on, where the day's blocks are split by height.
    pub effective_difficulty: f64,
}

/// The BTC side of a day's economics (no price).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BtcDay {
    pub height: u64,
    pub blocks: u32,
    pub difficulty: f64,
    pub effective_difficulty: f64,
    pub subsidy_btc: f64,
    pub fees_btc_per_block: f64,
    pub btc_per_ph_day: f64,
}

/// A halving: the first block of a new subsidy era.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Halving {
    pub era: u64,
    pub height: u64,
    /// Subsidy from this height on, BTC.
    pub subsidy_btc: f64,
    /// UTC date of the halving block (derived from the data's heights, or projected).
    pub date: Option<Date>,
    /// Whether `date` is a projection at the recent block pace rather than a fact of the data.
    pub projected: bool,
}

/// A span of dates over which a field is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: Date,
    pub to: Date,
}

/// The daily network table, contiguous in date.
#[derive(Debug, Clone)]
pub struct NetworkHistory {
    days: Vec<NetworkDay>,
}

const DATASET: &str = "network";

/// The highest block height the table accepts: the 64th halving, after which the subsidy is zero for good.
pub const MAX_HEIGHT: u64 = 64 * BLOCKS_PER_HALVING;
/// The most blocks a day the table accepts (144 are expected; the record is a few hundred).
pub const MAX_BLOCKS_PER_DAY: u32 = 10_000;

/// One difficulty retarget: the first block of an epoch and its difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retarget {
    pub height: u64,
    pub difficulty: f64,
    /// UTC date of the retarget block, where known.
    pub date: Option<Date>,
}

impl NetworkHistory {
    /// Builds the table from days in any order; gaps between days are filled with empty days.
    /// Checks each day's values and the consistency of heights with block counts.
    pub fn new(mut days: Vec<NetworkDay>) -> Result<NetworkHistory> {
        if days.is_empty() {
            return Err(Error::invalid(
                "network data",
                "no rows",
                "at least one day",
            ));
        }
        days.sort_by_key(|d| d.date);
        for w in days.windows(2) {
            if w[0].date == w[1].date {
                return Err(Error::invalid(
                    "network data",
                    format!("two rows for {}", w[0].date),
                    "one row per date",
                ));
            }
        }
        let first = days[0].date;
        let last = days[days.len() - 1].date;
        let mut filled = Vec::with_capacity((first.days_until(last) + 1) as usize);
        let mut it = days.into_iter().peekable();
        let mut d = first;
        while d <= last {
            match it.peek() {
                Some(row) if row.date == d => filled.push(it.next().expect("peeked")),
                _ => filled.push(NetworkDay::empty(d)),
            }
            d = d.succ();
        }
        let h = NetworkHistory { days: filled };
        h.check()?;
        Ok(h)
    }

    fn check(&self) -> Result<()> {
        // The last earlier day with a known height, for the chain check across gaps.
        let mut last_known: Option<(Date, u64)> = None;
        for (i, day) in self.days.iter().enumerate() {
            let bad = |field: &str, v: &dyn std::fmt::Display, expected: String| {
                Error::invalid(format!("network data {field} on {}", day.date), v, expected)
            };
            if let Some(d) = day.difficulty
                && !(d.is_finite() && d >= 1.0)
            {
                return Err(bad("difficulty", &d, "a finite number ≥ 1".into()));
            }
            if let Some(f) = day.fees_btc
                && !(f.is_finite() && f >= 0.0)
            {
                return Err(bad("fees_btc", &f, "a finite number of BTC ≥ 0".into()));
            }
            if let Some(p) = day.price_usd
                && !(p.is_finite() && p > 0.0)
            {
                return Err(bad("price_usd", &p, "a finite price > 0".into()));
            }
            if let Some(h) = day.height
                && h > MAX_HEIGHT
            {
                return Err(bad(
                    "height",
                    &h,
                    format!("at most {MAX_HEIGHT} (the 64th halving)"),
                ));
            }
            if let Some(b) = day.blocks
                && b > MAX_BLOCKS_PER_DAY
            {
                return Err(bad(
                    "blocks",
                    &b,
                    format!("at most {MAX_BLOCKS_PER_DAY} a day"),
                ));
            }
            if let (Some(h), Some(b)) = (day.height, day.blocks)
                && (b as u64) > h + 1
            {
                return Err(bad("blocks", &b, format!("at most height + 1 = {}", h + 1)));
            }
            if let Some(h) = day.height {
                let prev_height = if i > 0 { self.days[i - 1].height } else { None };
                match (prev_height, day.blocks, last_known) {
                    (Some(hp), Some(b), _) if hp + b as u64 != h => {
                        return Err(bad(
                            "height",
                            &h,
                            format!(
                                "previous day's height {hp} + {b} blocks = {}",
                                hp + b as u64
                            ),
                        ));
                    }
                    (None, _, Some((dk, hk))) => {
                        // Across a gap: heights never go back, and at most MAX_BLOCKS_PER_DAY a day.
                        let first_block = h + 1 - day.blocks.unwrap_or(0) as u64;
                        let days = dk.days_until(day.date) as u64;
                        if first_block <= hk || h - hk > days * MAX_BLOCKS_PER_DAY as u64 {
                            return Err(bad(
                                "height",
                                &h,
                                format!(
                                    "a height after {dk}'s {hk} (the day's first block above it, \
                                     at most {MAX_BLOCKS_PER_DAY} blocks a day)"
                                ),
                            ));
                        }
                    }
                    _ => {}
                }
                last_known = Some((day.date, h));
            }
        }
        Ok(())
    }

    /// Fills each day's difficulty from the retarget list by height, and refuses a day whose difficulty
    /// contradicts the epoch its last block belongs to. Days past the list's last epoch keep their own value.
    pub fn with_retargets(mut self, retargets: &[Retarget]) -> Result<NetworkHistory> {
        for w in retargets.windows(2) {
            if w[1].height != w[0].height + BLOCKS_PER_RETARGET {
                return Err(Error::invalid(
                    "retarget list",
                    format!("height {} after {}", w[1].height, w[0].height),
                    "consecutive multiples of 2016",
                ));
            }
        }
        let Some(first) = retargets.first() else {
            return Ok(self);
        };
        let end = retargets[retargets.len() - 1].height + BLOCKS_PER_RETARGET;
        for day in &mut self.days {
            let Some(h) = day.height else { continue };
            if h < first.height || h >= end {
                continue;
            }
            let epoch = &retargets[((h - first.height) / BLOCKS_PER_RETARGET) as usize];
            match day.difficulty {
                None => day.difficulty = Some(epoch.difficulty),
                Some(d) if (d / epoch.difficulty - 1.0).abs() > 1e-9 => {
                    return Err(Error::invalid(
                        format!("network data difficulty on {}", day.date),
                        d,
                        format!(
                            "the difficulty of the epoch starting at height {} that holds the day's last block {h}: {}",
                            epoch.height, epoch.difficulty
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(self)
    }

    /// Every day, in date order.
    pub fn days(&self) -> &[NetworkDay] {
        &self.days
    }

    pub fn first_date(&self) -> Date {
        self.days[0].date
    }

    pub fn last_date(&self) -> Date {
        self.days[self.days.len() - 1].date
    }

    /// The span over which `field` is present (first and last non-empty day), if any.
    pub fn field_span(&self, field: impl Fn(&NetworkDay) -> bool) -> Option<Span> {
        let from = self.days.iter().find(|d| field(d))?.date;
        let to = self.days.iter().rev().find(|d| field(d))?.date;
        Some(Span { from, to })
    }

    /// The last day on which every field needed for hashprice is present.
    pub fn last_complete_date(&self) -> Option<Date> {
        self.days
            .iter()
            .rev()
            .find(|d| {
                d.height.is_some()
                    && d.blocks.is_some()
                    && d.difficulty.is_some()
                    && d.fees_btc.is_some()
                    && d.price_usd.is_some()
            })
            .map(|d| d.date)
    }

    /// Merges `newer` over `self`, value by value: where `newer` has a value for a day it wins; where its cell
    /// is empty the value here stays (an import of prices alone keeps the bundled heights and fees).
    pub fn overlaid_with(&self, newer: &NetworkHistory) -> Result<NetworkHistory> {
        let mut map: std::collections::BTreeMap<Date, NetworkDay> =
            self.days.iter().map(|d| (d.date, *d)).collect();
        for n in &newer.days {
            let e = map
                .entry(n.date)
                .or_insert_with(|| NetworkDay::empty(n.date));
            e.height = n.height.or(e.height);
            e.blocks = n.blocks.or(e.blocks);
            e.difficulty = n.difficulty.or(e.difficulty);
            e.fees_btc = n.fees_btc.or(e.fees_btc);
            e.price_usd = n.price_usd.or(e.price_usd);
        }
        NetworkHistory::new(map.into_values().collect())
    }

    /// The UTC day whose blocks include `height`, if the data's heights reach it.
    pub fn date_of_height(&self, height: u64) -> Option<Date> {
        let i = self
            .days
            .partition_point(|d| d.height.is_none_or(|h| h < height));
        let day = self.days.get(i)?;
        let (h, b) = (day.height?, day.blocks?);
        (h + 1)
            .checked_sub(b as u64)
            .filter(|first| *first <= height)
            .map(|_| day.date)
    }

    /// Every halving: its height, the subsidy it starts, and its UTC date — from the data's heights where they
    /// reach it, else projected at the mean block pace of the last 365 days with known heights (marked so).
    pub fn halvings(&self, count: u64) -> Vec<Halving> {
        let last = self.days.iter().rev().find(|d| d.height.is_some());
        let pace = last.and_then(|l| {
            let back = self
                .days
                .iter()
                .rev()
                .filter(|d| d.height.is_some())
                .nth(365)?;
            let blocks = l.height?.checked_sub(back.height?)? as f64;
            Some((
                l.date,
                l.height?,
                blocks / back.date.days_until(l.date) as f64,
            ))
        });
        (1..=count)
            .map(|era| {
                let height = super::halving_height(era);
                let known = self.date_of_height(height);
                let (date, projected) = match (known, pace) {
                    (Some(d), _) => (Some(d), false),
                    (None, Some((d, h, per_day))) if height > h && per_day > 0.0 => (
                        Some(d.add_days(((height - h) as f64 / per_day).ceil() as i32)),
                        true,
                    ),
                    _ => (None, false),
                };
                Halving {
                    era,
                    height,
                    subsidy_btc: subsidy_btc(height),
                    date,
                    projected,
                }
            })
            .collect()
    }

    fn index(&self, date: Date) -> Result<usize> {
        if date < self.first_date() || date > self.last_date() {
            return Err(Error::DateNotCovered {
                dataset: DATASET,
                kind: DATASET,
                date: date.to_string(),
                from: self.first_date(),
                to: self.last_date(),
            });
        }
        Ok(self.first_date().days_until(date) as usize)
    }

    /// The raw row of a date.
    pub fn row(&self, date: Date) -> Result<&NetworkDay> {
        Ok(&self.days[self.index(date)?])
    }

    fn missing(&self, field: &'static str, date: Date, has: impl Fn(&NetworkDay) -> bool) -> Error {
        let span = self.field_span(has);
        Error::ValueMissing {
            dataset: DATASET,
            kind: DATASET,
            field,
            date,
            from: span.map(|s| s.from),
            to: span.map(|s| s.to),
        }
    }

    /// Fees per block on `date` under a window.
    pub fn fees_btc_per_block(&self, date: Date, window: FeeWindow) -> Result<f64> {
        let i = self.index(date)?;
        let n = match window {
            FeeWindow::Day => 1,
            FeeWindow::TrailingDays(0) => {
                return Err(Error::invalid("fee window", 0, "at least 1 day"));
            }
            FeeWindow::TrailingDays(n) => n as usize,
        };
        if n > i + 1 {
            return Err(Error::DateNotCovered {
                dataset: DATASET,
                kind: DATASET,
                date: format!(
                    "{} (start of the {n}-day fee window)",
                    date.add_days(1 - n as i32)
                ),
                from: self.first_date(),
                to: self.last_date(),
            });
        }
        let (mut fees, mut blocks) = (0.0, 0u64);
        for day in &self.days[i + 1 - n..=i] {
            fees += day
                .fees_btc
                .ok_or_else(|| self.missing("fees_btc", day.date, |d| d.fees_btc.is_some()))?;
            blocks += day
                .blocks
                .ok_or_else(|| self.missing("blocks", day.date, |d| d.blocks.is_some()))?
                as u64;
        }
        if blocks == 0 {
            return Ok(0.0);
        }
        Ok(fees / blocks as f64)
    }

    /// The BTC side of a day (no price needed): expected BTC per PH/s by height, difficulty and fees.
    pub fn btc_day(&self, date: Date, window: FeeWindow) -> Result<BtcDay> {
        let i = self.index(date)?;
        let day = &self.days[i];
        let height = day
            .height
            .ok_or_else(|| self.missing("height", date, |d| d.height.is_some()))?;
        let blocks = day
            .blocks
            .ok_or_else(|| self.missing("blocks", date, |d| d.blocks.is_some()))?;
        let difficulty = day
            .difficulty
            .ok_or_else(|| self.missing("difficulty", date, |d| d.difficulty.is_some()))?;
        let fees = self.fees_btc_per_block(date, window)?;
        let prev_difficulty = if i > 0 {
            self.days[i - 1].difficulty
        } else {
            None
        };
        let (btc_per_th_day, subsidy_mean) = split_day_btc_per_th(
            height,
            blocks,
            difficulty,
            prev_difficulty.unwrap_or(difficulty),
            fees,
        );
        // The single difficulty that gives the same expected BTC with the day's mean subsidy and fees.
        let effective_difficulty = if btc_per_th_day > 0.0 {
            1e12 * SECONDS_PER_DAY / HASHES_PER_DIFFICULTY * (subsidy_mean + fees) / btc_per_th_day
        } else {
            difficulty
        };
        Ok(BtcDay {
            height,
            blocks,
            difficulty,
            effective_difficulty,
            subsidy_btc: subsidy_mean,
            fees_btc_per_block: fees,
            btc_per_ph_day: btc_per_th_day * 1_000.0,
        })
    }

    /// Network economics of one day: subsidy by height, difficulty in effect, fees, price and hashprice.
    pub fn day(&self, date: Date, window: FeeWindow) -> Result<DayEconomics> {
        let b = self.btc_day(date, window)?;
        let price_usd = self
            .row(date)?
            .price_usd
            .ok_or_else(|| self.missing("price_usd", date, |d| d.price_usd.is_some()))?;
        Ok(DayEconomics {
            date,
            height: b.height,
            difficulty: b.difficulty,
            subsidy_btc: b.subsidy_btc,
            fees_btc_per_block: b.fees_btc_per_block,
            price_usd,
            hashrate_eh_s: super::hashrate_h_s(b.difficulty) / 1e18,
            btc_per_ph_day: b.btc_per_ph_day,
            usd_per_ph_day: b.btc_per_ph_day * price_usd,
            blocks: b.blocks,
            effective_difficulty: b.effective_difficulty,
        })
    }
}

/// Expected BTC per TH/s over a day whose last block is `height` and which had `blocks` blocks, with the
/// day's blocks spread evenly over the day. Blocks before a retarget inside the day are mined at
/// `prev_difficulty`; each block's subsidy is by its own height. Returns (BTC per TH-day, mean subsidy).
fn split_day_btc_per_th(
    height: u64,
    blocks: u32,
    difficulty: f64,
    prev_difficulty: f64,
    fees_per_block: f64,
) -> (f64, f64) {
    let per_hash_day = 1e12 * SECONDS_PER_DAY / HASHES_PER_DIFFICULTY;
    if blocks == 0 {
        let s = subsidy_btc(height + 1);
        return (per_hash_day / difficulty * (s + fees_per_block), s);
    }
    let start = height + 1 - blocks as u64;
    // Boundaries inside (start, height]: the first block of a retarget epoch or of a halving era.
    let mut cuts: Vec<u64> = Vec::with_capacity(2);
    let next_retarget = start.div_ceil(BLOCKS_PER_RETARGET) * BLOCKS_PER_RETARGET;
    let retarget_inside = next_retarget > start && next_retarget <= height;
    if retarget_inside {
        cuts.push(next_retarget);
    }
    let next_halving = start.div_ceil(BLOCKS_PER_HALVING) * BLOCKS_PER_HALVING;
    if next_halving > start && next_halving <= height {
        cuts.push(next_halving);
    }
    cuts.sort_unstable();
    let mut total = 0.0;
    let mut subsidy_sum = 0.0;
    let mut seg_start = start;
    for end in cuts.into_iter().chain(std::iter::once(height + 1)) {
        let n = (end - seg_start) as f64;
        let d = if retarget_inside && seg_start < next_retarget {
            prev_difficulty
        } else {
            difficulty
        };
        let s = subsidy_btc(seg_start);
        total += n * per_hash_day / d * (s + fees_per_block);
        subsidy_sum += n * s;
        seg_start = end;
    }
    (total / blocks as f64, subsidy_sum / blocks as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(
        date: &str,
        height: u64,
        blocks: u32,
        difficulty: f64,
        fees: f64,
        price: f64,
    ) -> NetworkDay {
        NetworkDay {
            date: Date::parse(date).unwrap(),
            height: Some(height),
            blocks: Some(blocks),
            difficulty: Some(difficulty),
            fees_btc: Some(fees),
            price_usd: Some(price),
        }
    }

    #[test]
    fn ordinary_day_matches_closed_form() {
        let h = NetworkHistory::new(vec![
            day("2024-11-11", 870_100, 144, 101.65e12, 14.4, 88_000.0),
            day("2024-11-12", 870_250, 150, 101.65e12, 30.0, 87_235.0),
        ])
        .unwrap();
        let e = h
            .day(Date::parse("2024-11-12").unwrap(), FeeWindow::Day)
            .unwrap();
        let expected = super::super::Hashprice::from_inputs(101.65e12, 3.125, 0.2, 87_235.0);
        assert!((e.usd_per_ph_day - expected.usd_per_ph_day).abs() < 1e-9);
        assert_eq!(e.subsidy_btc, 3.125);
        // Trailing 2-day window: 44.4 BTC over 294 blocks.
        let f = h
            .fees_btc_per_block(
                Date::parse("2024-11-12").unwrap(),
                FeeWindow::TrailingDays(2),
            )
            .unwrap();
        assert!((f - 44.4 / 294.0).abs() < 1e-15);
    }

    #[test]
    fn halving_day_is_split_by_height() {
        // 2024-04-20: the halving block 840,000 fell at 00:09 UTC. Suppose the day ended at 840,099 with 110 blocks:
        // 10 blocks at 6.25 BTC (839,990..839,999) and 100 at 3.125.
        let h = NetworkHistory::new(vec![
            day("2024-04-19", 839_989, 140, 86e12, 30.0, 63_000.0),
            day("2024-04-20", 840_099, 110, 86e12, 0.0, 64_000.0),
        ])
        .unwrap();
        let e = h
            .day(Date::parse("2024-04-20").unwrap(), FeeWindow::Day)
            .unwrap();
        let mean_subsidy = (10.0 * 6.25 + 100.0 * 3.125) / 110.0;
        assert!((e.subsidy_btc - mean_subsidy).abs() < 1e-12);
        let expected = super::super::Hashprice::from_inputs(86e12, mean_subsidy, 0.0, 64_000.0);
        assert!((e.btc_per_ph_day / expected.btc_per_ph_day - 1.0).abs() < 1e-12);
    }

    #[test]
    fn retarget_day_blends_difficulties() {
        // Retarget at 2016 × 432 = 870,912. Day has blocks 870,900..=870,999 (100 blocks): 12 at the old difficulty.
        let h = NetworkHistory::new(vec![
            day("2024-11-17", 870_899, 140, 100e12, 14.0, 90_000.0),
            day("2024-11-18", 870_999, 100, 110e12, 0.0, 90_000.0),
        ])
        .unwrap();
        let e = h
            .day(Date::parse("2024-11-18").unwrap(), FeeWindow::Day)
            .unwrap();
        let k = 1e15 * 86_400.0 / 2f64.powi(32) * 3.125;
        let expected = (12.0 * k / 100e12 + 88.0 * k / 110e12) / 100.0;
        assert!((e.btc_per_ph_day / expected - 1.0).abs() < 1e-12);
        assert_eq!(e.difficulty, 110e12);
    }

    #[test]
    fn uncovered_and_missing_values_are_errors() {
        let mut d2 = day("2024-01-02", 200, 100, 1e12, 1.0, 40_000.0);
        d2.fees_btc = None;
        let h = NetworkHistory::new(vec![day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0), d2])
            .unwrap();
        let err = h
            .day(Date::parse("2024-01-03").unwrap(), FeeWindow::Day)
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(
                "2024-01-03 is outside the network data, which covers 2024-01-01 to 2024-01-02"
            ),
            "{msg}"
        );
        assert!(
            msg.contains("hashpivot data import --kind network"),
            "{msg}"
        );
        let err = h
            .day(Date::parse("2024-01-02").unwrap(), FeeWindow::Day)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no source covers fees_btc on 2024-01-02"),
            "{err}"
        );
        assert!(err.contains("from 2024-01-01 to 2024-01-01"), "{err}");
    }

    #[test]
    fn inconsistent_heights_are_refused() {
        let err = NetworkHistory::new(vec![
            day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0),
            day("2024-01-02", 250, 100, 1e12, 1.0, 40_000.0),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("height on 2024-01-02"), "{err}");
    }

    #[test]
    fn heights_may_not_go_back_across_a_gap() {
        let err = NetworkHistory::new(vec![
            day("2026-01-31", 934_000, 144, 1e14, 1.0, 80_000.0),
            day("2026-03-01", 5, 5, 1e14, 0.0, 80_000.0),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("invalid network data height on 2026-03-01: found 5, expected a height after 2026-01-31's 934000"), "{err}");
        // 29 days later, 4,200 blocks more is fine.
        assert!(
            NetworkHistory::new(vec![
                day("2026-01-31", 934_000, 144, 1e14, 1.0, 80_000.0),
                day("2026-03-01", 938_200, 144, 1e14, 1.0, 80_000.0),
            ])
            .is_ok()
        );
    }

    #[test]
    fn retarget_list_fills_and_checks_difficulty() {
        let rt = |h: u64, d: f64| Retarget {
            height: h,
            difficulty: d,
            date: None,
        };
        let list = [rt(868_896, 1e14), rt(870_912, 1.1e14)];
        let mut a = day("2024-11-17", 870_899, 140, 1e14, 14.0, 90_000.0);
        a.difficulty = None;
        let mut b = day("2024-11-18", 870_999, 100, 1e14, 0.0, 90_000.0);
        b.difficulty = None;
        let h = NetworkHistory::new(vec![a, b])
            .unwrap()
            .with_retargets(&list)
            .unwrap();
        assert_eq!(h.days()[0].difficulty, Some(1e14));
        assert_eq!(h.days()[1].difficulty, Some(1.1e14));
        // A day whose difficulty contradicts its epoch is refused.
        let c = day("2024-11-18", 870_999, 100, 5e13, 0.0, 90_000.0);
        let err = NetworkHistory::new(vec![c])
            .unwrap()
            .with_retargets(&list)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("difficulty on 2024-11-18: found 50000000000000"),
            "{err}"
        );
    }

    proptest::proptest! {
        #[test]
        fn split_day_equals_a_per_block_sum(
            end in 200u64..2_000_000, blocks in 0u32..200, d_old in 1e10f64..1e14, d_new in 1e10f64..1e14,
            fees in 0.0f64..1.0,
        ) {
            let blocks = blocks.min(end as u32);
            let (btc, _) = split_day_btc_per_th(end, blocks, d_new, d_old, fees);
            // Independent: each block takes 1/blocks of the day at its own difficulty and subsidy.
            let k = 1e12 * 86_400.0 / 2f64.powi(32);
            let expected = if blocks == 0 {
                k / d_new * (subsidy_btc(end + 1) + fees)
            } else {
                let first = end + 1 - blocks as u64;
                let retarget = (first..=end).find(|h| h % 2016 == 0 && *h > first);
                (first..=end)
                    .map(|h| {
                        let d = match retarget { Some(r) if h < r => d_old, _ => d_new };
                        k / d * (subsidy_btc(h) + fees)
                    })
                    .sum::<f64>()
                    / blocks as f64
            };
            proptest::prop_assert!((btc - expected).abs() <= 1e-12 * expected.max(1e-30));
        }
    }

    #[test]
    fn halving_dates_come_from_heights() {
        let h = NetworkHistory::new(vec![
            day("2024-04-19", 839_989, 140, 86e12, 30.0, 63_000.0),
            day("2024-04-20", 840_099, 110, 86e12, 0.0, 64_000.0),
        ])
        .unwrap();
        assert_eq!(h.date_of_height(840_000).unwrap().to_string(), "2024-04-20");
        assert_eq!(h.date_of_height(839_989).unwrap().to_string(), "2024-04-19");
        assert_eq!(h.date_of_height(839_850).unwrap().to_string(), "2024-04-19");
        assert_eq!(h.date_of_height(839_849), None);
        assert_eq!(h.date_of_height(840_100), None);
        let hv = h.halvings(5);
        assert_eq!(hv[3].date.unwrap().to_string(), "2024-04-20");
        assert!(!hv[3].projected);
        assert_eq!(hv[3].subsidy_btc, 3.125);
        // Too little history to project a pace: no date rather than a guess.
        assert_eq!(hv[4].date, None);
    }

    #[test]
    fn gaps_become_empty_days_and_overlay_replaces() {
        let a =
            NetworkHistory::new(vec![day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0)]).unwrap();
        let b =
            NetworkHistory::new(vec![day("2024-01-03", 300, 100, 1e12, 1.0, 41_000.0)]).unwrap();
        let m = a.overlaid_with(&b).unwrap();
        assert_eq!(m.days().len(), 3);
        // Value by value: a price-only row keeps the other fields.
        let mut p = NetworkDay::empty(Date::parse("2024-01-01").unwrap());
        p.price_usd = Some(42_000.0);
        let m2 = a
            .overlaid_with(&NetworkHistory::new(vec![p]).unwrap())
            .unwrap();
        assert_eq!(m2.days()[0].price_usd, Some(42_000.0));
        assert_eq!(m2.days()[0].height, Some(100));
        assert!(
            m.row(Date::parse("2024-01-02").unwrap())
                .unwrap()
                .price_usd
                .is_none()
        );
        assert_eq!(m.last_complete_date().unwrap().to_string(), "2024-01-03");
    }
}
