//! Both stages on one file: the schema stage ([`super::check`]), then the rules stage ([`super::rules`]) on the
//! well-formed parts, every problem with its path, line and column, the value found and what was expected.

use super::check::Checker;
use super::collector::Collector;
use super::issue::{Issue, Issues, line_column};
use super::lenient::Parts;
use super::model::Scenario;
use super::raw::RawScenario;
use crate::hpc::deals::DealLibrary;
use crate::mining::AsicLibrary;
use crate::network::NetworkHistory;
use crate::power::PriceBook;
use toml::de::DeTable;

/// What a scenario is checked against: the libraries and the data its defaults come from.
pub struct Context<'a> {
    /// Daily network data (price, difficulty, height, fees) the market starts from.
    pub network: &'a NetworkHistory,
    /// ASIC models fleets name.
    pub asics: &'a AsicLibrary,
    /// Deals conversions name.
    pub deals: &'a DealLibrary,
    /// Hourly hub prices for power bootstrap (real-time market).
    pub power: &'a PriceBook,
}

/// The JSON Schema of the scenario file, as a JSON value.
pub(crate) fn schema_value() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawScenario)).expect("a schema is JSON")
}

/// Parses and checks a scenario file. `origin` names it in messages. Every problem is reported at once.
pub fn parse_scenario(text: &str, origin: &str, ctx: &Context<'_>) -> Result<Scenario, Issues> {
    let fail = |issues: Vec<Issue>| {
        let mut issues = issues;
        issues.sort_by_key(|i| (i.line, i.column));
        let mut seen = Vec::new();
        issues.retain(|i| {
            let new = !seen.contains(i);
            if new {
                seen.push(i.clone());
            }
            new
        });
        Issues {
            origin: origin.to_string(),
            issues,
        }
    };
    if text.len() as f64 > crate::bounds::SCENARIO_BYTES.max {
        return Err(fail(vec![Issue {
            path: "(file)".into(),
            line: 1,
            column: 1,
            found: format!("{} bytes", text.len()),
            expected: crate::bounds::SCENARIO_BYTES.expected.into(),
            hint: None,
        }]));
    }
    let (doc, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let issues = syntax
            .iter()
            .map(|e| {
                let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
                Issue {
                    path: "(syntax)".into(),
                    line,
                    column,
                    found: e.message().trim().to_string(),
                    expected: "valid TOML".into(),
                    hint: None,
                }
            })
            .collect();
        return Err(fail(issues));
    }
    let schema = schema_value();
    let mut checker = Checker::new(&schema, text);
    checker.check_table(&schema, &doc, "");
    let schema_issues = checker.issues;
    // The rules stage runs either way: on the whole file when the schema found nothing, else on the parts of
    // it that are well-formed, so both stages' problems come out in one list.
    let parts = if schema_issues.is_empty() {
        match toml::from_str::<RawScenario>(text) {
            Ok(raw) => Parts::strict(raw),
            Err(e) => {
                let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
                return Err(fail(vec![Issue {
                    path: "(file)".into(),
                    line,
                    column,
                    found: e.message().trim().to_string(),
                    expected: "a scenario the schema describes".into(),
                    hint: None,
                }]));
            }
        }
    } else {
        let bad = schema_issues.iter().map(|i| i.path.clone()).collect();
        let tainted = schema_issues
            .iter()
            .filter(|i| !i.found.starts_with("unknown field"))
            .map(|i| i.path.clone())
            .collect();
        Parts::lenient(doc.get_ref(), &bad, &tainted)
    };
    let mut c = Collector::new(text, &doc, schema_issues);
    let scenario = super::rules::build(&parts, ctx, &mut c);
    // What `run` refuses, `validate` refuses: a fleet larger than the network at the valuation date.
    match scenario.as_ref().map(Scenario::fleet_share_of_blocks) {
        Some(Err(crate::Error::InvalidInput {
            found, expected, ..
        })) => c.at("sites", format!("fleets of {found}"), expected),
        Some(Err(e)) => c.at("sites", "the sites' fleets", e.to_string()),
        _ => {}
    }
    if c.issues.is_empty() {
        Ok(scenario.expect("no issues means a scenario"))
    } else {
        Err(fail(c.issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bounds;

    #[test]
    fn the_schema_ranges_are_the_named_bounds() {
        let s = schema_value();
        let prop = |def: &str, field: &str| s["$defs"][def]["properties"][field].clone();
        let range = |v: serde_json::Value| (v["minimum"].as_f64(), v["maximum"].as_f64());
        let dr = prop("RawCompany", "discount_rate");
        assert_eq!(
            range(dr),
            (
                Some(bounds::DISCOUNT_RATE.min),
                Some(bounds::DISCOUNT_RATE.max)
            )
        );
        let bm = prop("RawConversion", "build_months");
        assert_eq!(
            range(bm),
            (
                Some(bounds::BUILD_MONTHS.min),
                Some(bounds::BUILD_MONTHS.max)
            )
        );
        let pue = prop("RawConversion", "pue");
        assert_eq!(range(pue), (Some(bounds::PUE.min), Some(bounds::PUE.max)));
        // Whole numbers stay whole in the schema; USD amounts have a ceiling too (1e13).
        let hy = prop("RawCompany", "horizon_years");
        assert_eq!(hy["minimum"], serde_json::json!(1));
        let mw = prop("RawConversion", "mw_it");
        assert_eq!(range(mw), (Some(bounds::MW.min), Some(bounds::MW.max)));
        let usd = prop("RawConversion", "tenant_funded_capex_usd");
        assert_eq!(range(usd), (Some(0.0), Some(bounds::USD_AMOUNT.max)));
    }
}
