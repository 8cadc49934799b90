//! Central Prevailing Time (ERCOT's clock) ↔ UTC hours, with the US daylight-saving rules.
//!
//! Hours are counted as *unix hours*: whole hours since 1970-01-01T00:00Z. Daylight saving time (CDT, UTC−5)
//! runs from the second Sunday of March, 02:00 CST, to the first Sunday of November, 02:00 CDT (rules since
//! 2007; 1987–2006: first Sunday of April to last Sunday of October). Otherwise CST (UTC−6).

use crate::date::Date;

/// The unix hour of 00:00 UTC on `date`.
pub fn unix_hour(date: Date) -> i64 {
    date.days_since_epoch() as i64 * 24
}

/// The UTC day and hour (0–23) of a unix hour.
pub fn utc_day_hour(unix_hour: i64) -> (Date, u32) {
    (
        Date::from_days_since_epoch(unix_hour.div_euclid(24) as i32),
        unix_hour.rem_euclid(24) as u32,
    )
}

/// `YYYY-MM-DDTHH:00Z` for a unix hour.
pub fn format_utc_hour(unix_hour: i64) -> String {
    let (d, h) = utc_day_hour(unix_hour);
    format!("{d}T{h:02}:00Z")
}

/// The `n`-th (1-based) Sunday of a month, or the last one when `n` is 0.
fn sunday(year: i32, month: u32, n: u32) -> Date {
    let first = Date::from_ymd(year, month, 1).expect("valid month");
    // weekday_from_monday: Sunday is 6.
    let first_sunday = first.add_days(((6 + 7 - first.weekday_from_monday()) % 7) as i32);
    if n == 0 {
        let mut d = first_sunday;
        while d.add_days(7).month() == first.month() {
            d = d.add_days(7);
        }
        d
    } else {
        first_sunday.add_days(7 * (n as i32 - 1))
    }
}

/// The UTC unix hours at which daylight saving time starts and ends in `year` (US Central).
pub fn dst_bounds_unix_hours(year: i32) -> (i64, i64) {
    let (start, end) = if year >= 2007 {
        (sunday(year, 3, 2), sunday(year, 11, 1))
    } else {
        (sunday(year, 4, 1), sunday(year, 10, 0))
    };
    // 02:00 CST = 08:00Z; 02:00 CDT = 07:00Z.
    (unix_hour(start) + 8, unix_hour(end) + 7)
}

/// Whether daylight saving time is in effect during the UTC hour starting at `unix_hour`.
pub fn is_dst(unix_hour: i64) -> bool {
    let (d, _) = utc_day_hour(unix_hour);
    let (start, end) = dst_bounds_unix_hours(d.year());
    unix_hour >= start && unix_hour < end
}

/// UTC offset in hours (−5 or −6) during the UTC hour starting at `unix_hour`.
pub fn offset_hours(unix_hour: i64) -> i64 {
    if is_dst(unix_hour) { -5 } else { -6 }
}

/// The UTC unix hour that begins at local hour `hour` (0–23) of `date` in Central Prevailing Time.
///
/// `None` for the hour that does not exist (02:00 on the spring-forward day). On the fall-back day 01:00
/// happens twice: `repeated = false` selects the first (CDT), `repeated = true` the second (CST) — ERCOT's
/// `DSTFlag` is true on the repeated hour.
pub fn local_hour_to_utc(date: Date, hour: u32, repeated: bool) -> Option<i64> {
    let local = unix_hour(date) + hour as i64;
    let as_cdt = local + 5;
    let as_cst = local + 6;
    let cdt_ok = is_dst(as_cdt);
    let cst_ok = !is_dst(as_cst);
    match (cdt_ok, cst_ok) {
        (true, true) => Some(if repeated { as_cst } else { as_cdt }),
        (true, false) => Some(as_cdt),
        (false, true) => Some(as_cst),
        (false, false) => None,
    }
}

/// The UTC unix hours `[start, end)` of a Central Prevailing Time day (23, 24 or 25 hours long).
pub fn local_day_utc_hours(date: Date) -> (i64, i64) {
    let start = local_hour_to_utc(date, 0, false).expect("midnight always exists");
    let end = local_hour_to_utc(date.succ(), 0, false).expect("midnight always exists");
    (start, end)
}

/// Which clock cuts time into days and months (windows, monthly tables, summer months of 4CP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// UTC days.
    Utc,
    /// Central Prevailing Time days: ERCOT's operating day (23 or 25 hours on DST days).
    #[default]
    Central,
}

impl Clock {
    /// The day containing the hour starting at `unix_hour`.
    pub fn day_of_hour(self, unix_hour: i64) -> Date {
        match self {
            Clock::Utc => utc_day_hour(unix_hour).0,
            Clock::Central => utc_day_hour(unix_hour + offset_hours(unix_hour)).0,
        }
    }

    /// Unix hours `[start, end)` of the days `from..=to`.
    pub fn days_utc_hours(self, from: Date, to: Date) -> (i64, i64) {
        match self {
            Clock::Utc => (unix_hour(from), unix_hour(to.succ())),
            Clock::Central => (local_day_utc_hours(from).0, local_day_utc_hours(to).1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let (a, b) = local_day_utc_hours(d("2024-03-10"));
        assert_eq!(b - a, 23);
        let (a, b) = local_day_utc_hours(d("2024-11-03"));
        assert_eq!(b - a, 25);
        let (a, b) = local_day_utc_hours(d("2024-07-01"));
        assert_eq!(b - a, 24);
        assert_eq!(format_utc_hour(a), "2024-07-01T05:00Z");
        let (a, _) = local_day_utc_hours(d("2024-01-01"));
        assert_eq!(format_utc_hour(a), "2024-01-01T06:00Z");
    }

    #[test]
    fn ercot_hour_ending_conventions() {
        // Spring forward: 02:00 local does not exist.
        assert_eq!(local_hour_to_utc(d("2024-03-10"), 2, false), None);
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("2024-03-10"), 1, false).unwrap()),
            "2024-03-10T07:00Z"
        );
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("2024-03-10"), 3, false).unwrap()),
            "2024-03-10T08:00Z"
        );
        // Fall back: 01:00 local happens twice.
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("2024-11-03"), 1, false).unwrap()),
            "2024-11-03T06:00Z"
        );
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("2024-11-03"), 1, true).unwrap()),
            "2024-11-03T07:00Z"
        );
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("2024-11-03"), 2, false).unwrap()),
            "2024-11-03T08:00Z"
        );
        assert_eq!(offset_hours(unix_hour(d("2020-11-01")) + 6), -5);
        assert_eq!(offset_hours(unix_hour(d("2020-11-01")) + 7), -6);
    }
}
