//! Central Prevailing Time (ERCOT's clock) ↔ UTC hours, through the `America/Chicago` zone of jiff's bundled
//! time-zone database (the same rules on every machine, whatever its own tz files say).
//!
//! Hours are counted as *unix hours*: whole hours since 1970-01-01T00:00Z; that integer grid is what the rest of
//! the core uses. On the spring-forward day 02:00 local does not exist; on the fall-back day 01:00 local happens
//! twice (first CDT, UTC−5, then CST, UTC−6).

use crate::date::Date;
use jiff::Timestamp;
use jiff::civil;
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use std::sync::LazyLock;

/// ERCOT's clock: `America/Chicago`, read once from the tz database bundled in the binary — explicitly that
/// one, never the machine's `/usr/share/zoneinfo`, even if another crate turns on jiff's default features (an
/// immutable constant, not state).
static CENTRAL: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZoneDatabase::bundled()
        .get("America/Chicago")
        .expect("the bundled tz database has America/Chicago")
});

/// The unix hour of 00:00 UTC on `date`.
pub fn unix_hour(date: Date) -> i64 {
    i64::from(date.days_since_epoch()) * 24
}

/// The UTC day and hour (0–23) of a unix hour.
pub fn utc_day_hour(unix_hour: i64) -> (Date, u32) {
    (
        Date::from_unix_seconds(unix_hour.div_euclid(24).saturating_mul(86_400)),
        unix_hour.rem_euclid(24) as u32,
    )
}

/// `YYYY-MM-DDTHH:00Z` for a unix hour.
pub fn format_utc_hour(unix_hour: i64) -> String {
    let (d, h) = utc_day_hour(unix_hour);
    format!("{d}T{h:02}:00Z")
}

/// The instant a unix hour starts (clamped to jiff's range, about ±9999 years).
fn instant(unix_hour: i64) -> Timestamp {
    Timestamp::from_second(unix_hour.saturating_mul(3_600)).unwrap_or(if unix_hour < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// Central time's UTC offset in whole hours (−5 or −6) during the UTC hour starting at `unix_hour`: local hour
/// = unix hour + offset. (Before standard time, 1883, Chicago's offset is not whole hours; it is floored.)
pub fn offset_hours(unix_hour: i64) -> i64 {
    i64::from(CENTRAL.to_offset(instant(unix_hour)).seconds()).div_euclid(3_600)
}

/// The unix hour in which local time `hour` of `date` under `offset` starts.
fn utc_hour_of_local(date: Date, hour: i64, offset: jiff::tz::Offset) -> i64 {
    unix_hour(date) + hour + (-i64::from(offset.seconds())).div_euclid(3_600)
}

/// The UTC unix hour that begins at local hour `hour` (0–23) of `date` in Central Prevailing Time.
///
/// `None` for the hour that does not exist (02:00 on the spring-forward day). On the fall-back day 01:00
/// happens twice: `repeated = false` selects the first (CDT), `repeated = true` the second (CST) — ERCOT's
/// `DSTFlag` is true on the repeated hour.
pub fn local_hour_to_utc(date: Date, hour: u32, repeated: bool) -> Option<i64> {
    let date = date.add_days((hour / 24) as i32);
    let hour = hour % 24;
    let local = civil::Date::from(date).at(hour as i8, 0, 0, 0);
    let offset = match CENTRAL.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { .. } => return None,
        AmbiguousOffset::Fold { before, after } => {
            if repeated {
                after
            } else {
                before
            }
        }
    };
    Some(utc_hour_of_local(date, i64::from(hour), offset))
}

/// The unix hour in which a Central Prevailing Time day starts: its first midnight, or, were midnight ever
/// skipped, the first instant after the gap.
fn local_day_start(date: Date) -> i64 {
    let midnight = civil::Date::from(date).at(0, 0, 0, 0);
    let offset = match CENTRAL.to_ambiguous_timestamp(midnight).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => before,
    };
    utc_hour_of_local(date, 0, offset)
}

