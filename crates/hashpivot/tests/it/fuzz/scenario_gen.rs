//! Scenario inputs for the fuzzer: the examples (horizon cut to two years, so a run is short), changed by
//! structure-aware edits of their TOML tree (a number set to an edge value, a bound or just past it, a string to
//! a date or name that tests a rule, a table or key removed, an array entry repeated, a field the schema allows
//! inserted, a value's type changed) and by byte-level mutations of their text.

use super::schema::{self, Step};
use proptest::prelude::*;
use std::sync::LazyLock;
use toml::{Table, Value};

/// The examples, each with its horizon cut to at most two years: (name, document).
pub static SEEDS: LazyLock<Vec<(String, Table)>> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    for p in names {
        let mut doc: Table = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if let Some(Value::Table(c)) = doc.get_mut("company") {
            c.insert("horizon_years".into(), Value::Integer(2));
        }
        out.push((p.file_name().unwrap().to_string_lossy().into_owned(), doc));
    }
    out
});

/// Numbers that test rules: zero, signs, the extremes of f64 and i64, the reproducers.
const EDGE_NUMBERS: [f64; 22] = [
    0.0,
    -1.0,
    1.0,
    0.5,
    2.0,
    1e-308,
    1e308,
    -1e308,
    4.29e9,
    -9.2e18,
    1e9,
    1e23,
    2147483648.0,
    65536.0,
    1000.0,
    1e6,
    100_000.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    9.2e18,
    -0.5,
];

/// Strings that test rules: dates at and past the data's edges, names of hubs, models and contracts.
const EDGE_STRINGS: [&str; 24] = [
    "9999-12-31",
    "2010-07-17",
    "2009-01-03",
    "2009-01-02",
    "2024-02-29",
    "2023-02-29",
    "1970-01-01",
    "2026-12-31",
    "",
    "x",
    "HB_WEST",
    "HB_NORTH",
    "HB_HOUSTON",
    "index",
    "fixed",
    "take_or_pay",
    "gbm",
    "bootstrap",
    "supply_response",
    "exogenous",
    "Antminer S21",
    "Antminer S19 XP",
    "2024-11-12",
    "\u{0}é",
];

/// One edit of a document's tree; the numbers pick a node, a value or a count, modulo what exists.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Set a leaf to a number: an edge value, a scaled original, or the schema's bound or just past it.
    Number { node: u32, pick: u8 },
    /// Set a leaf to an edge string.
    Text { node: u32, pick: u8 },
    /// Remove a node.
    Remove { node: u32 },
    /// Append copies of an array's entry.
    Repeat { node: u32, copies: u16 },
    /// Insert a field the schema allows into a table that lacks it.
    Insert { node: u32, field: u16, pick: u8 },
    /// Replace a leaf by a value of another type.
    Retype { node: u32, pick: u8 },
}

/// A byte-level change of a text.
#[derive(Debug, Clone)]
pub enum ByteEdit {
    /// Replace a byte.
    Set(u32, u8),
    /// Delete a run of bytes.
    Delete(u32, u8),
    /// Insert a token.
    Insert(u32, u8),
    /// Repeat a line.
    DupLine(u32),
}

/// Tokens byte mutation inserts: TOML syntax, and numbers TOML or Rust read in unusual ways.
const TOKENS: [&str; 14] = [
    "=",
    "[",
    "]",
    "\"",
    "\n",
    "{",
    "}",
    ",",
    "1e309",
    "nan",
    "-",
    "inf",
    "[[sites]]\n",
    "0x7fffffffffffffff",
];

