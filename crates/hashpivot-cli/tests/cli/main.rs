//! End-to-end tests of the `hashpivot` binary: one test binary, one module per area.

mod assumed_cli;
mod common;
mod data_cli;
mod data_load_cli;
mod data_race_cli;
mod decide_cli;
mod dialect_cli;
mod dispatch_cli;
mod fuzz_cli;
mod hpc_cli;
mod network_cli;
mod network_level_cli;
mod option_cli;
mod out_cli;
mod physics_cli;
mod readme;
mod report_cli;
mod run_cli;
mod shard_cli;
mod snapshots;
mod valuation_cli;
mod xlsx_cli;
