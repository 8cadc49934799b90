//! The monthly cash-flow engine and its Monte Carlo. The engine composes the domain: power settlement on
//! [`crate::power::Contract`], leases ([`crate::hpc::lease`]), GPU clouds ([`crate::hpc::gpu_cloud`]), loans,
//! tax, depreciation, NPV and IRR ([`crate::finance`]).
//!
//! The public face is small: [`Prepared::new`] readies a scenario, [`run`] returns the [`Report`] of N paths
//! and the base case's monthly [`MonthRecord`]s, [`run_base_case`] the base case alone, [`path_months`] one path's
//! monthly rows (for valuations built on the engine's paths: `option`, `optimize`). The modules below are
//! the engine's internals (`pub(crate)`):
//!
//! - `prepared`: market processes and month price curves built once per run.
//! - `draws`: a path's random inputs, and the base case's.
//! - `network_month`: the month's BTC price, hashrate, fees, hashprice and GPU price index.
//! - `conversion_month`: a site's conversions (capex, leases, GPU clouds, loans) in a month.
//! - `site_month`: a site's mining, hosting, demand response and fixed costs in a month.
//! - `rollup`: the company month (overhead, depreciation, tax, terminal value, equity flow) and path summary.
//! - `engine`: one path, month by month, composed from the above.
//! - `monte_carlo`: base case and N parallel paths, deterministic for any thread count.
//! - `power_years`: each replayed power year's share of power costs, power sales and revenue lines.
//! - `report`: the reduction to NPV/IRR/EBITDA distributions, revenue mix, BTC mined, BTC-beta.
//! - `shard`: a run split into K contiguous ranges of paths ([`Shard`], [`run_shard`]) and merged back into the
//!   single run's [`Report`], bit for bit ([`merge`]).

mod conversion_month;
mod draws;
mod engine;
mod monte_carlo;
mod network_month;
mod network_paths;
mod path_months;
mod power_years;
mod prepared;
mod report;
mod rollup;
mod shard;
mod site_month;

pub use conversion_month::landlord_capex_usd;
pub use monte_carlo::{run, run_base_case, run_base_case_with_tenant_defaults, run_median_case};
pub use network_paths::{MarketMonth, market_path};
pub use path_months::{PathMonths, path_months};
pub use power_years::{PowerYearShare, PowerYears, power_years};
pub use prepared::Prepared;
pub use report::{
    CaseFigures, Cases, ClassNpv, DebtRate, Dist, JsonSummary, Report, YearDist, YearMix,
};
pub use rollup::{MIX_SEGMENTS, MonthRecord, NPV_CLASSES, NpvByClass, PathSummary};
pub use shard::{
    Shard, ShardKey, ShardMismatch, ShardPaths, check_shards, decode_paths, encode_paths, merge,
    run_shard, scenario_fingerprint,
};
