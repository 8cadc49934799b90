//! A problem in a scenario file: where (path, line, column), what was found, what was expected.

use crate::error::Hint;
use serde::Serialize;
use std::fmt;

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Path of the value, e.g. `sites[1].power.adder_usd_per_mwh`.
    pub path: String,
    /// 1-based line of the value (or of the table that lacks it).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What the file holds there.
    pub found: String,
    /// What is expected.
    pub expected: String,
    /// What a person can do about it, for the front end to word (e.g. list the ASIC library).
    #[serde(skip)]
    pub hint: Option<Hint>,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: found {}, expected {}",
            self.line, self.column, self.path, self.found, self.expected
        )
    }
}

/// Every problem found in one file, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
pub struct Issues {
    /// The file, as the caller named it.
    pub origin: String,
    /// The problems, in file order (at least one).
    pub issues: Vec<Issue>,
}

impl Issues {
    /// The list as [`fmt::Display`] prints it, with `hint_text(hint)` appended to each issue that has a hint
    /// (a front end's words for it, e.g. the CLI's "; `hashpivot asics` lists the library").
    pub fn render(&self, hint_text: impl Fn(Hint) -> String) -> String {
        let n = self.issues.len();
        let mut s = format!(
            "{} has {n} problem{}:",
            self.origin,
            if n == 1 { "" } else { "s" }
        );
        for line in self.lines(hint_text) {
            s.push_str("\n  ");
            s.push_str(&line);
        }
        s
    }

    /// One line per problem, `origin:line:column: path: found …, expected …` and the hint's text, as
    /// [`Issues::render`] lists them (a front end that returns the problems one by one words them the same).
    pub fn lines(&self, hint_text: impl Fn(Hint) -> String) -> Vec<String> {
        self.issues
            .iter()
            .map(|i| {
                let hint = i.hint.map(&hint_text).unwrap_or_default();
                format!("{}:{i}{hint}", self.origin)
            })
            .collect()
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(|_| String::new()))
    }
}

/// Byte offset → (line, column), both 1-based; columns count characters.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, 6), (2, 1));
        assert_eq!(line_column(t, 10), (2, 4));
    }
}
