//! Loads each dataset: the bundled copy, overlaid with the user's imports (oldest first, a later one winning).

use crate::store::{self, ImportEntry, Manifest};
use anyhow::{Context, Result};
use hashpivot::data;
use hashpivot::network::NetworkHistory;
use hashpivot::power::{Market, PriceBook};
use std::path::Path;
use std::sync::OnceLock;

/// The manifest kind of a market's power imports.
pub fn power_kind(market: Market) -> String {
    format!("power_{}", market.as_str())
}

/// The manifest of the user data directory.
pub fn manifest() -> Result<Manifest> {
    Manifest::read(&store::data_dir()?)
}

/// What to do about a stored import that cannot be read.
fn stored_hint(dir: &Path, i: &ImportEntry) -> String {
    format!(
        "imported data in {} (import {} of {}): fix it, or drop it with `hashpivot data remove {}`",
        dir.join(&i.stored).display(),
        i.id,
        i.file,
        i.id
    )
}

/// One stored network import.
pub fn stored_network(dir: &Path, i: &ImportEntry) -> Result<NetworkHistory> {
    let path = dir.join(&i.stored);
    let text = store::read_text(&path)?;
    let parsed =
        data::parse_network_import(&text, &path.display().to_string(), store::import_window())
            .with_context(|| stored_hint(dir, i))?;
    NetworkHistory::new(parsed.days).with_context(|| stored_hint(dir, i))
}

/// The network imports of `manifest`, overlaid oldest first, if there are any.
pub fn imported_network_of(manifest: &Manifest) -> Result<Option<NetworkHistory>> {
    let dir = store::data_dir()?;
    let mut out: Option<NetworkHistory> = None;
    for i in manifest.of_kind("network") {
        let h = stored_network(&dir, i)?;
        out = Some(match out {
            None => h,
            Some(old) => old.overlaid_with(&h)?,
        });
    }
    Ok(out)
}

/// Imported network rows, if the user has imported any.
pub fn imported_network() -> Result<Option<NetworkHistory>> {
    imported_network_of(&manifest()?)
}

/// A bundled dataset parsed once per process (a long-lived caller such as the Python package calls commands
/// many times): the text is embedded in the binary, so the parse never changes. Only the bundled copy is kept;
/// the user's imports are read from the data directory on every call, so a `data import` is seen at once.
fn parsed_once<T: Clone>(cell: &OnceLock<T>, parse: impl FnOnce() -> Result<T>) -> Result<T> {
    if let Some(v) = cell.get() {
        return Ok(v.clone());
    }
    let v = parse()?;
    Ok(cell.get_or_init(|| v).clone())
}

/// The bundled network table.
pub fn bundled_network() -> Result<NetworkHistory> {
    static BUNDLED: OnceLock<NetworkHistory> = OnceLock::new();
    parsed_once(&BUNDLED, || {
        data::bundled_network()
            .context("the bundled network data is damaged; rebuild it with `cargo xtask data`")
    })
}

/// The network history used by every command: bundled, overlaid with imports, difficulty checked and filled
/// from the bundled retarget list by height.
pub fn network() -> Result<NetworkHistory> {
    let bundled = bundled_network()?;
    match imported_network()? {
        None => Ok(bundled),
        Some(imp) => with_imports(&bundled, &imp).context(
            "the imported network data does not join the bundled data: see `hashpivot data info`, and drop \
             an import with `hashpivot data remove ID`",
        ),
    }
}

/// Bundled data overlaid with `imported`, checked against the bundled retarget list.
pub fn with_imports(bundled: &NetworkHistory, imported: &NetworkHistory) -> Result<NetworkHistory> {
    Ok(bundled
        .overlaid_with(imported)?
        .with_retargets(&data::bundled_retargets()?)?)
}

/// One stored power import.
pub fn stored_power(dir: &Path, i: &ImportEntry) -> Result<PriceBook> {
    let path = dir.join(&i.stored);
    let text = store::read_text(&path)?;
    Ok(
        data::parse_power_import(&text, &path.display().to_string(), store::import_window())
            .with_context(|| stored_hint(dir, i))?
            .book,
    )
}

/// The power imports of a market in `manifest`, overlaid oldest first, if there are any.
pub fn imported_power_of(manifest: &Manifest, market: Market) -> Result<Option<PriceBook>> {
    let dir = store::data_dir()?;
    let kind = power_kind(market);
    let mut out: Option<PriceBook> = None;
    for i in manifest.of_kind(&kind) {
        let b = stored_power(&dir, i)?;
        out = Some(match out {
            None => b,
            Some(old) => old.overlaid_with(&b),
        });
    }
    Ok(out)
}

/// The bundled ERCOT hub prices of a market.
pub fn bundled_power(market: Market) -> Result<PriceBook> {
    static DA: OnceLock<PriceBook> = OnceLock::new();
    static RT: OnceLock<PriceBook> = OnceLock::new();
    let cell = match market {
        Market::Da => &DA,
        Market::Rt => &RT,
    };
    parsed_once(cell, || {
        data::bundled_power(market)
            .context("the bundled power data is damaged; rebuild it with `cargo xtask power`")
    })
}