/// A generated scenario case.
#[derive(Debug, Clone)]
pub struct Case {
    /// Which example.
    pub seed: usize,
    /// Tree edits, in order.
    pub edits: Vec<Edit>,
    /// Byte edits of the edited document's text, in order.
    pub bytes: Vec<ByteEdit>,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<u32>(), any::<u8>()).prop_map(|(node, pick)| Edit::Number { node, pick }),
        2 => (any::<u32>(), any::<u8>()).prop_map(|(node, pick)| Edit::Text { node, pick }),
        2 => any::<u32>().prop_map(|node| Edit::Remove { node }),
        1 => (any::<u32>(), prop_oneof![1u16..4, 900u16..1100]).prop_map(|(node, copies)| Edit::Repeat { node, copies }),
        3 => (any::<u32>(), any::<u16>(), any::<u8>()).prop_map(|(node, field, pick)| Edit::Insert { node, field, pick }),
        1 => (any::<u32>(), any::<u8>()).prop_map(|(node, pick)| Edit::Retype { node, pick }),
    ]
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        (any::<u32>(), any::<u8>()).prop_map(|(p, b)| ByteEdit::Set(p, b)),
        (any::<u32>(), 1u8..40).prop_map(|(p, n)| ByteEdit::Delete(p, n)),
        (any::<u32>(), any::<u8>()).prop_map(|(p, t)| ByteEdit::Insert(p, t)),
        any::<u32>().prop_map(ByteEdit::DupLine),
    ]
}

/// Cases: an example, 0–6 tree edits, and (in one case of four) 1–4 byte edits.
pub fn case() -> impl Strategy<Value = Case> {
    (
        0..SEEDS.len(),
        prop::collection::vec(edit(), 0..6),
        prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(byte_edit(), 1..4)],
    )
        .prop_map(|(seed, edits, bytes)| Case { seed, edits, bytes })
}

