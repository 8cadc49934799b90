//! Concentration at a date: the listed miners' share of the network hashrate, the pools' HHI and Nakamoto
//! coefficient from the nearest dated pool snapshot, the US share from the nearest estimate — each with its
//! source date — and how each measure moved over the dates the data covers.

use super::listed::{LISTED_SOURCE, ListedTable};
use super::observed::{ObservedHashrate, network_hashrate};
use super::pools::{PoolConcentration, PoolData, UsShare};
use super::{NetworkHistory, Retarget};
use crate::date::Date;
use crate::error::Result;
use serde::Serialize;

/// The listed miners' share of the network at one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedShare {
    /// Day of the listed companies' figures.
    pub listed_date: Date,
    /// Their total, EH/s.
    pub listed_eh_s: f64,
    /// Companies counted.
    pub companies: usize,
    /// The network hashrate it is divided by.
    pub network: ObservedHashrate,
    /// listed / network.
    pub share: f64,
    /// Source of the listed figures.
    pub source: String,
}

/// One pool snapshot's measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolMeasures {
    /// The snapshot's date.
    pub as_of: Date,
    /// Its window, in words.
    pub window: String,
    /// Whether every pool is listed.
    pub complete: bool,
    /// The measures.
    #[serde(flatten)]
    pub concentration: PoolConcentration,
    /// The largest pool's name.
    pub top_pool: String,
    /// Source.
    pub source: String,
}

/// Concentration at a date, and the measures at every date the data covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concentration {
    /// The day asked.
    pub date: Date,
    /// Listed share at the listed day nearest the date.
    pub listed: ListedShare,
    /// Pool measures of the snapshot nearest the date.
    pub pools: PoolMeasures,
    /// The US-share estimate nearest the date.
    pub us_share: Option<UsShare>,
    /// Listed share on every day of the listed table.
    pub listed_history: Vec<ListedShare>,
    /// Pool measures of every snapshot, oldest first.
    pub pool_history: Vec<PoolMeasures>,
    /// Every US-share estimate, oldest first.
    pub us_share_history: Vec<UsShare>,
    /// What to keep in mind, in words.
    pub notes: Vec<String>,
}

/// The listed share at the listed day nearest `date`.
pub fn listed_share(
    listed: &ListedTable,
    history: &NetworkHistory,
    retargets: &[Retarget],
    date: Date,
) -> Result<ListedShare> {
    let d = listed.nearest_date(date);
    let rows = listed.on(d)?;
    let total: f64 = rows.iter().map(|r| r.eh_s).sum();
    let network = network_hashrate(history, retargets, d)?;
    Ok(ListedShare {
        listed_date: d,
        listed_eh_s: total,
        companies: rows.len(),
        share: total / network.eh_s,
        network,
        source: LISTED_SOURCE.to_string(),
    })
}

fn measures(s: &super::pools::PoolSnapshot) -> PoolMeasures {
    PoolMeasures {
        as_of: s.as_of,
        window: s.window.clone(),
        complete: s.complete,
        concentration: s.concentration(),
        top_pool: s.pools[0].name.clone(),
        source: s.source.clone(),
    }
}

/// Concentration at `date` (see the module).
pub fn concentration(
    listed: &ListedTable,
    pools: &PoolData,
    history: &NetworkHistory,
    retargets: &[Retarget],
    date: Date,
) -> Result<Concentration> {
    let l = listed_share(listed, history, retargets, date)?;
    let mut notes = Vec::new();
    if l.listed_date != date {
        notes.push(format!(
            "the listed-miner table covers {} days from {}; the nearest, {}, is used",
            listed.dates().len(),
            listed.dates()[0],
            l.listed_date
        ));
    }
    notes.push(
        "pool shares are shares of blocks found (a proxy for hashrate); a snapshot naming only some pools gives \
         HHI bounds and, unless its pools are the largest in order, a Nakamoto bound"
            .to_string(),
    );
    let listed_history = listed
        .dates()
        .into_iter()
        .map(|d| listed_share(listed, history, retargets, d))
        .collect::<Result<Vec<_>>>()?;
    Ok(Concentration {
        date,
        listed: l,
        pools: measures(pools.nearest_snapshot(date)),
        us_share: pools.nearest_us_share(date).cloned(),
        listed_history,
        pool_history: pools.snapshots.iter().map(measures).collect(),
        us_share_history: pools.us_share.clone(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{bundled_listed, bundled_network, bundled_pools, bundled_retargets};

    #[test]
    fn concentration_on_2026_08_17() {
        let c = concentration(
            &bundled_listed().unwrap(),
            &bundled_pools().unwrap(),
            &bundled_network().unwrap(),
            &bundled_retargets().unwrap(),
            Date::parse("2026-08-17").unwrap(),
        )
        .unwrap();
        // Listed sum 2026-08-17 over the difficulty-implied 912.5 EH/s of the 2026-08-08 retarget.
        let sum: f64 = bundled_listed()
            .unwrap()
            .total_eh_s(Date::parse("2026-08-17").unwrap())
            .unwrap();
        assert!(
            (c.listed.share - sum / 912.5).abs() < 1e-3,
            "{}",
            c.listed.share
        );
        assert!((0.2..0.6).contains(&c.listed.share), "{}", c.listed.share);
        assert_eq!(c.pools.as_of.to_string(), "2026-09-16");
        assert_eq!(c.pools.concentration.nakamoto_at_most, Some(3));
        assert_eq!(c.pool_history.len(), 4);
        assert_eq!(c.listed_history.len(), 6);
        assert!(c.notes.len() == 1);
    }
}
