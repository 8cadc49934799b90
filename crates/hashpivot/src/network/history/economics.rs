//! A day's network economics: fees per block under a window, expected BTC per PH/s split by height on retarget
//! and halving days, and the hashprice.

use super::super::{
    BLOCKS_PER_HALVING, BLOCKS_PER_RETARGET, HASHES_PER_DIFFICULTY, SECONDS_PER_DAY, subsidy_btc,
};
use super::{DATASET, NetworkHistory};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// How fees per block are measured for a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeeWindow {
    /// That UTC day's total fees / that day's blocks.
    #[default]
    Day,
    /// Fees / blocks over the N days ending on the date (N ≥ 1).
    TrailingDays(u32),
}

impl FeeWindow {
    /// The window of `days` days ending on the date: that day alone for `None` or 1.
    pub fn of_days(days: Option<u32>) -> FeeWindow {
        match days {
            None | Some(1) => FeeWindow::Day,
            Some(n) => FeeWindow::TrailingDays(n),
        }
    }
}

/// The network economics of one day, as `hashpivot network` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayEconomics {
    /// The UTC day.
    pub date: Date,
    /// Height of the day's last block.
    pub height: u64,
    /// Difficulty in effect at the end of the day.
    pub difficulty: f64,
    /// Block subsidy in BTC: the mean over the day's blocks (differs from the era's value only on a halving day).
    pub subsidy_btc: f64,
    /// Mean fees per block, BTC, over the fee window asked for (the day itself, or trailing days).
    pub fees_btc_per_block: f64,
    /// BTC/USD close of the day (00:00 UTC of the next day).
    pub price_usd: f64,
    /// Difficulty-implied hashrate (difficulty × 2^32 / 600), EH/s.
    pub hashrate_eh_s: f64,
    /// Hashprice: expected BTC of 1 PH/s over the day, before pool fees (each block at the difficulty in effect).
    pub btc_per_ph_day: f64,
    /// Hashprice in USD: `btc_per_ph_day` × `price_usd`.
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
    /// Height of the day's last block.
    pub height: u64,
    /// Blocks mined that day.
    pub blocks: u32,
    /// Difficulty in effect at the end of the day.
    pub difficulty: f64,
    /// The one difficulty that gives the day's expected BTC (see [`DayEconomics::effective_difficulty`]).
    pub effective_difficulty: f64,
    /// Block subsidy, BTC: the mean over the day's blocks.
    pub subsidy_btc: f64,
    /// Mean fees per block, BTC, over the fee window asked for.
    pub fees_btc_per_block: f64,
    /// Expected BTC of 1 PH/s over the day, before pool fees.
    pub btc_per_ph_day: f64,
}

impl NetworkHistory {
    /// Fees per block on `date` under a window.
    pub fn fees_btc_per_block(&self, date: Date, window: FeeWindow) -> Result<f64> {
        let i = self.index(date)?;
        let n = match window {
            FeeWindow::Day => 1,
            FeeWindow::TrailingDays(n) => {
                crate::bounds::FEE_WINDOW_DAYS.check_whole_as("fee window", n.into())? as usize
            }
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
            hashrate_eh_s: crate::network::hashrate_h_s(b.difficulty) / 1e18,
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
    use super::super::NetworkDay;
    use super::super::test_days::{day, halving_2024, history};
    use super::*;

    /// The economics of `date` ("YYYY-MM-DD") in `h`, fees of that day alone.
    fn economics_on(h: &NetworkHistory, date: &str) -> Result<DayEconomics> {
        h.day(Date::parse(date).unwrap(), FeeWindow::Day)
    }

    /// The history of two consecutive days, and the economics of the second.
    fn second_of(first: NetworkDay, second: NetworkDay) -> (NetworkHistory, DayEconomics) {
        let date = second.date;
        let h = history(vec![first, second]);
        let e = h.day(date, FeeWindow::Day).unwrap();
        (h, e)
    }

    #[test]
    fn fee_windows_of_days_and_their_bound() {
        assert_eq!(FeeWindow::of_days(None), FeeWindow::Day);
        assert_eq!(FeeWindow::of_days(Some(1)), FeeWindow::Day);
        assert_eq!(FeeWindow::of_days(Some(7)), FeeWindow::TrailingDays(7));
        let h = history(vec![day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0)]);
        let d = Date::parse("2024-01-01").unwrap();
        let e = h
            .fees_btc_per_block(d, FeeWindow::TrailingDays(0))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "invalid fee window: found 0, expected 1 to 3650 days");
    }

    #[test]
    fn ordinary_day_matches_closed_form() {
        let (h, e) = second_of(
            day("2024-11-11", 870_100, 144, 101.65e12, 14.4, 88_000.0),
            day("2024-11-12", 870_250, 150, 101.65e12, 30.0, 87_235.0),
        );
        let expected = crate::network::Hashprice::from_inputs(101.65e12, 3.125, 0.2, 87_235.0);
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
        // 10 blocks of 2024-04-20 at 6.25 BTC (839,990..839,999) and 100 at 3.125.
        let e = economics_on(&halving_2024(), "2024-04-20").unwrap();
        let mean_subsidy = (10.0 * 6.25 + 100.0 * 3.125) / 110.0;
        assert!((e.subsidy_btc - mean_subsidy).abs() < 1e-12);
        let expected = crate::network::Hashprice::from_inputs(86e12, mean_subsidy, 0.0, 64_000.0);
        assert!((e.btc_per_ph_day / expected.btc_per_ph_day - 1.0).abs() < 1e-12);
    }

    #[test]
    fn retarget_day_blends_difficulties() {
        // Retarget at 2016 × 432 = 870,912. Day has blocks 870,900..=870,999 (100 blocks): 12 at the old difficulty.
        let (_, e) = second_of(
            day("2024-11-17", 870_899, 140, 100e12, 14.0, 90_000.0),
            day("2024-11-18", 870_999, 100, 110e12, 0.0, 90_000.0),
        );
        let k = 1e15 * 86_400.0 / 2f64.powi(32) * 3.125;
        let expected = (12.0 * k / 100e12 + 88.0 * k / 110e12) / 100.0;
        assert!((e.btc_per_ph_day / expected - 1.0).abs() < 1e-12);
        assert_eq!(e.difficulty, 110e12);
    }

    #[test]
    fn uncovered_and_missing_values_are_errors() {
        let mut d2 = day("2024-01-02", 200, 100, 1e12, 1.0, 40_000.0);
        d2.fees_btc = None;
        let h = history(vec![day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0), d2]);
        let err = economics_on(&h, "2024-01-03").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(
                "2024-01-03 is outside the network data, which covers 2024-01-01 to 2024-01-02"
            ),
            "{msg}"
        );
        assert_eq!(
            err.hint(),
            Some(crate::error::Hint::ImportCovering { kind: "network" })
        );
        let err = economics_on(&h, "2024-01-02").unwrap_err().to_string();
        assert!(
            err.contains("no source covers fees_btc on 2024-01-02"),
            "{err}"
        );
        assert!(err.contains("from 2024-01-01 to 2024-01-01"), "{err}");
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
}
