//! `hashpivot data info|list|import|remove|reset`: what data is loaded, adding newer data, and undoing it.
//!
//! Imports live in the user data directory (see `store`): each import is stored on its own and listed in the
//! manifest, so `data remove ID` undoes one and `data reset --yes` all of them.

#[path = "data_import.rs"]
mod import;

use crate::datasets;
use crate::output::{Table, print, print_json};
use crate::store;
use anyhow::Result;
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
    /// Import a newer CSV into the user data directory; it takes precedence over the bundled data (replacing
    /// values already in use needs --override).
    Import(ImportArgs),
    /// The imports in effect, with the number `data remove` takes.
    List(InfoArgs),
    /// Undo one import (its number is in `data list`).
    Remove(RemoveArgs),
    /// Undo every import: back to the bundled data only.
    Reset(ResetArgs),
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Number of the import to undo (see `hashpivot data list`).
    pub id: u64,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Confirm: drop every import.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Daily network table: date and some of height, blocks, difficulty, fees_btc_per_day or
    /// fees_btc_per_block (with blocks), price_usd; `hashpivot network --format csv` output re-imports as is.
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
    /// Allow the import to replace values already in use (bundled or imported earlier); without it such an
    /// import is refused, saying how many days or hours it would change.
    #[arg(long = "override")]
    pub allow_override: bool,
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
        DataCommand::Import(a) => match a.kind {
            Kind::Network => import::network(&a.file, a.allow_override),
            Kind::Power => import::power(&a.file, a.market.map(Market::from), a.allow_override),
        },
        DataCommand::List(a) => list(a),
        DataCommand::Remove(a) => import::remove(a.id),
        DataCommand::Reset(a) => import::reset(a.yes),
    }
}

type FieldFn = fn(&NetworkDay) -> bool;
const NETWORK_FIELDS: [(&str, FieldFn); 5] = [
    ("height", |d| d.height.is_some()),
    ("difficulty", |d| d.difficulty.is_some()),
    ("fees_btc_per_day", |d| d.fees_btc.is_some()),
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
    let manifest = datasets::manifest()?;
    if let Some(imp) = datasets::imported_network_of(&manifest)? {
        let origin = imported_origin(&manifest, "network");
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
        if let Some(imp) = datasets::imported_power_of(&manifest, market)? {
            let origin = imported_origin(&manifest, &datasets::power_kind(market));
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
    let imports = datasets::manifest()?.imports.len();
    if imports > 0 {
        s.push_str(&format!(
            "\n{imports} import(s) in effect: `hashpivot data list` shows them, `hashpivot data remove ID` undoes one\n"
        ));
    }
    s.push_str(&format!(
        "\nuser data directory: {} (set HASHPIVOT_DATA_DIR to change)\n",
        store::data_dir()?.display()
    ));
    print(&s)
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

/// The origin of a dataset's imports in `data info`: the import numbers.
fn imported_origin(m: &store::Manifest, kind: &str) -> String {
    let ids: Vec<String> = m.of_kind(kind).map(|i| i.id.to_string()).collect();
    format!("imported (#{})", ids.join(", #"))
}

fn list(args: InfoArgs) -> Result<()> {
    let m = datasets::manifest()?;
    if args.json {
        return print_json(&m.imports);
    }
    if m.imports.is_empty() {
        return print("no imports: every command uses the bundled data\n");
    }
    let mut t = Table::new(["id", "dataset", "rows", "from", "to", "changed", "file"]);
    for i in &m.imports {
        t.row([
            i.id.to_string(),
            i.kind.clone(),
            i.rows.to_string(),
            i.from.clone(),
            i.to.clone(),
            i.changed.to_string(),
            i.file.clone(),
        ]);
    }
    let mut s = t.render();
    s.push_str(
        "\nchanged: values already in use that the import replaced when it was made (see --override)\n\
         undo one with `hashpivot data remove ID`, all with `hashpivot data reset --yes`\n",
    );
    print(&s)
}
