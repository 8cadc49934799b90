//! The modules of the `hashpivot` command-line tool, as a library: the binary (`src/main.rs`) parses arguments
//! into them, and the Python package (`crates/hashpivot-py`) calls the same commands, loaders and error wording,
//! so a command's logic lives in one place for both front ends. Not a public API of the project: the core
//! library `hashpivot` is.

pub mod args;
pub mod cmd;
pub mod datasets;
pub mod hint;
pub mod layout;
pub mod limits;
pub mod output;
pub mod store;
pub mod workbook;
