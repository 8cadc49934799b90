//! From interval rows to hourly prices: the file's interval grid, rows on it, and whole hours only.

use crate::data::parse_err;
use crate::error::Result;
use crate::power::PriceBook;
use crate::power::central_time::format_utc_hour;
use std::collections::BTreeMap;

/// A price read from a row: (hub id, start second, USD/MWh, line).
pub(super) type Point = (usize, i64, f64, u64);
/// A row's time: (line, start second, the text as written).
pub(super) type RowTime = (u64, i64, String);

/// "hourly" or "15-minute".
pub(super) fn interval_label(secs: i64) -> String {
    if secs == 3_600 {
        "hourly".to_string()
    } else if secs % 60 == 0 {
        format!("{}-minute", secs / 60)
    } else {
        format!("{secs}-second")
    }
}

/// The interval length of a file without an Interval End column: the most common
/// gap between consecutive row times (ties to the shorter), at most an hour; a single time is read as hourly.
pub(super) fn grid_from_gaps(times: &[RowTime]) -> std::result::Result<i64, String> {
    let mut t: Vec<i64> = times.iter().map(|x| x.1).collect();
    t.sort_unstable();
    t.dedup();
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for w in t.windows(2) {
        *counts.entry(w[1] - w[0]).or_default() += 1;
    }
    let gap = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(3_600, |(g, _)| *g)
        .min(3_600);
    if 3_600 % gap != 0 {
        return Err(format!(
            "rows are most often {gap} seconds apart: expected intervals that divide an hour \
             (5, 15, 30 or 60 minutes)"
        ));
    }
    Ok(gap)
}

/// Every row starts on the `step`-second grid (nothing is rounded).
pub(super) fn check_on_grid(times: &[RowTime], step: i64, origin: &str) -> Result<()> {
    for (line, secs, ts) in times {
        if secs.rem_euclid(step) != 0 {
            return Err(parse_err(
                origin,
                *line,
                format!(
                    "time '{ts}' is not on the file's {} grid (intervals start {} UTC); rows are not rounded",
                    interval_label(step),
                    if step == 3_600 {
                        "on the hour".to_string()
                    } else {
                        format!(
                            "every {} from the hour",
                            interval_label(step).replace('-', " ")
                        )
                    }
                ),
            ));
        }
    }
    Ok(())
}

/// The mean price of each (hub, UTC hour), or an error naming the hours that lack some of their intervals.
pub(super) fn hourly_means(
    points: &[Point],
    hubs: &[String],
    step: i64,
    origin: &str,
) -> Result<PriceBook> {
    // (hub id, unix hour) → (sum, intervals, first line).
    let mut acc: BTreeMap<(usize, i64), (f64, i64, u64)> = BTreeMap::new();
    for &(id, secs, v, line) in points {
        let e = acc
            .entry((id, secs.div_euclid(3_600)))
            .or_insert((0.0, 0, line));
        e.0 += v;
        e.1 += 1;
        e.2 = e.2.min(line);
    }
    let per_hour = 3_600 / step;
    // (hub id, unix hour, intervals, first line) of each partial hour.
    let partial: Vec<(usize, i64, i64, u64)> = acc
        .iter()
        .filter(|(_, (_, n, _))| *n != per_hour)
        .map(|(&(id, hour), &(_, n, line))| (id, hour, n, line))
        .collect();
    if let Some(&(id, _, _, line)) = partial.iter().min_by_key(|p| p.3) {
        let of_hub: Vec<&(usize, i64, i64, u64)> = partial.iter().filter(|p| p.0 == id).collect();
        let for_hub = of_hub.len();
        let mut listed: Vec<String> = of_hub
            .iter()
            .take(5)
            .map(|&&(_, hour, n, _)| format!("{} ({n} of {per_hour})", format_utc_hour(hour)))
            .collect();
        if for_hub > 5 {
            listed.push(format!("and {} more", for_hub - 5));
        }
        return Err(parse_err(
            origin,
            line,
            format!(
                "{} has an incomplete set of {} intervals in {for_hub} hour(s): {}; \
                 a partial hour is a gap, not the mean of the intervals present — import whole hours",
                hubs[id],
                interval_label(step),
                listed.join(", ")
            ),
        ));
    }
    let mut book = PriceBook::new();
    for ((id, hour), (sum, n, _)) in acc {
        book.insert(&hubs[id], hour, sum / n as f64);
    }
    Ok(book)
}
