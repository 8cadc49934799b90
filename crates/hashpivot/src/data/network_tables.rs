//! The network-level tables: listed miners' hashrate (`data/listed_hashrate.csv`, built by `cargo xtask data`),
//! pool snapshots and US-share estimates (`data/pools.toml`) and published energy estimates
//! (`data/energy_estimates.toml`), both curated by hand with a source on every row (`data/SOURCES-network.md`).

use crate::error::Result;
use crate::network::energy::PublishedEstimates;
use crate::network::listed::ListedTable;
use crate::network::pools::PoolData;

/// `data/listed_hashrate.csv`.
pub(crate) const LISTED_CSV: &str = include_str!("../../../../data/listed_hashrate.csv");
/// `data/pools.toml`.
pub(crate) const POOLS_TOML: &str = include_str!("../../../../data/pools.toml");
/// `data/energy_estimates.toml`.
pub(crate) const ENERGY_TOML: &str = include_str!("../../../../data/energy_estimates.toml");

/// The bundled listed-miner hashrate table.
pub fn bundled_listed() -> Result<ListedTable> {
    ListedTable::parse_csv(LISTED_CSV, "bundled data/listed_hashrate.csv")
}

/// The bundled pool snapshots and US-share estimates.
pub fn bundled_pools() -> Result<PoolData> {
    PoolData::parse_toml(POOLS_TOML, "bundled data/pools.toml")
}

/// The bundled published energy estimates.
pub fn bundled_energy_estimates() -> Result<PublishedEstimates> {
    PublishedEstimates::parse_toml(ENERGY_TOML, "bundled data/energy_estimates.toml")
}
