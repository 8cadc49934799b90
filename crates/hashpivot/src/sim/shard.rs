//! Sharded runs: the N paths of a run split into K contiguous ranges of path indices, each run on its own
//! (another process, another machine), and merged into the [`Report`] of the single run, bit for bit.
//!
//! Why a merge is exact: path `i` draws only from the generator (seed, `i`) ([`crate::market`]'s `path_rng`, the
//! tenant draws keyed by seed and path), so shard k computes the same per-path summaries as the single run;
//! the merge puts them back in path order and hands them, with the base and median cases recomputed, to the
//! same summary function the run uses (`monte_carlo::report`). There is one summary rule, not two.
//!
//! A shard's per-path summaries travel as bytes ([`encode_paths`], [`decode_paths`]: every `f64` as its bits,
//! so nothing is rounded on the way), its identity as a [`ShardKey`] (version, scenario fingerprint, N, seed,
//! K, k and its range), which [`check_shards`] compares before anything is merged.

use super::monte_carlo::{report, run_base_case, run_median_case, run_paths};
use super::prepared::Prepared;
use super::report::Report;
use super::rollup::{MonthRecord, NpvByClass, PathSummary};
use crate::bounds;
use crate::error::{Error, Result};
use crate::risk::OlsSums;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Shard k of K: the k-th of K contiguous ranges of path indices (k from 1). Checked: 1 ≤ k ≤ K, K in
/// [`bounds::SHARDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    k: u64,
    count: u64,
}

impl Shard {
    /// Shard `k` of `count`; refuses K outside [`bounds::SHARDS`] and k outside 1..=K.
    pub fn new(k: u64, count: u64) -> Result<Shard> {
        bounds::SHARDS.check_whole_as("shard count K", count)?;
        if !(1..=count).contains(&k) {
            return Err(Error::invalid(
                "shard k",
                format!("{k}/{count}"),
                format!("a shard from 1 to {count}"),
            ));
        }
        Ok(Shard { k, count })
    }

    /// Reads `k/K` (as the CLI's `--shard` takes it), e.g. `3/8`.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || Error::invalid("shard", text, "k/K with whole numbers 1 ≤ k ≤ K, e.g. 3/8");
        let (k, count) = text.trim().split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let count = count.trim().parse().map_err(|_| bad())?;
        Shard::new(k, count)
    }

    /// The shard's number k, from 1.
    pub fn k(&self) -> u64 {
        self.k
    }

    /// The number of shards K.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The path indices of this shard in a run of `paths` paths: [⌊(k−1)·N/K⌋, ⌊k·N/K⌋). The K ranges are
    /// contiguous, cover 0..N once, and differ in size by at most one path. K above N is refused (a shard
    /// without a path is a mistake in the split, not a run).
    pub fn paths(&self, paths: u64) -> Result<Range<u64>> {
        if self.count > paths {
            return Err(Error::invalid(
                "shard count K",
                self.count,
                format!("at most the number of paths ({paths}), so that every shard has a path"),
            ));
        }
        let edge = |j: u64| (j as u128 * paths as u128 / self.count as u128) as u64;
        Ok(edge(self.k - 1)..edge(self.k))
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.count)
    }
}

/// What identifies a shard: the shards of one run share everything but `shard` and the range. Stored with
/// a shard's paths (the CLI writes it as `shard.json`) and compared by [`check_shards`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardKey {
    /// The hashpivot core version that ran the shard.
    pub version: String,
    /// [`scenario_fingerprint`] of the scenario text.
    pub scenario_hash: String,
    /// Paths of the whole run, N.
    pub paths: u64,
    /// Seed of the run.
    pub seed: u64,
    /// This shard's number k, from 1.
    pub shard: u64,
    /// The number of shards K.
    pub shards: u64,
    /// First path index of the shard.
    pub path_start: u64,
    /// One past the last path index of the shard.
    pub path_end: u64,
}

impl ShardKey {
    /// The key of `shard` of a run of `paths` paths with `seed` on the scenario `scenario_text`.
    pub fn new(scenario_text: &str, paths: u64, seed: u64, shard: Shard) -> Result<ShardKey> {
        let range = shard.paths(paths)?;
        Ok(ShardKey {
            version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_hash: scenario_fingerprint(scenario_text),
            paths,
            seed,
            shard: shard.k(),
            shards: shard.count(),
            path_start: range.start,
            path_end: range.end,
        })
    }
}

/// A fingerprint of a scenario's text (64-bit FNV-1a, as `fnv1a64:` and 16 hex digits): equal texts, equal
/// fingerprints. It tells shards of different scenarios apart; it is not a cryptographic hash.
pub fn scenario_fingerprint(text: &str) -> String {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("fnv1a64:{h:016x}")
}

