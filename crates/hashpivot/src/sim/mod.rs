//! The monthly cash-flow engine and its Monte Carlo. The engine composes the domain: power settlement on
//! [`crate::power::Contract`], leases ([`crate::hpc::lease`]), GPU clouds ([`crate::hpc::gpu_cloud`]), loans,
//! tax, depreciation, NPV and IRR ([`crate::finance`]).
//!
//! - [`prepared`]: market processes and month price curves built once per run.
//! - [`draws`]: a path's random inputs, and the base case's.
//! - [`network_month`]: the month's BTC price, hashrate, fees, hashprice and GPU price index.
//! - [`conversion_month`]: a site's conversions (capex, leases, GPU clouds, loans) in a month.
//! - [`site_month`]: a site's mining, hosting, demand response and fixed costs in a month.
//! - [`rollup`]: the company month (overhead, depreciation, tax, terminal value, equity flow) and path summary.
//! - [`engine`]: one path, month by month, composed from the above.
//! - [`monte_carlo`]: base case and N parallel paths, deterministic for any thread count.
//! - [`report`]: the reduction to NPV/IRR/EBITDA distributions, revenue mix, BTC mined, BTC-beta.

pub mod conversion_month;
pub mod draws;
pub mod engine;
pub mod monte_carlo;
pub mod network_month;
pub mod prepared;
pub mod report;
pub mod rollup;
pub mod site_month;

pub use engine::{MonthRecord, PathSummary};
pub use monte_carlo::run;
pub use prepared::Prepared;
pub use report::{JsonSummary, Report};
