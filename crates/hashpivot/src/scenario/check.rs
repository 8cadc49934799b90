//! Walks the span-carrying TOML document against the JSON Schema generated from [`super::raw`], collecting
//! every problem: unknown fields (with the nearest known name), missing fields, wrong types, values outside
//! their range, unknown variants. One schema, so the checker can never disagree with the types.

use super::issue::{Issue, line_column};
use serde_json::Value as J;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub(crate) struct Checker<'a> {
    root: &'a J,
    text: &'a str,
    pub issues: Vec<Issue>,
}

/// The number in a TOML integer or float.
pub(crate) fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => {
            let s = i.as_str().replace('_', "");
            i64::from_str_radix(&s, i.radix()).ok().map(|n| n as f64)
        }
        DeValue::Float(f) => {
            let s = f.as_str().replace('_', "");
            match s.trim_start_matches('+') {
                "inf" => Some(f64::INFINITY),
                "-inf" => Some(f64::NEG_INFINITY),
                "nan" | "-nan" => Some(f64::NAN),
                t => t.parse().ok(),
            }
        }
        _ => None,
    }
}

/// How a TOML value reads in a message.
pub(crate) fn show(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(_) | DeValue::Float(_) => {
            let n = number(v).unwrap_or(f64::NAN);
            format!("{n}")
        }
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => format!("the TOML date {d}"),
        DeValue::Array(a) => format!("an array of {}", a.len()),
        DeValue::Table(_) => "a table".into(),
    }
}

fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "datetime",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "object",
    }
}

