//! The random inputs of a path, drawn in a fixed order from the path's own generator, and the base case's.

use super::prepared::Prepared;
use crate::hpc::lease::{Collected, DefaultEvent};
use crate::market::{default_hazard, normal, path_rng};
use crate::scenario::{ConversionUse, LeaseUse, Scenario};
use rand::Rng;

/// The random inputs of one path (or the base case).
#[derive(Debug, Clone)]
pub(crate) struct PathDraws {
    /// BTC log return of month m at index m − 1.
    pub(crate) btc_log_returns: Vec<f64>,
    /// Standardized BTC shock of month m (index m − 1), for the correlated hashrate shock.
    pub(crate) btc_shocks: Vec<f64>,
    pub(crate) hashrate_own: Vec<f64>,
    pub(crate) fee_z: Vec<f64>,
    pub(crate) gpu_z: Vec<f64>,
    /// Bootstrap year slot of each simulated year; `None` = average over every year (base case).
    pub(crate) power_year: Option<Vec<usize>>,
    /// The default of each conversion's lease on the path (months from the build start); `None` = no
    /// default (or not a lease). One draw per tenant: leases of one tenant default in the same month.
    pub(crate) lease_default: Vec<Option<DefaultEvent>>,
    /// The base case: every volatility at zero (hashrate, fees and the GPU price index use σ = 0, so their
    /// drift is not cut by σ²/2), expected tenant survival instead of `default_month`, power averaged over the
    /// bootstrap years. A path with every volatility at zero in the scenario equals it.
    pub(crate) base_case: bool,
}

impl PathDraws {
    /// The bootstrap year slots simulated month `m` (0 = the valuation date) replays, each with equal weight.
    /// A range, so the hot loop allocates nothing: one slot on a path, every slot in the base case.
    #[inline]
    pub(crate) fn power_slots(&self, p: &Prepared<'_>, m: usize) -> std::ops::Range<usize> {
        match &self.power_year {
            Some(v) if m >= 1 => {
                let y = v[(m - 1) / 12];
                y..y + 1
            }
            Some(_) => 0..1,
            None => 0..p.years.len().max(1),
        }
    }

    /// What month `j` (from the build start) of conversion `ci`'s lease collects, its build starting `offset`
    /// months after the valuation date: in expectation over the tenant's default month in the base case, on
    /// the path's drawn default otherwise ([`crate::hpc::lease::LeaseCredit`]).
    #[inline]
    pub(crate) fn lease_collected(
        &self,
        ci: usize,
        lease: &LeaseUse,
        j: usize,
        offset: usize,
    ) -> Collected {
        let event = self.lease_default.get(ci).copied().flatten();
        lease.collected(j, event, self.base_case, offset)
    }
}

/// The base case: every volatility at zero (σ = 0 in every process, not only zero draws: the hashrate, fee and
/// GPU processes lose their −σ²/2 terms), BTC on its drift only (`LogReturns::base_case`), power averaged over
/// the bootstrap years, expected tenant survival. It does not depend on any volatility in the scenario.
pub(crate) fn base_case_draws(p: &Prepared<'_>) -> PathDraws {
    let months = p.scenario.months();
    let mut r = vec![0.0; months];
    p.btc.base_case(&mut r);
    PathDraws {
        btc_log_returns: r,
        btc_shocks: vec![0.0; months],
        hashrate_own: vec![0.0; months],
        fee_z: vec![0.0; months],
        gpu_z: vec![0.0; months],
        power_year: None,
        lease_default: vec![None; p.scenario.conversions().len()],
        base_case: true,
    }
}

/// The draws of path `path`, in a fixed order from the path's own generator.
pub(crate) fn path_draws(p: &Prepared<'_>, seed: u64, path: u64) -> PathDraws {
    let sc = p.scenario;
    let months = sc.months();
    let mut rng = path_rng(seed, path);
    let z: Vec<f64> = (0..months).map(|_| normal(&mut rng)).collect();
    let mut r = vec![0.0; months];
    p.btc.fill(path, &z, &mut rng, &mut r);
    let btc_shocks = z.iter().zip(&r).map(|(z, r)| p.btc.shock(*z, *r)).collect();
    let hashrate_own = (0..months).map(|_| normal(&mut rng)).collect();
    let fee_z = (0..months).map(|_| normal(&mut rng)).collect();
    let gpu_z = (0..months).map(|_| normal(&mut rng)).collect();
    let years = months.div_ceil(12);
    let n_years = p.years.len().max(1);
    let power_year = Some((0..years).map(|_| rng.random_range(0..n_years)).collect());
    let lease_default = lease_defaults(sc, seed, path);
    PathDraws {
        btc_log_returns: r,
        btc_shocks,
        hashrate_own,
        fee_z,
        gpu_z,
        power_year,
        lease_default,
        base_case: false,
    }
}

