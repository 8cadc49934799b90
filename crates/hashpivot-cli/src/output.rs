//! Human and machine output: aligned tables with units in the headers, JSON, CSV.

use std::fmt::Write as _;
use std::io::Write;

/// An aligned text table: the first column is left-aligned, the others right-aligned.
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
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
        }
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Renders with two spaces between columns and a rule under the header.
    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut s = String::new();
            for (i, w) in widths.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = w - c.chars().count();
                if i > 0 {
                    s.push_str("  ");
                }
                if i == 0 {
                    s.push_str(c);
                    s.push_str(&" ".repeat(pad));
                } else {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                }
            }
            let _ = writeln!(out, "{}", s.trim_end());
        };
        line(&mut out, &self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for r in &self.rows {
            line(&mut out, r);
        }
        out
    }
}

/// Writes text to stdout; a closed pipe (e.g. `| head`) ends quietly.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        r => Ok(r?),
    }
}

/// Writes a warning to stderr (results stay alone on stdout).
pub fn warn(text: &str) {
    eprint!("{text}");
}

/// Pretty JSON with a trailing newline.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    print(&s)
}

/// A number with a fixed count of decimals and thousands separators.
pub fn num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
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
        assert_eq!(num(1234567.891, 2), "1,234,567.89");
        assert_eq!(num(-0.001, 2), "0.00");
        assert_eq!(num(-12.5, 1), "-12.5");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(f64::NAN, 2), "n/a");
        assert_eq!(sig(0.001234, 3), "0.00123");
        assert_eq!(sig(123_456.7, 3), "123,457");
        assert_eq!(sig(12.34, 3), "12.3");
        assert_eq!(tera(181.543), "181.54");
        assert_eq!(tera(101.65e12), "101.65 T");
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
