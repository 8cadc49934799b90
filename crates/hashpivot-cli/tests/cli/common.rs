//! Helpers shared by the end-to-end tests (each test binary uses a subset, hence the allow).
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `hashpivot` binary with its own user data directory, so imports from elsewhere never leak in.
pub fn hashpivot(data_dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hashpivot").unwrap();
    c.env("HASHPIVOT_DATA_DIR", data_dir)
        .env_remove("RUST_BACKTRACE");
    c
}

/// The repository's `examples/` directory.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}
