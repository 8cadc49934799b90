//! Calendar days as day numbers (days since 1970-01-01, UTC) and their `YYYY-MM-DD` form.

use anyhow::{Result, bail};
use std::fmt;

/// A UTC calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    pub fn from_ymd(y: i64, m: i64, d: i64) -> Day {
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    /// Parses the leading `YYYY-MM-DD` of a cell (`2024-01-02`, `2024-01-02 00:00:00`, `2024-01-02T00:00:00Z`).
    pub fn parse(text: &str) -> Result<Day> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            bail!("expected a date YYYY-MM-DD, found '{t}'");
        }
        let num = |s: &str| s.parse::<i64>().ok();
        match (num(&t[0..4]), num(&t[5..7]), num(&t[8..10])) {
            (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                let day = Day::from_ymd(y, m, d);
                if day.ymd() != (y, m, d) {
                    bail!("no such date '{}'", &t[..10]);
                }
                Ok(day)
            }
            _ => bail!("expected a date YYYY-MM-DD, found '{t}'"),
        }
    }

    /// Parses `m/d/yy` (two-digit years are 20yy).
    pub fn parse_mdy(text: &str) -> Result<Day> {
        let parts: Vec<&str> = text.trim().split('/').collect();
        let nums: Vec<i64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if parts.len() != 3 || nums.len() != 3 {
            bail!("expected a date m/d/yy, found '{}'", text.trim());
        }
        let y = if nums[2] < 100 {
            2000 + nums[2]
        } else {
            nums[2]
        };
        Ok(Day::from_ymd(y, nums[0], nums[1]))
    }

    /// The UTC day of a unix time in seconds.
    pub fn from_unix(secs: i64) -> Day {
        Day(secs.div_euclid(86_400))
    }

    pub fn add(self, n: i64) -> Day {
        Day(self.0 + n)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_parses() {
        assert_eq!(Day::parse("1970-01-01").unwrap(), Day(0));
        assert_eq!(
            Day::parse("2009-01-03 00:00:00").unwrap().to_string(),
            "2009-01-03"
        );
        assert_eq!(
            Day::parse("2024-02-29T00:00:00.000Z").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(Day::parse("2023-02-29").is_err());
        assert!(Day::parse("20230229").is_err());
        assert_eq!(Day::from_unix(1_231_006_505).to_string(), "2009-01-03");
        assert_eq!(Day::from_unix(-1).to_string(), "1969-12-31");
        assert_eq!(Day::parse_mdy("5/11/20").unwrap().to_string(), "2020-05-11");
        for n in -800_000..800_000 {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Day::from_ymd(y, m, dd), d);
        }
    }
}
