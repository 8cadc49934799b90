//! The user data directory, where imported datasets live, and atomic file writes.
//!
//! Location: `$HASHPIVOT_DATA_DIR`, else `$XDG_DATA_HOME/hashpivot`, else `~/.local/share/hashpivot`.
//! Imported data takes precedence over the bundled data for the days it covers.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The user data directory (not created here).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("HASHPIVOT_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d).join("hashpivot"));
    }
    let home = std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .context("cannot find a user data directory: set HASHPIVOT_DATA_DIR (or HOME)")?;
    Ok(PathBuf::from(home).join(".local/share/hashpivot"))
}

/// Writes `contents` to `path` through a temporary file in the same directory and a rename, so a reader never
/// sees a half-written file and a failed write leaves the old file intact.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, contents).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot move {} to {}", tmp.display(), path.display())
    })
}

/// Reads a text file with a message that names it.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}
