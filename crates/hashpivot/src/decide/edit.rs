//! Changes to a scenario document: a value at a dotted path (`sites.west.power.price_usd_per_mwh`, array
//! elements by `name`, `*` for all), and a plan's kind applied to its site. The result is checked as a whole by
//! [`crate::scenario::parse_scenario`], so no rule of the scenario is repeated here.

use crate::error::{Error, Result};
use crate::scenario::{Plan, PlanKind};
use toml::{Table, Value};

/// How an edit changes the value at a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Replace it with this value.
    Set(Value),
    /// Set it to this number (integer when the field holds one).
    Number(f64),
    /// Multiply the current value.
    Scale(f64),
    /// Add to the current value.
    Shift(f64),
}

/// An edit of a scenario document.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Dotted path from the top of the file; array elements by `name` or `*`.
    pub path: String,
    /// The change.
    pub change: Change,
    /// The value the path holds when the field is absent (its default), for `Scale`/`Shift`; the edit skips
    /// such elements when `None`.
    pub absent: Option<f64>,
    /// The valid range of the field: a number moved outside it is brought back to its edge.
    pub clamp: Option<(f64, f64)>,
    /// Make the tables missing on the way (not array elements): for a field whose table the file may leave
    /// out, every field of it optional (`company.discount_rates`, a lease's `tenant_credit`).
    pub create_tables: bool,
}

/// One leaf an edit reached: the element's name (the nearest named array element) and the new value.
#[derive(Debug, Clone, PartialEq)]
pub struct Touched {
    /// `name` of the array element the path went through, if any.
    pub element: Option<String>,
    /// The value written.
    pub value: f64,
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn new_value(
    old: Option<&Value>,
    change: &Change,
    absent: Option<f64>,
    clamp: Option<(f64, f64)>,
) -> Option<Value> {
    // A field the file leaves out is written as an integer when the value is whole (an integer reads as a
    // float where a float is expected; a whole-number field such as `vacancy_months` needs one).
    let integer = |x: f64| match old {
        Some(Value::Integer(_)) => true,
        None => x.fract() == 0.0 && x.abs() < 9e15,
        _ => false,
    };
    let current = old.and_then(number).or(absent);
    let x = match change {
        Change::Set(v) => return Some(v.clone()),
        Change::Number(x) => *x,
        Change::Scale(f) => current? * f,
        Change::Shift(d) => current? + d,
    };
    let x = clamp.map_or(x, |(lo, hi)| x.clamp(lo, hi));
    Some(if integer(x) {
        Value::Integer(x.round() as i64)
    } else {
        Value::Float(x)
    })
}

/// Applies `edit` to `doc`; returns every leaf it wrote. `create` makes missing tables on the way and refuses
/// a named element that is not there (a plan's `set`); without it such paths are skipped (a sensitivity on a
/// field some elements lack).
pub fn apply(doc: &mut Table, edit: &Edit, create: bool) -> Result<Vec<Touched>> {
    let segs: Vec<&str> = edit.path.split('.').collect();
    if segs.iter().any(|s| s.is_empty()) {
        return Err(Error::invalid(
            "path",
            &edit.path,
            "a dotted path such as sites.west.power.price_usd_per_mwh",
        ));
    }
    let mut out = Vec::new();
    walk(doc, &segs, None, edit, create, &mut out)?;
    Ok(out)
}

fn walk(
    t: &mut Table,
    segs: &[&str],
    element: Option<&str>,
    edit: &Edit,
    create: bool,
    out: &mut Vec<Touched>,
) -> Result<()> {
    let (head, rest) = (segs[0], &segs[1..]);
    if rest.is_empty() {
        if let Some(v) = new_value(t.get(head), &edit.change, edit.absent, edit.clamp) {
            let x = number(&v).unwrap_or(f64::NAN);
            t.insert(head.to_string(), v);
            out.push(Touched {
                element: element.map(str::to_string),
                value: x,
            });
        }
        return Ok(());
    }
    if !t.contains_key(head) {
        if !create && !edit.create_tables {
            return Ok(());
        }
        t.insert(head.to_string(), Value::Table(Table::new()));
    }
    match t.get_mut(head) {
        Some(Value::Table(sub)) => walk(sub, rest, element, edit, create, out),
        Some(Value::Array(items)) => {
            let (sel, rest) = (rest[0], &rest[1..]);
            if rest.is_empty() {
                return Err(Error::invalid(
                    "path",
                    &edit.path,
                    format!("a field after the element `{sel}` of `{head}`"),
                ));
            }
            let mut found = false;
            for item in items.iter_mut() {
                let Value::Table(it) = item else { continue };
                let name = it.get("name").and_then(Value::as_str).map(str::to_string);
                let hit = sel == "*" || name.as_deref() == Some(sel);
                if hit {
                    found = true;
                    walk(it, rest, name.as_deref(), edit, create, out)?;
                }
            }
            // A named element that is not there: an error for a plan's `set`, skipped for a sensitivity (the
            // element may be in another file of the decision).
            if !found && sel != "*" && create {
                return Err(Error::invalid(
                    "path",
                    &edit.path,
                    format!("an element of `{head}` named `{sel}`"),
                ));
            }
            Ok(())
        }
        _ => Err(Error::invalid(
            "path",
            &edit.path,
            format!("`{head}` to be a table or an array of tables"),
        )),
    }
}

fn tables<'a>(doc: &'a Table, key: &str) -> impl Iterator<Item = &'a Table> {
    doc.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_table)
}

