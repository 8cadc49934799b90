//! A folder of outputs written as one set: every file goes into a staging folder beside the target, and one
//! rename puts the whole set in place, so a reader (or a crash, `kill -9`, a full disk) never leaves a new
//! `summary.json` beside an old `paths.csv`.
//!
//! A folder hashpivot wrote holds the marker file [`MARKER`]; a non-empty folder without it is refused unless
//! the caller forces it. Commits into the same parent folder take an exclusive lock, so two concurrent runs
//! into one folder each leave a whole set (the later one wins) and never a mix. What an interrupted set left
//! (a staging folder of a process that is gone, or the previous set moved aside) is cleaned, or put back, by
//! the next [`OutputDir::begin`] on that folder.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The marker file in every folder hashpivot wrote.
pub const MARKER: &str = ".hashpivot-output";

/// Why an output folder could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    /// The target holds files hashpivot did not write.
    #[error(
        "{0} is not empty and was not written by hashpivot (no {MARKER} file): choose a new or empty folder, or \
         pass --force to replace its contents"
    )]
    NotOurs(PathBuf),
    /// The target is a file.
    #[error("{0} is a file: expected a folder for the outputs")]
    NotAFolder(PathBuf),
    /// A file system call failed.
    #[error("cannot {what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// On which path.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> DirError {
    let path = path.to_path_buf();
    move |source| DirError::Io { what, path, source }
}

/// A set of output files being written; [`OutputDir::commit`] puts it in place, dropping it uncommitted
/// deletes what was written.
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    committed: bool,
}

/// `parent` and the file name of `target` (a relative name's parent is `.`).
fn split(target: &Path) -> (PathBuf, String) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    (parent, name)
}

/// Whether process `pid` is alive (Linux: `/proc/PID`; elsewhere assumed alive, so nothing is deleted).
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.exists() || proc.join(pid.to_string()).exists()
}

/// The pid in a staging or set-aside name `.{name}.hashpivot-{kind}-{pid}-{n}`.
fn pid_of(entry: &str, prefix: &str) -> Option<u32> {
    entry.strip_prefix(prefix)?.split('-').next()?.parse().ok()
}

/// Holds the exclusive lock of the parent folder while alive.
struct ParentLock(Option<File>);

impl ParentLock {
    fn take(parent: &Path, name: &str) -> Result<ParentLock, DirError> {
        // The folder itself where the system allows locking it; else a lock file beside the target.
        let file = match File::open(parent) {
            Ok(f) if f.lock().is_ok() => f,
            _ => {
                let p = parent.join(format!(".{name}.hashpivot-lock"));
                let f = File::options()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&p)
                    .map_err(io("open the lock", &p))?;
                f.lock().map_err(io("lock", &p))?;
                f
            }
        };
        Ok(ParentLock(Some(file)))
    }
}

impl Drop for ParentLock {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            let _ = f.unlock();
        }
    }
}