/// Every node of `v` below the root, by path, in document order.
pub fn nodes(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Table(t) => {
            for (k, c) in t {
                path.push(Step::Key(k.clone()));
                out.push(path.clone());
                nodes(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(Step::Index(i));
                out.push(path.clone());
                nodes(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut now = v;
    for s in path {
        now = match (s, now) {
            (Step::Key(k), Value::Table(t)) => t.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(now)
}

/// A number for a leaf at `path` whose value is `old`.
fn number(path: &[Step], old: &Value, pick: u8) -> Value {
    let orig = match old {
        Value::Integer(i) => *i as f64,
        Value::Float(f) => *f,
        _ => 1.0,
    };
    let range = schema::range(path);
    let n = EDGE_NUMBERS.len() as u8;
    let x = match (pick % (n + 9), range) {
        (p, _) if p < n => EDGE_NUMBERS[p as usize],
        (p, _) if p == n => orig * 1000.0,
        (p, _) if p == n + 1 => orig / 1000.0,
        (p, _) if p == n + 2 => -orig,
        (p, Some((lo, _))) if p == n + 3 => lo,
        (p, Some((_, hi))) if p == n + 4 => hi,
        (p, Some((lo, _))) if p == n + 5 => lo - lo.abs().max(1.0) * 1e-6,
        (p, Some((_, hi))) if p == n + 6 => hi + hi.abs().max(1.0) * 1e-6,
        (p, Some((lo, hi))) if p == n + 7 => lo + (hi - lo) * 0.37,
        _ => orig * 1.0001,
    };
    if matches!(old, Value::Integer(_)) && x.fract() == 0.0 && x.abs() < 9.2e18 {
        Value::Integer(x as i64)
    } else {
        Value::Float(x)
    }
}

/// A value of the type the schema gives a missing field, for [`Edit::Insert`].
fn fresh(path: &[Step], pick: u8) -> Value {
    let kinds: Vec<String> = schema::at(path)
        .iter()
        .filter_map(|s| s.get("type"))
        .flat_map(|t| match t {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => vec![],
        })
        .collect();
    let has = |k: &str| kinds.iter().any(|x| x == k);
    if has("number") {
        number(path, &Value::Float(1.0), pick)
    } else if has("integer") {
        number(path, &Value::Integer(1), pick)
    } else if has("boolean") {
        Value::Boolean(pick.is_multiple_of(2))
    } else if has("array") {
        Value::Array(Vec::new())
    } else if has("object") {
        Value::Table(Table::new())
    } else {
        Value::String(EDGE_STRINGS[pick as usize % EDGE_STRINGS.len()].into())
    }
}

/// `edit` applied to `doc` (a no-op when it does not fit the node it picks).
pub fn apply(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    nodes(doc, &mut Vec::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let pick_node = |n: u32| all[n as usize % all.len()].clone();
    match *edit {
        Edit::Number { node, pick } => {
            let p = pick_node(node);
            if let Some(v) = get_mut(doc, &p)
                && !matches!(v, Value::Table(_) | Value::Array(_))
            {
                *v = number(&p, v, pick);
            }
        }
        Edit::Text { node, pick } => {
            let p = pick_node(node);
            if let Some(v) = get_mut(doc, &p)
                && !matches!(v, Value::Table(_) | Value::Array(_))
            {
                *v = Value::String(EDGE_STRINGS[pick as usize % EDGE_STRINGS.len()].into());
            }
        }
        Edit::Remove { node } => {
            let p = pick_node(node);
            let (last, parent) = p.split_last().expect("not the root");
            match (get_mut(doc, parent), last) {
                (Some(Value::Table(t)), Step::Key(k)) => {
                    t.remove(k);
                }
                (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
                    a.remove(*i);
                }
                _ => {}
            }
        }
        Edit::Repeat { node, copies } => {
            let p = pick_node(node);
            if let Some(Value::Array(a)) = get_mut(doc, &p)
                && let Some(first) = a.first().cloned()
            {
                a.extend(std::iter::repeat_n(first, copies as usize));
            }
        }
        Edit::Insert { node, field, pick } => {
            // Tables only (the root included, as node 0 of a one-longer list).
            let mut tables: Vec<Vec<Step>> = vec![Vec::new()];
            tables.extend(
                all.iter()
                    .filter(|p| matches!(get_mut(doc, p), Some(Value::Table(_))))
                    .cloned(),
            );
            let p = tables[node as usize % tables.len()].clone();
            let fields = schema::fields(&p);
            if fields.is_empty() {
                return;
            }
            let name = fields[field as usize % fields.len()].clone();
            let mut child = p.clone();
            child.push(Step::Key(name.clone()));
            let value = fresh(&child, pick);
            if let Some(Value::Table(t)) = get_mut(doc, &p) {
                t.entry(name).or_insert(value);
            }
        }
        Edit::Retype { node, pick } => {
            let p = pick_node(node);
            if let Some(v) = get_mut(doc, &p) {
                *v = match pick % 4 {
                    0 => Value::String("12".into()),
                    1 => Value::Boolean(true),
                    2 => Value::Array(vec![v.clone()]),
                    _ => Value::Integer(-1),
                };
            }
        }
    }
}

/// `bytes` applied to `text`.
pub fn mutate(text: &str, bytes: &[ByteEdit]) -> String {
    let mut b = text.as_bytes().to_vec();
    for e in bytes {
        let len = b.len().max(1);
        match *e {
            ByteEdit::Set(p, v) => {
                if !b.is_empty() {
                    b[p as usize % len] = v;
                }
            }
            ByteEdit::Delete(p, n) => {
                let at = (p as usize % len).min(b.len());
                let end = (at + n as usize).min(b.len());
                b.drain(at..end);
            }
            ByteEdit::Insert(p, t) => {
                let at = (p as usize % len).min(b.len());
                let tok = TOKENS[t as usize % TOKENS.len()].as_bytes();
                b.splice(at..at, tok.iter().copied());
            }
            ByteEdit::DupLine(p) => {
                let s = String::from_utf8_lossy(&b).into_owned();
                let lines: Vec<&str> = s.lines().collect();
                if !lines.is_empty() {
                    let i = p as usize % lines.len();
                    let mut out: Vec<&str> = lines.clone();
                    out.insert(i, lines[i]);
                    b = (out.join("\n") + "\n").into_bytes();
                }
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// The text of a case.
pub fn text(case: &Case) -> String {
    let mut doc = Value::Table(SEEDS[case.seed].1.clone());
    for e in &case.edits {
        apply(&mut doc, e);
    }
    let t = toml::to_string(&doc).unwrap_or_default();
    mutate(&t, &case.bytes)
}