fn str_field<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str)
}

/// Keeps the conversions for which `keep(name, site)` holds, and the loans of the kept ones.
fn retain_conversions(doc: &mut Table, keep: impl Fn(&str, &str) -> bool) {
    let mut dropped = Vec::new();
    if let Some(Value::Array(cs)) = doc.get_mut("conversions") {
        cs.retain(|c| {
            let (n, s) = c
                .as_table()
                .map(|t| {
                    (
                        str_field(t, "name").unwrap_or(""),
                        str_field(t, "site").unwrap_or(""),
                    )
                })
                .unwrap_or(("", ""));
            let k = keep(n, s);
            if !k {
                dropped.push(n.to_string());
            }
            k
        });
    }
    if let Some(Value::Array(ls)) = doc.get_mut("loans") {
        ls.retain(|l| {
            l.as_table()
                .and_then(|t| str_field(t, "conversion"))
                .is_none_or(|c| !dropped.iter().any(|d| d == c))
        });
    }
}

fn site_mut<'a>(doc: &'a mut Table, site: &str) -> Option<&'a mut Table> {
    match doc.get_mut("sites") {
        Some(Value::Array(ss)) => ss
            .iter_mut()
            .filter_map(Value::as_table_mut)
            .find(|t| str_field(t, "name") == Some(site)),
        _ => None,
    }
}

/// Sets the settlement of the site's fixed-price contract; refuses an index contract, naming the plan.
fn settle_fixed(site: &mut Table, settlement: &str, plan: &Plan, site_name: &str) -> Result<()> {
    let power = site.get_mut("power").and_then(Value::as_table_mut);
    match power {
        Some(p) if str_field(p, "contract") == Some("fixed") => {
            p.insert("settlement".into(), Value::String(settlement.into()));
            Ok(())
        }
        Some(p) => Err(Error::invalid(
            format!("plan `{}` (kind {})", plan.name(), plan.kind_name()),
            format!(
                "site `{site_name}` with a {} contract",
                str_field(p, "contract").unwrap_or("?")
            ),
            "a site with a fixed-price contract (contract = \"fixed\"), whose block can be taken or paid and resold",
        )),
        None => Err(Error::invalid("power", site_name, "a power table")),
    }
}

/// The site's load stops: no fleet, hosting or demand response; with `costs`, no fixed costs either and a
/// fixed block no longer taken or paid (the contract ends).
fn empty_site(site: &mut Table, costs: bool) {
    for k in ["fleet", "hosting", "demand_response"] {
        site.remove(k);
    }
    if costs {
        site.insert("fixed_opex_usd_per_year".into(), Value::Float(0.0));
        if let Some(p) = site.get_mut("power").and_then(Value::as_table_mut)
            && str_field(p, "contract") == Some("fixed")
        {
            p.insert("settlement".into(), Value::String("pay_as_consumed".into()));
        }
    }
}

