//! README.md's tour as transcripts: every ```console block is run and its pasted output must match.
//! Refresh after an intended change with `TRYCMD=overwrite cargo test -p hashpivot-cli --test cli readme`
//! (see docs/testing.md).

use std::path::Path;

#[test]
fn readme_tour_output_is_true() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap();
    // trycmd runs a .md case in the test process's directory (it has no per-case cwd for markdown), and the
    // README's commands use paths relative to the repository root. No other test here depends on the cwd.
    std::env::set_current_dir(&root).unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    trycmd::TestCases::new()
        .register_bin("hashpivot", trycmd::cargo::cargo_bin("hashpivot"))
        .env("HASHPIVOT_DATA_DIR", data_dir.path().to_str().unwrap())
        .case(root.join("README.md"))
        .run();
}
