//! `cargo xtask power`: normalize the ERCOT hub prices in ../shared/data/ercot into `data/ercot_da_hourly.csv`
//! and `data/ercot_rt_hourly.csv` (UTC hour-beginning, one column per hub, USD/MWh rounded to cents).
//!
//! Day-ahead: `hourEnding` "01:00".."24:00" is Central Prevailing Time hour-ending; the local hour-beginning is
//! HE − 1 on `deliveryDate`. On the spring-forward day HE 03 is absent (23 hours); on the fall-back day HE 02
//! appears twice and `DSTFlag` is true on the repeated (second, CST) one (25 hours). The local hour is turned into
//! UTC with the `America/Chicago` zone in `hashpivot::power::central_time`, which this task checks against the
//! `hour_start_utc`/`hour_start_local` pairs of the real-time file.

use anyhow::{Context, Result, bail, ensure};
use hashpivot::Date;
use hashpivot::data::parse_instant;
use hashpivot::power::central_time::{format_utc_hour, local_day_utc_hours, local_hour_to_utc};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::Offset;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub const HUBS: [&str; 5] = ["HB_HOUSTON", "HB_NORTH", "HB_PAN", "HB_SOUTH", "HB_WEST"];

/// Prices by unix hour, one slot per hub.
type Table = BTreeMap<i64, [Option<f64>; 5]>;

