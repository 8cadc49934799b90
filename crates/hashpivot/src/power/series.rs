//! Hourly price series: UTC hour-beginning, contiguous, USD/MWh.
//!
//! A [`PriceBook`] holds whatever hours the sources cover (bundled + imported), keyed by hub and unix hour.
//! A [`HourlySeries`] is what the dispatch runs on: one hub, one price for every hour of a window, no holes.
//! Cutting a series out of a book with a hole in it is an error that names the missing hours — never a zero.

use super::central_time::format_utc_hour;
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Which market a price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Market {
    /// Day-ahead market, hourly settlement point prices.
    Da,
    /// Real-time market, hourly means of the 15-minute settlement point prices.
    Rt,
}

impl Market {
    /// The market's short name as in files and flags: "da" or "rt".
    pub fn as_str(self) -> &'static str {
        match self {
            Market::Da => "da",
            Market::Rt => "rt",
        }
    }
}

/// A contiguous run of hourly prices at one hub.
#[derive(Debug, Clone, PartialEq)]
pub struct HourlySeries {
    hub: String,
    first_hour_utc: i64,
    usd_per_mwh: Vec<f64>,
}

impl HourlySeries {
    /// A series starting at unix hour `first_hour_utc`; every price must be finite.
    pub fn new(
        hub: impl Into<String>,
        first_hour_utc: i64,
        usd_per_mwh: Vec<f64>,
    ) -> Result<HourlySeries> {
        let hub = hub.into();
        if let Some(i) = usd_per_mwh.iter().position(|p| !p.is_finite()) {
            return Err(Error::invalid(
                format!(
                    "{hub} price at {}",
                    format_utc_hour(first_hour_utc + i as i64)
                ),
                usd_per_mwh[i],
                "a finite price in USD/MWh",
            ));
        }
        Ok(HourlySeries {
            hub,
            first_hour_utc,
            usd_per_mwh,
        })
    }

    /// The settlement point (hub or load zone), e.g. "HB_WEST".
    pub fn hub(&self) -> &str {
        &self.hub
    }

    /// Unix hour (hours since 1970-01-01T00:00Z) of the first price.
    pub fn first_hour_utc(&self) -> i64 {
        self.first_hour_utc
    }

    /// Unix hour of price `i`.
    pub fn hour_utc(&self, i: usize) -> i64 {
        self.first_hour_utc + i as i64
    }

    /// Number of hours (= prices) in the series.
    pub fn len(&self) -> usize {
        self.usd_per_mwh.len()
    }

    /// Whether the series has no hour.
    pub fn is_empty(&self) -> bool {
        self.usd_per_mwh.is_empty()
    }

    /// The prices, one per hour, in time order.
    pub fn usd_per_mwh(&self) -> &[f64] {
        &self.usd_per_mwh
    }
}

/// Hourly prices by hub and unix hour, as loaded from the sources; may have holes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriceBook {
    hubs: BTreeMap<String, BTreeMap<i64, f64>>,
}

impl PriceBook {
    /// An empty book.
    pub fn new() -> PriceBook {
        PriceBook::default()
    }

    /// Sets the price of one hub-hour (a later insert replaces an earlier one).
    pub fn insert(&mut self, hub: &str, hour_utc: i64, usd_per_mwh: f64) {
        self.hubs
            .entry(hub.to_string())
            .or_default()
            .insert(hour_utc, usd_per_mwh);
    }

    /// The hubs, in name order.
    pub fn hubs(&self) -> impl Iterator<Item = &str> {
        self.hubs.keys().map(String::as_str)
    }

    /// Hours held for a hub.
    pub fn hours(&self, hub: &str) -> usize {
        self.hubs.get(hub).map_or(0, BTreeMap::len)
    }

    /// First and last unix hour held for a hub.
    pub fn span(&self, hub: &str) -> Option<(i64, i64)> {
        let m = self.hubs.get(hub)?;
        Some((*m.keys().next()?, *m.keys().next_back()?))
    }

    /// Hours held for a hub between its first and last hour that have no price.
    pub fn missing_hours(&self, hub: &str) -> usize {
        match self.span(hub) {
            Some((a, b)) => (b - a + 1) as usize - self.hours(hub),
            None => 0,
        }
    }

    /// This book with `newer`'s prices replacing its own where both have an hour.
    pub fn overlaid_with(&self, newer: &PriceBook) -> PriceBook {
        let mut out = self.clone();
        for (hub, hours) in &newer.hubs {
            let e = out.hubs.entry(hub.clone()).or_default();
            for (h, p) in hours {
                e.insert(*h, *p);
            }
        }
        out
    }

    /// Every hub-hour in (hub, hour) order.
    pub fn points(&self) -> impl Iterator<Item = (&str, i64, f64)> {
        self.hubs
            .iter()
            .flat_map(|(hub, m)| m.iter().map(move |(h, p)| (hub.as_str(), *h, *p)))
    }

