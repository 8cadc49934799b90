//! `data import`, `data remove`, `data reset`: every change of the user data directory, under its lock, data
//! stored before the manifest that makes it take effect.

use crate::datasets;
use crate::output::print;
use crate::store::{self, IMPORTS_DIR, ImportEntry, LEGACY_FILES, Lock, Manifest};
use anyhow::{Context, Result, bail};
use hashpivot::Date;
use hashpivot::data::{NETWORK_IMPORT_COLUMNS, parse_network_import, parse_power_import};
use hashpivot::network::{NetworkDay, NetworkHistory};
use hashpivot::power::central_time::format_utc_hour;
use hashpivot::power::{Market, PriceBook};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What an import does to the data in use.
#[derive(Debug, Default)]
struct Effect {
    /// Days (hub-hours) with a value where the data in use has none.
    added: usize,
    /// Days (hub-hours) with a value that differs from the one in use.
    changed: usize,
    /// Of `changed`, those whose value in use is the bundled one.
    changed_bundled: usize,
    /// A few of the changes, said to a person.
    examples: Vec<String>,
}

impl Effect {
    /// Refuses a change of values in use without `--override`.
    fn check(&self, unit: &str, allow: bool) -> Result<()> {
        if self.changed > 0 && !allow {
            bail!(
                "this import would change {} {unit} of the data in use ({} bundled, {} from earlier imports), \
                 e.g. {}; add --override to replace them (undo later with `hashpivot data remove ID`)",
                self.changed,
                self.changed_bundled,
                self.changed - self.changed_bundled,
                self.examples.join("; ")
            );
        }
        Ok(())
    }

    fn note(&mut self, example: impl FnOnce() -> String, bundled: bool) {
        self.changed += 1;
        self.changed_bundled += usize::from(bundled);
        if self.examples.len() < 3 {
            self.examples.push(example());
        }
    }
}

/// Stores `contents` as import `id` of `kind`, then (after the test pause) commits `entry` to the manifest.
fn commit(lock: &Lock, mut manifest: Manifest, entry: ImportEntry, contents: &[u8]) -> Result<()> {
    store::write_atomic(&lock.dir().join(&entry.stored), contents)?;
    store::pause_before_commit_for_tests();
    manifest.next_id = manifest.next_id.max(entry.id + 1);
    manifest.imports.push(entry);
    manifest.write(lock)
}

fn new_entry(m: &Manifest, kind: &str, file: &str, rows: usize, changed: usize) -> ImportEntry {
    let id = m.next_id.max(1);
    ImportEntry {
        id,
        kind: kind.into(),
        file: file.into(),
        stored: format!("{IMPORTS_DIR}/{id}-{kind}.csv"),
        rows,
        from: String::new(),
        to: String::new(),
        changed,
        imported_at_unix: store::now_unix_seconds(),
    }
}

/// The canonical absolute name of the imported file, for the manifest.
fn file_name(file: &Path) -> String {
    std::fs::canonicalize(file)
        .unwrap_or_else(|_| file.to_path_buf())
        .display()
        .to_string()
}