/// The UTC unix hours `[start, end)` of a Central Prevailing Time day (23, 24 or 25 hours long).
pub fn local_day_utc_hours(date: Date) -> (i64, i64) {
    (local_day_start(date), local_day_start(date.succ()))
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
        self.day_and_hour(unix_hour).0
    }

    /// The day containing the hour starting at `unix_hour`, and the hour of that day on this clock (0–23; on
    /// the fall-back day Central's 01:00 comes twice).
    pub fn day_and_hour(self, unix_hour: i64) -> (Date, u32) {
        match self {
            Clock::Utc => utc_day_hour(unix_hour),
            Clock::Central => utc_day_hour(unix_hour.saturating_add(offset_hours(unix_hour))),
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
        // Fall back: 01:00 local happens twice (the repeated one flagged).
        for (day, hour, repeated, utc) in [
            ("2024-03-10", 1, false, "2024-03-10T07:00Z"),
            ("2024-03-10", 3, false, "2024-03-10T08:00Z"),
            ("2024-11-03", 1, false, "2024-11-03T06:00Z"),
            ("2024-11-03", 1, true, "2024-11-03T07:00Z"),
            ("2024-11-03", 2, false, "2024-11-03T08:00Z"),
        ] {
            let at = local_hour_to_utc(d(day), hour, repeated).unwrap();
            assert_eq!(
                format_utc_hour(at),
                utc,
                "{day} hour {hour} (repeated: {repeated})"
            );
        }
        assert_eq!(offset_hours(unix_hour(d("2020-11-01")) + 6), -5);
        assert_eq!(offset_hours(unix_hour(d("2020-11-01")) + 7), -6);
    }

    /// The 2024 DST edges against unix hours computed independently (Python's zoneinfo, and by hand:
    /// 2024-03-10 is day 19,792 and 2024-11-03 day 20,030 of the unix clock).
    #[test]
    fn dst_edges_2024_in_unix_hours() {
        assert_eq!(CENTRAL.iana_name(), Some("America/Chicago"));
        // Spring forward, 2024-03-10: 00:00 CST = 06:00Z, 01:00 CST = 07:00Z, 02:00 missing, 03:00 CDT = 08:00Z.
        let spring = d("2024-03-10");
        assert_eq!(unix_hour(spring), 475_008);
        assert_eq!(local_hour_to_utc(spring, 0, false), Some(475_014));
        assert_eq!(local_hour_to_utc(spring, 1, false), Some(475_015));
        assert_eq!(local_hour_to_utc(spring, 2, false), None);
        assert_eq!(local_hour_to_utc(spring, 2, true), None);
        assert_eq!(local_hour_to_utc(spring, 3, false), Some(475_016));
        assert_eq!(local_hour_to_utc(spring, 3, true), Some(475_016));
        assert_eq!(local_day_utc_hours(spring), (475_014, 475_037));
        assert_eq!(offset_hours(475_015), -6);
        assert_eq!(offset_hours(475_016), -5);
        assert_eq!(Clock::Central.day_of_hour(475_013), d("2024-03-09"));
        assert_eq!(Clock::Central.day_of_hour(475_014), spring);
        assert_eq!(Clock::Central.day_of_hour(475_036), spring);
        assert_eq!(Clock::Central.day_of_hour(475_037), d("2024-03-11"));
        // Fall back, 2024-11-03: 00:00 CDT = 05:00Z, 01:00 CDT = 06:00Z, 01:00 CST = 07:00Z, 02:00 CST = 08:00Z.
        let fall = d("2024-11-03");
        assert_eq!(unix_hour(fall), 480_720);
        assert_eq!(local_hour_to_utc(fall, 0, false), Some(480_725));
        assert_eq!(local_hour_to_utc(fall, 0, true), Some(480_725));
        assert_eq!(local_hour_to_utc(fall, 1, false), Some(480_726));
        assert_eq!(local_hour_to_utc(fall, 1, true), Some(480_727));
        assert_eq!(local_hour_to_utc(fall, 2, false), Some(480_728));
        assert_eq!(local_day_utc_hours(fall), (480_725, 480_750));
        assert_eq!(offset_hours(480_726), -5);
        assert_eq!(offset_hours(480_727), -6);
        assert_eq!(Clock::Central.day_of_hour(480_749), fall);
        assert_eq!(Clock::Central.day_of_hour(480_750), d("2024-11-04"));
        assert_eq!(
            Clock::Central.days_utc_hours(spring, fall),
            (475_014, 480_750)
        );
        assert_eq!(Clock::Utc.days_utc_hours(spring, fall), (475_008, 480_744));
        // Hour 24 is the next day's midnight, as an hour-ending 24:00 would be.
        assert_eq!(local_hour_to_utc(fall, 24, false), Some(480_750));
    }

    #[test]
    fn every_day_of_the_ercot_years_has_23_24_or_25_hours() {
        let mut day = d("2019-01-01");
        let mut short = Vec::new();
        let mut long = Vec::new();
        while day <= d("2026-12-31") {
            let (a, b) = local_day_utc_hours(day);
            match b - a {
                23 => short.push(day.to_string()),
                25 => long.push(day.to_string()),
                n => assert_eq!(n, 24, "{day}"),
            }
            day = day.succ();
        }
        assert_eq!(
            short,
            [
                "2019-03-10",
                "2020-03-08",
                "2021-03-14",
                "2022-03-13",
                "2023-03-12",
                "2024-03-10",
                "2025-03-09",
                "2026-03-08"
            ]
        );
        assert_eq!(
            long,
            [
                "2019-11-03",
                "2020-11-01",
                "2021-11-07",
                "2022-11-06",
                "2023-11-05",
                "2024-11-03",
                "2025-11-02",
                "2026-11-01"
            ]
        );
    }

    #[test]
    fn far_hours_and_dates_do_not_panic() {
        for h in [i64::MIN, -1_000_000_000, 1_000_000_000, i64::MAX] {
            let _ = Clock::Central.day_of_hour(h);
            let _ = format_utc_hour(h);
        }
        let end = d("9999-12-31");
        let _ = local_day_utc_hours(end);
        let _ = local_hour_to_utc(end, 23, true);
        let _ = local_day_utc_hours(d("0000-01-01"));
        // Before standard time (1883) Chicago kept local mean time, UTC−5:50:36: 00:00 LMT is 05:50:36Z.
        assert_eq!(
            format_utc_hour(local_hour_to_utc(d("1850-06-01"), 0, false).unwrap()),
            "1850-06-01T05:00Z"
        );
    }
}
