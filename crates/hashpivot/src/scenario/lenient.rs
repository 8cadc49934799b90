//! The scenario as the rules stage sees it: every element (the company, each site, conversion and loan, each
//! market model) either parsed in full or, when the schema stage found a problem in it, reduced to the few
//! fields the cross-element rules need (names, MW, months, deal ids) that are still well-formed. So one run
//! reports the schema's problems and the rules' problems together.
//!
//! The document is first pruned: every value the schema checker flagged (an unknown field, a wrong type, a
//! number out of range, an unknown tag) is dropped, so what remains is well-typed.

use super::check::number;
use super::raw::*;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use toml::de::{DeTable, DeValue};
use toml::{Table, Value};

/// One element: parsed in full, and its key fields (always, from the full element or field by field).
pub(crate) struct Part<F, K> {
    pub full: Option<F>,
    pub key: K,
}

#[derive(Default)]
pub(crate) struct CompanyKey {
    pub start_date: Option<String>,
    pub horizon_years: Option<u32>,
    pub discount_rate: Option<f64>,
    pub terminal_value: Option<RawTerminalValue>,
}

#[derive(Default)]
pub(crate) struct SiteKey {
    pub name: Option<String>,
    pub mw_gross: Option<f64>,
    pub interconnect_mw_gross: Option<f64>,
}

#[derive(Default)]
pub(crate) struct ConversionKey {
    pub name: Option<String>,
    pub site: Option<String>,
    pub start_month: Option<String>,
    pub mw_it: Option<f64>,
    pub pue: Option<f64>,
    pub deal: Option<String>,
}

#[derive(Default)]
pub(crate) struct LoanKey {
    pub conversion: Option<String>,
}

/// The scenario for the rules stage.
pub(crate) struct Parts {
    pub company: Part<RawCompany, CompanyKey>,
    /// `None` when the file has no `sites` (the schema stage reports it).
    pub sites: Option<Vec<Part<RawSite, SiteKey>>>,
    pub conversions: Vec<Part<RawConversion, ConversionKey>>,
    pub loans: Vec<Part<RawLoan, LoanKey>>,
    /// Market models that failed the schema are replaced by their defaults (which no rule objects to).
    pub market: RawMarket,
}

impl Parts {
    /// Every element in full (a file that passed the schema stage).
    pub fn strict(raw: RawScenario) -> Parts {
        let c = &raw.company;
        Parts {
            company: Part {
                key: CompanyKey {
                    start_date: c.start_date.clone(),
                    horizon_years: Some(c.horizon_years),
                    discount_rate: Some(c.discount_rate),
                    terminal_value: Some(c.terminal_value),
                },
                full: Some(raw.company),
            },
            sites: Some(
                raw.sites
                    .into_iter()
                    .map(|s| Part {
                        key: SiteKey {
                            name: Some(s.name.clone()),
                            mw_gross: Some(s.mw_gross),
                            interconnect_mw_gross: s.interconnect_mw_gross,
                        },
                        full: Some(s),
                    })
                    .collect(),
            ),
            conversions: raw
                .conversions
                .into_iter()
                .map(|cv| Part {
                    key: ConversionKey {
                        name: Some(cv.name.clone()),
                        site: Some(cv.site.clone()),
                        start_month: Some(cv.start_month.clone()),
                        mw_it: Some(cv.mw_it),
                        pue: Some(cv.pue),
                        deal: cv.deal.clone(),
                    },
                    full: Some(cv),
                })
                .collect(),
            loans: raw
                .loans
                .into_iter()
                .map(|l| Part {
                    key: LoanKey {
                        conversion: Some(l.conversion.clone()),
                    },
                    full: Some(l),
                })
                .collect(),
            market: raw.market,
        }
    }

