//! Halvings: the first block of each subsidy era, dated from the table's heights or projected at the recent pace.

use super::super::subsidy_btc;
use super::NetworkHistory;
use crate::date::Date;
use serde::Serialize;

/// A halving: the first block of a new subsidy era.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Halving {
    /// Subsidy era that starts here: 1 for the first halving (height 210,000), 2 for the second, ...
    pub era: u64,
    /// Height of the era's first block: `era` × 210,000.
    pub height: u64,
    /// Subsidy from this height on, BTC.
    pub subsidy_btc: f64,
    /// UTC date of the halving block (derived from the data's heights, or projected).
    pub date: Option<Date>,
    /// Whether `date` is a projection at the recent block pace rather than a fact of the data.
    pub projected: bool,
}

impl NetworkHistory {
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
                let height = crate::network::halving_height(era);
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
}

#[cfg(test)]
mod tests {
    use super::super::test_days::halving_2024;

    #[test]
    fn halving_dates_come_from_heights() {
        let h = halving_2024();
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
}