/// FNV-1a, 64 bits: a hash of a key that is the same on every machine and every Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The uniform that decides the default month of the tenant `key` on path `path`: drawn from the tenant's own
/// generator (the run's seed mixed with the key's hash, on the path's stream), so it depends on the seed, the
/// path and the key only. A plan that adds or drops a conversion leaves every other tenant's draw unchanged
/// (common random numbers across plans), and the path's other draws never depend on the tenants.
fn tenant_uniform(seed: u64, path: u64, key: &str) -> f64 {
    let mut rng = path_rng(seed ^ fnv1a(key.as_bytes()), path);
    default_hazard::tenant_uniform(&mut rng)
}

/// The key of a lease's tenant draw: `tenant:<tenant key>`, or `conversion:<name>` for a lease naming no
/// tenant (a tenant of its own).
fn tenant_draw_key(tenant_key: &str, conversion: &str) -> String {
    if tenant_key.is_empty() {
        format!("conversion:{conversion}")
    } else {
        format!("tenant:{tenant_key}")
    }
}

/// One uniform per tenant, keyed by the tenant ([`tenant_uniform`]), turned into each lease's default with its
/// own hazard on the valuation-date clock: leases of one tenant with the same hazard default in the same month.
fn lease_defaults(sc: &Scenario, seed: u64, path: u64) -> Vec<Option<DefaultEvent>> {
    let horizon = sc.months() + 1_200;
    sc.conversions()
        .iter()
        .map(|c| {
            let ConversionUse::Lease(l) = c.use_() else {
                return None;
            };
            let u = tenant_uniform(seed, path, &tenant_draw_key(&l.tenant_key, c.name()));
            default_hazard::default_month_from_uniform(l.credit.hazard_per_year, u, horizon)
                .map(|t| l.default_event(t, c.start_offset_months()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Context, parse_scenario};

    fn with(more: &str) -> String {
        format!(
            "[company]\nname = \"t\"\nstart_date = \"2025-06-30\"\nhorizon_years = 3\ndiscount_rate = 0.1\n\n[[sites]]\n\
             name = \"a\"\nmw_gross = 100\npower = {{ contract = \"fixed\", price_usd_per_mwh = 30 }}\n{more}"
        )
    }

    #[test]
    fn two_leases_of_one_tenant_default_in_the_same_month_on_every_path() {
        // Two CoreWeave leases (deals) starting two months apart, and a Fluidstack lease, all at a 30% hazard.
        let credit = "tenant_credit = { hazard_per_year = 0.3 }\n";
        let conv = |name: &str, start: &str, terms: &str| {
            format!(
                "\n[[conversions]]\nname = \"{name}\"\nsite = \"a\"\nstart_month = \"{start}\"\nmw_it = 20\npue = 1.2\n\
                 capex_usd_per_mw_it = 0\nuse = \"lease\"\n{terms}{credit}"
            )
        };
        let text = with(
            &(conv("x", "2025-08", "deal = \"corz-cw-200\"\n")
                + &conv("y", "2025-10", "deal = \"glxy-helios-cw\"\n")
                + &conv(
                    "z",
                    "2025-08",
                    "lease = { usd_per_kw_month = 150, term_years = 10, tenant = \"Fluidstack\" }\n",
                )),
        );
        let network = crate::data::bundled_network().unwrap();
        let asics = crate::data::bundled_asics().unwrap();
        let deals = crate::data::bundled_deals().unwrap();
        let power = crate::data::bundled_power(crate::power::Market::Rt).unwrap();
        let ctx = Context {
            network: &network,
            asics: &asics,
            deals: &deals,
            power: &power,
        };
        let sc = parse_scenario(&text, "t.toml", &ctx).unwrap();
        let p = Prepared::new(&sc, &power).unwrap();
        let months = sc.months();
        let (mut together, mut apart) = (0, 0);
        for path in 0..2_000 {
            let d = path_draws(&p, 42, path);
            // On the valuation-date clock: the build-start month plus the month from the build start.
            let at = |ci: usize| {
                d.lease_default[ci].map(|e| e.month + sc.conversions()[ci].start_offset_months())
            };
            let (x, y, z) = (at(0), at(1), at(2));
            assert_eq!(x.is_some(), y.is_some(), "path {path}");
            if let (Some(x), Some(y)) = (x, y)
                && x <= months
            {
                // A default before a build starts counts at that build's start.
                assert_eq!(x.max(3), y.max(3), "path {path}");
                together += 1;
                if z.is_none_or(|z| z > months) {
                    apart += 1;
                }
            }
        }
        // 1 − 0.7^3 = 66% of paths see CoreWeave default within the 3 years; Fluidstack is drawn on its own.
        assert!(together > 1_200 && together < 1_450, "{together}");
        assert!(apart > 300, "{apart}");
    }
}
