//! Integration tests of the core library: one test binary, one module per area.

mod power_dispatch;
mod decide;
mod scenario_docs;
mod sim_checks;
