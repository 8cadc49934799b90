//! User BTC price paths (the scenario's `csv` price model): one row per path, one USD price per month, no header.

use crate::error::{Error, Result};

/// Parses CSV price paths: one row per path, at least `months` positive USD prices per row, no header. Blank
/// lines are skipped; `origin` names the file in errors.
pub fn parse_btc_paths_csv(text: &str, origin: &str, months: usize) -> Result<Vec<Vec<f64>>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: std::result::Result<Vec<f64>, _> =
            line.split(',').map(|c| c.trim().parse::<f64>()).collect();
        let row = row
            .ok()
            .filter(|r| r.iter().all(|p| p.is_finite() && *p > 0.0));
        match row {
            Some(r) if r.len() >= months => out.push(r),
            _ => {
                return Err(Error::Parse {
                    origin: origin.into(),
                    line: i as u64 + 1,
                    message: format!(
                        "expected at least {months} positive prices in USD separated by commas (one per month)"
                    ),
                });
            }
        }
    }
    if out.is_empty() {
        return Err(Error::Parse {
            origin: origin.into(),
            line: 1,
            message: "no price paths".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_paths_and_blank_lines_are_skipped() {
        let p = parse_btc_paths_csv("100, 110,120\n\n90,80,70,60\n", "p.csv", 3).unwrap();
        assert_eq!(
            p,
            vec![vec![100.0, 110.0, 120.0], vec![90.0, 80.0, 70.0, 60.0]]
        );
    }

    #[test]
    fn a_short_or_non_positive_row_names_its_line() {
        let e = parse_btc_paths_csv("100,110,120\n100,0,120\n", "p.csv", 3)
            .unwrap_err()
            .to_string();
        assert!(e.contains("p.csv") && e.contains('2'), "{e}");
        assert!(parse_btc_paths_csv("100,110\n", "p.csv", 3).is_err());
        assert!(parse_btc_paths_csv("\n\n", "p.csv", 3).is_err());
    }
}
