//! The issue collector of the rules stage: each problem with its path, its line and column in the file, the
//! value found and what was expected.

use super::issue::{Issue, line_column};
use super::rules::Finding;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Collects the rules' problems against one parsed file.
pub(crate) struct Collector<'t> {
    text: &'t str,
    doc: &'t Spanned<DeTable<'t>>,
    pub(crate) issues: Vec<Issue>,
}

impl<'t> Collector<'t> {
    /// A collector for `text` (parsed as `doc`) that already holds `issues` (the schema stage's).
    pub(crate) fn new(text: &'t str, doc: &'t Spanned<DeTable<'t>>, issues: Vec<Issue>) -> Self {
        Collector { text, doc, issues }
    }

    /// Whether the file states the value at the dotted `path` (`market.power`).
    pub(crate) fn has(&self, path: &str) -> bool {
        let mut table = Some(self.doc.get_ref());
        let mut keys = path.split('.').peekable();
        while let Some(key) = keys.next() {
            let Some(v) = table.and_then(|t| t.get(key)) else {
                return false;
            };
            if keys.peek().is_none() {
                return true;
            }
            table = match v.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            };
        }
        false
    }

    /// Records a problem at `path` (its span looked up in the document; the nearest enclosing value if the
    /// path is absent).
    pub(crate) fn at(&mut self, path: &str, found: impl ToString, expected: impl Into<String>) {
        self.at_with_hint(path, found, expected, None);
    }

    /// [`Self::at`] with what a person can do about it.
    pub(crate) fn at_with_hint(
        &mut self,
        path: &str,
        found: impl ToString,
        expected: impl Into<String>,
        hint: Option<crate::error::Hint>,
    ) {
        let span = span_of(self.doc, path);
        let (line, column) = line_column(self.text, span.start);
        self.issues.push(Issue {
            path: path.to_string(),
            line,
            column,
            found: found.to_string(),
            expected: expected.into(),
            hint,
        });
    }

    /// Records a rule's objection, if any, about the element at `element` (e.g. `sites[0]`); whether it objected.
    pub(crate) fn finding(&mut self, element: &str, finding: Option<Finding>) -> bool {
        let Some(f) = finding else {
            return false;
        };
        let path = if f.field.is_empty() {
            element.to_string()
        } else {
            format!("{element}.{}", f.field)
        };
        self.at(&path, f.found, f.expected);
        true
    }

    /// How many problems are recorded so far.
    pub(crate) fn count(&self) -> usize {
        self.issues.len()
    }

    /// The value a checked constructor built; when it refused and no rule reported a problem since the
    /// `since`-th, its error is reported at `path` (the rules should have caught it first).
    pub(crate) fn built<T>(&mut self, path: &str, since: usize, r: crate::Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                if self.issues.len() == since {
                    self.at(path, "values the checked model refuses", e.to_string());
                }
                None
            }
        }
    }
}

fn span_of(doc: &Spanned<DeTable<'_>>, path: &str) -> std::ops::Range<usize> {
    let mut span = doc.span();
    let mut cur: Option<&DeValue<'_>>;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    for seg in path.split('.') {
        let (key, idx) = match seg.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let next = match table.and_then(|t| t.get(key)) {
            Some(v) => v,
            None => return span,
        };
        span = next.span();
        cur = Some(next.get_ref());
        if let (Some(i), Some(DeValue::Array(a))) = (idx, cur) {
            match a.get(i) {
                Some(item) => {
                    span = item.span();
                    cur = Some(item.get_ref());
                }
                None => return span,
            }
        }
        table = match cur {
            Some(DeValue::Table(t)) => Some(t),
            _ => None,
        };
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_points_at_its_value_or_the_nearest_enclosing_one() {
        let text = "[company]\nname = \"x\"\n\n[[sites]]\nname = \"a\"\nmw_gross = 5\n";
        let (doc, _) = DeTable::parse_recoverable(text);
        let mut c = Collector::new(text, &doc, Vec::new());
        c.at("sites[0].mw_gross", 5, "more");
        c.at("sites[0].hub", "no hub", "a hub");
        assert_eq!(
            c.issues[0].to_string(),
            "6:12: sites[0].mw_gross: found 5, expected more"
        );
        // An absent key points at its table.
        assert_eq!((c.issues[1].line, c.issues[1].column), (4, 1));
        assert!(!c.finding("sites[0]", None));
        assert_eq!(c.count(), 2);
    }
}
