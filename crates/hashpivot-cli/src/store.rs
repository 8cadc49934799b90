//! The user data directory, where imported datasets live: its lock, atomic file writes, the manifest of
//! imports, and the clean-up of what an interrupted write left.
//!
//! Location: `$HASHPIVOT_DATA_DIR`, else `$XDG_DATA_HOME/hashpivot`, else `~/.local/share/hashpivot`.
//! Imported data takes precedence over the bundled data for the days it covers.
//!
//! Layout: `imports.json` (the manifest) lists the imports in effect, each stored as its own normalized file
//! under `imports/`. The manifest is the commit point: an import writes its file first (temporary file + rename),
//! then the manifest (temporary file + rename), so data and manifest change together or not at all; a file under
//! `imports/` that the manifest does not name, and any `.tmp-*` file, is what an interrupted write left, and the
//! next command that takes the lock deletes it. Writers (import, remove, reset) hold an exclusive lock on `.lock`
//! for their whole read–check–write, so concurrent imports run one after the other and none is lost.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Manifest of imports inside the user data directory.
pub const MANIFEST_FILE: &str = "imports.json";
/// Folder of the stored imports inside the user data directory.
pub const IMPORTS_DIR: &str = "imports";
/// Lock file inside the user data directory.
const LOCK_FILE: &str = ".lock";
/// Prefix of every temporary file this module writes.
const TMP_PREFIX: &str = ".tmp-";
/// Files of the first layout (one combined file per dataset, a manifest without a version).
pub const LEGACY_FILES: [(&str, &str); 3] = [
    ("network", "network.csv"),
    ("power_da", "power_da.csv"),
    ("power_rt", "power_rt.csv"),
];
/// The manifest's layout version.
const VERSION: u32 = 2;

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

/// Seconds since 1970 by the system clock (0 if the clock is before 1970).
pub fn now_unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The dates an import may carry: from the genesis block to the end of next year by the system clock.
pub fn import_window() -> hashpivot::data::DateWindow {
    let year = hashpivot::Date::from_unix_seconds(now_unix_seconds()).year();
    hashpivot::data::DateWindow::through_year(year + 1)
}