    /// The well-formed parts of a document whose values at `bad` paths failed the schema. An element with a
    /// `tainted` path in it (a problem other than an unknown field, which is simply dropped) is not parsed in
    /// full, so that no default standing in for a dropped value can raise a rule of its own.
    pub fn lenient(doc: &DeTable<'_>, bad: &BTreeSet<String>, tainted: &BTreeSet<String>) -> Parts {
        let root = prune_table(doc, "", bad);
        let clean = |p: &str| {
            !tainted.iter().any(|b| {
                b.strip_prefix(p)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
        };
        let company = root.get("company").and_then(Value::as_table);
        Parts {
            company: Part {
                full: company.filter(|_| clean("company")).and_then(parse_full),
                key: CompanyKey {
                    start_date: field(company, "start_date"),
                    horizon_years: field(company, "horizon_years"),
                    discount_rate: field(company, "discount_rate"),
                    terminal_value: field(company, "terminal_value"),
                },
            },
            sites: root.get("sites").map(|_| {
                element_parts(&root, "sites", &clean, |t| SiteKey {
                    name: field(t, "name"),
                    mw_gross: field(t, "mw_gross"),
                    interconnect_mw_gross: field(t, "interconnect_mw_gross"),
                })
            }),
            conversions: element_parts(&root, "conversions", &clean, |t| ConversionKey {
                name: field(t, "name"),
                site: field(t, "site"),
                start_month: field(t, "start_month"),
                mw_it: field(t, "mw_it"),
                pue: field(t, "pue"),
                deal: field(t, "deal"),
            }),
            loans: element_parts(&root, "loans", &clean, |t| LoanKey {
                conversion: field(t, "conversion"),
            }),
            market: RawMarket {
                btc_price: market_model(&root, "btc_price", &clean),
                hashrate: market_model(&root, "hashrate", &clean),
                fees: market_model(&root, "fees", &clean),
                gpu_price: market_model(&root, "gpu_price", &clean),
                power: market_model(&root, "power", &clean),
                tenant_default: market_model(&root, "tenant_default", &clean),
                btc_hashrate_correlation: market_model(&root, "btc_hashrate_correlation", &clean),
            },
        }
    }
}

/// Each item of the element array `k` of `root`: parsed in full when `clean` holds for its path (`k[i]`), and
/// its key fields from whatever in it is well-formed.
fn element_parts<F: DeserializeOwned, K>(
    root: &Table,
    k: &str,
    clean: &impl Fn(&str) -> bool,
    key: impl Fn(Option<&Table>) -> K,
) -> Vec<Part<F, K>> {
    let items = root
        .get(k)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .map(Value::as_table)
        .enumerate()
        .map(|(i, t)| Part {
            full: t
                .filter(|_| clean(&format!("{k}[{i}]")))
                .and_then(parse_full),
            key: key(t),
        })
        .collect()
}

/// The market model `k` of `root`, or its default when it is missing or a tainted path lies in it.
fn market_model<T: DeserializeOwned + Default>(
    root: &Table,
    k: &str,
    clean: &impl Fn(&str) -> bool,
) -> T {
    let market = root.get("market").and_then(Value::as_table);
    field(market.filter(|_| clean(&format!("market.{k}"))), k).unwrap_or_default()
}

fn parse_full<T: DeserializeOwned>(t: &Table) -> Option<T> {
    Value::Table(t.clone()).try_into().ok()
}

fn field<T: DeserializeOwned>(t: Option<&Table>, key: &str) -> Option<T> {
    t?.get(key)?.clone().try_into().ok()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The table without the values at `bad` paths. An array with a bad item is dropped whole (its indices must
/// keep matching the file), except the element arrays, whose items are parsed one by one.
fn prune_table(t: &DeTable<'_>, path: &str, bad: &BTreeSet<String>) -> Table {
    let mut out = Table::new();
    for (k, v) in t.iter() {
        let p = join(path, k.get_ref());
        if bad.contains(&p) {
            continue;
        }
        if let Some(v) = prune(v.get_ref(), &p, bad) {
            out.insert(k.get_ref().to_string(), v);
        }
    }
    out
}

fn prune(v: &DeValue<'_>, path: &str, bad: &BTreeSet<String>) -> Option<Value> {
    Some(match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let s = i.as_str().replace('_', "");
            Value::Integer(i64::from_str_radix(&s, i.radix()).ok()?)
        }
        DeValue::Float(_) => Value::Float(number(v)?),
        DeValue::Boolean(b) => Value::Boolean(*b),
        DeValue::Datetime(d) => Value::Datetime(*d),
        DeValue::Table(t) => Value::Table(prune_table(t, path, bad)),
        DeValue::Array(a) => {
            let element_array = matches!(path, "sites" | "conversions" | "loans");
            let mut items = Vec::new();
            for (i, item) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                if bad.contains(&p) && !element_array {
                    return None;
                }
                match prune(item.get_ref(), &p, bad) {
                    Some(x) => items.push(x),
                    None if element_array => items.push(Value::Table(Table::new())),
                    None => return None,
                }
            }
            Value::Array(items)
        }
    })
}
