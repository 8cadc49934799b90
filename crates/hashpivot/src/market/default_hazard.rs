//! Tenant default as an annual hazard h: the default month is geometric with monthly probability
//! q = 1 − (1 − h)^{1/12}, so P(no default by month m) = (1 − h)^{m/12}.
//!
//! A tenant defaults once: the engine draws one uniform per tenant and path ([`tenant_uniform`]) and turns
//! it into a default month with each lease's hazard ([`default_month_from_uniform`]), so every lease of one
//! tenant (same hazard) defaults in the same month. What a default does to a lease (backstop, vacancy,
//! re-letting) is [`crate::hpc::lease::LeaseCredit`].

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// The uniform draw in [0, 1) that decides a tenant's default month on a path (one per tenant, drawn whatever
/// its hazard, so the rest of the path's draws do not depend on it).
pub fn tenant_uniform(rng: &mut ChaCha8Rng) -> f64 {
    rng.random()
}

/// The default month (1-based, from the start of the tenant's clock) of a tenant whose uniform draw is `u`,
/// at `hazard_per_year`, or `None` if not within `months`: the inverse CDF of the geometric law, the first
/// m with 1 − (1 − q)^m ≥ u. The same `u` and hazard give the same month for every lease of the tenant.
pub fn default_month_from_uniform(hazard_per_year: f64, u: f64, months: usize) -> Option<usize> {
    if hazard_per_year <= 0.0 {
        return None;
    }
    let q = 1.0 - (1.0 - hazard_per_year).powf(1.0 / 12.0);
    let m = ((1.0 - u).ln() / (1.0 - q).ln()).ceil().max(1.0);
    (m <= months as f64).then_some(m as usize)
}

/// Survival to the end of month m: (1 − h)^{m/12}.
#[inline]
pub fn survival(hazard_per_year: f64, month: usize) -> f64 {
    (1.0 - hazard_per_year).powf(month as f64 / 12.0)
}

/// A rating category's 10-year cumulative default rate (the tenant table's `[[rating]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingCategory {
    /// `AAA`, `AA`, `A`, `BBB`, `BB`, `B`.
    pub category: String,
    /// Share of issuers of the category that defaulted within 10 years.
    pub cumulative_default_10y: f64,
}

impl RatingCategory {
    /// The flat annual hazard with the same 10-year default probability: 1 − (1 − C10)^(1/10).
    pub fn hazard_per_year(&self) -> f64 {
        1.0 - (1.0 - self.cumulative_default_10y).powf(0.1)
    }
}

/// A tenant class (`hyperscaler`, `neocloud`): the fallback of a tenant the table does not list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenantClass {
    /// Class id.
    pub id: String,
    /// Rating category of the class.
    pub category: String,
    /// Why that category.
    pub basis: String,
}

/// A tenant of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenant {
    /// Name as written in the deal library.
    pub name: String,
    /// Other names it goes by (matched like the name).
    pub aliases: Vec<String>,
    /// Its class.
    pub class: String,
    /// Rating category used.
    pub category: String,
    /// The ratings as publicly known, in words.
    pub rating: String,
    /// A citation, when there is one.
    pub source: Option<String>,
}

/// The tenant table: rating categories, classes and tenants (`data/tenants.toml`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenantTable {
    /// Rating categories and their 10-year default rates.
    pub ratings: Vec<RatingCategory>,
    /// Fallback classes.
    pub classes: Vec<TenantClass>,
    /// Named tenants.
    pub tenants: Vec<Tenant>,
}

/// The class a lease naming no tenant falls back to.
pub const UNNAMED_TENANT_CLASS: &str = "neocloud";

/// A tenant's resolved hazard and its basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenantHazard {
    /// The tenant as the table names it (or as given, when it is not in the table).
    pub name: String,
    /// Key that groups leases of one tenant: the matched name, normalized.
    pub key: String,
    /// Annual hazard.
    pub hazard_per_year: f64,
    /// `tenants:<name>` when the table lists the tenant, `tenants:class:<id>` for a class fallback.
    pub entry: String,
    /// How the hazard was found, in words (rating, category, default rate, fallback).
    pub basis: String,
    /// A citation, when there is one.
    pub source: Option<String>,
    /// Whether the tenant was found in the table (false = class fallback).
    pub listed: bool,
}

