//! End-to-end tests of the `hashpivot` binary: one test binary, one module per area.

mod common;
mod dispatch_cli;
mod hpc_cli;
mod network_cli;
mod option_cli;
mod readme;
mod run_cli;
mod snapshots;