impl OutputDir {
    /// Starts a set for `target`: refuses a non-empty folder without the [`MARKER`] unless `force`, cleans what
    /// interrupted sets left, and creates the staging folder beside the target.
    pub fn begin(target: &Path, force: bool) -> Result<OutputDir, DirError> {
        let (parent, name) = split(target);
        std::fs::create_dir_all(&parent).map_err(io("create the folder", &parent))?;
        {
            let _lock = ParentLock::take(&parent, &name)?;
            recover(&parent, &name, target)?;
        }
        if target.exists() {
            if !target.is_dir() {
                return Err(DirError::NotAFolder(target.to_path_buf()));
            }
            let empty = std::fs::read_dir(target)
                .map_err(io("read", target))?
                .next()
                .is_none();
            if !empty && !force && !target.join(MARKER).exists() {
                return Err(DirError::NotOurs(target.to_path_buf()));
            }
        }
        static N: AtomicU64 = AtomicU64::new(0);
        let staging = parent.join(format!(
            ".{name}.hashpivot-tmp-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&staging).map_err(io("create", &staging))?;
        Ok(OutputDir {
            target: target.to_path_buf(),
            staging,
            committed: false,
        })
    }

    /// Writes one file of the set (flushed to disk).
    pub fn write(&self, file_name: &str, contents: &[u8]) -> Result<(), DirError> {
        use std::io::Write;
        let p = self.staging.join(file_name);
        let mut f = File::create(&p).map_err(io("create", &p))?;
        f.write_all(contents).map_err(io("write", &p))?;
        f.sync_all().map_err(io("write", &p))
    }

    /// Puts the whole set in place of the target (its previous contents are deleted) and returns the target.
    pub fn commit(mut self) -> Result<PathBuf, DirError> {
        self.write(
            MARKER,
            format!(
                "written by hashpivot {}; a later run may replace this folder\n",
                env!("CARGO_PKG_VERSION")
            )
            .as_bytes(),
        )?;
        let (parent, name) = split(&self.target);
        let _lock = ParentLock::take(&parent, &name)?;
        let aside = parent.join(format!(
            ".{name}.hashpivot-old-{}-{}",
            std::process::id(),
            self.staging
                .file_name()
                .map(|n| n
                    .to_string_lossy()
                    .rsplit('-')
                    .next()
                    .unwrap_or("0")
                    .to_string())
                .unwrap_or_default()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &aside).map_err(io("move aside", &self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&aside, &self.target);
            }
            return Err(io("move into place", &self.target)(e));
        }
        self.committed = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&aside);
        }
        Ok(self.target.clone())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// With the parent locked: puts back a previous set that a killed commit moved aside (when the target is
/// missing), and deletes staging and set-aside folders of processes that are gone.
fn recover(parent: &Path, name: &str, target: &Path) -> Result<(), DirError> {
    let tmp = format!(".{name}.hashpivot-tmp-");
    let old = format!(".{name}.hashpivot-old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut entries: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();
    for (entry, path) in entries {
        if let Some(pid) = pid_of(&entry, &old).filter(|p| !alive(*p)) {
            if !target.exists() {
                std::fs::rename(&path, target).map_err(io("restore", target))?;
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
            let _ = pid;
        } else if pid_of(&entry, &tmp).is_some_and(|p| !alive(p)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_set_replaces_the_previous_one_whole() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let a = OutputDir::begin(&out, false).unwrap();
        a.write("summary.json", b"1").unwrap();
        a.write("paths.csv", b"1").unwrap();
        a.commit().unwrap();
        assert_eq!(names(&out), [MARKER, "paths.csv", "summary.json"]);
        // A set that fails half-way leaves the previous one and no staging folder.
        let b = OutputDir::begin(&out, false).unwrap();
        b.write("summary.json", b"2").unwrap();
        drop(b);
        assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), b"1");
        assert_eq!(names(root.path()), ["out"]);
        // A new set replaces every file: none of the old one stays.
        let c = OutputDir::begin(&out, false).unwrap();
        c.write("summary.json", b"3").unwrap();
        c.commit().unwrap();
        assert_eq!(names(&out), [MARKER, "summary.json"]);
        assert_eq!(names(root.path()), ["out"]);
    }

    #[test]
    fn a_folder_it_did_not_write_needs_force() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("mine");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), b"x").unwrap();
        let err = OutputDir::begin(&out, false).unwrap_err().to_string();
        assert!(
            err.contains("is not empty and was not written by hashpivot"),
            "{err}"
        );
        assert!(err.contains("--force"), "{err}");
        assert!(out.join("thesis.docx").exists());
        OutputDir::begin(&out, true).unwrap().commit().unwrap();
        assert_eq!(names(&out), [MARKER]);
        // An empty folder is fine.
        let empty = root.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        OutputDir::begin(&empty, false).unwrap().commit().unwrap();
        let file = root.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        assert!(matches!(
            OutputDir::begin(&file, true),
            Err(DirError::NotAFolder(_))
        ));
    }

    #[test]
    fn the_remains_of_a_killed_set_are_cleaned_or_put_back() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        // A process that no longer exists (pid far above any pid_max) left a staging folder, and moved the
        // previous set aside without putting the new one in place.
        let dead = 4_000_000_000u32;
        std::fs::create_dir(root.path().join(format!(".out.hashpivot-tmp-{dead}-0"))).unwrap();
        let aside = root.path().join(format!(".out.hashpivot-old-{dead}-0"));
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join(MARKER), b"").unwrap();
        std::fs::write(aside.join("summary.json"), b"old").unwrap();
        let d = OutputDir::begin(&out, false).unwrap();
        assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), b"old");
        drop(d);
        assert_eq!(names(root.path()), ["out"]);
    }
}
