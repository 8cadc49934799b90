//! Peer multiples: one row per company of the dataset. Enterprise value per contracted and per energized MW from
//! the dataset's figures, and, where an example scenario is wired to the company (`[valuation] company`), EV /
//! next-year EBITDA, hashcost vs hashprice, contracted share of revenue and BTC-beta of EBITDA from its run.
//!
//! Conventions (one home for each):
//! - enterprise value: as reported by a market-data page where the dataset has it, else market capitalisation +
//!   the dataset's debt − cash (cash missing counts 0, and the basis says so);
//! - EV per MW and EV / EBITDA are defined only for a positive denominator;
//! - run figures: year-1 EBITDA is its P50 over the paths; hashcost / hashprice is the P50 over the paths of
//!   mining cost over self-mining revenue over the horizon (paths without self-mining revenue left out);
//!   contracted share is hosting-lease + GPU-cloud revenue over all revenue in year 1 of the revenue mix; BTC-beta
//!   is the monthly EBITDA change per unit BTC log return over year-1 mean monthly EBITDA.

use crate::company::Company;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::risk::{quantile, sorted};
use crate::sim::Report;
use serde::Serialize;

/// One company's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerRow {
    /// Company id in the dataset.
    pub company: String,
    /// Exchange ticker.
    pub ticker: String,
    /// The day of the market figures.
    pub as_of: Date,
    /// Market capitalisation, USD.
    pub market_cap_usd: Option<f64>,
    /// Enterprise value, USD, and how it was found (`ev_basis`).
    pub ev_usd: Option<f64>,
    /// How the enterprise value was found, in words.
    pub ev_basis: String,
    /// Contracted AI/HPC critical-IT MW.
    pub contracted_hpc_mw_it: Option<f64>,
    /// Energized (gross) MW.
    pub energized_mw: Option<f64>,
    /// EV per contracted IT MW, USD.
    pub ev_per_contracted_mw_usd: Option<f64>,
    /// EV per energized MW, USD.
    pub ev_per_energized_mw_usd: Option<f64>,
    /// Fleet efficiency, J/TH.
    pub fleet_j_per_th: Option<f64>,
    /// Energized hashrate, EH/s.
    pub energized_hashrate_eh_s: Option<f64>,
    /// The example scenario the run-based columns come from.
    pub example: Option<String>,
    /// Year-1 company EBITDA of the example (P50 of the paths), USD.
    pub ebitda_next_year_usd: Option<f64>,
    /// EV over year-1 EBITDA (positive EBITDA only).
    pub ev_to_ebitda_next_year: Option<f64>,
    /// Mining cost (power + variable opex) over self-mining revenue over the horizon, P50 of the paths: the cost
    /// of a unit of hash over its price (< 1 earns).
    pub hashcost_to_hashprice: Option<f64>,
    /// Hosting-lease and GPU-cloud revenue over all revenue in year 1 of the example.
    pub contracted_revenue_share: Option<f64>,
    /// Monthly EBITDA change per unit BTC log return over the mean monthly EBITDA of year 1 (elasticity).
    pub btc_beta_ebitda: Option<f64>,
}

/// The numeric fields a table of peers can be sorted by, in column order.
pub const SORTABLE: [&str; 13] = [
    "market_cap_usd",
    "ev_usd",
    "contracted_hpc_mw_it",
    "energized_mw",
    "ev_per_contracted_mw_usd",
    "ev_per_energized_mw_usd",
    "fleet_j_per_th",
    "energized_hashrate_eh_s",
    "ebitda_next_year_usd",
    "ev_to_ebitda_next_year",
    "hashcost_to_hashprice",
    "contracted_revenue_share",
    "btc_beta_ebitda",
];

impl PeerRow {
    /// The row's numeric field `name` (one of [`SORTABLE`]); `None` for another name.
    pub fn field(&self, name: &str) -> Option<Option<f64>> {
        Some(match name {
            "market_cap_usd" => self.market_cap_usd,
            "ev_usd" => self.ev_usd,
            "contracted_hpc_mw_it" => self.contracted_hpc_mw_it,
            "energized_mw" => self.energized_mw,
            "ev_per_contracted_mw_usd" => self.ev_per_contracted_mw_usd,
            "ev_per_energized_mw_usd" => self.ev_per_energized_mw_usd,
            "fleet_j_per_th" => self.fleet_j_per_th,
            "energized_hashrate_eh_s" => self.energized_hashrate_eh_s,
            "ebitda_next_year_usd" => self.ebitda_next_year_usd,
            "ev_to_ebitda_next_year" => self.ev_to_ebitda_next_year,
            "hashcost_to_hashprice" => self.hashcost_to_hashprice,
            "contracted_revenue_share" => self.contracted_revenue_share,
            "btc_beta_ebitda" => self.btc_beta_ebitda,
            _ => return None,
        })
    }
}

