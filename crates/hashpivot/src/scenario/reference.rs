//! The scenario reference, generated from the raw types: the JSON Schema (for editors) and the Markdown
//! field table (`docs/scenario.md`). Tests fail when the committed copies are stale.

use super::validate::schema_value;
use serde_json::Value as J;
use std::fmt::Write as _;

/// The JSON Schema of a scenario file, pretty-printed with a trailing newline.
pub fn schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&schema_value()).expect("a schema prints");
    s.push('\n');
    s
}

fn resolve<'a>(root: &'a J, s: &'a J) -> &'a J {
    match s.get("$ref").and_then(J::as_str) {
        Some(r) => root
            .get("$defs")
            .and_then(|d| d.get(r.rsplit('/').next().unwrap_or(r)))
            .unwrap_or(s),
        None => s,
    }
}

fn type_name(s: &J) -> String {
    if let Some(r) = s.get("$ref").and_then(J::as_str) {
        return format!(
            "[{0}](#{1})",
            r.rsplit('/').next().unwrap_or(r),
            r.rsplit('/').next().unwrap_or(r).to_lowercase()
        );
    }
    if let Some(alts) = s
        .get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(J::as_array)
    {
        let parts: Vec<String> = alts
            .iter()
            .filter(|a| a.get("type").and_then(J::as_str) != Some("null"))
            .map(|a| {
                a.get("const")
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| type_name(a))
            })
            .collect();
        return parts.join(" \\| ");
    }
    if let Some(e) = s.get("enum").and_then(J::as_array) {
        return e
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" \\| ");
    }
    let t = match s.get("type") {
        Some(J::String(t)) => t.clone(),
        Some(J::Array(a)) => a
            .iter()
            .filter_map(J::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join("/"),
        _ => "any".into(),
    };
    let t = if t == "array" {
        format!(
            "array of {}",
            s.get("items").map_or("any".into(), type_name)
        )
    } else {
        t
    };
    let min = s.get("minimum").and_then(J::as_f64);
    let max = s.get("maximum").and_then(J::as_f64);
    match (min, max) {
        (Some(a), Some(b)) if b < 1e9 => format!("{t} in [{a}, {b}]"),
        (Some(a), _) if !(a == 0.0 && t == "integer") => format!("{t} ≥ {a}"),
        _ => t,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn fields(out: &mut String, root: &J, s: &J) {
    let req: Vec<&str> = s
        .get("required")
        .and_then(J::as_array)
        .map(|r| r.iter().filter_map(J::as_str).collect())
        .unwrap_or_default();
    let Some(props) = s.get("properties").and_then(J::as_object) else {
        return;
    };
    out.push_str("| field | type | required / default | meaning |\n|---|---|---|---|\n");
    for (k, p) in props {
        let rp = resolve(root, p);
        let desc = p
            .get("description")
            .or_else(|| rp.get("description"))
            .and_then(J::as_str)
            .unwrap_or("");
        let default = p.get("default").map(|d| format!("default {d}"));
        let need = if req.contains(&k.as_str()) {
            "required".to_string()
        } else {
            default.unwrap_or_else(|| "optional".into())
        };
        let _ = writeln!(
            out,
            "| `{k}` | {} | {need} | {} |",
            type_name(p),
            one_line(desc)
        );
    }
    out.push('\n');
}

/// `docs/scenario.md`: every field of every table, its type and range, default and meaning.
pub fn reference_markdown() -> String {
    let root = schema_value();
    let mut out = String::from(
        "# Scenario file reference\n\n\
         Generated from the doc comments of `crates/hashpivot/src/scenario/raw.rs` by \
         `HASHPIVOT_BLESS=1 cargo test -p hashpivot --test it scenario_docs`; do not edit by hand. The JSON Schema \
         is `docs/scenario.schema.json`. Units are in every field name: `mw_gross` is grid power, `mw_it` \
         critical IT load, `usd_per_kw_month` rent per kW of IT per month, `j_per_th` joules per terahash, \
         `eh_s` exahashes per second, `usd_per_mwh` dollars per megawatt-hour. Rates and shares are fractions \
         (0.12 = 12%). `hashpivot validate FILE` checks a file and reports every problem with its line and \
         column.\n\n## RawScenario (the file)\n\n",
    );
    fields(&mut out, &root, &root);
    if let Some(defs) = root.get("$defs").and_then(J::as_object) {
        for (name, d) in defs {
            let _ = writeln!(out, "## {name}\n");
            if let Some(desc) = d.get("description").and_then(J::as_str) {
                let _ = writeln!(out, "{}\n", one_line(desc));
            }
            if let Some(alts) = d.get("oneOf").and_then(J::as_array) {
                for a in alts {
                    if let Some(c) = a.get("const") {
                        let _ = writeln!(
                            out,
                            "- {c}: {}",
                            one_line(a.get("description").and_then(J::as_str).unwrap_or(""))
                        );
                        continue;
                    }
                    let tag = a
                        .get("properties")
                        .and_then(J::as_object)
                        .and_then(|p| p.iter().find(|(_, v)| v.get("const").is_some()))
                        .map(|(k, v)| format!("{k} = {}", v["const"]))
                        .unwrap_or_default();
                    let _ = writeln!(out, "### {tag}\n");
                    if let Some(desc) = a.get("description").and_then(J::as_str) {
                        let _ = writeln!(out, "{}\n", one_line(desc));
                    }
                    fields(&mut out, &root, a);
                }
                out.push('\n');
            } else if let Some(e) = d.get("enum").and_then(J::as_array) {
                let _ = writeln!(
                    out,
                    "One of {}.\n",
                    e.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            } else {
                fields(&mut out, &root, d);
            }
        }
    }
    out
}