/// A shard that does not belong with the others, or a run missing a shard: where (positions in the list given),
/// and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{error}")]
pub struct ShardMismatch {
    /// Position of the offending shard in the list given; `None` when a shard is missing.
    pub position: Option<usize>,
    /// The shard it conflicts with (the first shard, or the other copy of a shard), if any.
    pub other: Option<usize>,
    /// What does not match.
    pub error: Box<Error>,
}

/// Checks that `keys` are the K shards of one run, each once: same version, scenario, N, seed and K as the
/// first, every k from 1 to K present once with its own range. Returns the positions in shard order.
pub fn check_shards(keys: &[ShardKey]) -> std::result::Result<Vec<usize>, ShardMismatch> {
    let at = |position, other, error| ShardMismatch {
        position: Some(position),
        other,
        error: Box::new(error),
    };
    let Some(first) = keys.first() else {
        return Err(ShardMismatch {
            position: None,
            other: None,
            error: Box::new(Error::invalid("shards", "none", "at least one shard")),
        });
    };
    let mut by_k = std::collections::BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let differs = [
            ("version", &key.version, &first.version),
            ("scenario_hash", &key.scenario_hash, &first.scenario_hash),
        ]
        .into_iter()
        .map(|(f, a, b)| (f, a.clone(), b.clone()))
        .chain(
            [
                ("paths", key.paths, first.paths),
                ("seed", key.seed, first.seed),
                ("shards", key.shards, first.shards),
            ]
            .map(|(f, a, b)| (f, a.to_string(), b.to_string())),
        )
        .find(|(_, a, b)| a != b);
        if let Some((field, found, expected)) = differs {
            let expected = format!("{expected}, as in the first shard");
            return Err(at(i, Some(0), Error::invalid(field, found, expected)));
        }
        let shard = Shard::new(key.shard, key.shards).map_err(|e| at(i, None, e))?;
        let range = shard.paths(key.paths).map_err(|e| at(i, None, e))?;
        if (key.path_start, key.path_end) != (range.start, range.end) {
            let found = format!("paths {}..{}", key.path_start, key.path_end);
            let expected = format!("paths {}..{} for shard {shard}", range.start, range.end);
            return Err(at(i, None, Error::invalid("path range", found, expected)));
        }
        if let Some(&j) = by_k.get(&key.shard) {
            let e = Error::invalid("shard", shard, "each shard once");
            return Err(at(i, Some(j), e));
        }
        by_k.insert(key.shard, i);
    }
    let missing: Vec<String> = (1..=first.shards)
        .filter(|k| !by_k.contains_key(k))
        .take(8)
        .map(|k| format!("{k}/{}", first.shards))
        .collect();
    if !missing.is_empty() {
        return Err(ShardMismatch {
            position: None,
            other: None,
            error: Box::new(Error::invalid(
                "shards",
                format!(
                    "{} of {}, missing {}",
                    keys.len(),
                    first.shards,
                    missing.join(", ")
                ),
                format!("every shard from 1/{0} to {0}/{0} once", first.shards),
            )),
        });
    }
    Ok(by_k.into_values().collect())
}

/// The per-path summaries of shard `shard` of a run of `paths` paths with `seed`: exactly the paths
/// [`Shard::paths`] gives, each as the single run computes it, on the current rayon pool. Memory is that of the
/// shard's paths, not of N.
pub fn run_shard(
    p: &Prepared<'_>,
    paths: u64,
    seed: u64,
    shard: Shard,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<PathSummary>> {
    Ok(run_paths(p, seed, shard.paths(paths)?, progress))
}

/// One shard to merge: its key and its per-path summaries in path order.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardPaths {
    /// Which shard of which run.
    pub key: ShardKey,
    /// Its per-path summaries (from [`run_shard`] or [`decode_paths`]).
    pub paths: Vec<PathSummary>,
}

/// Merges the K shards of a run into the [`Report`] and base-case rows [`super::run`] gives for the whole run,
/// bit for bit: shards checked by [`check_shards`] (in any order), each shard's paths checked against its range,
/// then every path in order through the run's own summary function, with the base and median cases recomputed
/// from `p`. `p` must be the shards' scenario (compare [`ShardKey::scenario_hash`] before calling).
pub fn merge(
    p: &Prepared<'_>,
    shards: Vec<ShardPaths>,
) -> std::result::Result<(Report, Vec<MonthRecord>), ShardMismatch> {
    let keys: Vec<ShardKey> = shards.iter().map(|s| s.key.clone()).collect();
    let order = check_shards(&keys)?;
    let mut slots: Vec<Option<ShardPaths>> = shards.into_iter().map(Some).collect();
    let mut all = Vec::with_capacity(keys[0].paths as usize);
    for i in order {
        let s = slots[i]
            .take()
            .expect("check_shards lists each position once");
        let expected = s.key.path_start..s.key.path_end;
        let wrong = s
            .paths
            .iter()
            .zip(expected.clone())
            .find(|(p, e)| p.path != *e);
        if s.paths.len() as u64 != expected.end - expected.start || wrong.is_some() {
            let found = match wrong {
                Some((p, e)) => format!("path {} where path {e} belongs", p.path),
                None => format!("{} paths", s.paths.len()),
            };
            let expected = format!("paths {}..{} in order", expected.start, expected.end);
            let error = Box::new(Error::invalid("shard paths", found, expected));
            return Err(ShardMismatch {
                position: Some(i),
                other: None,
                error,
            });
        }
        all.extend(s.paths);
    }
    let (base, rows) = run_base_case(p);
    let median = run_median_case(p);
    Ok((report(p, keys[0].seed, false, &base, &median, all), rows))
}