/// The run-based figures of one example scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFigures {
    /// The example's file, as the user named it.
    pub example: String,
    /// Year-1 EBITDA, P50 of the paths, USD.
    pub ebitda_next_year_usd: Option<f64>,
    /// Mining cost over self-mining revenue over the horizon, P50 of the paths.
    pub hashcost_to_hashprice: Option<f64>,
    /// Hosting-lease and GPU-cloud share of year-1 revenue.
    pub contracted_revenue_share: Option<f64>,
    /// BTC-beta of EBITDA as an elasticity to year-1 mean monthly EBITDA.
    pub btc_beta_ebitda: Option<f64>,
}

impl RunFigures {
    /// The figures of a run of the example `example` (its report needs the paths).
    pub fn from_report(example: String, r: &Report) -> RunFigures {
        let s = &r.summary;
        let ebitda_y1 = s.ebitda_usd_by_year.first().map(|y| y.p50);
        let ratios: Vec<f64> = r
            .paths
            .iter()
            .filter_map(|p| {
                let rev: f64 = p.revenue_usd_by_year.iter().map(|y| y[0]).sum();
                (rev > 0.0).then(|| p.mining_cost_usd / rev)
            })
            .collect();
        let contracted = s.revenue_mix_by_year.first().and_then(|m| {
            let total = m.self_mining + m.hosting_lease + m.gpu_cloud + m.power_sales;
            (total > 0.0).then(|| (m.hosting_lease + m.gpu_cloud) / total)
        });
        RunFigures {
            example,
            ebitda_next_year_usd: ebitda_y1,
            hashcost_to_hashprice: (!ratios.is_empty()).then(|| quantile(&sorted(&ratios), 0.5)),
            contracted_revenue_share: contracted,
            btc_beta_ebitda: match (s.btc_beta_ebitda, ebitda_y1) {
                (Some(b), Some(e)) if e > 0.0 => Some(b / (e / 12.0)),
                _ => None,
            },
        }
    }
}

/// Enterprise value, USD, and its basis in words: as reported by a market-data page, else market cap + the
/// dataset's debt − cash.
pub fn enterprise_value(c: &Company) -> (Option<f64>, String) {
    if let Some(e) = &c.enterprise_value_usd {
        let from = &e.provenance;
        return (
            Some(e.value),
            format!("reported {}: {}", from.date, from.source),
        );
    }
    let Some(m) = &c.market_cap_usd else {
        return (None, "no market cap in the dataset".into());
    };
    let cash = c.cash_usd.as_ref().map_or(0.0, |x| x.value);
    let missing = if c.cash_usd.is_none() {
        " (cash missing: 0)"
    } else {
        ""
    };
    (
        Some(m.value + c.debt_usd() - cash),
        format!(
            "market cap + debt in the dataset ({} instruments) − cash{missing}",
            c.debt.len()
        ),
    )
}

/// `numerator / denominator` where both are known and the denominator is positive.
fn ratio(numerator: Option<f64>, denominator: Option<f64>) -> Option<f64> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0.0 => Some(n / d),
        _ => None,
    }
}

