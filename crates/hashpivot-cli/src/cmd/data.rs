//! `hashpivot data info` and `hashpivot data import`: what data is loaded, and adding newer data.

use crate::datasets;
use crate::output::{Table, print, print_json};
use crate::store;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use hashpivot::network::{NetworkDay, NetworkHistory};
use hashpivot::power::central_time::format_utc_hour;
use hashpivot::power::{Market, PriceBook};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Each dataset's coverage and origin (bundled or imported).
    Info(InfoArgs),
    /// Import a newer CSV into the user data directory; it takes precedence over the bundled data.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Daily network table: date, height, blocks, difficulty, fees_btc, price_usd (any subset of the value columns).
    Network,
    /// Hourly power prices: wide (hour_start_utc + one USD/MWh column per hub) or gridstatus long
    /// (Interval Start/Time, Location, SPP/LMP[, Market]); timestamps with their UTC offset.
    Power,
}

/// A power market, for imports whose file has no Market column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarketArg {
    /// Day-ahead.
    Da,
    /// Real-time.
    Rt,
}

impl From<MarketArg> for Market {
    fn from(m: MarketArg) -> Market {
        match m {
            MarketArg::Da => Market::Da,
            MarketArg::Rt => Market::Rt,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// The CSV file to import.
    pub file: PathBuf,
    /// Market of a power file without a Market column.
    #[arg(long, value_enum)]
    pub market: Option<MarketArg>,
}

/// One row of `data info`.
#[derive(Debug, Serialize)]
pub struct DatasetInfo {
    pub dataset: String,
    pub field: String,
    pub origin: String,
    pub rows: usize,
    pub from: Option<String>,
    pub to: Option<String>,
}

pub fn run(cmd: DataCommand) -> Result<()> {
    match cmd {
        DataCommand::Info(a) => info(a),
        DataCommand::Import(a) => import(a),
    }
}

type FieldFn = fn(&NetworkDay) -> bool;
const NETWORK_FIELDS: [(&str, FieldFn); 5] = [
    ("height", |d| d.height.is_some()),
    ("difficulty", |d| d.difficulty.is_some()),
    ("fees_btc", |d| d.fees_btc.is_some()),
    ("price_usd", |d| d.price_usd.is_some()),
    ("blocks", |d| d.blocks.is_some()),
];

fn network_rows(h: &NetworkHistory, origin: &str, out: &mut Vec<DatasetInfo>) {
    for (name, f) in NETWORK_FIELDS {
        let span = h.field_span(f);
        out.push(DatasetInfo {
            dataset: "network".into(),
            field: name.into(),
            origin: origin.into(),
            rows: h.days().iter().filter(|d| f(d)).count(),
            from: span.map(|s| s.from.to_string()),
            to: span.map(|s| s.to.to_string()),
        });
    }
}

/// Everything `data info` reports.
pub fn collect_info() -> Result<Vec<DatasetInfo>> {
    let mut out = Vec::new();
    let bundled = datasets::bundled_network()?;
    network_rows(&bundled, "bundled", &mut out);
    let mut in_use = bundled.clone();
    let mut in_use_origin = "bundled";
    if let Some(imp) = datasets::imported_network()? {
        let origin = format!("imported ({})", datasets::network_import_path()?.display());
        network_rows(&imp, &origin, &mut out);
        in_use = datasets::with_imports(&bundled, &imp)?;
        in_use_origin = "bundled + imported";
    }
    let complete = |d: &NetworkDay| {
        d.height.is_some()
            && d.blocks.is_some()
            && d.difficulty.is_some()
            && d.fees_btc.is_some()
            && d.price_usd.is_some()
    };
    let span = in_use.field_span(complete);
    out.push(DatasetInfo {
        dataset: "network".into(),
        field: "all (hashprice in USD)".into(),
        origin: in_use_origin.into(),
        rows: in_use.days().iter().filter(|d| complete(d)).count(),
        from: span.map(|s| s.from.to_string()),
        to: span.map(|s| s.to.to_string()),
    });
    for market in [Market::Da, Market::Rt] {
        power_rows(
            &datasets::bundled_power(market)?,
            market,
            "bundled",
            &mut out,
        );
        if let Some(imp) = datasets::imported_power(market)? {
            let origin = format!(
                "imported ({})",
                datasets::power_import_path(market)?.display()
            );
            power_rows(&imp, market, &origin, &mut out);
        }
    }
    let retargets = hashpivot::data::bundled_retargets()?;
    out.push(DatasetInfo {
        dataset: "difficulty_retargets".into(),
        field: "height".into(),
        origin: "bundled".into(),
        rows: retargets.len(),
        from: retargets.first().map(|r| r.height.to_string()),
        to: retargets.last().map(|r| r.height.to_string()),
    });
    let asics = hashpivot::data::bundled_asics()?;
    out.push(DatasetInfo {
        dataset: "asics".into(),
        field: "release_month".into(),
        origin: "bundled".into(),
        rows: asics.models().len(),
        from: asics.models().first().map(|a| a.release.to_string()),
        to: asics.models().last().map(|a| a.release.to_string()),
    });
    Ok(out)
}

fn info(args: InfoArgs) -> Result<()> {
    let rows = collect_info()?;
    if args.json {
        return print_json(&rows);
    }
    let mut t = Table::new(["dataset", "field", "origin", "rows", "from", "to"]);
    for r in &rows {
        t.row([
            r.dataset.clone(),
            r.field.clone(),
            r.origin.clone(),
            r.rows.to_string(),
            r.from.clone().unwrap_or("-".into()),
            r.to.clone().unwrap_or("-".into()),
        ]);
    }
    let mut s = t.render();
    s.push_str(&format!(
        "\nuser data directory: {} (set HASHPIVOT_DATA_DIR to change)\n",
        store::data_dir()?.display()
    ));
    print(&s)
}

fn import(args: ImportArgs) -> Result<()> {
    match args.kind {
        Kind::Network => import_network(&args.file),
        Kind::Power => import_power(&args.file, args.market.map(Market::from)),
    }
}

fn import_network(file: &std::path::Path) -> Result<()> {
    let origin = file.display().to_string();
    let text = store::read_text(file)?;
    let days = hashpivot::data::parse_network_csv(&text, &origin)?;
    let n = days.len();
    let new = NetworkHistory::new(days).with_context(|| format!("in {origin}"))?;
    let combined = match datasets::imported_network()? {
        Some(old) => old.overlaid_with(&new)?,
        None => new.clone(),
    };
    // The import must also join the bundled data consistently (heights, blocks, difficulty by epoch).
    datasets::with_imports(&datasets::bundled_network()?, &combined)
        .with_context(|| format!("{origin} does not join the bundled data"))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(hashpivot::data::NETWORK_COLUMNS)?;
    let cell = |v: Option<String>| v.unwrap_or_default();
    for d in combined.days() {
        let has_any = d.height.is_some()
            || d.blocks.is_some()
            || d.difficulty.is_some()
            || d.fees_btc.is_some()
            || d.price_usd.is_some();
        if !has_any {
            continue;
        }
        w.write_record([
            d.date.to_string(),
            cell(d.height.map(|v| v.to_string())),
            cell(d.blocks.map(|v| v.to_string())),
            cell(d.difficulty.map(|v| v.to_string())),
            cell(d.fees_btc.map(|v| v.to_string())),
            cell(d.price_usd.map(|v| v.to_string())),
        ])?;
    }
    let path = datasets::network_import_path()?;
    store::write_atomic(&path, &w.into_inner()?)?;
    datasets::record_import(
        "network",
        serde_json::json!({"file": origin, "rows": n, "from": new.first_date().to_string(), "to": new.last_date().to_string()}),
    )?;
    print(&format!(
        "imported {n} network rows ({} to {}) from {origin} into {}\n",
        new.first_date(),
        new.last_date(),
        path.display()
    ))
}

fn power_rows(book: &PriceBook, market: Market, origin: &str, out: &mut Vec<DatasetInfo>) {
    for hub in book.hubs() {
        let span = book.span(hub);
        let missing = book.missing_hours(hub);
        out.push(DatasetInfo {
            dataset: format!("power_{}", market.as_str()),
            field: if missing == 0 {
                hub.to_string()
            } else {
                format!("{hub} ({missing} hours missing)")
            },
            origin: origin.into(),
            rows: book.hours(hub),
            from: span.map(|s| format_utc_hour(s.0)),
            to: span.map(|s| format_utc_hour(s.1)),
        });
    }
}

fn import_power(file: &std::path::Path, market: Option<Market>) -> Result<()> {
    let origin = file.display().to_string();
    let text = store::read_text(file)?;
    let parsed = hashpivot::data::parse_power_csv(&text, &origin)?;
    let market = match (parsed.market, market) {
        (Some(a), Some(b)) if a != b => anyhow::bail!(
            "{origin} holds {} prices (Market column) but --market {} was given",
            a.as_str(),
            b.as_str()
        ),
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => anyhow::bail!(
            "{origin} has no Market column: say which market it is with --market da or --market rt"
        ),
    };
    let combined = match datasets::imported_power(market)? {
        Some(old) => old.overlaid_with(&parsed.book),
        None => parsed.book.clone(),
    };
    let hubs: Vec<&str> = combined.hubs().collect();
    let mut rows: std::collections::BTreeMap<i64, Vec<Option<f64>>> = Default::default();
    for (hub, hour, price) in combined.points() {
        let i = hubs.iter().position(|h| *h == hub).expect("listed hub");
        rows.entry(hour).or_insert_with(|| vec![None; hubs.len()])[i] = Some(price);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["hour_start_utc".to_string()];
    header.extend(hubs.iter().map(|h| h.to_string()));
    w.write_record(&header)?;
    for (hour, prices) in &rows {
        let mut rec = vec![format_utc_hour(*hour)];
        rec.extend(
            prices
                .iter()
                .map(|p| p.map(|p| p.to_string()).unwrap_or_default()),
        );
        w.write_record(&rec)?;
    }
    let path = datasets::power_import_path(market)?;
    store::write_atomic(&path, &w.into_inner()?)?;
    let mut summary = Vec::new();
    for hub in parsed.book.hubs() {
        let (a, b) = parsed.book.span(hub).expect("hub has hours");
        let missing = parsed.book.missing_hours(hub);
        summary.push(format!(
            "{hub} {} hours {} to {}{}",
            parsed.book.hours(hub),
            format_utc_hour(a),
            format_utc_hour(b),
            if missing > 0 {
                format!(" ({missing} hours missing: a dispatch over them will fail)")
            } else {
                String::new()
            }
        ));
    }
    datasets::record_import(
        &format!("power_{}", market.as_str()),
        serde_json::json!({"file": origin, "rows": parsed.rows, "hubs": parsed.book.hubs().collect::<Vec<_>>()}),
    )?;
    print(&format!(
        "imported {} rows of {} prices from {origin} into {}: {}\n",
        parsed.rows,
        market.as_str(),
        path.display(),
        summary.join("; ")
    ))
}
