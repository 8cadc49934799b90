//! End-to-end tests of the `hashpivot` binary: one test binary, one module per area.

mod common;
mod decide_cli;
mod dispatch_cli;
mod hpc_cli;
mod network_cli;
mod readme;
mod run_cli;
mod snapshots;