    /// Complete calendar years of `hub`, cut in Central Prevailing Time (ERCOT's clock): the years whose
    /// every hour the book holds.
    pub fn complete_years(&self, hub: &str) -> Vec<i32> {
        let Some((first, last)) = self.span(hub) else {
            return Vec::new();
        };
        let central = super::central_time::Clock::Central;
        let y0 = central.day_of_hour(first).year();
        let y1 = central.day_of_hour(last).year();
        (y0..=y1)
            .filter(|&y| {
                let (a, b) = central.days_utc_hours(
                    crate::date::Date::from_ymd(y, 1, 1).expect("jan 1"),
                    crate::date::Date::from_ymd(y, 12, 31).expect("dec 31"),
                );
                self.series(hub, a, b, "power").is_ok()
            })
            .collect()
    }

    /// The contiguous series of `hub` over unix hours `[from_hour_utc, to_hour_utc)`.
    ///
    /// `dataset` names the data in error messages (e.g. "power (da)").
    pub fn series(
        &self,
        hub: &str,
        from_hour_utc: i64,
        to_hour_utc: i64,
        dataset: &str,
    ) -> Result<HourlySeries> {
        let Some(m) = self.hubs.get(hub) else {
            return Err(Error::invalid(
                "hub",
                hub,
                format!(
                    "one of the hubs in the {dataset} data: {}",
                    self.hubs().collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        if to_hour_utc <= from_hour_utc {
            return Err(Error::invalid(
                "hour range",
                format!(
                    "{} to {}",
                    format_utc_hour(from_hour_utc),
                    format_utc_hour(to_hour_utc)
                ),
                "a start before the end",
            ));
        }
        let (first, last) = self.span(hub).expect("a hub in the book has hours");
        if from_hour_utc < first || to_hour_utc - 1 > last {
            let outside = if from_hour_utc < first {
                from_hour_utc
            } else {
                to_hour_utc - 1
            };
            return Err(Error::HoursNotCovered {
                dataset: format!("{dataset} {hub}"),
                hour: format_utc_hour(outside),
                from: format_utc_hour(first),
                to: format_utc_hour(last),
            });
        }
        let n = (to_hour_utc - from_hour_utc) as usize;
        let mut prices = Vec::with_capacity(n);
        let mut gaps: Vec<(i64, i64)> = Vec::new();
        let mut expected = from_hour_utc;
        for (&h, &p) in m.range(from_hour_utc..to_hour_utc) {
            if h != expected {
                gaps.push((expected, h));
            }
            prices.push(p);
            expected = h + 1;
        }
        if expected != to_hour_utc {
            gaps.push((expected, to_hour_utc));
        }
        if !gaps.is_empty() {
            return Err(price_gap(hub, dataset, &gaps));
        }
        HourlySeries::new(hub, from_hour_utc, prices)
    }
}

/// The error for missing hours `[a, b)` of each gap.
fn price_gap(hub: &str, dataset: &str, gaps: &[(i64, i64)]) -> Error {
    let count: i64 = gaps.iter().map(|(a, b)| b - a).sum();
    let mut listed: Vec<String> = gaps
        .iter()
        .take(5)
        .map(|&(a, b)| {
            if b - a == 1 {
                format_utc_hour(a)
            } else {
                format!(
                    "{} to {} ({} h)",
                    format_utc_hour(a),
                    format_utc_hour(b - 1),
                    b - a
                )
            }
        })
        .collect();
    if gaps.len() > 5 {
        listed.push(format!("and {} more gaps", gaps.len() - 5));
    }
    Error::PriceGap {
        hub: hub.to_string(),
        dataset: dataset.to_string(),
        missing_hours: count as u64,
        hours: listed.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_is_an_error_naming_the_missing_hours() {
        let mut b = PriceBook::new();
        let h0 = 473_352; // 2024-01-01T00:00Z
        for h in 0..48 {
            if !(10..13).contains(&h) && h != 30 {
                b.insert("HB_WEST", h0 + h, 20.0 + h as f64);
            }
        }
        let err = b.series("HB_WEST", h0, h0 + 48, "power (da)").unwrap_err();
        assert_eq!(
            err.hint(),
            Some(crate::error::Hint::ImportMissingHours { kind: "power" })
        );
        assert_eq!(
            err.to_string(),
            "the power (da) HB_WEST price series has no price for 4 hours: \
             2024-01-01T10:00Z to 2024-01-01T12:00Z (3 h), 2024-01-02T06:00Z"
        );
        let ok = b.series("HB_WEST", h0, h0 + 10, "power (da)").unwrap();
        assert_eq!(ok.len(), 10);
        assert_eq!(ok.usd_per_mwh()[9], 29.0);
        assert!(
            b.series("HB_WEST", h0 - 1, h0 + 5, "power (da)")
                .unwrap_err()
                .to_string()
                .contains("2023-12-31T23:00Z is outside")
        );
        assert!(
            b.series("HB_EAST", h0, h0 + 5, "power (da)")
                .unwrap_err()
                .to_string()
                .contains("expected one of the hubs in the power (da) data: HB_WEST")
        );
    }
}
