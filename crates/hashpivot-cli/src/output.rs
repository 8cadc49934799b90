//! Human and machine output: aligned tables with units in the headers, JSON, CSV.

use crate::layout;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write;

thread_local! {
    /// Where [`print`] writes while [`capture`] runs on this thread; `None`: stdout.
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with what it prints through [`print`] collected into a string instead of written to stdout: the
/// Python package reads a command's `--json` output this way, so both front ends share the command's code.
pub fn capture(f: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<String> {
    let previous = CAPTURED.with(|c| c.replace(Some(String::new())));
    let result = f();
    let text = CAPTURED.with(|c| c.replace(previous)).unwrap_or_default();
    result.map(|()| text)
}

/// An aligned text table that fits [`layout::WIDTH`] columns: text columns left-aligned, columns of mostly
/// numbers right-aligned (the first column always left); when the natural widths do not fit, the widest columns shrink,
/// their headers and cells wrapping at spaces (a header over several lines, a row over several lines).
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Lines under a row (by row index): text too long for a column, indented under the row.
    notes: Vec<(usize, String)>,
}

impl Table {
    pub fn new<I, S>(headers: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// A line of text under the last row, indented two columns and wrapped to the table's width (e.g. a
    /// deal's parties, too long for a column).
    pub fn note(&mut self, text: impl Into<String>) {
        if let Some(last) = self.rows.len().checked_sub(1) {
            self.notes.push((last, text.into()));
        }
    }

    /// Renders with two spaces between columns (one when the columns cannot fit with two) and a rule under
    /// the header; the notes under their rows.
    pub fn render(&self) -> String {
        let n = self.headers.len();
        fn cell(r: &[String], i: usize) -> &str {
            r.get(i).map(String::as_str).unwrap_or("")
        }
        let column = |i: usize| {
            std::iter::once(self.headers[i].as_str())
                .chain(self.rows.iter().map(move |r| cell(r, i)))
        };
        let natural: Vec<usize> = (0..n)
            .map(|i| column(i).map(layout::width).max().unwrap_or(0))
            .collect();
        let floor: Vec<usize> = (0..n)
            .map(|i| {
                column(i)
                    .flat_map(|c| c.split(' '))
                    .map(layout::width)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Two spaces between columns; one where the columns cannot fit with two.
        let budget = |gap: usize| layout::WIDTH.saturating_sub(gap * n.saturating_sub(1));
        let gap = if floor.iter().sum::<usize>() > budget(2) {
            1
        } else {
            2
        };
        let fitted = layout::fit(&natural, &floor, budget(gap));
        // A column wrapped to its width may need less: the widest line of its wrapped cells.
        let widths: Vec<usize> = (0..n)
            .map(|i| {
                if fitted[i] >= natural[i] {
                    return natural[i];
                }
                column(i)
                    .flat_map(|c| layout::wrap(c, fitted[i]))
                    .map(|l| layout::width(&l))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let right: Vec<bool> = (0..n)
            .map(|i| {
                // Right-aligned when most cells are numbers (a word such as "debt" among rates stays aside).
                let numbers = self
                    .rows
                    .iter()
                    .filter(|r| layout::numeric(cell(r, i)))
                    .count();
                i > 0 && 2 * numbers > self.rows.len()
            })
            .collect();
        let wrapped = |cells: Vec<&str>| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, &w)| {
                    if layout::width(c) <= w {
                        vec![c.to_string()]
                    } else {
                        layout::wrap(c, w)
                    }
                })
                .collect()
        };
        let mut out = lines(
            &widths,
            gap,
            &right,
            &wrapped(self.headers.iter().map(String::as_str).collect()),
            true,
        );
        let rule: Vec<Vec<String>> = widths.iter().map(|w| vec!["-".repeat(*w)]).collect();
        out.push_str(&lines(&widths, gap, &right, &rule, false));
        for (k, r) in self.rows.iter().enumerate() {
            out.push_str(&lines(
                &widths,
                gap,
                &right,
                &wrapped((0..n).map(|i| cell(r, i)).collect()),
                false,
            ));
            for (_, note) in self.notes.iter().filter(|(at, _)| *at == k) {
                for l in layout::wrap(note, layout::WIDTH - 4) {
                    let _ = writeln!(out, "  {l}");
                }
            }
        }
        out
    }
}

/// One table row over as many lines as its tallest cell (each cell already wrapped to its column's width);
/// `bottom` aligns the cells to the last line (a header), else to the first.
fn lines(
    widths: &[usize],
    gap: usize,
    right: &[bool],
    cells: &[Vec<String>],
    bottom: bool,
) -> String {
    let mut out = String::new();
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    for k in 0..height {
        let mut s = String::new();
        for (i, w) in widths.iter().enumerate() {
            let lines = &cells[i];
            let at = if bottom {
                (k + lines.len()).checked_sub(height)
            } else {
                Some(k)
            };
            let c = at
                .and_then(|j| lines.get(j))
                .map(String::as_str)
                .unwrap_or("");
            let pad = " ".repeat(w.saturating_sub(layout::width(c)));
            if i > 0 {
                s.push_str(&" ".repeat(gap));
            }
            if right[i] {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&pad);
            }
        }
        let _ = writeln!(out, "{}", s.trim_end());
    }
    out
}

/// Writes human output to stdout, each line longer than [`layout::WIDTH`] wrapped ([`layout::wrap_prose`]);
/// a closed pipe (e.g. `| head`) ends quietly.
pub fn print(text: &str) -> anyhow::Result<()> {
    print_raw(&layout::wrap_prose(text))
}

/// Writes machine output (JSON, CSV, Markdown) to stdout as it is; a closed pipe ends quietly.
pub fn print_raw(text: &str) -> anyhow::Result<()> {
    let captured = CAPTURED.with(|c| c.borrow_mut().as_mut().map(|s| s.push_str(text)));
    if captured.is_some() {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => Ok(r?),
    }
}

/// Writes a warning to stderr (results stay alone on stdout), its lines wrapped at [`layout::WIDTH`] columns.
pub fn warn(text: &str) {
    eprint!("{}", layout::wrap_prose(text));
}

/// Pretty JSON with a trailing newline.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    print_raw(&s)
}

/// A number with a fixed count of decimals and thousands separators (the report's grouping); `n/a` when it is
/// not finite.
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    hashpivot_report::html::grouped(v, decimals)
}

