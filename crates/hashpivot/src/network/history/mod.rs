//! Daily network history: what each UTC day's blocks paid, and the hashprice that follows from it.
//!
//! One [`NetworkDay`] per UTC day, contiguous in date. A value no source covers is `None`, never a guess.
//! Days on which a retarget or a halving falls are split by height: the day's blocks are taken as evenly
//! spread over the day, so each difficulty/subsidy segment gets the share of the day that its blocks had.
//!
//! The table and its checks are here; a day's economics (hashprice, fees under a window) in `economics`, the
//! retarget list that fills difficulties in `retarget`, and halving dates in `halvings`.

mod economics;
mod halvings;
mod retarget;

pub use economics::{BtcDay, DayEconomics, FeeWindow};
pub use halvings::Halving;
pub use retarget::Retarget;

use super::BLOCKS_PER_HALVING;
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// One UTC day of the network table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkDay {
    /// The UTC day.
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

/// A span of dates over which a field is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First day with the field, inclusive.
    pub from: Date,
    /// Last day with the field, inclusive.
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
            let field = |name: &str| format!("network data {name} on {}", day.date);
            if let Some(d) = day.difficulty {
                crate::bounds::DIFFICULTY.check_as(&field("difficulty"), d)?;
            }
            if let Some(f) = day.fees_btc {
                crate::bounds::FEES_BTC.check_as(&field("fees_btc"), f)?;
            }
            if let Some(p) = day.price_usd {
                crate::bounds::BTC_PRICE_USD.check_as(&field("price_usd"), p)?;
            }
            // Whole-number ceilings: the last height with a subsidy, the most blocks a day can hold.
            for (name, value, max, what) in [
                ("height", day.height, MAX_HEIGHT, " (the 64th halving)"),
                (
                    "blocks",
                    day.blocks.map(u64::from),
                    u64::from(MAX_BLOCKS_PER_DAY),
                    " a day",
                ),
            ] {
                if let Some(v) = value
                    && v > max
                {
                    return Err(bad(name, &v, format!("at most {max}{what}")));
                }
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

    /// Every day, in date order.
    pub fn days(&self) -> &[NetworkDay] {
        &self.days
    }

    /// First day of the table.
    pub fn first_date(&self) -> Date {
        self.days[0].date
    }

    /// Last day of the table.
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
}

#[cfg(test)]
pub(super) mod test_days {
    use super::{NetworkDay, NetworkHistory};
    use crate::date::Date;

    /// The history of `days`, which must be accepted.
    pub(crate) fn history(days: Vec<NetworkDay>) -> NetworkHistory {
        NetworkHistory::new(days).unwrap()
    }

    /// Why the history of `days` is refused.
    pub(crate) fn refusal(days: Vec<NetworkDay>) -> String {
        NetworkHistory::new(days).unwrap_err().to_string()
    }

    /// The two days around the 2024 halving: block 840,000 fell at 00:09 UTC on 2024-04-20; the second day is
    /// supposed to end at 840,099 with 110 blocks (10 at 6.25 BTC, 100 at 3.125).
    pub(crate) fn halving_2024() -> NetworkHistory {
        history(vec![
            day("2024-04-19", 839_989, 140, 86e12, 30.0, 63_000.0),
            day("2024-04-20", 840_099, 110, 86e12, 0.0, 64_000.0),
        ])
    }

    /// A day with every field present.
    pub(crate) fn day(
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
}

#[cfg(test)]
mod tests {
    use super::test_days::{day, history, refusal};
    use super::*;

    #[test]
    fn inconsistent_heights_are_refused() {
        let err = refusal(vec![
            day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0),
            day("2024-01-02", 250, 100, 1e12, 1.0, 40_000.0),
        ]);
        assert!(err.contains("height on 2024-01-02"), "{err}");
    }

    #[test]
    fn day_values_are_checked_against_the_shared_bounds() {
        let mut d = day("2024-01-01", 100, 100, 0.5, 1.0, 40_000.0);
        let err = refusal(vec![d]);
        assert_eq!(
            err,
            "invalid network data difficulty on 2024-01-01: found 0.5, expected a difficulty ≥ 1 (the protocol \
             minimum) and ≤ 1e18, e.g. 101.65e12"
        );
        d.difficulty = Some(1e12);
        d.fees_btc = Some(-1.0);
        let err = refusal(vec![d]);
        assert!(
            err.starts_with("invalid network data fees_btc on 2024-01-01: found -1"),
            "{err}"
        );
        d.fees_btc = Some(1.0);
        d.price_usd = Some(f64::NAN);
        assert!(NetworkHistory::new(vec![d]).is_err());
    }

    #[test]
    fn heights_may_not_go_back_across_a_gap() {
        let err = refusal(vec![
            day("2026-01-31", 934_000, 144, 1e14, 1.0, 80_000.0),
            day("2026-03-01", 5, 5, 1e14, 0.0, 80_000.0),
        ]);
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
    fn gaps_become_empty_days_and_overlay_replaces() {
        let a = history(vec![day("2024-01-01", 100, 100, 1e12, 1.0, 40_000.0)]);
        let b = history(vec![day("2024-01-03", 300, 100, 1e12, 1.0, 41_000.0)]);
        let m = a.overlaid_with(&b).unwrap();
        assert_eq!(m.days().len(), 3);
        // Value by value: a price-only row keeps the other fields.
        let mut p = NetworkDay::empty(Date::parse("2024-01-01").unwrap());
        p.price_usd = Some(42_000.0);
        let m2 = a.overlaid_with(&history(vec![p])).unwrap();
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
