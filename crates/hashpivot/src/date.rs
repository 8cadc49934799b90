//! Calendar dates (proleptic Gregorian, UTC days) and calendar months.
//!
//! A small, dependency-free civil-date type: the core only needs days, months and their arithmetic.

use serde::{Serialize, Serializer};
use std::fmt;

/// A UTC calendar day, stored as days since 1970-01-01.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    days_since_epoch: i32,
}

/// Why a text is not a date or a month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{found}' is not a valid {what}: expected {expected}")]
pub struct DateParseError {
    pub found: String,
    pub what: &'static str,
    pub expected: &'static str,
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date from year, month (1–12) and day; `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days_since_epoch: days_from_civil(year, month, day),
        })
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i32) -> Date {
        Date {
            days_since_epoch: days,
        }
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        self.days_since_epoch
    }

    /// The UTC day containing a unix timestamp in seconds.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date {
            days_since_epoch: secs.div_euclid(86_400) as i32,
        }
    }

    /// Unix seconds of 00:00 UTC on this day.
    pub fn unix_seconds(self) -> i64 {
        self.days_since_epoch as i64 * 86_400
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError {
            found: text.to_string(),
            what: "date",
            expected: "YYYY-MM-DD, e.g. 2024-11-12",
        };
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let y: i32 = t[0..4].parse().map_err(|_| err())?;
        let m: u32 = t[5..7].parse().map_err(|_| err())?;
        let d: u32 = t[8..10].parse().map_err(|_| err())?;
        Date::from_ymd(y, m, d).ok_or_else(err)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days_since_epoch)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> Month {
        let (y, m, _) = self.ymd();
        Month { year: y, month: m }
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(self, n: i32) -> Date {
        Date {
            days_since_epoch: self.days_since_epoch + n,
        }
    }

    /// The next day.
    pub fn succ(self) -> Date {
        self.add_days(1)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        other.days_since_epoch - self.days_since_epoch
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday_from_monday(self) -> u32 {
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        (self.days_since_epoch + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
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
    pub year: i32,
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
        let t = text.trim();
        if t.len() != 7 || t.as_bytes()[4] != b'-' {
            return Err(err());
        }
        let year: i32 = t[0..4].parse().map_err(|_| err())?;
        let month: u32 = t[5..7].parse().map_err(|_| err())?;
        if !(1..=12).contains(&month) {
            return Err(err());
        }
        Ok(Month { year, month })
    }

    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, self.month, 1).expect("a month's first day exists")
    }

    pub fn last_day(self) -> Date {
        Date::from_ymd(self.year, self.month, self.num_days()).expect("a month's last day exists")
    }

    pub fn num_days(self) -> u32 {
        days_in_month(self.year, self.month)
    }

    /// Every day of the month in order.
    pub fn days(self) -> impl Iterator<Item = Date> {
        let first = self.first_day();
        (0..self.num_days() as i32).map(move |i| first.add_days(i))
    }

    /// The month `n` months later.
    pub fn add_months(self, n: i32) -> Month {
        let idx = self.year * 12 + self.month as i32 - 1 + n;
        Month {
            year: idx.div_euclid(12),
            month: (idx.rem_euclid(12) + 1) as u32,
        }
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

    proptest! {
        #[test]
        fn civil_round_trip(days in -1_000_000i32..1_000_000) {
            let d = Date::from_days_since_epoch(days);
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd).unwrap(), d);
            prop_assert_eq!(Date::parse(&d.to_string()).ok().filter(|_| (0..=9999).contains(&y)), if (0..=9999).contains(&y) { Some(d) } else { None });
        }
    }
}
