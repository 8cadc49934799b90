//! The scenario's JSON Schema (generated from the raw types, `hashpivot::scenario::schema_json`) as the fuzzer
//! reads it: the numeric range of a field at a TOML path, and the fields a table may hold.

use serde_json::Value as Json;
use std::sync::LazyLock;

/// One step of a path in a scenario document.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A table's key.
    Key(String),
    /// An array's element.
    Index(usize),
}

static SCHEMA: LazyLock<Json> =
    LazyLock::new(|| serde_json::from_str(&hashpivot::scenario::schema_json()).unwrap());

/// `s` with `$ref`, `anyOf`, `oneOf` and `allOf` expanded into the schemas a value may match.
fn expand<'a>(s: &'a Json, out: &mut Vec<&'a Json>, depth: usize) {
    if depth > 8 {
        return;
    }
    if let Some(r) = s.get("$ref").and_then(Json::as_str)
        && let Some(name) = r.strip_prefix("#/$defs/")
        && let Some(d) = SCHEMA["$defs"].get(name)
    {
        expand(d, out, depth + 1);
    }
    for k in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = s.get(k).and_then(Json::as_array) {
            for v in list {
                expand(v, out, depth + 1);
            }
        }
    }
    out.push(s);
}

/// The schemas a value at `path` may match (empty when the schema does not describe it).
pub fn at(path: &[Step]) -> Vec<&'static Json> {
    let mut now = Vec::new();
    expand(&SCHEMA, &mut now, 0);
    for step in path {
        let mut next = Vec::new();
        for s in &now {
            let child = match step {
                Step::Key(k) => s.get("properties").and_then(|p| p.get(k.as_str())),
                Step::Index(_) => s.get("items"),
            };
            if let Some(c) = child {
                expand(c, &mut next, 0);
            }
        }
        now = next;
    }
    now
}

/// The `[minimum, maximum]` the schema gives a number at `path`, if it gives one (the widest of the variants).
pub fn range(path: &[Step]) -> Option<(f64, f64)> {
    let mut lo: Option<f64> = None;
    let mut hi: Option<f64> = None;
    let mut any = false;
    for s in at(path) {
        let (min, max) = (
            s.get("minimum").and_then(Json::as_f64),
            s.get("maximum").and_then(Json::as_f64),
        );
        if min.is_some() || max.is_some() {
            any = true;
            lo = Some(lo.map_or(min.unwrap_or(f64::MIN), |l| l.min(min.unwrap_or(f64::MIN))));
            hi = Some(hi.map_or(max.unwrap_or(f64::MAX), |h| h.max(max.unwrap_or(f64::MAX))));
        }
    }
    any.then(|| (lo.unwrap_or(f64::MIN), hi.unwrap_or(f64::MAX)))
}

/// The fields the table at `path` may hold (every variant's), sorted.
pub fn fields(path: &[Step]) -> Vec<String> {
    let mut out: Vec<String> = at(path)
        .iter()
        .filter_map(|s| s.get("properties").and_then(Json::as_object))
        .flat_map(|p| p.keys().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn the_schema_gives_the_bounds_of_fields() {
    let k = |s: &str| Step::Key(s.into());
    assert_eq!(
        range(&[k("company"), k("horizon_years")]),
        Some((1.0, 30.0))
    );
    assert_eq!(
        range(&[k("conversions"), Step::Index(3), k("pue")]).map(|r| r.0),
        Some(1.0)
    );
    assert!(fields(&[k("market")]).contains(&"btc_price".to_string()));
}