/// A unique temporary path beside `path` (same directory, so a rename moves it in one step).
fn temp_beside(path: &Path) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(
        "{TMP_PREFIX}{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Writes `contents` to `path` through a temporary file in the same directory, flushed to disk, and a rename,
/// so a reader never sees a half-written file and a failed write leaves the old file intact and no temporary.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let tmp = temp_beside(&dir.join(path.file_name().unwrap_or_default()));
    let written = (|| -> std::io::Result<()> {
        use std::io::Write;
        let mut f = File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Reads a text file with a message that names it.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The exclusive lock of the user data directory, released when dropped.
pub struct Lock {
    file: File,
    dir: PathBuf,
}

impl Lock {
    /// Waits for the exclusive lock of `dir` (created if missing), then deletes what interrupted writes left.
    pub fn acquire(dir: &Path) -> Result<Lock> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        let lock = Lock {
            file,
            dir: dir.to_path_buf(),
        };
        // A damaged manifest names no file: keep the stored imports until it is fixed or reset.
        sweep(dir, Manifest::read(dir).ok().as_ref());
        Ok(lock)
    }

    /// The locked directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Deletes `.tmp-*` files in `dir` and `dir/imports`, and the files under `imports/` that `manifest` does not
/// name (when it can be read): the remains of writes that a crash or `kill -9` interrupted. Call with the lock held.
fn sweep(dir: &Path, manifest: Option<&Manifest>) {
    let named: Option<std::collections::BTreeSet<&str>> =
        manifest.map(|m| m.imports.iter().map(|i| i.stored.as_str()).collect());
    for (folder, prefix) in [(dir.to_path_buf(), ""), (dir.join(IMPORTS_DIR), "imports/")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let orphan = !prefix.is_empty()
                && named
                    .as_ref()
                    .is_some_and(|n| !n.contains(format!("{prefix}{name}").as_str()));
            if name.starts_with(TMP_PREFIX) || orphan {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// One import in effect.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportEntry {
    /// Its number, for `data remove`.
    pub id: u64,
    /// Dataset: `network`, `power_da` or `power_rt`.
    pub kind: String,
    /// The file it was read from.
    pub file: String,
    /// Its stored copy, relative to the data directory.
    pub stored: String,
    /// Data rows read.
    pub rows: usize,
    /// First day or hour it covers.
    pub from: String,
    /// Last day or hour it covers.
    pub to: String,
    /// Days (network) or hub-hours (power) whose value in use it changed when imported.
    #[serde(default)]
    pub changed: usize,
    /// When it was imported, unix seconds.
    #[serde(default)]
    pub imported_at_unix: i64,
}

/// The manifest: the imports in effect, oldest first (a later import wins where two cover the same value).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Manifest {
    /// Layout version.
    pub version: u32,
    /// Number the next import gets.
    pub next_id: u64,
    /// Imports in effect.
    pub imports: Vec<ImportEntry>,
}

impl Manifest {
    /// Reads the manifest of `dir`: empty if there is none; the first layout's files (a manifest without a
    /// version) as one import each; an error naming the file and the way out if it is damaged.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST_FILE);
        let damaged = || {
            format!(
                "{} is damaged: fix it, or drop every import with `hashpivot data reset --yes`",
                path.display()
            )
        };
        let versioned = if path.exists() {
            let v: serde_json::Value =
                serde_json::from_str(&read_text(&path)?).with_context(damaged)?;
            if v.get("version").is_some() {
                let m: Manifest = serde_json::from_value(v).with_context(damaged)?;
                if m.version != VERSION {
                    bail!("{}: expected layout version {VERSION}", damaged());
                }
                Some(m)
            } else {
                None
            }
        } else {
            None
        };
        Ok(match versioned {
            Some(m) => m,
            None => Manifest::legacy(dir),
        })
    }

    /// The first layout: `network.csv`, `power_da.csv`, `power_rt.csv`, each one import.
    fn legacy(dir: &Path) -> Manifest {
        let mut m = Manifest {
            version: VERSION,
            next_id: 1,
            imports: Vec::new(),
        };
        for (kind, file) in LEGACY_FILES {
            if dir.join(file).exists() {
                m.imports.push(ImportEntry {
                    id: m.next_id,
                    kind: kind.into(),
                    file: format!("{file} (imported before manifests named each import)"),
                    stored: file.into(),
                    rows: 0,
                    from: String::new(),
                    to: String::new(),
                    changed: 0,
                    imported_at_unix: 0,
                });
                m.next_id += 1;
            }
        }
        m
    }

    /// The imports of one dataset, oldest first.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a ImportEntry> + 'a {
        self.imports.iter().filter(move |i| i.kind == kind)
    }

    /// Writes the manifest atomically (the commit point of every change). Needs the lock.
    pub fn write(&self, lock: &Lock) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        write_atomic(&lock.dir().join(MANIFEST_FILE), text.as_bytes())
    }
}

/// Test hook: when `HASHPIVOT_TEST_PAUSE_BEFORE_COMMIT` names a file, a writer creates that file after storing
/// its data and before writing the manifest, then waits 30 s, so a test can `kill -9` it at the worst moment.
pub fn pause_before_commit_for_tests() {
    if let Some(p) =
        std::env::var_os("HASHPIVOT_TEST_PAUSE_BEFORE_COMMIT").filter(|p| !p.is_empty())
    {
        let _ = std::fs::write(&p, b"paused\n");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        write_atomic(&f, b"one").unwrap();
        // A directory in the way makes the rename fail.
        let blocked = dir.path().join("b");
        std::fs::create_dir_all(blocked.join("x")).unwrap();
        assert!(write_atomic(&blocked, b"two").is_err());
        assert_eq!(std::fs::read(&f).unwrap(), b"one");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TMP_PREFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn the_lock_sweeps_temporaries_and_unnamed_imports() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let m = Manifest {
            version: VERSION,
            next_id: 2,
            imports: vec![ImportEntry {
                id: 1,
                kind: "network".into(),
                file: "a.csv".into(),
                stored: "imports/1-network.csv".into(),
                rows: 1,
                from: "2024-01-01".into(),
                to: "2024-01-01".into(),
                changed: 0,
                imported_at_unix: 0,
            }],
        };
        {
            let lock = Lock::acquire(d).unwrap();
            m.write(&lock).unwrap();
        }
        // What a killed writer leaves: a temporary, and a stored import the manifest does not name.
        std::fs::create_dir_all(d.join(IMPORTS_DIR)).unwrap();
        std::fs::write(d.join(".tmp-imports.json-1-0"), "x").unwrap();
        std::fs::write(d.join("imports/7-network.csv"), "orphan").unwrap();
        std::fs::write(d.join("imports/1-network.csv"), "kept").unwrap();
        drop(Lock::acquire(d).unwrap());
        assert!(!d.join(".tmp-imports.json-1-0").exists());
        assert!(!d.join("imports/7-network.csv").exists());
        assert!(d.join("imports/1-network.csv").exists());
        assert_eq!(Manifest::read(d).unwrap(), m);
        std::fs::write(d.join(MANIFEST_FILE), "{not json").unwrap();
        let err = format!("{:#}", Manifest::read(d).unwrap_err());
        assert!(err.contains("is damaged"), "{err}");
        assert!(err.contains("data reset --yes"), "{err}");
    }
}