/// A number with at least `digits` significant digits (more decimals for small values), thousands separated.
pub fn sig(v: f64, digits: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor() as i32; // 123.4 → 2, 0.0123 → -2
    let decimals = (digits as i32 - 1 - magnitude).clamp(0, 12) as usize;
    num(v, decimals)
}

/// A USD amount: cents from $1 up, three significant digits below (early BTC traded for cents).
pub fn usd(v: f64) -> String {
    if v.abs() >= 1.0 { num(v, 2) } else { sig(v, 3) }
}

/// Difficulty with a readable unit ("101.65 T", "1.59 G", "181.54").
pub fn tera(v: f64) -> String {
    if v >= 1e12 {
        format!("{} T", num(v / 1e12, 2))
    } else if v >= 1e9 {
        format!("{} G", num(v / 1e9, 2))
    } else if v >= 1e6 {
        format!("{} M", num(v / 1e6, 2))
    } else {
        sig(v, 5)
    }
}

/// An optional value, or "-".
pub fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".into(), |v| num(v, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        // The grouping is the report's (`grouped`, tested there); a value that is not finite reads `n/a`.
        assert_eq!(num(1234567.891, 2), "1,234,567.89");
        assert_eq!(num(f64::NAN, 2), "n/a");
        assert_eq!(sig(0.001234, 3), "0.00123");
        assert_eq!(sig(123_456.7, 3), "123,457");
        assert_eq!(sig(12.34, 3), "12.3");
        assert_eq!(tera(181.543), "181.54");
        assert_eq!(tera(101.65e12), "101.65 T");
    }

    #[test]
    fn capture_collects_what_is_printed() {
        let text = capture(|| {
            print("a")?;
            print_json(&[1, 2])
        })
        .unwrap();
        assert_eq!(text, "a[\n  1,\n  2\n]\n");
        let err = capture(|| anyhow::bail!("no")).unwrap_err();
        assert_eq!(err.to_string(), "no");
    }

    #[test]
    fn a_wide_table_fits_by_wrapping_headers_and_text() {
        let mut t = Table::new([
            "use",
            "a long header over a number column",
            "why (a long text column)",
        ]);
        t.row(["mining", "1,234.5", &"word ".repeat(30)]);
        t.note("exposed to the BTC price");
        t.row(["lease", "-7.0", "short"]);
        let out = t.render();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.iter().all(|l| l.chars().count() <= 100), "{out}");
        // The widest column (the text) wraps first; the number column is right-aligned, the text left.
        assert!(
            lines[0].starts_with("use     a long header over a number column  why"),
            "{out}"
        );
        let mining = lines.iter().position(|l| l.starts_with("mining")).unwrap();
        let col = lines[mining].find("1,234.5").unwrap();
        let lease = lines.iter().find(|l| l.starts_with("lease")).unwrap();
        assert_eq!(lease.find("-7.0").unwrap() + 4, col + 7, "{out}");
        assert!(lines[mining + 1].trim_start().starts_with("word"), "{out}");
        assert!(out.contains("\n  exposed to the BTC price\nlease"), "{out}");
    }

    #[test]
    fn headers_wrap_bottom_aligned_when_numbers_alone_do_not_fit() {
        let header = "a header of twenty c";
        let mut t = Table::new(["y"].into_iter().chain([header; 6]));
        t.row(["Y1", "1", "2", "3", "4", "5", "6"]);
        let out = t.render();
        assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        // Right-aligned like their numbers, each header over two lines.
        assert!(
            lines[0].starts_with("    a header of  a header of"),
            "{out}"
        );
        assert!(
            lines[1].starts_with("y      twenty c     twenty c"),
            "{out}"
        );
    }

    #[test]
    fn table_aligns() {
        let mut t = Table::new(["date", "usd/PH/day"]);
        t.row(["2024-11-12", "55.97"]);
        assert_eq!(
            t.render(),
            "date        usd/PH/day\n----------  ----------\n2024-11-12       55.97\n"
        );
    }
}