/// Every hub's power prices: bundled, overlaid with imports (a command that needs one hub uses
/// [`power_of_hub`], which parses only that hub's columns).
#[allow(dead_code)] // kept for commands that need every hub
pub fn power(market: Market) -> Result<PriceBook> {
    let bundled = bundled_power(market)?;
    Ok(match imported_power_of(&manifest()?, market)? {
        None => bundled,
        Some(imp) => bundled.overlaid_with(&imp),
    })
}

/// Whether a row whose time cell is `time` is needed for the UTC hours `[from, to)` (a day's margin each side,
/// so every interval of a sub-hourly file's hours is kept); a time that does not parse is kept, for the parser
/// to report with its line.
fn row_needed(time: &str, hours: Option<(i64, i64)>) -> bool {
    let Some((from, to)) = hours else {
        return true;
    };
    match data::parse_instant(time) {
        Some(secs) => {
            let hour = secs.div_euclid(3600);
            hour >= from - 24 && hour < to + 24
        }
        None => true,
    }
}

/// The text of a stored import that `hours` (UTC hours `[from, to)`) needs: the header, and each row whose
/// leading `YYYY-MM-DD` lies within two days of the hours (a row that does not start with a date is kept, for the
/// parser to judge). Read line by line, so a large import costs a command time and memory in proportion to the
/// rows it needs; the whole file without `hours`.
fn needed_text(path: &Path, hours: Option<(i64, i64)>) -> Result<String> {
    use std::io::BufRead;
    let Some((from, to)) = hours else {
        return store::read_text(path);
    };
    let day = |h: i64| hashpivot::Date::from_unix_seconds(h * 3600).to_string();
    let (lo, hi) = (day(from - 48), day(to + 48));
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = std::io::BufReader::new(file);
    let (mut out, mut line, mut header) = (String::new(), String::new(), true);
    while reader
        .read_line(&mut line)
        .with_context(|| format!("cannot read {}", path.display()))?
        > 0
    {
        let dated = line.get(..10).filter(|d| {
            d.bytes().enumerate().all(|(k, b)| {
                if k == 4 || k == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
        });
        if header || dated.is_none_or(|d| (lo.as_str()..=hi.as_str()).contains(&d)) {
            out.push_str(&line);
        }
        header = false;
        line.clear();
    }
    Ok(out)
}

/// One hub's column of a stored (wide) power import, or `None` if the import does not price that hub: only the
/// time column and that hub's are parsed, and of those only the rows of `hours` (UTC hours `[from, to)`) when
/// given, so a wide import of many hubs and years costs a command in proportion to what it asks for.
fn stored_power_hub(
    dir: &Path,
    i: &ImportEntry,
    hub: &str,
    hours: Option<(i64, i64)>,
) -> Result<Option<PriceBook>> {
    let path = dir.join(&i.stored);
    let text = needed_text(&path, hours)?;
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = rdr.headers().with_context(|| stored_hint(dir, i))?.clone();
    let Some(col) = headers.iter().position(|h| h == hub) else {
        return Ok(None);
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([&headers[0], hub])?;
    for rec in rdr.records() {
        let rec = rec.with_context(|| stored_hint(dir, i))?;
        let cell = rec.get(col).unwrap_or("");
        let time = rec.get(0).unwrap_or("");
        if !cell.is_empty() && row_needed(time, hours) {
            w.write_record([time, cell])?;
        }
    }
    let reduced = String::from_utf8(w.into_inner()?)?;
    let origin = format!("{} (column {hub})", path.display());
    match data::parse_power_import(&reduced, &origin, store::import_window()) {
        Ok(f) => Ok(Some(f.book)),
        // A column without a single price adds nothing.
        Err(_) if reduced.lines().count() <= 1 => Ok(None),
        Err(e) => Err(e).with_context(|| stored_hint(dir, i)),
    }
}

/// The power prices of one hub used by every command that needs only that hub: bundled, overlaid with the
/// imports that price it (the other hubs' columns of an import are not parsed).
pub fn power_of_hub(market: Market, hub: &str) -> Result<PriceBook> {
    power_of_hub_hours(market, hub, None)
}

/// [`power_of_hub`] for the UTC hours `[from, to)` only, when given: the imports' other rows are skipped before
/// they are parsed (the bundled data is read whole).
pub fn power_of_hub_hours(
    market: Market,
    hub: &str,
    hours: Option<(i64, i64)>,
) -> Result<PriceBook> {
    let mut book = bundled_power(market)?;
    let dir = store::data_dir()?;
    let kind = power_kind(market);
    for i in manifest()?.of_kind(&kind) {
        if let Some(b) = stored_power_hub(&dir, i, hub, hours)? {
            book = book.overlaid_with(&b);
        }
    }
    Ok(book)
}
