//! The scenario without a deal: the counterfactual of a deal announcement (`hashpivot value --without-deal`).

use crate::error::{Error, Result, choices};
use serde::Deserialize;

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    conversions: Vec<Conv>,
}

#[derive(Deserialize)]
struct Conv {
    name: String,
    deal: Option<String>,
}

/// The scenario text without the conversions that use `deal` and without the loans of those conversions.
///
/// `[[conversions]]` and `[[loans]]` blocks (a header line to the next table header) are removed whole, so
/// everything else keeps its text; an error names the deal when no conversion uses it.
pub fn scenario_without_deal(text: &str, deal: &str) -> Result<String> {
    let doc: Doc = toml::from_str(text)
        .map_err(|e| Error::invalid("scenario", e.message(), "a TOML scenario"))?;
    let names: Vec<&str> = doc
        .conversions
        .iter()
        .filter(|c| {
            c.deal
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(deal.trim()))
        })
        .map(|c| c.name.as_str())
        .collect();
    if names.is_empty() {
        return Err(Error::invalid(
            "--without-deal",
            deal,
            format!(
                "a deal used by a conversion of this scenario: {}",
                choices(doc.conversions.iter().filter_map(|c| c.deal.as_deref()))
            ),
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let header = |l: &str| l.trim_start().starts_with('[');
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t == "[[conversions]]" || t == "[[loans]]" {
            let mut j = i + 1;
            while j < lines.len() && !header(lines[j]) {
                j += 1;
            }
            let block: Vec<&str> = lines[i + 1..j].to_vec();
            let value_of = |key: &str| {
                block.iter().find_map(|l| {
                    let (k, v) = l.split_once('=')?;
                    if k.trim() != key {
                        return None;
                    }
                    let v = v.split('#').next()?.trim().trim_matches('"');
                    Some(v.to_string())
                })
            };
            let drop = if t == "[[conversions]]" {
                value_of("deal").is_some_and(|d| d.eq_ignore_ascii_case(deal.trim()))
            } else {
                value_of("conversion").is_some_and(|c| names.contains(&c.as_str()))
            };
            if drop {
                keep[i..j].iter_mut().for_each(|k| *k = false);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let out: Vec<&str> = lines
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| *l)
        .collect();
    let mut s = out.join("\n");
    s.push('\n');
    let after: Doc = toml::from_str(&s)
        .map_err(|e| Error::invalid("scenario without the deal", e.message(), "a TOML scenario"))?;
    if after.conversions.len() + names.len() != doc.conversions.len() {
        return Err(Error::invalid(
            "--without-deal",
            deal,
            "conversions written as [[conversions]] blocks (inline arrays are not supported)",
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_the_deals_conversion_and_its_loan_only() {
        let text = "[company]\nname = \"a\"\n\n[[conversions]]\nname = \"cb3\"\ndeal = \"d1\"   # note\n\n[[conversions]]\nname = \"cb5\"\ndeal = \"d2\"\n\n[[loans]]\nconversion = \"cb3\"\nrate = 0.08\n\n[[loans]]\nconversion = \"cb5\"\n\n[market]\nfees = { volatility = 0.5 }\n";
        let out = scenario_without_deal(text, "d1").unwrap();
        assert!(
            !out.contains("cb3") && out.contains("cb5") && out.contains("[market]"),
            "{out}"
        );
        assert_eq!(out.matches("[[loans]]").count(), 1);
        let e = scenario_without_deal(text, "zz").unwrap_err().to_string();
        assert!(e.contains("d1, d2"), "{e}");
    }
}
