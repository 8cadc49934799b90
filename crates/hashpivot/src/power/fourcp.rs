//! ERCOT 4CP: the four coincident-peak intervals (one in each of June–September) whose load sets a customer's
//! transmission charges for the next year. A site that is curtailed in those intervals avoids the charge.
//!
//! The intervals are either given (the published peaks) or predicted by a rule: the top-N price hours of each
//! June–September month of the window. Curtailing in every predicted hour avoids the charge if the true peak is
//! among them; the model reports the charge as avoided for every summer month the window covers.

use super::central_time::Clock;
use crate::error::{Error, Result};
use serde::Serialize;

/// How the peak intervals are known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeakHours {
    /// Given unix hours (UTC hour-beginning) of the peaks.
    Given(Vec<i64>),
    /// Predicted: the N highest-price hours of each June–September month.
    TopPriceHours(u32),
}

/// A 4CP curtailment programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FourCp {
    pub peaks: PeakHours,
    /// Transmission charge avoided per kW of load curtailed at the peaks, USD per kW-year.
    pub usd_per_kw_year: f64,
}

impl FourCp {
    pub fn new(peaks: PeakHours, usd_per_kw_year: f64) -> Result<FourCp> {
        if !(usd_per_kw_year.is_finite() && usd_per_kw_year >= 0.0) {
            return Err(Error::invalid(
                "fourcp_usd_per_kw_year",
                usd_per_kw_year,
                "a charge in USD/kW-year ≥ 0, e.g. 55",
            ));
        }
        if let PeakHours::TopPriceHours(0) = peaks {
            return Err(Error::invalid(
                "fourcp top hours",
                0,
                "at least 1 hour per summer month",
            ));
        }
        Ok(FourCp {
            peaks,
            usd_per_kw_year,
        })
    }

    /// Which hours of a series (first unix hour `first_hour_utc`, `prices`) are curtailed, one flag per hour.
    pub fn curtailed_hours(&self, first_hour_utc: i64, prices: &[f64], clock: Clock) -> Vec<bool> {
        let mut out = vec![false; prices.len()];
        match &self.peaks {
            PeakHours::Given(hours) => {
                for h in hours {
                    let i = h - first_hour_utc;
                    if (0..prices.len() as i64).contains(&i) {
                        out[i as usize] = true;
                    }
                }
            }
            PeakHours::TopPriceHours(n) => {
                let mut by_month: std::collections::BTreeMap<(i32, u32), Vec<usize>> =
                    Default::default();
                for i in 0..prices.len() {
                    let m = clock.day_of_hour(first_hour_utc + i as i64).month();
                    if (6..=9).contains(&m.month) {
                        by_month.entry((m.year, m.month)).or_default().push(i);
                    }
                }
                for idx in by_month.values_mut() {
                    // Highest price first; ties to the earlier hour, so the choice is deterministic.
                    idx.sort_by(|&a, &b| prices[b].total_cmp(&prices[a]).then(a.cmp(&b)));
                    for &i in idx.iter().take(*n as usize) {
                        out[i] = true;
                    }
                }
            }
        }
        out
    }

    /// The summer months (June–September) the window `[first, first + n)` touches, as (year, month).
    pub fn summer_months(first_hour_utc: i64, hours: usize, clock: Clock) -> Vec<(i32, u32)> {
        let mut v: Vec<(i32, u32)> = (0..hours)
            .map(|i| clock.day_of_hour(first_hour_utc + i as i64).month())
            .filter(|m| (6..=9).contains(&m.month))
            .map(|m| (m.year, m.month))
            .collect();
        v.dedup();
        v
    }

    /// Avoided charge for `mw` curtailed at the peaks of `months` summer months: rate × kW × months / 4.
    pub fn avoided_usd(&self, mw: f64, months: usize) -> f64 {
        self.usd_per_kw_year * mw * 1_000.0 * months as f64 / 4.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::central_time::unix_hour;

    #[test]
    fn top_hours_per_summer_month() {
        let first = unix_hour(crate::Date::parse("2024-05-31").unwrap());
        let n = 24 * 125; // through early October
        let prices: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64).collect();
        let f = FourCp::new(PeakHours::TopPriceHours(2), 50.0).unwrap();
        let c = f.curtailed_hours(first, &prices, Clock::Utc);
        assert_eq!(c.iter().filter(|x| **x).count(), 8);
        let months = FourCp::summer_months(first, n, Clock::Utc);
        assert_eq!(months, vec![(2024, 6), (2024, 7), (2024, 8), (2024, 9)]);
        // 100 MW × 50 USD/kW-year over 4 of 4 months.
        assert_eq!(f.avoided_usd(100.0, 4), 5_000_000.0);
        assert!(FourCp::new(PeakHours::TopPriceHours(1), -1.0).is_err());
    }
}
