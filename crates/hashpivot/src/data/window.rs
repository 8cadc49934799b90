//! The dates data may carry: from the genesis block to the end of a given year (the caller's current year + 1;
//! the core reads no clock).

use crate::date::Date;

/// The day of the genesis block, 2009-01-03: no bitcoin data is older.
pub const GENESIS: Date = Date::constant(2009, 1, 3);

/// The plausible dates of a data row: from [`GENESIS`] to `last`, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWindow {
    /// Last plausible day (inclusive).
    pub last: Date,
}

impl DateWindow {
    /// From the genesis block to 31 December of `last_year` (a caller passes its current year + 1).
    pub fn through_year(last_year: i32) -> DateWindow {
        let last = Date::from_ymd(last_year.clamp(2009, 9998), 12, 31).unwrap_or(GENESIS);
        DateWindow { last }
    }

    /// The window the bundled files are read with (their dates are checked by tests, not by a clock).
    pub fn bundled() -> DateWindow {
        DateWindow::through_year(2100)
    }

    /// First plausible day: [`GENESIS`].
    pub fn first(&self) -> Date {
        GENESIS
    }

    /// Whether `date` is inside the window.
    pub fn contains(&self, date: Date) -> bool {
        date >= GENESIS && date <= self.last
    }

    /// Whether the instant `unix_seconds` (UTC) falls on a day inside the window.
    pub fn contains_instant(&self, unix_seconds: i64) -> bool {
        unix_seconds >= GENESIS.unix_seconds() && unix_seconds < self.last.succ().unix_seconds()
    }

    /// What a date must be, said to a person.
    pub fn expected(&self) -> String {
        format!(
            "a date from {GENESIS} (the genesis block) to {} (the end of next year)",
            self.last
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_runs_from_genesis_to_the_end_of_the_year() {
        let w = DateWindow::through_year(2027);
        assert_eq!(w.last, Date::constant(2027, 12, 31));
        assert!(w.contains(GENESIS));
        assert!(!w.contains(Date::constant(2009, 1, 2)));
        assert!(!w.contains(Date::constant(2028, 1, 1)));
        // 9999-12-31T23:00-05:00 is 10000-01-01T04:00Z: far outside.
        assert!(!w.contains_instant(253_402_318_800 + 4 * 3600));
        assert!(w.contains_instant(Date::constant(2027, 12, 31).unix_seconds() + 23 * 3600));
        assert!(!w.contains_instant(Date::constant(2028, 1, 1).unix_seconds()));
        assert!(!w.contains_instant(GENESIS.unix_seconds() - 1));
    }
}