/// One field of a day: its name, the imported value, the value in use, the bundled value.
type Field = (&'static str, Option<f64>, Option<f64>, Option<f64>);

fn opt_eq(a: Option<f64>, b: Option<f64>) -> bool {
    a == b
}

/// Compares each value of `days` with the day in use, and takes the in-use fees where the file's per-block fees
/// equal them (so an export re-imports exactly).
fn network_effect(
    days: &mut [NetworkDay],
    per_block: &HashMap<Date, f64>,
    in_use: &NetworkHistory,
    bundled: &NetworkHistory,
) -> Effect {
    let mut e = Effect::default();
    for d in days.iter_mut() {
        let cur = in_use.row(d.date).ok().copied();
        let base = bundled.row(d.date).ok().copied();
        if let (Some(pb), Some(c)) = (per_block.get(&d.date), cur)
            && let (Some(f), Some(b)) = (c.fees_btc, c.blocks)
            && d.blocks == Some(b)
            && (b == 0 || f / f64::from(b) == *pb)
        {
            d.fees_btc = Some(f);
        }
        let fields: [Field; 5] = [
            (
                "height",
                d.height.map(|v| v as f64),
                cur.and_then(|c| c.height.map(|v| v as f64)),
                base.and_then(|c| c.height.map(|v| v as f64)),
            ),
            (
                "blocks",
                d.blocks.map(f64::from),
                cur.and_then(|c| c.blocks.map(f64::from)),
                base.and_then(|c| c.blocks.map(f64::from)),
            ),
            (
                "difficulty",
                d.difficulty,
                cur.and_then(|c| c.difficulty),
                base.and_then(|c| c.difficulty),
            ),
            (
                "fees_btc_per_day",
                d.fees_btc,
                cur.and_then(|c| c.fees_btc),
                base.and_then(|c| c.fees_btc),
            ),
            (
                "price_usd",
                d.price_usd,
                cur.and_then(|c| c.price_usd),
                base.and_then(|c| c.price_usd),
            ),
        ];
        let mut added = false;
        let mut changed: Option<(String, bool)> = None;
        for (name, new, old, bundled_v) in fields {
            match (new, old) {
                (Some(_), None) => added = true,
                (Some(n), Some(o)) if n != o && changed.is_none() => {
                    changed = Some((
                        format!("{} {name} {o} → {n}", d.date),
                        opt_eq(old, bundled_v),
                    ));
                }
                _ => {}
            }
        }
        match changed {
            Some((text, is_bundled)) => e.note(|| text, is_bundled),
            None if added => e.added += 1,
            None => {}
        }
    }
    e
}

/// `data import --kind network FILE [--override]`.
pub fn network(file: &Path, allow_override: bool) -> Result<()> {
    let lock = Lock::acquire(&store::data_dir()?)?;
    let manifest = Manifest::read(lock.dir())?;
    let origin = file.display().to_string();
    let text = store::read_text(file)?;
    let parsed = parse_network_import(&text, &origin, store::import_window())?;
    let n = parsed.days.len();
    let bundled_raw = datasets::bundled_network()?;
    let prior = datasets::imported_network_of(&manifest)?;
    let in_use = match &prior {
        Some(p) => datasets::with_imports(&bundled_raw, p)?,
        None => bundled_raw.clone(),
    };
    let per_block: HashMap<Date, f64> = parsed.fees_per_block.iter().copied().collect();
    let mut days = parsed.days.clone();
    let effect = network_effect(&mut days, &per_block, &in_use, &bundled_raw);
    let notes: String = parsed
        .notes
        .iter()
        .map(|n| format!("note: {n}\n"))
        .collect();
    if effect.added == 0 && effect.changed == 0 {
        return print(&format!(
            "{notes}nothing imported: the {n} rows of {origin} equal the data in use\n"
        ));
    }
    effect.check("days", allow_override)?;
    let new = NetworkHistory::new(days).with_context(|| format!("in {origin}"))?;
    let combined = match &prior {
        Some(old) => old.overlaid_with(&new)?,
        None => new.clone(),
    };
    // The import must also join the bundled data consistently (heights, blocks, difficulty by epoch).
    datasets::with_imports(&bundled_raw, &combined)
        .with_context(|| format!("{origin} does not join the bundled data"))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(NETWORK_IMPORT_COLUMNS)?;
    let cell = |v: Option<String>| v.unwrap_or_default();
    for d in new.days() {
        w.write_record([
            d.date.to_string(),
            cell(d.height.map(|v| v.to_string())),
            cell(d.blocks.map(|v| v.to_string())),
            cell(d.difficulty.map(|v| v.to_string())),
            cell(d.fees_btc.map(|v| v.to_string())),
            cell(d.price_usd.map(|v| v.to_string())),
        ])?;
    }
    let mut entry = new_entry(&manifest, "network", &file_name(file), n, effect.changed);
    entry.from = new.first_date().to_string();
    entry.to = new.last_date().to_string();
    let id = entry.id;
    commit(&lock, manifest, entry, &w.into_inner()?)?;
    print(&format!(
        "{notes}imported {n} network rows ({} to {}) from {origin} as import #{id}: {} days added to, {} changed \
         in the data in use (undo with `hashpivot data remove {id}`)\n",
        new.first_date(),
        new.last_date(),
        effect.added,
        effect.changed,
    ))
}

/// A price book as the wide CSV a stored import keeps (hour_start_utc + one column per hub).
fn wide_csv(book: &PriceBook) -> Result<Vec<u8>> {
    let hubs: Vec<&str> = book.hubs().collect();
    let mut rows: BTreeMap<i64, Vec<Option<f64>>> = BTreeMap::new();
    let index: HashMap<&str, usize> = hubs.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    for (hub, hour, price) in book.points() {
        rows.entry(hour).or_insert_with(|| vec![None; hubs.len()])[index[hub]] = Some(price);
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
    Ok(w.into_inner()?)
}

/// `data import --kind power FILE [--market da|rt] [--override]`.
pub fn power(file: &Path, market: Option<Market>, allow_override: bool) -> Result<()> {
    let lock = Lock::acquire(&store::data_dir()?)?;
    let manifest = Manifest::read(lock.dir())?;
    let origin = file.display().to_string();
    let text = store::read_text(file)?;
    let parsed = parse_power_import(&text, &origin, store::import_window())?;
    let market = match (parsed.market, market) {
        (Some(a), Some(b)) if a != b => bail!(
            "{origin} holds {} prices (Market column) but --market {} was given",
            a.as_str(),
            b.as_str()
        ),
        (Some(m), _) | (None, Some(m)) => m,
        (None, None) => bail!(
            "{origin} has no Market column: say which market it is with --market da or --market rt"
        ),
    };
    let bundled = datasets::bundled_power(market)?;
    let in_use = match datasets::imported_power_of(&manifest, market)? {
        Some(p) => bundled.overlaid_with(&p),
        None => bundled.clone(),
    };
    let hubs: Vec<&str> = parsed.book.hubs().collect();
    let lookup = |book: &PriceBook| -> HashMap<(String, i64), f64> {
        book.points()
            .filter(|(h, _, _)| hubs.contains(h))
            .map(|(h, t, p)| ((h.to_string(), t), p))
            .collect()
    };
    let (cur, base) = (lookup(&in_use), lookup(&bundled));
    let mut effect = Effect::default();
    for (hub, hour, price) in parsed.book.points() {
        let key = (hub.to_string(), hour);
        match cur.get(&key) {
            None => effect.added += 1,
            Some(&old) if old != price => effect.note(
                || format!("{hub} {} {old} → {price} USD/MWh", format_utc_hour(hour)),
                base.get(&key) == Some(&old),
            ),
            Some(_) => {}
        }
    }
    if effect.added == 0 && effect.changed == 0 {
        return print(&format!(
            "nothing imported: the {} rows of {origin} equal the {} prices in use\n",
            parsed.rows,
            market.as_str()
        ));
    }
    effect.check("hub-hours", allow_override)?;
    let mut summary = Vec::new();
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    for hub in parsed.book.hubs() {
        let (a, b) = parsed.book.span(hub).context("a hub without hours")?;
        (first, last) = (first.min(a), last.max(b));
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
    let kind = datasets::power_kind(market);
    let mut entry = new_entry(
        &manifest,
        &kind,
        &file_name(file),
        parsed.rows,
        effect.changed,
    );
    entry.from = format_utc_hour(first);
    entry.to = format_utc_hour(last);
    let id = entry.id;
    commit(&lock, manifest, entry, &wide_csv(&parsed.book)?)?;
    print(&format!(
        "imported {} rows of {} prices from {origin} as import #{id}: {}; {} hub-hours added, {} changed \
         (undo with `hashpivot data remove {id}`)\n",
        parsed.rows,
        market.as_str(),
        summary.join("; "),
        effect.added,
        effect.changed
    ))
}

/// `data remove ID`: the import leaves the manifest (the commit), then its stored file goes.
pub fn remove(id: u64) -> Result<()> {
    let lock = Lock::acquire(&store::data_dir()?)?;
    let mut manifest = Manifest::read(lock.dir())?;
    let Some(pos) = manifest.imports.iter().position(|i| i.id == id) else {
        let ids: Vec<String> = manifest.imports.iter().map(|i| i.id.to_string()).collect();
        bail!(
            "no import #{id}: the imports in effect are {} (see `hashpivot data list`)",
            if ids.is_empty() {
                "none".to_string()
            } else {
                format!("#{}", ids.join(", #"))
            }
        );
    };
    let gone = manifest.imports.remove(pos);
    if gone.kind == "network"
        && let Some(rest) = datasets::imported_network_of(&manifest)?
    {
        datasets::with_imports(&datasets::bundled_network()?, &rest).with_context(|| {
            format!(
                "without import #{id} the later network imports no longer join the bundled data: remove them first"
            )
        })?;
    }
    manifest.write(&lock)?;
    let _ = std::fs::remove_file(lock.dir().join(&gone.stored));
    print(&format!(
        "removed import #{id} ({}, {} rows{} from {}); its values are back to the bundled or earlier imported ones\n",
        gone.kind,
        gone.rows,
        if gone.from.is_empty() {
            String::new()
        } else {
            format!(", {} to {}", gone.from, gone.to)
        },
        gone.file
    ))
}

/// `data reset --yes`: an empty manifest (the commit), then every stored import goes.
pub fn reset(yes: bool) -> Result<()> {
    if !yes {
        bail!(
            "`data reset` drops every import; say --yes to confirm (`hashpivot data list` shows them)"
        );
    }
    let lock = Lock::acquire(&store::data_dir()?)?;
    // A damaged manifest is what reset is for: read what can be read.
    let old = Manifest::read(lock.dir()).unwrap_or_default();
    let empty = Manifest {
        version: 2,
        next_id: old.next_id.max(1),
        imports: Vec::new(),
    };
    empty.write(&lock)?;
    if let Ok(entries) = std::fs::read_dir(lock.dir().join(IMPORTS_DIR)) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    for (_, f) in LEGACY_FILES {
        let _ = std::fs::remove_file(lock.dir().join(f));
    }
    print(&format!(
        "dropped {} import(s): every command uses the bundled data\n",
        old.imports.len()
    ))
}