const MAGIC: &[u8; 8] = b"HPPATHS1";

/// The per-path summaries as bytes: a header (`HPPATHS1`, the number of paths, the number of years), then each
/// path's fields little-endian, every `f64` as its bits. [`decode_paths`] reads them back exactly.
pub fn encode_paths(paths: &[PathSummary]) -> Vec<u8> {
    let years = paths.first().map_or(0, |p| p.ebitda_usd_by_year.len());
    let mut out = Vec::with_capacity(24 + paths.len() * (176 + years * 88));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(paths.len() as u64).to_le_bytes());
    out.extend_from_slice(&(years as u64).to_le_bytes());
    for p in paths {
        let mut put = |v: f64| out.extend_from_slice(&v.to_bits().to_le_bytes());
        put(f64::from_bits(p.path));
        put(p.npv_usd);
        p.npv_by_class_usd.to_array().into_iter().for_each(&mut put);
        put(p.npv_without_terminal_usd);
        put(if p.irr.is_some() { 1.0 } else { 0.0 });
        put(p.irr.unwrap_or(0.0));
        for v in [
            p.btc_mined,
            p.mining_cost_usd,
            p.final_btc_usd,
            p.terminal_value_usd,
        ] {
            put(v);
        }
        p.beta.to_array().into_iter().for_each(&mut put);
        for y in 0..years {
            put(p.ebitda_usd_by_year[y]);
            put(p.ebitda_accrual_usd_by_year[y]);
            p.revenue_usd_by_year[y].into_iter().for_each(&mut put);
            p.beta_by_year[y].to_array().into_iter().for_each(&mut put);
        }
    }
    out
}

/// Reads [`encode_paths`]'s bytes; `origin` names them in errors (a truncated or foreign file is refused).
pub fn decode_paths(bytes: &[u8], origin: &str) -> Result<Vec<PathSummary>> {
    let bad = |message: String| Error::Parse {
        origin: origin.to_string(),
        line: 1,
        message,
    };
    let mut words = bytes
        .get(8..)
        .filter(|_| bytes.starts_with(MAGIC) && bytes.len().is_multiple_of(8))
        .ok_or_else(|| bad("not a file of hashpivot path summaries (HPPATHS1)".into()))?
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("chunks of 8")));
    let (n, years) = (
        words.next().unwrap_or(0),
        words.next().unwrap_or(0) as usize,
    );
    let per_path = 22 + years * 11;
    if (bytes.len() / 8 - 3) as u128 != n as u128 * per_path as u128 {
        return Err(bad(format!(
            "{} bytes for {n} paths of {years} years, expected {}",
            bytes.len(),
            24 + n as u128 * per_path as u128 * 8
        )));
    }
    let mut get = || f64::from_bits(words.next().expect("length checked"));
    let arr = |get: &mut dyn FnMut() -> f64| -> [f64; 5] { std::array::from_fn(|_| get()) };
    let mut out = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let path = get().to_bits();
        let npv_usd = get();
        let npv_by_class_usd = NpvByClass::from_array(std::array::from_fn(|_| get()));
        let npv_without_terminal_usd = get();
        let (has_irr, irr) = (get(), get());
        let [
            btc_mined,
            mining_cost_usd,
            final_btc_usd,
            terminal_value_usd,
        ] = std::array::from_fn(|_| get());
        let beta = OlsSums::from_array(arr(&mut get));
        let mut p = PathSummary {
            path,
            npv_usd,
            npv_by_class_usd,
            npv_without_terminal_usd,
            irr: (has_irr != 0.0).then_some(irr),
            btc_mined,
            mining_cost_usd,
            final_btc_usd,
            terminal_value_usd,
            ebitda_usd_by_year: Vec::with_capacity(years),
            ebitda_accrual_usd_by_year: Vec::with_capacity(years),
            revenue_usd_by_year: Vec::with_capacity(years),
            beta,
            beta_by_year: Vec::with_capacity(years),
        };
        for _ in 0..years {
            p.ebitda_usd_by_year.push(get());
            p.ebitda_accrual_usd_by_year.push(get());
            p.revenue_usd_by_year.push(std::array::from_fn(|_| get()));
            p.beta_by_year.push(OlsSums::from_array(arr(&mut get)));
        }
        out.push(p);
    }
    Ok(out)
}

#[cfg(test)]
#[path = "shard_tests.rs"]
mod tests;
