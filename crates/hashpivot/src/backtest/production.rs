//! Monthly production backtest: expected BTC for a company's average operating hashrate against the BTC it
//! reported. Expected BTC = Σ over the month's days of (hashrate × that day's expected BTC per TH/s)
//! × (1 − pool fee), with each day's difficulty in effect, subsidy by height and that day's fees.

use crate::bounds::FLEET_HASHRATE_EH_S;
use crate::data::{parse_err, reader};
use crate::date::Month;
use crate::error::Result;
use crate::network::{FeeWindow, NetworkHistory};
use serde::Serialize;

/// One company-month from the user's file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionRow {
    /// Line in the file (for error messages).
    pub line: u64,
    /// The calendar month the row reports.
    pub month: Month,
    /// The company's average operating hashrate over the month, EH/s.
    pub avg_operating_eh_s: f64,
    /// BTC the company reported mining in the month; `None` when the cell is empty.
    pub reported_btc: Option<f64>,
    /// Every other column, in file order.
    pub passthrough: Vec<(String, String)>,
}

/// The result of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionRowResult {
    /// The input row, as read.
    pub row: ProductionRow,
    /// BTC the average hashrate is expected to mine in the month, after the pool fee.
    pub expected_btc: f64,
    /// (expected − reported) / reported × 100.
    pub error_pct: Option<f64>,
}

/// The whole backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionResult {
    /// One result per input row, in file order.
    pub rows: Vec<ProductionRowResult>,
    /// Median of |error_pct| over rows with a reported figure.
    pub median_abs_error_pct: Option<f64>,
}

impl Serialize for ProductionRowResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("month", &self.row.month)?;
        m.serialize_entry("avg_operating_eh_s", &self.row.avg_operating_eh_s)?;
        m.serialize_entry("expected_btc", &self.expected_btc)?;
        m.serialize_entry("reported_btc", &self.row.reported_btc)?;
        m.serialize_entry("error_pct", &self.error_pct)?;
        for (k, v) in &self.row.passthrough {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for ProductionResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ProductionResult", 2)?;
        st.serialize_field("rows", &self.rows)?;
        st.serialize_field("median_abs_error_pct", &self.median_abs_error_pct)?;
        st.end()
    }
}

/// Output field names that a passed-through column may not take.
const RESERVED: [&str; 5] = [
    "month",
    "avg_operating_eh_s",
    "expected_btc",
    "reported_btc",
    "error_pct",
];