/// Applies `plan` to `doc` (the file without its `plans`); returns the proceeds received at the valuation date
/// (a site sale or a contract buyout), USD. Then the plan's `set` edits.
pub fn apply_plan(doc: &mut Table, plan: &Plan) -> Result<f64> {
    let field = |f: &str| format!("plan `{}`: {f}", plan.name());
    let site_names: Vec<String> = tables(doc, "sites")
        .filter_map(|t| str_field(t, "name").map(str::to_string))
        .collect();
    let conv_names: Vec<(String, String)> = tables(doc, "conversions")
        .map(|t| {
            (
                str_field(t, "name").unwrap_or("").to_string(),
                str_field(t, "site").unwrap_or("").to_string(),
            )
        })
        .collect();
    if let Some(list) = plan.conversions() {
        for c in list {
            if !conv_names.iter().any(|(n, _)| n == c) {
                return Err(Error::invalid(
                    field("conversions"),
                    c,
                    format!(
                        "one of the file's conversions ({})",
                        conv_names
                            .iter()
                            .map(|(n, _)| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    let site = || -> Result<String> {
        match plan.site() {
            Some(s) if site_names.iter().any(|n| n == s) => Ok(s.to_string()),
            Some(s) => Err(Error::invalid(
                field("site"),
                s,
                format!("one of the sites {}", site_names.join(", ")),
            )),
            None if site_names.len() == 1 => Ok(site_names[0].clone()),
            None => Err(Error::invalid(
                field("site"),
                "nothing",
                format!(
                    "the site the plan changes (one of {})",
                    site_names.join(", ")
                ),
            )),
        }
    };
    let mut proceeds = 0.0;
    match plan.kind() {
        PlanKind::AsWritten => {
            if let Some(list) = plan.conversions() {
                retain_conversions(doc, |n, _| list.iter().any(|c| c == n));
            }
        }
        PlanKind::KeepMining => {
            let s = site()?;
            retain_conversions(doc, |_, cs| cs != s);
        }
        PlanKind::MineSellBack => {
            let s = site()?;
            retain_conversions(doc, |_, cs| cs != s);
            let t = site_mut(doc, &s).expect("the site exists");
            settle_fixed(t, "take_or_pay_sell_back", plan, &s)?;
        }
        PlanKind::SellPower { buyout_usd } => {
            let s = site()?;
            retain_conversions(doc, |_, cs| cs != s);
            let t = site_mut(doc, &s).expect("the site exists");
            match buyout_usd {
                Some(b) => {
                    empty_site(t, true);
                    proceeds = *b;
                }
                None => {
                    empty_site(t, false);
                    settle_fixed(t, "take_or_pay_sell_back", plan, &s)?;
                }
            }
        }
        PlanKind::Convert { start_month } => {
            let s = site()?;
            let keep: Vec<String> = match plan.conversions() {
                Some(list) => list.to_vec(),
                None => conv_names
                    .iter()
                    .filter(|(_, cs)| *cs == s)
                    .map(|(n, _)| n.clone())
                    .collect(),
            };
            if let Some((n, cs)) = conv_names
                .iter()
                .find(|(n, cs)| keep.contains(n) && *cs != s)
            {
                return Err(Error::invalid(
                    field("conversions"),
                    format!("`{n}` on site `{cs}`"),
                    format!("conversions of site `{s}`"),
                ));
            }
            if keep.is_empty() {
                return Err(Error::invalid(
                    field("conversions"),
                    "none",
                    format!("at least one conversion of site `{s}` in the file"),
                ));
            }
            retain_conversions(doc, |n, cs| cs != s || keep.iter().any(|k| k == n));
            if let Some(m) = start_month {
                for k in &keep {
                    apply(
                        doc,
                        &Edit {
                            path: format!("conversions.{k}.start_month"),
                            change: Change::Set(Value::String(m.to_string())),
                            absent: None,
                            clamp: None,
                            create_tables: false,
                        },
                        false,
                    )?;
                }
            }
        }
        PlanKind::SellSite { usd_per_mw_gross } => {
            let s = site()?;
            retain_conversions(doc, |_, cs| cs != s);
            let t = site_mut(doc, &s).expect("the site exists");
            let mw = t.get("mw_gross").and_then(number).unwrap_or(0.0);
            empty_site(t, true);
            proceeds = usd_per_mw_gross * mw;
        }
    }
    for (j, (path, value)) in plan.set().iter().enumerate() {
        let touched = apply(
            doc,
            &Edit {
                path: path.clone(),
                change: Change::Set(value.clone()),
                absent: None,
                clamp: None,
                create_tables: false,
            },
            true,
        )
        .map_err(|e| Error::invalid(field(&format!("set[{j}].path")), path, e.to_string()))?;
        if touched.is_empty() {
            return Err(Error::invalid(
                field(&format!("set[{j}].path")),
                path,
                "a path that reaches at least one field",
            ));
        }
    }
    Ok(proceeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        r#"
[company]
name = "c"
[[sites]]
name = "a"
mw_gross = 10
power = { contract = "fixed", price_usd_per_mwh = 30.0 }
[[sites]]
name = "b"
mw_gross = 20
power = { contract = "index", adder_usd_per_mwh = 5 }
[[conversions]]
name = "x"
site = "a"
capex_usd_per_mw_it = 1e6
[[conversions]]
name = "y"
site = "b"
capex_usd_per_mw_it = 2e6
[[loans]]
conversion = "x"
"#
        .parse()
        .unwrap()
    }

    #[test]
    fn paths_reach_named_elements_and_every_element() {
        let mut d = doc();
        let e = Edit {
            path: "conversions.*.capex_usd_per_mw_it".into(),
            change: Change::Scale(2.0),
            absent: None,
            clamp: None,
            create_tables: false,
        };
        let t = apply(&mut d, &e, false).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].value, 4e6);
        assert_eq!(t[1].element.as_deref(), Some("y"));
        let e = Edit {
            path: "sites.b.power.adder_usd_per_mwh".into(),
            change: Change::Shift(-2.0),
            absent: None,
            clamp: None,
            create_tables: false,
        };
        assert_eq!(apply(&mut d, &e, false).unwrap()[0].value, 3.0);
        // An integer stays an integer.
        assert!(matches!(
            d["sites"][1]["power"]["adder_usd_per_mwh"],
            Value::Integer(3)
        ));
        let e = Edit {
            path: "sites.nope.mw_gross".into(),
            change: Change::Number(1.0),
            absent: None,
            clamp: None,
            create_tables: false,
        };
        assert!(apply(&mut d, &e, true).is_err());
        assert!(apply(&mut d, &e, false).unwrap().is_empty());
        // A missing table is skipped without `create`.
        let e = Edit {
            path: "conversions.*.lease.noi_margin".into(),
            change: Change::Shift(-0.1),
            absent: Some(1.0),
            clamp: None,
            create_tables: false,
        };
        assert!(apply(&mut d, &e, false).unwrap().is_empty());
    }

    /// The plan the `[[plans]]` entry `text` describes.
    fn plan(text: &str) -> Plan {
        Plan::from_raw(0, &toml::from_str(text).unwrap()).unwrap()
    }

    #[test]
    fn a_plan_drops_conversions_with_their_loans() {
        let mut d = doc();
        let p = plan("name = \"keep\"\nkind = \"keep_mining\"\nsite = \"a\"");
        assert_eq!(apply_plan(&mut d, &p).unwrap(), 0.0);
        assert_eq!(d["conversions"].as_array().unwrap().len(), 1);
        assert!(d["loans"].as_array().unwrap().is_empty());
        let mut d = doc();
        let p = plan("name = \"sell\"\nkind = \"sell_site\"\nsite = \"b\"\nusd_per_mw_gross = 3e5");
        assert_eq!(apply_plan(&mut d, &p).unwrap(), 6e6);
        // Sell power needs a fixed contract: site b is indexed.
        let p = plan("name = \"sp\"\nkind = \"sell_power\"\nsite = \"b\"");
        let e = apply_plan(&mut doc(), &p).unwrap_err().to_string();
        assert!(e.contains("fixed-price contract"), "{e}");
    }
}
