//! The network hashrate observed at a date: the mean over the trailing days of blocks × difficulty × 2^32 per
//! second where the daily history has blocks, else the hashrate the difficulty in effect assumes
//! (difficulty × 2^32 / 600 s) from the retarget list — which lags the real hashrate by up to one epoch.

use super::{HASHES_PER_DIFFICULTY, NetworkHistory, Retarget, SECONDS_PER_DAY, hashrate_h_s};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// Days of the trailing mean of [`network_hashrate`].
pub const TRAILING_DAYS: u32 = 7;

/// A network hashrate with how it was measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedHashrate {
    /// Network hashrate, EH/s.
    pub eh_s: f64,
    /// First day the figure covers.
    pub from: Date,
    /// Last day the figure covers.
    pub to: Date,
    /// How it was measured, in words.
    pub basis: String,
}

/// The mean hashrate of the `days` days ending on `date` from the daily blocks and difficulty, when every one
/// of those days has both.
pub fn blocks_hashrate(
    history: &NetworkHistory,
    date: Date,
    days: u32,
) -> Option<ObservedHashrate> {
    let from = date.add_days(-(days as i32 - 1));
    let mut hashes = 0.0;
    let mut d = from;
    while d <= date {
        let row = history.row(d).ok()?;
        hashes += row.blocks? as f64 * row.difficulty? * HASHES_PER_DIFFICULTY;
        d = d.succ();
    }
    Some(ObservedHashrate {
        eh_s: hashes / (days as f64 * SECONDS_PER_DAY) / 1e18,
        from,
        to: date,
        basis: format!(
            "{days}-day mean of blocks × difficulty × 2^32 per second, bundled network data {from}..{date}"
        ),
    })
}

/// The hashrate the difficulty in effect on `date` assumes (difficulty × 2^32 / 600 s): the last retarget of
/// the list dated on or before `date`, if a later dated retarget exists or it is at most 14 days old.
pub fn difficulty_hashrate(retargets: &[Retarget], date: Date) -> Option<ObservedHashrate> {
    let dated: Vec<(Date, f64)> = retargets
        .iter()
        .filter_map(|r| r.date.map(|d| (d, r.difficulty)))
        .collect();
    let i = dated.iter().rposition(|(d, _)| *d <= date)?;
    let (d, difficulty) = dated[i];
    if i + 1 == dated.len() && d.days_until(date) > 14 {
        return None;
    }
    Some(ObservedHashrate {
        eh_s: hashrate_h_s(difficulty) / 1e18,
        from: d,
        to: date,
        basis: format!(
            "difficulty in effect since the retarget of {d} × 2^32 / 600 s (bundled retarget list; it lags the \
             real hashrate by up to one epoch)"
        ),
    })
}

/// The network hashrate at `date`: the [`TRAILING_DAYS`]-day mean from blocks where the history has them, else
/// the difficulty in effect; an error naming both coverages when neither covers the date.
pub fn network_hashrate(
    history: &NetworkHistory,
    retargets: &[Retarget],
    date: Date,
) -> Result<ObservedHashrate> {
    if let Some(h) = blocks_hashrate(history, date, TRAILING_DAYS) {
        return Ok(h);
    }
    difficulty_hashrate(retargets, date).ok_or_else(|| {
        let last = retargets.iter().filter_map(|r| r.date).max();
        Error::invalid(
            "date",
            date,
            format!(
                "a day with daily blocks and difficulty in the network data (to {}) or within 14 days of the \
                 last dated retarget ({})",
                history
                    .field_span(|d| d.blocks.is_some())
                    .map_or("none".to_string(), |s| s.to.to_string()),
                last.map_or("none".to_string(), |d| d.to_string())
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{bundled_network, bundled_retargets};

    #[test]
    fn seven_day_mean_and_difficulty_fallback() {
        let h = bundled_network().unwrap();
        let r = bundled_retargets().unwrap();
        // Inside the daily history: a 7-day block mean, near the difficulty-implied hashrate of the time.
        let a = network_hashrate(&h, &r, Date::parse("2025-06-30").unwrap()).unwrap();
        assert!(a.basis.starts_with("7-day mean"), "{}", a.basis);
        assert!((700.0..1_100.0).contains(&a.eh_s), "{}", a.eh_s);
        // After the daily history (2026-01-31): the difficulty of the 2026-08-08 retarget,
        // 127,479,855,693,691 × 2^32 / 600 = 912.5 EH/s.
        let b = network_hashrate(&h, &r, Date::parse("2026-08-17").unwrap()).unwrap();
        assert!((b.eh_s - 912.5).abs() < 0.1, "{}", b.eh_s);
        assert_eq!(b.from.to_string(), "2026-08-08");
        // Past both: an error naming the coverage.
        let e = network_hashrate(&h, &r, Date::parse("2027-03-01").unwrap()).unwrap_err();
        assert!(e.to_string().contains("2026-08-08"), "{e}");
    }
}
