//! The portfolio optimizer: for a company with several sites, which sites convert to a lease, how many MW and
//! in which quarter, under a capex budget and financing per year, a build capacity per year, tenant demand and
//! each site's interconnect; maximising the mean NPV, or the mean − λ·CVaR, over sampled engine paths
//! ([`model`]: the MILP and a brute-force check).
//!
//! Coefficients: each site's lease conversion in the scenario is its template (IT MW = the most it can take,
//! rent schedule, build months, capex); the gain of starting one IT MW in quarter q on path p is
//! [`crate::option::ConversionPaths::start_pv`] at month 3q divided by the template's IT MW — the same engine
//! paths and domain rules as the option to convert later. Linear in MW: a block is worth its share of the whole
//! conversion (exact for rent, capex and power; the displaced mining is spread evenly over the MW).

pub mod model;
mod synthetic;

use crate::error::{Error, Result};
use crate::option::{ConversionPaths, RentIndex};
use crate::power::PriceBook;
use crate::scenario::{ConversionUse, Scenario};
pub use model::{Backend, Candidate, Instance, Limits, Plan, Start, brute_force, solve};
pub use synthetic::Synthetic;

/// What to optimise over.
#[derive(Debug, Clone)]
pub struct OptimizeSettings {
    /// Quarters in which a build may start (quarter q: end of month 3q).
    pub quarters: usize,
    /// Engine paths sampled.
    pub paths: usize,
    /// Seed of the engine's and the rent index's streams.
    pub seed: u64,
    /// Blocks each site's conversion is cut into (its IT MW / blocks = one block).
    pub blocks_per_site: u32,
    /// The market rent process.
    pub rent: RentIndex,
    /// Limits.
    pub limits: Limits,
    /// CVaR tail share.
    pub tail: f64,
}

/// The portfolio problem of `sc`: one candidate per site with a lease conversion (the first on the site).
pub fn build_instance(sc: &Scenario, power: &PriceBook, s: &OptimizeSettings) -> Result<Instance> {
    if s.quarters == 0 || 3 * (s.quarters - 1) >= sc.months() {
        return Err(Error::invalid(
            "quarters",
            s.quarters,
            format!(
                "between 1 and {} (starts within the horizon of {} months)",
                sc.months().div_ceil(3),
                sc.months()
            ),
        ));
    }
    if s.blocks_per_site == 0 || s.blocks_per_site > 20 {
        return Err(Error::invalid(
            "blocks",
            s.blocks_per_site,
            "1 to 20 blocks per site",
        ));
    }
    let mut seen = vec![false; sc.sites().len()];
    let mut candidates = Vec::new();
    let mut base = vec![0.0; s.paths];
    let mut discounting = String::new();
    for (ci, cv) in sc.conversions().iter().enumerate() {
        if seen[cv.site()] || !matches!(cv.use_(), ConversionUse::Lease { .. }) {
            continue;
        }
        seen[cv.site()] = true;
        let cp = ConversionPaths::new(sc, power, ci, &s.rent, s.seed, 0, s.paths)?;
        let mut buf = Vec::new();
        let value = (0..s.quarters)
            .map(|q| {
                (0..s.paths)
                    .map(|p| cp.start_pv(p, 3 * q, &mut buf) / cp.mw_it)
                    .collect()
            })
            .collect();
        discounting = cp.discounting();
        for (b, n) in base.iter_mut().zip(&cp.never_pv) {
            *b += n;
        }
        candidates.push(Candidate {
            site: cp.site.clone(),
            conversion: cp.conversion.clone(),
            block_mw_it: cp.mw_it / s.blocks_per_site as f64,
            max_blocks: s.blocks_per_site,
            capex_usd_per_mw_it: cp.capex_usd / cp.mw_it,
            value_usd_per_mw_it: value,
        });
    }
    if candidates.is_empty() {
        return Err(Error::invalid(
            "conversions",
            "no lease conversion",
            "a lease conversion on each site that may convert (its template: MW, rent, build, capex)",
        ));
    }
    Ok(Instance {
        candidates,
        quarters: s.quarters,
        base_usd: base,
        limits: s.limits,
        tail: s.tail,
        discounting,
    })
}

/// The efficient frontier: the optimum at each λ.
pub fn frontier(inst: &Instance, lambdas: &[f64], backend: Backend) -> Result<Vec<Plan>> {
    lambdas.iter().map(|&l| solve(inst, l, backend)).collect()
}