/// A price rounded to cents, without trailing zeros ("12.5", "-3", "5000.01").
fn cents(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The unix hour of a UTC timestamp with its offset (`2020-01-01T06:00:00Z`), which must be on the hour.
fn unix_hour_of(ts: &str) -> Result<i64> {
    let secs = parse_instant(ts).with_context(|| format!("bad timestamp {ts}"))?;
    ensure!(secs % 3_600 == 0, "timestamp {ts} is not on the hour");
    Ok(secs / 3_600)
}

/// A Central Prevailing Time hour as the source writes it (`2024-11-03T01:00:00-06:00`): its date, its hour, and
/// whether it is the repeated (CST, UTC−6) one — which only matters on the fall-back day.
fn central_hour_of(local: &str) -> Result<(Date, u32, bool)> {
    let pieces = Pieces::parse(local).with_context(|| format!("bad local timestamp {local}"))?;
    let time = pieces
        .time()
        .with_context(|| format!("local timestamp {local} has no time"))?;
    let cst = matches!(pieces.offset(), Some(PiecesOffset::Numeric(n)) if n.offset() == Offset::constant(-6));
    Ok((pieces.date().into(), time.hour() as u32, cst))
}

fn write_table(path: &Path, t: &Table) -> Result<usize> {
    let mut s = String::with_capacity(t.len() * 48);
    s.push_str("hour_start_utc");
    for h in HUBS {
        s.push(',');
        s.push_str(h);
    }
    s.push('\n');
    for (hour, row) in t {
        s.push_str(&format_utc_hour(*hour));
        for v in row {
            s.push(',');
            if let Some(v) = v {
                s.push_str(&cents(*v));
            }
        }
        s.push('\n');
    }
    std::fs::write(path, &s).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(s.len())
}

/// Checks a table is complete: every hub in every hour, hours contiguous. Returns (first, last).
fn check_complete(t: &Table, what: &str) -> Result<(i64, i64)> {
    let first = *t.keys().next().context("no rows")?;
    let last = *t.keys().next_back().context("no rows")?;
    ensure!(
        (last - first + 1) as usize == t.len(),
        "{what}: {} hours missing between {} and {}",
        (last - first + 1) as usize - t.len(),
        format_utc_hour(first),
        format_utc_hour(last)
    );
    for (h, row) in t {
        for (i, v) in row.iter().enumerate() {
            ensure!(
                v.is_some(),
                "{what}: {} missing at {}",
                HUBS[i],
                format_utc_hour(*h)
            );
        }
    }
    Ok((first, last))
}

fn mean_2024(t: &Table, hub: usize) -> f64 {
    let (a, b) = (
        local_day_utc_hours(Date::constant(2024, 1, 1)).0,
        local_day_utc_hours(Date::constant(2024, 12, 31)).1,
    );
    let v: Vec<f64> = t.range(a..b).filter_map(|(_, r)| r[hub]).collect();
    v.iter().sum::<f64>() / v.len() as f64
}

/// Builds both files; returns a summary.
pub fn build(raw_dir: &Path, out_dir: &Path) -> Result<String> {
    let ercot = raw_dir.join("ercot");
    let mut summary = String::new();

    // Real time: hourly means of the 15-minute SPPs, already in UTC. Check our clock against its local column.
    let rt_path = ercot.join("derived_rt_spp_hourly_mean_hubs_2020-2025.csv");
    let mut rdr = csv::Reader::from_path(&rt_path)
        .with_context(|| format!("cannot read {}", rt_path.display()))?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name}", rt_path.display()))
    };
    let (c_utc, c_local) = (col("hour_start_utc")?, col("hour_start_local")?);
    let c_hubs: Vec<usize> = HUBS.iter().map(|h| col(h)).collect::<Result<_>>()?;
    let mut rt = Table::new();
    let mut clock_checked = 0usize;
    for rec in rdr.records() {
        let rec = rec?;
        let utc = unix_hour_of(&rec[c_utc])?;
        let local = &rec[c_local];
        let (date, local_hour, repeated) = central_hour_of(local)?;
        let ours = local_hour_to_utc(date, local_hour, repeated)
            .with_context(|| format!("{local} does not exist in Central time"))?;
        ensure!(
            ours == utc,
            "clock mismatch: {local} is {} here, {} in the file",
            format_utc_hour(ours),
            &rec[c_utc]
        );
        clock_checked += 1;
        let mut row = [None; 5];
        for (i, c) in c_hubs.iter().enumerate() {
            row[i] = Some(
                rec[*c]
                    .parse::<f64>()
                    .with_context(|| format!("{}: bad price at {}", HUBS[i], &rec[c_utc]))?,
            );
        }
        ensure!(
            rt.insert(utc, row).is_none(),
            "duplicate hour {}",
            &rec[c_utc]
        );
    }
    let (rt_first, rt_last) = check_complete(&rt, "real-time")?;
    let rt_bytes = write_table(&out_dir.join("ercot_rt_hourly.csv"), &rt)?;
    writeln!(
        summary,
        "real-time: {} hours {} .. {} (hourly means of 15-minute SPPs), no gaps; {} bytes; \
         our Central-time clock agrees with the source's local/UTC pairs in all {} hours",
        rt.len(),
        format_utc_hour(rt_first),
        format_utc_hour(rt_last),
        rt_bytes,
        clock_checked
    )?;

    // Day ahead: one file per hub, unsorted within a day, hour-ending local time with DSTFlag.
    let mut da = Table::new();
    let mut days_by_len: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, hub) in HUBS.iter().enumerate() {
        let path = ercot.join(format!("da_lmp_{hub}.csv"));
        let mut rdr = csv::Reader::from_path(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut per_day: BTreeMap<Date, usize> = BTreeMap::new();
        for (n, rec) in rdr.records().enumerate() {
            let rec = rec?;
            let line = n + 2;
            let date =
                Date::parse(&rec[0]).with_context(|| format!("{}:{line}", path.display()))?;
            let he: u32 = rec[1][..2]
                .parse()
                .with_context(|| format!("{}:{line}: bad hourEnding", path.display()))?;
            ensure!(
                (1..=24).contains(&he),
                "{}:{line}: hourEnding {he}",
                path.display()
            );
            ensure!(
                &rec[2] == *hub,
                "{}:{line}: settlement point {}",
                path.display(),
                &rec[2]
            );
            let price: f64 = rec[3]
                .parse()
                .with_context(|| format!("{}:{line}: bad price", path.display()))?;
            let repeated = match &rec[4] {
                "True" | "Y" | "true" => true,
                "False" | "N" | "false" => false,
                other => bail!("{}:{line}: DSTFlag {other}", path.display()),
            };
            let utc = local_hour_to_utc(date, he - 1, repeated).with_context(|| {
                format!(
                    "{}:{line}: {date} hour ending {he:02}:00 does not exist in Central time",
                    path.display()
                )
            })?;
            let slot = &mut da.entry(utc).or_insert([None; 5])[i];
            ensure!(
                slot.is_none(),
                "{}:{line}: duplicate hour {}",
                path.display(),
                format_utc_hour(utc)
            );
            *slot = Some(price);
            *per_day.entry(date).or_default() += 1;
        }
        if i == 0 {
            for (d, n) in &per_day {
                if *n != 24 {
                    days_by_len.entry(*n).or_default().push(d.to_string());
                }
            }
        }
    }
    let (da_first, da_last) = check_complete(&da, "day-ahead")?;
    let da_bytes = write_table(&out_dir.join("ercot_da_hourly.csv"), &da)?;
    writeln!(
        summary,
        "day-ahead: {} hours {} .. {} (hour-ending Central Prevailing Time → UTC hour-beginning), no gaps; {} bytes",
        da.len(),
        format_utc_hour(da_first),
        format_utc_hour(da_last),
        da_bytes
    )?;
    for (n, days) in &days_by_len {
        writeln!(summary, "  {n}-hour days: {}", days.join(", "))?;
    }
    for (i, hub) in HUBS.iter().enumerate() {
        writeln!(
            summary,
            "  2024 mean {hub}: DA {:.2}, RT {:.2} USD/MWh",
            mean_2024(&da, i),
            mean_2024(&rt, i)
        )?;
    }
    Ok(summary)
}