/// Lowercase letters and digits only: how tenant names are compared.
pub fn tenant_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl TenantTable {
    fn category(&self, c: &str) -> Option<&RatingCategory> {
        self.ratings.iter().find(|r| r.category == c)
    }

    /// The hazard of `name` (`None` = the lease names no tenant): the listed tenant's rating category, else
    /// the class `fallback_class` (default [`UNNAMED_TENANT_CLASS`]), with the basis in words.
    pub fn resolve(&self, name: Option<&str>, fallback_class: Option<&str>) -> TenantHazard {
        let key = name.map(tenant_key).unwrap_or_default();
        let listed = (!key.is_empty())
            .then(|| {
                self.tenants.iter().find(|t| {
                    tenant_key(&t.name) == key || t.aliases.iter().any(|a| tenant_key(a) == key)
                })
            })
            .flatten();
        let hazard_of = |cat: &str| {
            self.category(cat)
                .map_or(0.0, RatingCategory::hazard_per_year)
        };
        let c10 = |cat: &str| self.category(cat).map_or(0.0, |r| r.cumulative_default_10y);
        match listed {
            Some(t) => TenantHazard {
                name: t.name.clone(),
                key: tenant_key(&t.name),
                hazard_per_year: hazard_of(&t.category),
                entry: format!("tenants:{}", t.name),
                basis: format!(
                    "{}: {} → category {} (10-year default rate {:.1}%, S&P 1981–2024)",
                    t.name,
                    t.rating,
                    t.category,
                    100.0 * c10(&t.category)
                ),
                source: t.source.clone(),
                listed: true,
            },
            None => {
                let class_id = fallback_class.unwrap_or(UNNAMED_TENANT_CLASS);
                let class = self
                    .classes
                    .iter()
                    .find(|c| c.id == class_id)
                    .or_else(|| self.classes.iter().find(|c| c.id == UNNAMED_TENANT_CLASS));
                let (id, cat, why) = class.map_or((class_id, "B", ""), |c| {
                    (c.id.as_str(), c.category.as_str(), c.basis.as_str())
                });
                let who = match name {
                    Some(n) => format!("\"{n}\" is not in the tenant table"),
                    None => "no tenant named".to_string(),
                };
                TenantHazard {
                    name: name.unwrap_or("unnamed").to_string(),
                    key,
                    hazard_per_year: hazard_of(cat),
                    entry: format!("tenants:class:{id}"),
                    basis: format!(
                        "{who}: class {id} → category {cat} (10-year default rate {:.1}%, S&P 1981–2024); {why}",
                        100.0 * c10(cat)
                    ),
                    source: None,
                    listed: false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::path_rng;

    #[test]
    fn default_frequency_matches_the_hazard() {
        let n = 40_000;
        let hits = (0..n as u64)
            .filter(|p| {
                default_month_from_uniform(0.05, tenant_uniform(&mut path_rng(9, *p)), 60).is_some()
            })
            .count() as f64
            / n as f64;
        let expected = 1.0 - survival(0.05, 60);
        let se = (expected * (1.0 - expected) / n as f64).sqrt();
        assert!((hits - expected).abs() < 4.0 * se, "{hits} vs {expected}");
        assert_eq!(default_month_from_uniform(0.0, 0.999, 60), None);
        // The same uniform and hazard give the same month: one default per tenant.
        let u = tenant_uniform(&mut path_rng(9, 3));
        assert_eq!(
            default_month_from_uniform(0.3, u, 600),
            default_month_from_uniform(0.3, u, 600)
        );
        // u = 1 − (1 − q)^m exactly at the boundary: month m; q = 1 − 0.9^(1/12), u = 1 − 0.9 is month 12.
        assert_eq!(default_month_from_uniform(0.1, 0.1 - 1e-12, 600), Some(12));
        assert_eq!(default_month_from_uniform(0.1, 0.1 + 1e-9, 600), Some(13));
    }
}
