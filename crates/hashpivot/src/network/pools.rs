//! Pool concentration: dated pool-share snapshots and US-share estimates (`data/pools.toml`, curated by hand,
//! every row with its source), the Herfindahl–Hirschman index and the Nakamoto coefficient.
//!
//! A snapshot that lists only some pools gives bounds: the HHI's lower bound spreads the unlisted share over
//! infinitely many small pools, its upper bound over pools as large as the smallest listed one (the largest
//! one when the listed pools are not known to be the top ones). The Nakamoto coefficient — the fewest pools
//! whose shares together pass one half — is exact when the listed pools are the largest, in order, and pass
//! one half.

use crate::data::{parse_err, parse_toml};
use crate::date::Date;
use crate::error::Result;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    snapshot: Vec<RawSnapshot>,
    #[serde(default)]
    us_share: Vec<RawUsShare>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSnapshot {
    as_of: String,
    window: String,
    source: String,
    complete: bool,
    ranked: bool,
    #[serde(default)]
    unattributed_share: f64,
    pools: Vec<PoolShare>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUsShare {
    as_of: String,
    share: f64,
    bound: String,
    source: String,
}

/// One pool's share of a snapshot's blocks (or of the network hashrate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolShare {
    /// Pool name.
    pub name: String,
    /// Share, a fraction in (0, 1].
    pub share: f64,
}

/// A dated pool table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolSnapshot {
    /// The day the snapshot refers to (its window's end).
    pub as_of: Date,
    /// The window the shares are measured over, in words.
    pub window: String,
    /// Source: address, repository path and commit where there is one.
    pub source: String,
    /// Every pool of the window is listed.
    pub complete: bool,
    /// The listed pools are the largest ones, in order.
    pub ranked: bool,
    /// Share of blocks no pool is named for (complete snapshots).
    pub unattributed_share: f64,
    /// The pools, largest first.
    pub pools: Vec<PoolShare>,
}

/// An estimate of the US share of the network hashrate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsShare {
    /// The day the estimate refers to.
    pub as_of: Date,
    /// Share, a fraction.
    pub share: f64,
    /// `estimate` or `at_least`.
    pub bound: String,
    /// Source.
    pub source: String,
}

/// The bundled pool file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolData {
    /// Snapshots, oldest first.
    pub snapshots: Vec<PoolSnapshot>,
    /// US-share estimates, oldest first.
    pub us_share: Vec<UsShare>,
}

/// The concentration of one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PoolConcentration {
    /// HHI, points (Σ share² × 10,000), lower bound (equal to the upper one for a complete snapshot without
    /// unattributed blocks).
    pub hhi_low: f64,
    /// HHI upper bound, points.
    pub hhi_high: f64,
    /// Nakamoto coefficient (fewest pools above one half of the blocks), lower bound.
    pub nakamoto_at_least: u32,
    /// Nakamoto coefficient, upper bound where the listed pools pass one half.
    pub nakamoto_at_most: Option<u32>,
    /// The largest pool's share.
    pub top_share: f64,
}

fn date(s: &str, origin: &str) -> Result<Date> {
    Date::parse(s).map_err(|e| parse_err(origin, 1, e.to_string()))
}

impl PoolData {
    /// Parses `pools.toml` and checks the shares (each in (0, 1], a snapshot's sum with its unattributed share
    /// at most 1 + 0.001 for rounding, largest first when ranked).
    pub fn parse_toml(text: &str, origin: &str) -> Result<PoolData> {
        let raw: RawFile = parse_toml(text, origin)?;
        let mut snapshots = Vec::new();
        for s in raw.snapshot {
            let as_of = date(&s.as_of, origin)?;
            let sum: f64 = s.pools.iter().map(|p| p.share).sum::<f64>() + s.unattributed_share;
            let bad = s.pools.iter().find(|p| !(p.share > 0.0 && p.share <= 1.0));
            if let Some(p) = bad {
                return Err(parse_err(
                    origin,
                    1,
                    format!(
                        "snapshot {as_of}: pool '{}' share {}, expected a number in (0, 1]",
                        p.name, p.share
                    ),
                ));
            }
            if s.pools.is_empty() || sum > 1.001 {
                return Err(parse_err(
                    origin,
                    1,
                    format!(
                        "snapshot {as_of}: shares sum to {sum}, expected at most 1 and at least one pool"
                    ),
                ));
            }
            if s.ranked && s.pools.windows(2).any(|w| w[1].share > w[0].share) {
                return Err(parse_err(
                    origin,
                    1,
                    format!("snapshot {as_of}: ranked, but its pools are not largest first"),
                ));
            }
            let mut pools = s.pools;
            pools.sort_by(|a, b| b.share.total_cmp(&a.share));
            snapshots.push(PoolSnapshot {
                as_of,
                window: s.window,
                source: s.source,
                complete: s.complete,
                ranked: s.ranked,
                unattributed_share: s.unattributed_share,
                pools,
            });
        }
        snapshots.sort_by_key(|s| s.as_of);
        let mut us_share = Vec::new();
        for u in raw.us_share {
            let as_of = date(&u.as_of, origin)?;
            let in_range = u.share > 0.0 && u.share <= 1.0;
            if !(in_range && ["estimate", "at_least"].contains(&u.bound.as_str())) {
                return Err(parse_err(
                    origin,
                    1,
                    format!(
                        "us_share {as_of}: share {} bound '{}', expected (0, 1] and estimate|at_least",
                        u.share, u.bound
                    ),
                ));
            }
            us_share.push(UsShare {
                as_of,
                share: u.share,
                bound: u.bound,
                source: u.source,
            });
        }
        us_share.sort_by_key(|u| u.as_of);
        if snapshots.is_empty() {
            return Err(parse_err(origin, 1, "no snapshot"));
        }
        Ok(PoolData {
            snapshots,
            us_share,
        })
    }

