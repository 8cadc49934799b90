//! Calendar dates (proleptic Gregorian, UTC days) and calendar months.
//!
//! [`Date`] wraps [`jiff::civil::Date`]: the calendar arithmetic is jiff's. Dates run from −9999-01-01 to
//! 9999-12-31; day arithmetic that would leave that range stops at its ends (it never panics).

use jiff::civil;
use jiff::{SignedDuration, Span};
use serde::{Serialize, Serializer};
use std::fmt;

/// A UTC calendar day.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(civil::Date);

/// Why a text is not a date or a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{found}' is not a valid {what}: expected {expected}")]
pub struct DateParseError {
    /// The text given.
    pub found: String,
    /// What the text should have been: "date" or "month".
    pub what: &'static str,
    /// The accepted shape, e.g. "YYYY-MM, e.g. 2024-07".
    pub expected: &'static str,
}

/// Whether `text` has the shape `YYYY-MM-DD` (digits and two dashes), which is all [`Date::parse`] accepts.
fn is_iso_date_shape(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl Date {
    /// 1970-01-01, day 0 of the unix clock.
    pub const UNIX_EPOCH: Date = Date(civil::Date::constant(1970, 1, 1));

    /// A date written in the code; an invalid one fails to compile in a `const` (and panics otherwise).
    pub const fn constant(year: i16, month: i8, day: i8) -> Date {
        Date(civil::Date::constant(year, month, day))
    }

    /// A date from year, month (1–12) and day; `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let year = i16::try_from(year).ok()?;
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i32) -> Date {
        Date::UNIX_EPOCH.add_days(days)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        Date::UNIX_EPOCH.days_until(self)
    }

    /// The UTC day containing a unix timestamp in seconds.
    pub fn from_unix_seconds(secs: i64) -> Date {
        let days = secs.div_euclid(86_400);
        Date::from_days_since_epoch(i32::try_from(days).unwrap_or(if days < 0 {
            i32::MIN
        } else {
            i32::MAX
        }))
    }

    /// Unix seconds of 00:00 UTC on this day.
    pub fn unix_seconds(self) -> i64 {
        i64::from(self.days_since_epoch()) * 86_400
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError {
            found: text.to_string(),
            what: "date",
            expected: "YYYY-MM-DD, e.g. 2024-11-12",
        };
        let t = text.trim();
        if !is_iso_date_shape(t) {
            return Err(err());
        }
        t.parse::<civil::Date>().map(Date).map_err(|_| err())
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        (self.year(), self.0.month() as u32, self.0.day() as u32)
    }

    /// The calendar year, e.g. 2024.
    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    /// The calendar month the day falls in.
    pub fn month(self) -> Month {
        Month {
            year: self.year(),
            month: self.0.month() as u32,
        }
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(self, n: i32) -> Date {
        Date(
            self.0
                .saturating_add(SignedDuration::from_hours(i64::from(n) * 24)),
        )
    }

    /// The next day.
    pub fn succ(self) -> Date {
        self.add_days(1)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        // At most ±7.3 million days apart: always fits.
        (self.0.duration_until(other.0).as_hours() / 24) as i32
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday_from_monday(self) -> u32 {
        self.0.weekday().to_monday_zero_offset() as u32
    }
}

impl From<civil::Date> for Date {
    fn from(d: civil::Date) -> Date {
        Date(d)
    }
}

impl From<Date> for civil::Date {
    fn from(d: Date) -> civil::Date {
        d.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A calendar month.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Month {
    /// The calendar year, e.g. 2024.
    pub year: i32,
    /// The month of the year, 1 (January) to 12 (December).
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Month, DateParseError> {
        let err = || DateParseError {
            found: text.to_string(),
            what: "month",
            expected: "YYYY-MM, e.g. 2024-07",
        };
        let first = Date::parse(&format!("{}-01", text.trim())).map_err(|_| err())?;
        Ok(first.month())
    }

    /// The 1st of the month.
    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, self.month, 1).expect("a month's first day exists")
    }

    /// The last day of the month (28th to 31st).
    pub fn last_day(self) -> Date {
        Date(self.first_day().0.last_of_month())
    }

    /// Number of days in the month, 28 to 31.
    pub fn num_days(self) -> u32 {
        self.first_day().0.days_in_month() as u32
    }

    /// Every day of the month in order.
    pub fn days(self) -> impl Iterator<Item = Date> {
        let first = self.first_day();
        (0..self.num_days() as i32).map(move |i| first.add_days(i))
    }

    /// The month `n` months later (stopping at −9999-01 and 9999-12).
    pub fn add_months(self, n: i32) -> Month {
        let first = self.first_day().0;
        let moved = Span::new().try_months(n).map_or_else(
            |_| {
                if n < 0 {
                    civil::Date::MIN
                } else {
                    civil::Date::MAX
                }
            },
            |span| first.saturating_add(span),
        );
        Date(moved).month()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2024-04-20").unwrap().unix_seconds(),
            1_713_571_200
        );
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-13-01").is_err());
        assert!(Date::parse("24-01-01").is_err());
        // 2024-11-12 was a Tuesday.
        assert_eq!(Date::parse("2024-11-12").unwrap().weekday_from_monday(), 1);
    }

    #[test]
    fn months() {
        let m = Month::parse("2024-02").unwrap();
        assert_eq!(m.num_days(), 29);
        assert_eq!(m.days().count(), 29);
        assert_eq!(m.last_day().to_string(), "2024-02-29");
        assert_eq!(m.add_months(11).to_string(), "2025-01");
        assert_eq!(m.add_months(-2).to_string(), "2023-12");
        assert!(Month::parse("2024-13").is_err());
    }

    #[test]
    fn parsing_takes_only_the_iso_shape() {
        for bad in [
            "2024-1-01",
            "20240101",
            "2024-01-01T00:00",
            "+02024-01-01",
            "2024/01/01",
            "2024-01-0\u{20ac}",
            "",
        ] {
            let err = Date::parse(bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("'{bad}' is not a valid date: expected YYYY-MM-DD, e.g. 2024-11-12")
            );
        }
        assert_eq!(
            Date::parse(" 2024-11-12 ").unwrap(),
            Date::from_ymd(2024, 11, 12).unwrap()
        );
        for bad in ["2024-7", "2024-07-01", "202407", "2024-00"] {
            assert_eq!(
                Month::parse(bad).unwrap_err().to_string(),
                format!("'{bad}' is not a valid month: expected YYYY-MM, e.g. 2024-07")
            );
        }
        assert_eq!(
            Month::parse("2024-07").unwrap(),
            Month {
                year: 2024,
                month: 7
            }
        );
    }

    #[test]
    fn arithmetic_stops_at_the_ends_of_the_calendar() {
        let last = Date::from_ymd(9999, 12, 31).unwrap();
        assert_eq!(last.succ(), last);
        assert_eq!(Date::from_days_since_epoch(i32::MIN).year(), -9999);
        assert_eq!(Date::from_unix_seconds(i64::MAX).to_string(), "9999-12-31");
        assert_eq!(
            Month::parse("9999-12").unwrap().add_months(1).to_string(),
            "9999-12"
        );
        assert_eq!(
            Month::parse("2024-01")
                .unwrap()
                .add_months(i32::MAX)
                .to_string(),
            "9999-12"
        );
        assert_eq!(Date::from_ymd(70_000, 1, 1), None);
        assert_eq!(
            Date::constant(2009, 1, 3),
            Date::from_ymd(2009, 1, 3).unwrap()
        );
        assert_eq!(Date::from_ymd(2024, 300, 1), None);
        assert_eq!(Date::from_unix_seconds(-1).to_string(), "1969-12-31");
        assert_eq!(
            Date::from_unix_seconds(1_231_006_505).to_string(),
            "2009-01-03"
        );
    }

    proptest! {
        #[test]
        fn civil_round_trip(days in -1_000_000i32..1_000_000) {
            let d = Date::from_days_since_epoch(days);
            prop_assert_eq!(d.days_since_epoch(), days);
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd).unwrap(), d);
            prop_assert_eq!(Date::parse(&d.to_string()).ok().filter(|_| (0..=9999).contains(&y)), if (0..=9999).contains(&y) { Some(d) } else { None });
        }
    }
}
