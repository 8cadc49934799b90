//! ERCOT's price-cap regimes: the high system-wide offer cap (HCAP) in force in each calendar year, with its
//! source, and which bundled years a power bootstrap replays by default.
//!
//! A year replayed from a regime other than today's is not the market a site faces now: 2021 priced Winter
//! Storm Uri (February 2021) at a $9,000/MWh cap for days. The bootstrap therefore replays only years under the
//! current cap unless the scenario names another year, and such a year is labelled a stress year.

/// An ERCOT price-cap regime: the years it covered and its cap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapRegime {
    /// First calendar year wholly under the cap.
    pub from_year: i32,
    /// Last calendar year under the cap (`None`: still in force).
    pub to_year: Option<i32>,
    /// High system-wide offer cap, USD/MWh.
    pub cap_usd_per_mwh: f64,
    /// Where the cap and its dates come from.
    pub source: &'static str,
}

/// ERCOT's HCAP by year, oldest first; the last entry is the regime in force.
pub const ERCOT_CAP_REGIMES: [CapRegime; 2] = [
    CapRegime {
        from_year: 2016,
        to_year: Some(2021),
        cap_usd_per_mwh: 9_000.0,
        source: "PUCT Project 40268 order (2012-10-25) amending 16 TAC §25.505: HCAP $9,000/MWh from 2015-06-01",
    },
    CapRegime {
        from_year: 2022,
        to_year: None,
        cap_usd_per_mwh: 5_000.0,
        source: "ERCOT market notice M-A120721-01 (2021-12-07): PUCT lowered HCAP from $9,000 to $5,000/MWh \
                 effective 2022-01-01 (Project 52631)",
    },
];

/// Why a year is a stress year beyond its cap, where it is known.
pub fn stress_note(year: i32) -> Option<&'static str> {
    (year == 2021).then_some(
        "Winter Storm Uri (2021-02-14..19): real-time prices held at the $9,000/MWh cap for days",
    )
}

/// The regime of calendar year `year`, if the table covers it.
pub fn regime_of(year: i32) -> Option<&'static CapRegime> {
    ERCOT_CAP_REGIMES
        .iter()
        .find(|r| year >= r.from_year && r.to_year.is_none_or(|to| year <= to))
}

/// The regime in force now (the last of [`ERCOT_CAP_REGIMES`]).
pub fn current_regime() -> &'static CapRegime {
    &ERCOT_CAP_REGIMES[ERCOT_CAP_REGIMES.len() - 1]
}

/// Whether `year` was priced under the cap in force now.
pub fn under_current_cap(year: i32) -> bool {
    regime_of(year).is_some_and(|r| r.to_year.is_none())
}

/// The years a power bootstrap replays by default: those of `complete` (complete bundled years) under the
/// current cap, in order.
pub fn default_years(complete: &[i32]) -> Vec<i32> {
    complete
        .iter()
        .copied()
        .filter(|y| under_current_cap(*y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_by_year() {
        assert_eq!(regime_of(2021).unwrap().cap_usd_per_mwh, 9_000.0);
        assert_eq!(regime_of(2022).unwrap().cap_usd_per_mwh, 5_000.0);
        assert_eq!(regime_of(2030).unwrap().cap_usd_per_mwh, 5_000.0);
        assert!(regime_of(2014).is_none());
        assert!(under_current_cap(2025) && !under_current_cap(2021) && !under_current_cap(2014));
        assert_eq!(current_regime().cap_usd_per_mwh, 5_000.0);
        assert_eq!(
            default_years(&[2020, 2021, 2022, 2023, 2024, 2025]),
            [2022, 2023, 2024, 2025]
        );
        assert!(stress_note(2021).unwrap().contains("Uri"));
        assert_eq!(stress_note(2023), None);
    }
}
