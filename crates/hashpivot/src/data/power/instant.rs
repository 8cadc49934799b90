//! Timestamps with their UTC offset, read by jiff.

use jiff::Timestamp;

/// Parses a timestamp with an explicit UTC offset into unix seconds (fractions of a second dropped), e.g.
/// `2024-07-01T05:00Z`, `2024-07-01 00:00:00-05:00`, `2024-07-01T00:00:00.000-0500`, `2024-07-01 05:00:00 UTC`
/// (RFC 3339 / ISO 8601 as jiff reads them, plus a trailing ` UTC`). A time without an offset is `None`, so DST
/// is never guessed; so is anything else that is not a timestamp — never a panic.
pub fn parse_instant(text: &str) -> Option<i64> {
    let t = text.trim();
    let ts: Timestamp = match t.strip_suffix(" UTC") {
        Some(utc) => format!("{}Z", utc.trim_end()).parse().ok()?,
        None => t.parse().ok()?,
    };
    // Whole seconds, floored (jiff truncates toward zero before 1970).
    Some(ts.as_second() - i64::from(ts.subsec_nanosecond() < 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        assert_eq!(parse_instant("2024-01-01T06:00Z"), Some(1_704_088_800));
        assert_eq!(
            parse_instant("2024-01-01 00:00:00-06:00"),
            Some(1_704_088_800)
        );
        assert_eq!(
            parse_instant("2024-01-01T00:00:00.000-0600"),
            Some(1_704_088_800)
        );
        assert_eq!(
            parse_instant("2024-01-01 06:00:00+00:00"),
            Some(1_704_088_800)
        );
        assert_eq!(parse_instant("2024-01-01 00:00:00"), None);
        assert_eq!(parse_instant("yesterday"), None);
    }

    #[test]
    fn offsets_utc_suffix_and_fractions() {
        assert_eq!(
            parse_instant("2024-01-01 06:00:00 UTC"),
            Some(1_704_088_800)
        );
        assert_eq!(parse_instant("2024-01-01T01:00-05"), Some(1_704_088_800));
        assert_eq!(
            parse_instant(" 2024-01-01T06:00:59.999Z "),
            Some(1_704_088_859)
        );
        // The fall-back hour, once per offset.
        assert_eq!(
            parse_instant("2024-11-03 01:00:00-05:00"),
            Some(480_726 * 3_600)
        );
        assert_eq!(
            parse_instant("2024-11-03 01:00:00-06:00"),
            Some(480_727 * 3_600)
        );
        assert_eq!(parse_instant("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_instant("1969-12-31T23:59:59.5Z"), Some(-1));
        for bad in [
            "2024-01-01 06:00:00 CST",
            "2024-02-30T06:00Z",
            "2024-01-01T24:30Z",
            "2024-01-01T06:00+26:00",
            " UTC",
            "",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn non_ascii_timestamps_are_errors_not_panics() {
        assert_eq!(parse_instant("2024-01-01T06:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-07-01T06:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-01-01T06:00:\u{20ac}Z"), None);
        assert_eq!(parse_instant("2024-01-01T06:00-0\u{e9}"), None);
        assert_eq!(parse_instant("\u{20ac}024-01-01T06:00Z"), None);
        assert_eq!(parse_instant("2024-01-01T+6:00Z"), None);
        assert_eq!(
            parse_instant("2024-01-01T06:00+05:30"),
            Some(1_704_088_800 - 19_800)
        );
        let err =
            super::super::csv_refusal("hour_start_utc,HB_X\n2024-01-01T06:\u{20ac}Z,5\n", "p.csv");
        assert!(
            err.starts_with("p.csv, line 2: time '2024-01-01T06:\u{20ac}Z': expected a timestamp"),
            "{err}"
        );
    }
}
