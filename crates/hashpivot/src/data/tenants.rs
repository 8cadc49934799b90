//! The tenant table: `data/tenants.toml`, read into a [`TenantTable`] (unknown fields refused, every category a
//! class or tenant names present, default rates in [0, 1)).

use crate::error::{Error, Result};
use crate::market::default_hazard::{RatingCategory, Tenant, TenantClass, TenantTable};
use serde::Deserialize;

/// `data/tenants.toml`.
pub(crate) const TENANTS_TOML: &str = include_str!("../../../../data/tenants.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    rating: Vec<RawRating>,
    class: Vec<RawClass>,
    tenant: Vec<RawTenant>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRating {
    category: String,
    cumulative_default_10y: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    id: String,
    category: String,
    basis: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    class: String,
    category: String,
    rating: String,
    source: Option<String>,
}

fn bad(origin: &str, message: String) -> Error {
    Error::Parse {
        origin: origin.to_string(),
        line: 0,
        message,
    }
}

/// Parses a tenant table from `text`; `origin` names it in errors.
pub fn parse_tenants_toml(text: &str, origin: &str) -> Result<TenantTable> {
    let raw: RawFile = toml::from_str(text).map_err(|e| bad(origin, e.to_string()))?;
    for r in &raw.rating {
        if !(0.0..1.0).contains(&r.cumulative_default_10y) {
            return Err(bad(
                origin,
                format!(
                    "rating '{}': invalid cumulative_default_10y: found {}, expected a share in [0, 1)",
                    r.category, r.cumulative_default_10y
                ),
            ));
        }
    }
    let known = |c: &str| raw.rating.iter().any(|r| r.category == c);
    let classes: Vec<&str> = raw.class.iter().map(|c| c.id.as_str()).collect();
    for (who, cat, class) in raw.class.iter().map(|c| (&c.id, &c.category, None)).chain(
        raw.tenant
            .iter()
            .map(|t| (&t.name, &t.category, Some(&t.class))),
    ) {
        if !known(cat) {
            return Err(bad(
                origin,
                format!(
                    "'{who}': invalid category: found \"{cat}\", expected a [[rating]] category"
                ),
            ));
        }
        if let Some(c) = class
            && !classes.contains(&c.as_str())
        {
            return Err(bad(
                origin,
                format!("'{who}': invalid class: found \"{c}\", expected a [[class]] id"),
            ));
        }
    }
    Ok(TenantTable {
        ratings: raw
            .rating
            .into_iter()
            .map(|r| RatingCategory {
                category: r.category,
                cumulative_default_10y: r.cumulative_default_10y,
            })
            .collect(),
        classes: raw
            .class
            .into_iter()
            .map(|c| TenantClass {
                id: c.id,
                category: c.category,
                basis: c.basis,
            })
            .collect(),
        tenants: raw
            .tenant
            .into_iter()
            .map(|t| Tenant {
                name: t.name,
                aliases: t.aliases,
                class: t.class,
                category: t.category,
                rating: t.rating,
                source: t.source,
            })
            .collect(),
    })
}

/// The bundled tenant table.
pub fn bundled_tenants() -> Result<TenantTable> {
    parse_tenants_toml(TENANTS_TOML, "bundled data/tenants.toml")
}

/// The bundled tenant table, parsed once (the bundled file is checked by the tests below).
pub(crate) fn bundled_tenant_table() -> &'static TenantTable {
    static TABLE: std::sync::OnceLock<TenantTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| bundled_tenants().expect("the bundled tenant table parses"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_deal_tenant_resolves_and_hazards_follow_the_rating() {
        let t = bundled_tenants().unwrap();
        // CoreWeave: S&P B+ → category B, 10-year default 19.5% → 1 − 0.805^0.1 = 2.14% a year.
        let cw = t.resolve(Some("coreweave"), None);
        assert!(cw.listed);
        assert!((cw.hazard_per_year - (1.0 - 0.805f64.powf(0.1))).abs() < 1e-12);
        assert!(
            (cw.hazard_per_year - 0.021_4).abs() < 1e-4,
            "{}",
            cw.hazard_per_year
        );
        assert_eq!(cw.key, "coreweave");
        // Microsoft AAA: 0.7% over 10 years → 0.070% a year; AWS is Amazon (AA).
        let ms = t.resolve(Some("Microsoft"), None);
        assert!(
            (ms.hazard_per_year - 0.000_702).abs() < 1e-5,
            "{}",
            ms.hazard_per_year
        );
        assert_eq!(t.resolve(Some("AWS"), None).name, "Amazon");
        // Unknown: the class fallback, said so.
        let x = t.resolve(Some("Acme AI"), None);
        assert!(!x.listed);
        assert_eq!(x.entry, "tenants:class:neocloud");
        assert!(
            x.basis
                .starts_with("\"Acme AI\" is not in the tenant table: class neocloud → category B"),
            "{}",
            x.basis
        );
        assert_eq!(
            t.resolve(None, Some("hyperscaler")).entry,
            "tenants:class:hyperscaler"
        );
        // Every tenant the deal library names is in the table.
        for d in crate::data::bundled_deals().unwrap().deals() {
            assert!(t.resolve(Some(&d.tenant), None).listed, "{}", d.tenant);
        }
    }

    #[test]
    fn a_category_nobody_defines_is_refused() {
        let text = TENANTS_TOML.replacen("category = \"B\"\nbasis", "category = \"Z\"\nbasis", 1);
        let e = parse_tenants_toml(&text, "t").unwrap_err().to_string();
        assert!(
            e.contains("'neocloud': invalid category: found \"Z\""),
            "{e}"
        );
    }
}
