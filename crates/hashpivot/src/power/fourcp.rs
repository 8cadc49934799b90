//! ERCOT 4CP: the four coincident-peak intervals (one in each of June–September) whose load sets a customer's
//! transmission charges for the next year. A site that is curtailed in those intervals avoids the charge.
//!
//! The intervals are either given (the published peaks, at most one per June–September month, all inside the
//! dispatch window) or predicted by a rule: the top-N price hours of each June–September month of the window.
//!
//! **What is credited.** The charge is set by four monthly peaks, so each avoided peak is worth a quarter of
//! the annual charge: avoided = rate (USD/kW-year) × curtailed kW / 4 for every summer month whose peak interval
//! is inside the window and in which the site was curtailed. With given peaks, that is each given hour. With
//! predicted peaks, the model assumes the month's true peak is among its top-N price hours, so a month counts
//! only when the whole month (on the dispatch clock) is inside the window — a month the window only touches
//! could have its peak outside it — and its peak is taken to be its highest-price hour.

use super::central_time::{Clock, format_utc_hour};
use crate::date::Month;
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
    /// The peak hours to curtail in: given, or predicted from prices.
    pub peaks: PeakHours,
    /// Transmission charge avoided per kW of load curtailed at the peaks, USD per kW-year.
    pub usd_per_kw_year: f64,
}

impl FourCp {
    /// Checks the charge against `bounds::FOURCP_USD_PER_KW_YEAR`.
    pub fn new(peaks: PeakHours, usd_per_kw_year: f64) -> Result<FourCp> {
        crate::bounds::FOURCP_USD_PER_KW_YEAR.check(usd_per_kw_year)?;
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
    pub(crate) fn curtailed_hours(
        &self,
        first_hour_utc: i64,
        prices: &[f64],
        clock: Clock,
    ) -> Vec<bool> {
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

    /// The summer months whose charge the window `[first_hour_utc, first_hour_utc + prices.len())` can avoid,
    /// each with the unix hour taken as its peak (see the module docs for the rule).
    ///
    /// Errors: a given peak outside the window (all such hours are named), outside June–September, or two
    /// given peaks in the same month.
    pub(crate) fn peak_months(
        &self,
        first_hour_utc: i64,
        prices: &[f64],
        clock: Clock,
    ) -> Result<Vec<(Month, i64)>> {
        let end = first_hour_utc + prices.len() as i64;
        let window = || {
            format!(
                "{} to {} (exclusive)",
                format_utc_hour(first_hour_utc),
                format_utc_hour(end)
            )
        };
        let summer = |m: Month| (6..=9).contains(&m.month);
        match &self.peaks {
            PeakHours::Given(hours) => {
                let outside: Vec<String> = hours
                    .iter()
                    .filter(|h| !(first_hour_utc..end).contains(*h))
                    .map(|&h| format_utc_hour(h))
                    .collect();
                if !outside.is_empty() {
                    return Err(Error::invalid(
                        "fourcp_hours",
                        outside.join(", "),
                        format!("4CP peak hours inside the dispatch window {}", window()),
                    ));
                }
                let mut out: Vec<(Month, i64)> = Vec::with_capacity(hours.len());
                for &h in hours {
                    let m = clock.day_of_hour(h).month();
                    if !summer(m) {
                        return Err(Error::invalid(
                            "fourcp_hours",
                            format!("{} (in {m})", format_utc_hour(h)),
                            "4CP peaks in June–September, one per month",
                        ));
                    }
                    if let Some(&(_, other)) = out.iter().find(|(o, _)| *o == m) {
                        return Err(Error::invalid(
                            "fourcp_hours",
                            format!("{} and {}", format_utc_hour(other), format_utc_hour(h)),
                            format!("one 4CP peak per summer month (both are in {m})"),
                        ));
                    }
                    out.push((m, h));
                }
                out.sort();
                Ok(out)
            }
            PeakHours::TopPriceHours(_) => {
                let mut out = Vec::new();
                for m in Self::summer_months(first_hour_utc, prices.len(), clock) {
                    let month = Month {
                        year: m.0,
                        month: m.1,
                    };
                    let (a, b) = clock.days_utc_hours(month.first_day(), month.last_day());
                    if a < first_hour_utc || b > end {
                        continue; // only touched: its peak may lie outside the window
                    }
                    // The month's highest-price hour; ties to the earlier hour, as in `curtailed_hours`.
                    let i0 = (a - first_hour_utc) as usize;
                    let i1 = (b - first_hour_utc) as usize;
                    let peak = (i0..i1)
                        .max_by(|&x, &y| prices[x].total_cmp(&prices[y]).then(y.cmp(&x)))
                        .expect("a month has hours");
                    out.push((month, first_hour_utc + peak as i64));
                }
                Ok(out)
            }
        }
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

    /// Avoided charge for `mw` curtailed at the peaks of `months` summer months: rate × kW × months / 4
    /// (each of the four monthly peaks sets a quarter of the annual charge).
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