/// A company's row, with the figures of its wired example where there is one.
pub fn peer_row(c: &Company, run: Option<RunFigures>) -> PeerRow {
    let (ev_usd, ev_basis) = enterprise_value(c);
    let value = |x: &Option<crate::company::Sourced>| x.as_ref().map(|x| x.value);
    let contracted = value(&c.contracted_hpc_mw_it);
    let energized = value(&c.energized_mw);
    let ebitda = run.as_ref().and_then(|f| f.ebitda_next_year_usd);
    PeerRow {
        company: c.id.clone(),
        ticker: c.ticker.clone(),
        as_of: c.as_of,
        market_cap_usd: value(&c.market_cap_usd),
        ev_usd,
        ev_basis,
        contracted_hpc_mw_it: contracted,
        energized_mw: energized,
        ev_per_contracted_mw_usd: ratio(ev_usd, contracted),
        ev_per_energized_mw_usd: ratio(ev_usd, energized),
        fleet_j_per_th: value(&c.fleet_j_per_th),
        energized_hashrate_eh_s: value(&c.energized_hashrate_eh_s),
        ev_to_ebitda_next_year: ratio(ev_usd, ebitda),
        ebitda_next_year_usd: ebitda,
        hashcost_to_hashprice: run.as_ref().and_then(|f| f.hashcost_to_hashprice),
        contracted_revenue_share: run.as_ref().and_then(|f| f.contracted_revenue_share),
        btc_beta_ebitda: run.as_ref().and_then(|f| f.btc_beta_ebitda),
        example: run.map(|f| f.example),
    }
}

/// Sorts rows by `key` (one of [`SORTABLE`]), descending; rows without the figure last, in their order.
pub fn sort_rows(rows: &mut [PeerRow], key: &str) -> Result<()> {
    if !SORTABLE.contains(&key) {
        return Err(Error::InvalidInput {
            field: "sort key".into(),
            found: format!("'{key}'"),
            expected: format!("one of {}", SORTABLE.join(", ")),
        });
    }
    rows.sort_by(
        |x, y| match (x.field(key).flatten(), y.field(key).flatten()) {
            (Some(p), Some(q)) => q.total_cmp(&p),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::{Provenance, Sourced};

    fn sourced(value: f64) -> Option<Sourced> {
        Some(Sourced {
            value,
            provenance: Provenance {
                date: Date::from_ymd(2026, 8, 17).unwrap(),
                source: "https://example.org".into(),
                note: String::new(),
            },
        })
    }

    fn company() -> Company {
        let lib = crate::data::bundled_companies().unwrap();
        lib.companies()[0].clone()
    }

    #[test]
    fn ev_falls_back_to_market_cap_plus_debt_less_cash() {
        let mut c = company();
        c.enterprise_value_usd = None;
        c.market_cap_usd = sourced(1_000e6);
        c.cash_usd = sourced(100e6);
        let (ev, basis) = enterprise_value(&c);
        assert_eq!(ev, Some(900e6 + c.debt_usd()));
        assert!(basis.starts_with("market cap + debt"), "{basis}");
        c.cash_usd = None;
        let (ev, basis) = enterprise_value(&c);
        assert_eq!(ev, Some(1_000e6 + c.debt_usd()));
        assert!(basis.ends_with("(cash missing: 0)"), "{basis}");
        c.enterprise_value_usd = sourced(2_000e6);
        assert_eq!(enterprise_value(&c).0, Some(2_000e6));
    }

    #[test]
    fn per_mw_needs_a_positive_denominator() {
        let mut c = company();
        c.enterprise_value_usd = sourced(3_000e6);
        c.contracted_hpc_mw_it = sourced(200.0);
        c.energized_mw = sourced(0.0);
        let r = peer_row(&c, None);
        assert_eq!(r.ev_per_contracted_mw_usd, Some(15e6));
        assert_eq!(r.ev_per_energized_mw_usd, None);
        assert_eq!(r.ev_to_ebitda_next_year, None);
        assert_eq!(r.example, None);
    }

    #[test]
    fn sorting_is_descending_with_missing_last_and_refuses_unknown_keys() {
        let mut c = company();
        c.enterprise_value_usd = None;
        let rows: Vec<PeerRow> = [Some(1.0), None, Some(3.0)]
            .into_iter()
            .map(|m| {
                c.market_cap_usd = m.and_then(sourced);
                peer_row(&c, None)
            })
            .collect();
        let mut sorted_rows = rows.clone();
        sort_rows(&mut sorted_rows, "market_cap_usd").unwrap();
        let caps: Vec<_> = sorted_rows.iter().map(|r| r.market_cap_usd).collect();
        assert_eq!(caps, [Some(3.0), Some(1.0), None]);
        let e = sort_rows(&mut sorted_rows, "npv").unwrap_err().to_string();
        assert!(
            e.contains("found 'npv'") && e.contains("btc_beta_ebitda"),
            "{e}"
        );
    }
}