/// Parses a production file: `month` (YYYY-MM), `avg_operating_eh_s`, optional `reported_btc`; other columns pass through.
pub fn parse_production_csv(text: &str, origin: &str) -> Result<Vec<ProductionRow>> {
    let (mut rdr, headers) = reader(text, origin)?;
    let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let found = || headers.iter().collect::<Vec<_>>().join(", ");
    let c_month = find("month").ok_or_else(|| {
        parse_err(
            origin,
            1,
            format!("missing column 'month' (found: {})", found()),
        )
    })?;
    let c_eh = find("avg_operating_eh_s").ok_or_else(|| {
        parse_err(
            origin,
            1,
            format!("missing column 'avg_operating_eh_s' (found: {})", found()),
        )
    })?;
    let c_rep = find("reported_btc");
    for (i, h) in headers.iter().enumerate() {
        if i != c_month
            && i != c_eh
            && Some(i) != c_rep
            && RESERVED.iter().any(|r| r.eq_ignore_ascii_case(h))
        {
            return Err(parse_err(
                origin,
                1,
                format!(
                    "column '{h}' would overwrite a computed field: rename it (reserved: {})",
                    RESERVED.join(", ")
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::data::csv_err(origin, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let cell = |i: usize| rec.get(i).unwrap_or("");
        let month = Month::parse(cell(c_month)).map_err(|_| {
            parse_err(
                origin,
                line,
                format!(
                    "column 'month': found '{}', expected YYYY-MM",
                    cell(c_month)
                ),
            )
        })?;
        let eh = cell(c_eh);
        let avg_operating_eh_s = match eh.parse::<f64>() {
            Ok(v) if FLEET_HASHRATE_EH_S.contains(v) => v,
            _ => {
                return Err(parse_err(
                    origin,
                    line,
                    format!(
                        "column 'avg_operating_eh_s': found '{eh}', expected {}",
                        FLEET_HASHRATE_EH_S.expected
                    ),
                ));
            }
        };
        let reported_btc = match c_rep.map(cell).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match s.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    return Err(parse_err(
                        origin,
                        line,
                        format!("column 'reported_btc': found '{s}', expected BTC ≥ 0 or empty"),
                    ));
                }
            },
        };
        let passthrough = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != c_month && *i != c_eh && Some(*i) != c_rep)
            .map(|(i, h)| (h.to_string(), cell(i).to_string()))
            .collect();
        rows.push(ProductionRow {
            line,
            month,
            avg_operating_eh_s,
            reported_btc,
            passthrough,
        });
    }
    if rows.is_empty() {
        return Err(parse_err(origin, 2, "no data rows"));
    }
    Ok(rows)
}

/// Runs the backtest. `origin` names the file in errors about a row (e.g. a month outside the data).
pub fn backtest_production(
    history: &NetworkHistory,
    rows: Vec<ProductionRow>,
    pool_fee: f64,
    fee_window: FeeWindow,
    origin: &str,
) -> Result<ProductionResult> {
    crate::bounds::POOL_FEE.check(pool_fee)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut btc_per_th = 0.0;
        for day in row.month.days() {
            let at_row =
                |e: crate::Error| parse_err(origin, row.line, format!("month {}: {e}", row.month));
            let e = history.btc_day(day, fee_window).map_err(at_row)?;
            // The fleet is part of the network: more hashrate than the whole network is an error.
            let network_eh_s = crate::network::hashrate_h_s(e.effective_difficulty) / 1e18;
            crate::mining::share_of_blocks(
                row.avg_operating_eh_s,
                network_eh_s,
                &format!("on {day}"),
            )
            .map_err(at_row)?;
            btc_per_th += e.btc_per_ph_day / 1_000.0;
        }
        let expected_btc = row.avg_operating_eh_s * 1e6 * btc_per_th * (1.0 - pool_fee);
        let error_pct = row
            .reported_btc
            .filter(|r| *r > 0.0)
            .map(|r| (expected_btc - r) / r * 100.0);
        out.push(ProductionRowResult {
            row,
            expected_btc,
            error_pct,
        });
    }
    let errs: Vec<f64> = out
        .iter()
        .filter_map(|r| r.error_pct.map(f64::abs))
        .collect();
    let median_abs_error_pct =
        (!errs.is_empty()).then(|| crate::risk::quantile(&crate::risk::sorted(&errs), 0.5));
    Ok(ProductionResult {
        rows: out,
        median_abs_error_pct,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::NetworkDay;

    /// A month of 144 blocks a day at one difficulty, fees per block and price.
    fn flat_month(
        month: &str,
        difficulty: f64,
        fees_btc_per_block: f64,
        price_usd: Option<f64>,
    ) -> NetworkHistory {
        let m = Month::parse(month).unwrap();
        let mut h = 900_000u64;
        let days = m
            .days()
            .map(|d| {
                h += 144;
                NetworkDay {
                    date: d,
                    height: Some(h),
                    blocks: Some(144),
                    difficulty: Some(difficulty),
                    fees_btc: Some(144.0 * fees_btc_per_block),
                    price_usd,
                }
            })
            .collect();
        NetworkHistory::new(days).unwrap()
    }

    /// The backtest of the production file `csv` (named `p.csv` in messages) at `pool_fee`, day fee window.
    fn backtest(h: &NetworkHistory, csv: &str, pool_fee: f64) -> Result<ProductionResult> {
        let rows = parse_production_csv(csv, "p.csv")?;
        backtest_production(h, rows, pool_fee, FeeWindow::Day, "p.csv")
    }

    /// Asserts the backtest of `csv` (no pool fee) fails with a message that starts with `start`.
    fn assert_refused(h: &NetworkHistory, csv: &str, start: &str) {
        let err = backtest(h, csv, 0.0).unwrap_err().to_string();
        assert!(err.starts_with(start), "{err}");
    }

    #[test]
    fn expected_btc_is_share_of_blocks() {
        // With hashrate equal to the difficulty-implied network hashrate, the fleet earns every block:
        // 144 blocks × (3.125 + 0.05) BTC × 30 days.
        let d = 100e12;
        let h = flat_month("2026-06", d, 0.05, Some(100_000.0));
        let eh = crate::network::hashrate_h_s(d) / 1e18;
        let text =
            format!("month,avg_operating_eh_s,reported_btc,ticker\n2026-06,{eh},13716,XYZ\n");
        let r = backtest(&h, &text, 0.0).unwrap();
        let expected = 144.0 * 3.175 * 30.0;
        assert!(
            (r.rows[0].expected_btc - expected).abs() < 1e-6,
            "{}",
            r.rows[0].expected_btc
        );
        assert!(r.rows[0].error_pct.unwrap().abs() < 1e-6);
        assert_eq!(
            r.rows[0].row.passthrough,
            vec![("ticker".to_string(), "XYZ".to_string())]
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["rows"][0]["ticker"], "XYZ");
        // A 2% pool fee takes 2% off.
        let r2 = backtest(&h, &text, 0.02).unwrap();
        assert!((r2.rows[0].expected_btc / expected - 0.98).abs() < 1e-12);
    }

    #[test]
    fn month_outside_data_names_line() {
        let h = flat_month("2026-06", 100e12, 0.05, Some(100_000.0));
        assert_refused(
            &h,
            "month,avg_operating_eh_s\n2026-06,1\n2026-07,1\n",
            "p.csv, line 3: month 2026-07: 2026-07-01 is outside the network data",
        );
    }

    #[test]
    fn no_price_is_needed() {
        let h = flat_month("2026-06", 100e12, 0.0, None);
        let r = backtest(&h, "month,avg_operating_eh_s\n2026-06,1\n", 0.0).unwrap();
        assert!(r.rows[0].expected_btc > 0.0);
    }

    #[test]
    fn malformed_rows_are_errors_naming_line_and_column() {
        for (text, error) in [
            (
                "month,avg_operating_eh_s,expected_btc\n2024-07,1,5\n",
                "p.csv, line 1: column 'expected_btc' would overwrite a computed field",
            ),
            (
                "month,avg_operating_eh_s\n2024-07,1e300\n",
                "p.csv, line 2: column 'avg_operating_eh_s': found '1e300', expected a hashrate in EH/s between 0 and 100000",
            ),
            (
                "month,avg_operating_eh_s\n2024-7,1\n",
                "p.csv, line 2: column 'month': found '2024-7', expected YYYY-MM",
            ),
            (
                "month,avg_operating_eh_s\n2024-07,-1\n",
                "p.csv, line 2: column 'avg_operating_eh_s': found '-1'",
            ),
            (
                "month,eh\n2024-07,1\n",
                "p.csv, line 1: missing column 'avg_operating_eh_s' (found: month, eh)",
            ),
        ] {
            let err = parse_production_csv(text, "p.csv").unwrap_err().to_string();
            assert!(err.starts_with(error), "{err}");
        }
    }

    #[test]
    fn a_fleet_above_the_network_is_an_error_naming_both() {
        // The reproducer: a fleet above the network's hashrate used to "mine" 2,463,674 BTC in a month.
        let h = crate::data::bundled_network().unwrap();
        assert_refused(
            &h,
            "month,avg_operating_eh_s\n2024-07,5000\n",
            "p.csv, line 2: month 2024-07: invalid fleet hashrate: found 5000 EH/s on 2024-07-01, expected at most the network's",
        );
        // The whole network mines what the network issues (at 144 blocks a day): at most ~ one month's
        // subsidy and fees.
        let r = backtest(&h, "month,avg_operating_eh_s\n2024-07,500\n", 0.0).unwrap();
        assert!(
            r.rows[0].expected_btc < 31.0 * 144.0 * 3.3,
            "{}",
            r.rows[0].expected_btc
        );
    }
}
