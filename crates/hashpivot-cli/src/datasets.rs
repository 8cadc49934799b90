//! Loads each dataset: the bundled copy, overlaid with the user's imports.

use crate::store;
use anyhow::{Context, Result};
use hashpivot::data;
use hashpivot::network::NetworkHistory;
use hashpivot::power::{Market, PriceBook};
use std::path::PathBuf;

/// File name of the imported network table inside the user data directory.
pub const NETWORK_IMPORT_FILE: &str = "network.csv";
/// Manifest of imports inside the user data directory.
pub const MANIFEST_FILE: &str = "imports.json";

/// Path of the imported network table.
pub fn network_import_path() -> Result<PathBuf> {
    Ok(store::data_dir()?.join(NETWORK_IMPORT_FILE))
}

/// Imported network rows, if the user has imported any.
pub fn imported_network() -> Result<Option<NetworkHistory>> {
    let path = network_import_path()?;
    if !path.exists() {
        return Ok(None);
    }
    let text = store::read_text(&path)?;
    let origin = path.display().to_string();
    let hint =
        || format!("imported data in {origin} (fix it, or delete the file to drop your imports)");
    let days = data::parse_network_csv(&text, &origin).with_context(hint)?;
    Ok(Some(NetworkHistory::new(days).with_context(hint)?))
}

/// The bundled network table.
pub fn bundled_network() -> Result<NetworkHistory> {
    data::bundled_network()
        .context("the bundled network data is damaged; rebuild it with `cargo xtask data`")
}

/// The network history used by every command: bundled, overlaid with imports, difficulty checked and filled
/// from the bundled retarget list by height.
pub fn network() -> Result<NetworkHistory> {
    let bundled = bundled_network()?;
    match imported_network()? {
        None => Ok(bundled),
        Some(imp) => with_imports(&bundled, &imp).with_context(|| {
            format!(
                "the imported network data in {} does not join the bundled data",
                network_import_path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )
        }),
    }
}

/// Bundled data overlaid with `imported`, checked against the bundled retarget list.
pub fn with_imports(bundled: &NetworkHistory, imported: &NetworkHistory) -> Result<NetworkHistory> {
    Ok(bundled
        .overlaid_with(imported)?
        .with_retargets(&data::bundled_retargets()?)?)
}

/// Reads the import manifest (a JSON object of dataset → list of imports).
pub fn manifest() -> Result<serde_json::Map<String, serde_json::Value>> {
    let path = store::data_dir()?.join(MANIFEST_FILE);
    if !path.exists() {
        return Ok(serde_json::Map::new());
    }
    let text = store::read_text(&path)?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    Ok(v.as_object().cloned().unwrap_or_default())
}

/// Appends an entry to the manifest.
pub fn record_import(kind: &str, entry: serde_json::Value) -> Result<()> {
    let mut m = manifest()?;
    let list = m
        .entry(kind.to_string())
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(a) = list.as_array_mut() {
        a.push(entry);
    }
    let path = store::data_dir()?.join(MANIFEST_FILE);
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(m))?;
    text.push('\n');
    store::write_atomic(&path, text.as_bytes())
}

/// Path of the imported power prices of a market inside the user data directory.
pub fn power_import_path(market: Market) -> Result<PathBuf> {
    Ok(store::data_dir()?.join(format!("power_{}.csv", market.as_str())))
}

/// Imported power prices of a market, if the user has imported any.
pub fn imported_power(market: Market) -> Result<Option<PriceBook>> {
    let path = power_import_path(market)?;
    if !path.exists() {
        return Ok(None);
    }
    let text = store::read_text(&path)?;
    Ok(Some(
        data::parse_power_csv(&text, &path.display().to_string())?.book,
    ))
}

/// The bundled ERCOT hub prices of a market.
pub fn bundled_power(market: Market) -> Result<PriceBook> {
    data::bundled_power(market)
        .context("the bundled power data is damaged; rebuild it with `cargo xtask power`")
}

/// The power prices used by every command: bundled, overlaid with imports.
pub fn power(market: Market) -> Result<PriceBook> {
    let bundled = bundled_power(market)?;
    Ok(match imported_power(market)? {
        None => bundled,
        Some(imp) => bundled.overlaid_with(&imp),
    })
}
