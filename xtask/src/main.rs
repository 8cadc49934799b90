//! Project chores. `cargo xtask power [RAW_DIR]` rebuilds the ERCOT price files under data/.

mod ercot;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match args.first().map(String::as_str) {
        Some("power") => {
            let raw = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("../shared/data"));
            ercot::build(&raw, &root.join("data")).map(|s| print!("{s}"))
        }
        _ => Err(anyhow::anyhow!("usage: cargo xtask power [RAW_DIR]")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