fn types(schema: &J) -> Vec<&str> {
    match schema.get("type") {
        Some(J::String(s)) => vec![s.as_str()],
        Some(J::Array(a)) => a
            .iter()
            .filter_map(J::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known name closest to an unknown one: same leading word (e.g. `mw` → `mw_gross`) or a small edit.
fn nearest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    let head = unknown.split('_').next().unwrap_or(unknown);
    known
        .iter()
        .map(|k| {
            let d = edit_distance(unknown, k);
            let same_head = k.split('_').next() == Some(head);
            (if same_head { 1 } else { d }, *k)
        })
        .filter(|(d, k)| *d <= 3.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl<'a> Checker<'a> {
    pub fn new(root: &'a J, text: &'a str) -> Checker<'a> {
        Checker {
            root,
            text,
            issues: Vec::new(),
        }
    }

    fn push(&mut self, span: std::ops::Range<usize>, path: &str, found: String, expected: String) {
        let (line, column) = line_column(self.text, span.start);
        self.issues.push(Issue {
            path: path.to_string(),
            line,
            column,
            found,
            expected,
            hint: None,
        });
    }

    fn resolve(&self, mut s: &'a J) -> &'a J {
        while let Some(r) = s.get("$ref").and_then(J::as_str) {
            let name = r.rsplit('/').next().unwrap_or(r);
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(t) => s = t,
                None => break,
            }
        }
        s
    }

    /// What a schema expects, in words.
    pub fn describe(&self, schema: &'a J) -> String {
        let s = self.resolve(schema);
        if let Some(alts) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(J::as_array)
        {
            let alts: Vec<&J> = alts
                .iter()
                .filter(|a| types(a) != Vec::<&str>::new() || a.get("type").is_none())
                .filter(|a| a.get("type").and_then(J::as_str) != Some("null"))
                .collect();
            if alts.len() == 1 {
                return self.describe(alts[0]);
            }
            if let Some(values) = self.consts(&alts) {
                return format!("one of {}", values.join(", "));
            }
            if let Some((tag, values)) = self.discriminator(&alts) {
                return format!("a table with {tag} = one of {}", values.join(", "));
            }
        }
        if let Some(e) = s.get("enum").and_then(J::as_array) {
            return format!(
                "one of {}",
                e.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let t = types(s);
        let min = s.get("minimum").and_then(J::as_f64);
        let max = s.get("maximum").and_then(J::as_f64);
        let base = match t.first().copied() {
            Some("number") => "a number",
            Some("integer") => "a whole number",
            Some("string") => "a string",
            Some("boolean") => "true or false",
            Some("array") => "an array",
            Some("object") => "a table",
            _ => "a value",
        };
        let range = match (min, max) {
            (Some(a), Some(b)) if !(a == 0.0 && t.first() == Some(&"integer") && b > 1e9) => {
                format!(" in [{}, {}]", fmt_num(a), fmt_num(b))
            }
            (Some(a), None) if !(a == 0.0 && t.first() == Some(&"integer")) => {
                format!(" ≥ {}", fmt_num(a))
            }
            (None, Some(b)) => format!(" ≤ {}", fmt_num(b)),
            _ => String::new(),
        };
        format!("{base}{range}")
    }

    /// Alternatives that are all constants (a unit enum): their values.
    fn consts(&self, alts: &[&'a J]) -> Option<Vec<String>> {
        alts.iter()
            .map(|a| {
                let a = self.resolve(a);
                a.get("const").map(|c| vec![c.to_string()]).or_else(|| {
                    a.get("enum")
                        .and_then(J::as_array)
                        .map(|e| e.iter().map(|v| v.to_string()).collect())
                })
            })
            .collect::<Option<Vec<Vec<String>>>>()
            .map(|v| v.concat())
    }

    /// For internally tagged enums: the tag field and each alternative's tag value.
    fn discriminator(&self, alts: &[&'a J]) -> Option<(String, Vec<String>)> {
        let first = self.resolve(alts.first()?);
        let props = first.get("properties")?.as_object()?;
        let tag = props
            .iter()
            .find(|(_, p)| self.resolve(p).get("const").is_some())?
            .0
            .clone();
        let values = alts
            .iter()
            .map(|a| {
                self.resolve(a)
                    .get("properties")?
                    .get(&tag)
                    .and_then(|p| self.resolve(p).get("const"))
                    .map(|c| c.to_string())
            })
            .collect::<Option<Vec<_>>>()?;
        Some((tag, values))
    }

    pub fn check_table(&mut self, schema: &'a J, table: &Spanned<DeTable<'_>>, path: &str) {
        let s = self.resolve(schema);
        let props = s.get("properties").and_then(J::as_object);
        let known: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for (k, v) in table.get_ref().iter() {
            let key: &str = k.get_ref();
            let sub = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            match props.and_then(|p| p.get(key)) {
                Some(ps) => self.check(ps, v, &sub),
                None => {
                    let hint = nearest(key, &known)
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    self.push(
                        k.span(),
                        &sub,
                        format!("unknown field `{key}`{hint}"),
                        format!("one of the fields {}", known.join(", ")),
                    );
                }
            }
        }
        if let Some(req) = s.get("required").and_then(J::as_array) {
            for r in req.iter().filter_map(J::as_str) {
                if !table.get_ref().contains_key(r) {
                    let sub = if path.is_empty() {
                        r.to_string()
                    } else {
                        format!("{path}.{r}")
                    };
                    let what = props
                        .and_then(|p| p.get(r))
                        .map(|p| self.describe(p))
                        .unwrap_or_else(|| "a value".into());
                    let table_name = if path.is_empty() { "the file" } else { path };
                    self.push(
                        table.span(),
                        &sub,
                        format!("no `{r}` in {table_name}"),
                        format!("`{r}` = {what}"),
                    );
                }
            }
        }
    }

    pub fn check(&mut self, schema: &'a J, v: &Spanned<DeValue<'_>>, path: &str) {
        let s = self.resolve(schema);
        let value = v.get_ref();
        if let Some(alts) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(J::as_array)
        {
            let alts: Vec<&'a J> = alts
                .iter()
                .filter(|a| self.resolve(a).get("type").and_then(J::as_str) != Some("null"))
                .collect();
            if alts.len() == 1 {
                return self.check(alts[0], v, path);
            }
            if let Some(values) = self.consts(&alts) {
                let found = value.to_string_lossy();
                if !values.contains(&format!("\"{found}\"")) {
                    self.push(
                        v.span(),
                        path,
                        show(value),
                        format!("one of {}", values.join(", ")),
                    );
                }
                return;
            }
            if let Some((tag, values)) = self.discriminator(&alts) {
                let DeValue::Table(t) = value else {
                    self.push(v.span(), path, show(value), self.describe(s));
                    return;
                };
                match t.get(tag.as_str()) {
                    None => self.push(
                        v.span(),
                        path,
                        format!("a table without `{tag}`"),
                        format!("`{tag}` = one of {}", values.join(", ")),
                    ),
                    Some(tv) => {
                        let found = format!("\"{}\"", tv.get_ref().to_string_lossy());
                        match values.iter().position(|x| *x == found) {
                            Some(i) => {
                                let spanned = Spanned::new(v.span(), t.clone());
                                self.check_table(alts[i], &spanned, path);
                            }
                            None => self.push(
                                tv.span(),
                                &format!("{path}.{tag}"),
                                show(tv.get_ref()),
                                format!("one of {}", values.join(", ")),
                            ),
                        }
                    }
                }
                return;
            }
            // General union: accept the first alternative that fits.
            for a in &alts {
                let mut sub = Checker::new(self.root, self.text);
                sub.check(a, v, path);
                if sub.issues.is_empty() {
                    return;
                }
            }
            self.push(v.span(), path, show(value), self.describe(s));
            return;
        }
        if let Some(e) = s.get("enum").and_then(J::as_array) {
            let ok = matches!(value, DeValue::String(x) if e.iter().any(|c| c.as_str() == Some(x)));
            if !ok {
                self.push(v.span(), path, show(value), self.describe(s));
            }
            return;
        }
        if let Some(c) = s.get("const") {
            if !matches!(value, DeValue::String(x) if c.as_str() == Some(x)) {
                self.push(v.span(), path, show(value), format!("{c}"));
            }
            return;
        }
        let t = types(s);
        if t.is_empty() {
            return;
        }
        let k = kind(value);
        let fits = t.contains(&k) || (k == "integer" && t.contains(&"number"));
        if !fits {
            self.push(v.span(), path, show(value), self.describe(s));
            return;
        }
        match value {
            DeValue::Table(tab) => {
                let spanned = Spanned::new(v.span(), tab.clone());
                self.check_table(s, &spanned, path);
            }
            DeValue::Array(items) => {
                let max = crate::bounds::SCENARIO_LIST_ENTRIES.max as usize;
                if items.len() > max {
                    // Refused before its entries are checked: time and memory stay bounded.
                    self.push(
                        v.span(),
                        path,
                        format!("a list of {} entries", items.len()),
                        crate::bounds::SCENARIO_LIST_ENTRIES.expected.to_string(),
                    );
                    return;
                }
                if let Some(is) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(is, item, &format!("{path}[{i}]"));
                    }
                }
            }
            DeValue::Integer(_) | DeValue::Float(_) => {
                let x = number(value).unwrap_or(f64::NAN);
                let min = s.get("minimum").and_then(J::as_f64);
                let max = s.get("maximum").and_then(J::as_f64);
                let bad =
                    !x.is_finite() || min.is_some_and(|m| x < m) || max.is_some_and(|m| x > m);
                if bad {
                    self.push(v.span(), path, show(value), self.describe(s));
                }
            }
            _ => {}
        }
    }
}

trait Lossy {
    fn to_string_lossy(&self) -> String;
}

impl Lossy for DeValue<'_> {
    fn to_string_lossy(&self) -> String {
        match self {
            DeValue::String(s) => s.to_string(),
            other => show(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names() {
        let known = ["mw_gross", "interconnect_mw_gross", "hub", "power"];
        assert_eq!(nearest("mw", &known), Some("mw_gross"));
        assert_eq!(nearest("mw_gros", &known), Some("mw_gross"));
        assert_eq!(nearest("capacity_kw", &known), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