    /// The snapshot nearest `date` (the earlier one on a tie).
    pub fn nearest_snapshot(&self, date: Date) -> &PoolSnapshot {
        nearest(&self.snapshots, date, |s| s.as_of).expect("a parsed file has a snapshot")
    }

    /// The US-share estimate nearest `date`, if any.
    pub fn nearest_us_share(&self, date: Date) -> Option<&UsShare> {
        nearest(&self.us_share, date, |u| u.as_of)
    }
}

/// The item of `items` whose date is nearest `date` (the earlier one on a tie).
pub fn nearest<T>(items: &[T], date: Date, at: impl Fn(&T) -> Date) -> Option<&T> {
    items
        .iter()
        .min_by_key(|x| (at(x).days_until(date).abs(), at(x).days_until(date) < 0))
}

impl PoolSnapshot {
    /// HHI bounds, Nakamoto coefficient bounds and the top share (see the module).
    pub fn concentration(&self) -> PoolConcentration {
        let shares: Vec<f64> = self.pools.iter().map(|p| p.share).collect();
        let listed: f64 = shares.iter().sum();
        let rest = (1.0 - listed).max(0.0);
        let sq: f64 = shares.iter().map(|s| s * s).sum();
        let max = shares[0];
        let min = shares[shares.len() - 1];
        let cap = if self.ranked { min } else { max };
        // Unlisted pools each at most `cap`: the rest fills whole pools of `cap` and one remainder.
        let full = (rest / cap).floor();
        let hhi_high = sq + full * cap * cap + (rest - full * cap).powi(2);
        let mut cum = 0.0;
        let mut passes = None;
        for (k, s) in shares.iter().enumerate() {
            cum += s;
            if cum > 0.5 {
                passes = Some(k as u32 + 1);
                break;
            }
        }
        let (at_least, at_most) = if self.ranked {
            match passes {
                Some(k) => (k, Some(k)),
                None => (shares.len() as u32 + 1, None),
            }
        } else {
            // Unlisted pools may be larger than some listed ones, but none larger than the largest.
            let lb = (0.5 / max).floor() as u32 + 1;
            (lb.min(passes.unwrap_or(u32::MAX)), passes)
        };
        PoolConcentration {
            hhi_low: sq * 10_000.0,
            hhi_high: hhi_high * 10_000.0,
            nakamoto_at_least: at_least,
            nakamoto_at_most: at_most,
            top_share: max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled_pools;

    #[test]
    fn bundled_snapshots_hhi_and_nakamoto() {
        let p = bundled_pools().unwrap();
        assert!(p.snapshots.len() >= 4);
        let last = p.nearest_snapshot(Date::parse("2026-08-17").unwrap());
        assert_eq!(last.as_of.to_string(), "2026-09-16");
        let c = last.concentration();
        // 1 week to 2026-09-16: Σ (blocks/1075)² = 1,439 points (the source note gives 0.144); Foundry + AntPool
        // + F2Pool = 57.7% > 50% → 3.
        assert!((c.hhi_low - 1_439.0).abs() < 2.0, "{}", c.hhi_low);
        assert!(c.hhi_high - c.hhi_low < 1.0, "{}", c.hhi_high);
        assert_eq!((c.nakamoto_at_least, c.nakamoto_at_most), (3, Some(3)));
        // Late 2022: Foundry 26.98% + AntPool 24.5% = 51.48% → 2, exact (the two largest).
        let dec22 = p.nearest_snapshot(Date::parse("2022-12-01").unwrap());
        let c = dec22.concentration();
        assert_eq!((c.nakamoto_at_least, c.nakamoto_at_most), (2, Some(2)));
        assert!((c.hhi_low - (0.2698f64.powi(2) + 0.245f64.powi(2)) * 1e4).abs() < 1e-6);
        // End of 2024, only Foundry and MARA named (not ranked): Foundry 36.5% < 50% → at least 2, no upper bound.
        let e24 = p
            .nearest_snapshot(Date::parse("2024-12-31").unwrap())
            .concentration();
        assert_eq!((e24.nakamoto_at_least, e24.nakamoto_at_most), (2, None));
        assert!(e24.hhi_high > e24.hhi_low);
        let us = p
            .nearest_us_share(Date::parse("2026-08-17").unwrap())
            .unwrap();
        assert_eq!(
            (us.as_of.to_string().as_str(), us.share),
            ("2024-12-31", 0.40)
        );
    }

    #[test]
    fn refuses_a_share_above_one() {
        let t = "us_share = []\n[[snapshot]]\nas_of = \"2025-01-01\"\nwindow = \"w\"\nsource = \"s\"\ncomplete = false\nranked = true\n\
                 pools = [{ name = \"A\", share = 1.5 }]\n";
        let e = PoolData::parse_toml(t, "t.toml").unwrap_err().to_string();
        assert!(e.contains("pool 'A' share 1.5"), "{e}");
    }
}
