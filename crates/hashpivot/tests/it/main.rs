//! Integration tests of the core library: one test binary, one module per area.

mod common;
mod credit_checks;
mod decide;
mod example_checks;
mod fuzz;
mod hardening;
mod market_regimes;
mod network_exodus;
mod option_checks;
mod power_dispatch;
mod scenario_docs;
mod shard_merge;
mod sim_checks;
mod valuation_apv;
