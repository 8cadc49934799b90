//! The network's power draw and yearly electricity use, CBECI-like: hashrate × an efficiency (J/TH) from the
//! ASIC library as it stood on each day.
//!
//! - **lower bound**: every hash from the most efficient model released by the day;
//! - **upper bound**: every hash from the least efficient model released by the day that still earns more than
//!   its power at [`PROFITABILITY_USD_PER_MWH`] (the day's hashprice, no pool fee);
//! - **best guess**: the mean J/TH of the profitable models released in the [`BEST_GUESS_YEARS`] years before the
//!   day, equally weighted — CBECI's original (2019–2023) rule, as CCAF describes it.
//!
//! Rated power at the wall only: no cooling or facility overhead (no PUE) is added. Before the library's first
//! release (the Antminer S9, 2016-07) the earliest model stands in for all three, so those days are a lower
//! bound (the result says so).

use super::observed::{ObservedHashrate, network_hashrate};
use super::{FeeWindow, HASHES_PER_DIFFICULTY, NetworkHistory, Retarget, SECONDS_PER_DAY};
use crate::data::{parse_err, parse_toml};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::mining::{AsicLibrary, hashprice_usd_per_mwh};
use serde::{Deserialize, Serialize};

/// Power price of the profitability test, USD/MWh: CBECI's default electricity price, 0.05 USD/kWh
/// (CBECI live page, archived 2021-05-19, <https://archive.is/4wYNe>).
pub const PROFITABILITY_USD_PER_MWH: f64 = 50.0;
/// Years of releases in the best guess's mix (CBECI's original rule: profitable models released in the past
/// five years equally fuel the hashrate, as quoted from CCAF's 2023-08-31 revision note).
pub const BEST_GUESS_YEARS: i32 = 5;

/// The efficiency mix of one day, J/TH.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mix {
    /// Most efficient model released by the day.
    pub lower_j_per_th: f64,
    /// Mean of the profitable models of the last five years.
    pub best_j_per_th: f64,
    /// Least efficient profitable model released by the day.
    pub upper_j_per_th: f64,
    /// Models in the best guess's mix.
    pub models_in_mix: usize,
    /// Set when the library had no model released yet (the earliest model stands in).
    pub before_library: bool,
}

/// The efficiency mix on `date` at a hashprice of `usd_per_ph_day`.
pub fn mix(asics: &AsicLibrary, date: Date, usd_per_ph_day: f64) -> Mix {
    let released: Vec<_> = asics
        .models()
        .iter()
        .filter(|m| m.release.first_day() <= date)
        .collect();
    let before_library = released.is_empty();
    let pool: Vec<_> = if before_library {
        let first = asics.models().iter().map(|m| m.release).min();
        asics
            .models()
            .iter()
            .filter(|m| Some(m.release) == first)
            .collect()
    } else {
        released
    };
    let lower = pool
        .iter()
        .map(|m| m.j_per_th)
        .fold(f64::INFINITY, f64::min);
    let profitable: Vec<_> = pool
        .iter()
        .filter(|m| {
            hashprice_usd_per_mwh(usd_per_ph_day, 0.0, m.j_per_th) >= PROFITABILITY_USD_PER_MWH
        })
        .collect();
    let upper = profitable.iter().map(|m| m.j_per_th).fold(lower, f64::max);
    let (y, mo, d) = date.ymd();
    let since = Date::from_ymd(y - BEST_GUESS_YEARS, mo, d.min(28)).unwrap_or(date);
    let recent: Vec<f64> = profitable
        .iter()
        .filter(|m| m.release.first_day() > since || before_library)
        .map(|m| m.j_per_th)
        .collect();
    let best = if recent.is_empty() {
        lower
    } else {
        recent.iter().sum::<f64>() / recent.len() as f64
    };
    Mix {
        lower_j_per_th: lower,
        best_j_per_th: best,
        upper_j_per_th: upper,
        models_in_mix: recent.len(),
        before_library,
    }
}

/// GW drawn by `eh_s` EH/s at `j_per_th`: EH/s × 10^6 TH/EH × J/TH = W × 10^6.
pub fn gw(eh_s: f64, j_per_th: f64) -> f64 {
    eh_s * j_per_th / 1_000.0
}

/// The power draw on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayEnergy {
    /// The day.
    pub date: Date,
    /// Network hashrate and how it was measured.
    pub hashrate: ObservedHashrate,
    /// Hashprice of the day, USD/PH/day.
    pub hashprice_usd_per_ph_day: f64,
    /// The efficiency mix.
    pub mix: Mix,
    /// Power draw, GW: lower, best guess, upper.
    pub gw_lower: f64,
    /// Best guess, GW.
    pub gw_best: f64,
    /// Upper bound, GW.
    pub gw_upper: f64,
    /// The same at a constant draw for a year, TWh (GW × 8.76).
    pub twh_annualised_best: f64,
}

/// The power draw on `date` (hashrate: the 7-day mean, see [`network_hashrate`]; hashprice: the day's).
pub fn day_energy(
    history: &NetworkHistory,
    retargets: &[Retarget],
    asics: &AsicLibrary,
    date: Date,
) -> Result<DayEnergy> {
    let hashrate = network_hashrate(history, retargets, date)?;
    let hp = history.day(date, FeeWindow::Day)?.usd_per_ph_day;
    let m = mix(asics, date, hp);
    Ok(DayEnergy {
        date,
        gw_lower: gw(hashrate.eh_s, m.lower_j_per_th),
        gw_best: gw(hashrate.eh_s, m.best_j_per_th),
        gw_upper: gw(hashrate.eh_s, m.upper_j_per_th),
        twh_annualised_best: gw(hashrate.eh_s, m.best_j_per_th) * 8.76,
        hashrate,
        hashprice_usd_per_ph_day: hp,
        mix: m,
    })
}

/// A calendar year's electricity use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEnergy {
    /// The year.
    pub year: i32,
    /// Mean network hashrate over the year (daily blocks × difficulty), EH/s.
    pub mean_hashrate_eh_s: f64,
    /// TWh, lower bound.
    pub twh_lower: f64,
    /// TWh, best guess.
    pub twh_best: f64,
    /// TWh, upper bound.
    pub twh_upper: f64,
    /// Mean J/TH of the best guess, weighted by each day's hashes.
    pub best_j_per_th: f64,
    /// Days before the library's first release (a lower bound on those days).
    pub days_before_library: u32,
}

/// The year's TWh: each day's hashes (blocks × difficulty × 2^32) × that day's mix.
pub fn year_energy(history: &NetworkHistory, asics: &AsicLibrary, year: i32) -> Result<YearEnergy> {
    let first = Date::from_ymd(year, 1, 1)
        .ok_or_else(|| Error::invalid("year", year, "a calendar year"))?;
    let last = Date::from_ymd(year, 12, 31).expect("Dec 31 exists");
    let (mut lo, mut be, mut up, mut th_days, mut before) = (0.0, 0.0, 0.0, 0.0, 0);
    let mut d = first;
    let mut days = 0.0;
    while d <= last {
        let row = history.row(d)?;
        let (Some(blocks), Some(diff)) = (row.blocks, row.difficulty) else {
            return Err(Error::invalid(
                "year",
                year,
                format!(
                    "a year whose every day has blocks and difficulty in the network data ({d} has not)"
                ),
            ));
        };
        let eh_s = blocks as f64 * diff * HASHES_PER_DIFFICULTY / SECONDS_PER_DAY / 1e18;
        let hp = history.day(d, FeeWindow::Day)?.usd_per_ph_day;
        let m = mix(asics, d, hp);
        // GW × 24 h = GWh; / 1000 = TWh.
        lo += gw(eh_s, m.lower_j_per_th) * 24.0 / 1_000.0;
        be += gw(eh_s, m.best_j_per_th) * 24.0 / 1_000.0;
        up += gw(eh_s, m.upper_j_per_th) * 24.0 / 1_000.0;
        th_days += eh_s;
        before += m.before_library as u32;
        days += 1.0;
        d = d.succ();
    }
    Ok(YearEnergy {
        year,
        mean_hashrate_eh_s: th_days / days,
        twh_lower: lo,
        twh_best: be,
        twh_upper: up,
        best_j_per_th: be * 1_000.0 / 24.0 * 1_000.0 / th_days,
        days_before_library: before,
    })
}

/// A published yearly estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearEstimate {
    /// Calendar year.
    pub year: i32,
    /// TWh.
    pub twh: f64,
    /// Who published it (and which method).
    pub publisher: String,
    /// Where it was found.
    pub source: String,
}

/// A published estimate of the draw on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateEstimate {
    /// The day, YYYY-MM-DD.
    pub date: String,
    /// GW, lower bound.
    pub gw_lower: f64,
    /// GW, best guess.
    pub gw_best: f64,
    /// GW, upper bound.
    pub gw_upper: f64,
    /// Who published it.
    pub publisher: String,
    /// Where it was found.
    pub source: String,
}

/// The bundled published estimates (`data/energy_estimates.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedEstimates {
    /// Yearly TWh.
    #[serde(default, rename = "year")]
    pub years: Vec<YearEstimate>,
    /// GW on a day.
    #[serde(default, rename = "date")]
    pub dates: Vec<DateEstimate>,
}

impl PublishedEstimates {
    /// Parses the file and checks every figure is positive and every date a date.
    pub fn parse_toml(text: &str, origin: &str) -> Result<PublishedEstimates> {
        let p: PublishedEstimates = parse_toml(text, origin)?;
        for y in &p.years {
            if y.twh.is_nan() || y.twh <= 0.0 {
                return Err(parse_err(
                    origin,
                    1,
                    format!("year {}: twh {}, expected > 0", y.year, y.twh),
                ));
            }
        }
        for d in &p.dates {
            Date::parse(&d.date).map_err(|e| parse_err(origin, 1, e.to_string()))?;
            if !(0.0 < d.gw_lower && d.gw_lower <= d.gw_best && d.gw_best <= d.gw_upper) {
                return Err(parse_err(
                    origin,
                    1,
                    format!("date {}: expected 0 < lower ≤ best ≤ upper GW", d.date),
                ));
            }
        }
        Ok(p)
    }

    /// The published estimates of `year`.
    pub fn of_year(&self, year: i32) -> Vec<&YearEstimate> {
        self.years.iter().filter(|y| y.year == year).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{bundled_asics, bundled_energy_estimates, bundled_network};

    #[test]
    fn best_guess_near_published_years() {
        let h = bundled_network().unwrap();
        let a = bundled_asics().unwrap();
        let p = bundled_energy_estimates().unwrap();
        let mut near = 0;
        for y in 2016..=2025 {
            let e = year_energy(&h, &a, y).unwrap();
            assert!(
                e.twh_lower <= e.twh_best && e.twh_best <= e.twh_upper,
                "{e:?}"
            );
            for pe in p.of_year(y) {
                if (e.twh_best / pe.twh - 1.0).abs() <= 0.25 {
                    near += 1;
                }
            }
        }
        assert!(near >= 3, "{near}");
    }
}
