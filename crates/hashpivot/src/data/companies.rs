//! The company dataset: `data/companies.toml`, read in two stages — a raw struct mirroring the file (unknown
//! fields refused), then validation into [`Company`] with every problem named by the company id and field:
//! bounds per unit (USD, shares, MW, EH/s, J/TH), dates, source addresses.

use crate::bounds;
use crate::company::{
    Company, CompanyLibrary, DebtInstrument, DebtKind, Provenance, Reaction, Sourced, Warrant,
};
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Deserialize;

/// `data/companies.toml`.
pub(crate) const COMPANIES_TOML: &str = include_str!("../../../../data/companies.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    company: Vec<RawCompany>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    value: f64,
    date: String,
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDebt {
    name: String,
    kind: String,
    principal_usd: f64,
    conversion_price_usd: Option<f64>,
    date: String,
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWarrant {
    holder: String,
    shares: f64,
    strike_usd: Option<f64>,
    date: String,
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReaction {
    deal: String,
    date: String,
    price_change: f64,
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    id: String,
    name: String,
    ticker: String,
    as_of: String,
    share_price_usd: Option<RawFigure>,
    market_cap_usd: Option<RawFigure>,
    enterprise_value_usd: Option<RawFigure>,
    shares_basic: Option<RawFigure>,
    shares_diluted: Option<RawFigure>,
    cash_usd: Option<RawFigure>,
    btc_held: Option<RawFigure>,
    contracted_hpc_mw_it: Option<RawFigure>,
    energized_mw: Option<RawFigure>,
    pipeline_mw: Option<RawFigure>,
    energized_hashrate_eh_s: Option<RawFigure>,
    fleet_j_per_th: Option<RawFigure>,
    #[serde(default)]
    debt: Vec<RawDebt>,
    #[serde(default)]
    warrants: Vec<RawWarrant>,
    #[serde(default)]
    reactions: Vec<RawReaction>,
    #[serde(default)]
    notes: Vec<String>,
}

/// Where a company's figures are checked: its file and its id.
struct At<'a> {
    origin: &'a str,
    id: &'a str,
}

impl At<'_> {
    fn bad(&self, field: &str, found: impl ToString, expected: &str) -> Error {
        Error::Parse {
            origin: self.origin.to_string(),
            line: 0,
            message: format!(
                "company '{}': invalid {field}: found {}, expected {expected}",
                self.id,
                found.to_string()
            ),
        }
    }
    fn date(&self, field: &str, s: &str) -> Result<Date> {
        Date::parse(s).map_err(|_| self.bad(field, format!("'{s}'"), "YYYY-MM-DD"))
    }
    fn source(&self, field: &str, s: &str) -> Result<()> {
        if s.starts_with("https://") || s.starts_with("http://") {
            Ok(())
        } else {
            Err(self.bad(
                field,
                format!("'{s}'"),
                "an address starting with https:// or http://",
            ))
        }
    }
    fn within(&self, field: &str, v: f64, (min, max, expected): Range) -> Result<()> {
        if v.is_finite() && v >= min && v <= max {
            Ok(())
        } else {
            Err(self.bad(field, v, expected))
        }
    }
    /// The provenance of the figure `field`, or of an entry of the list `field` (debt, warrants, reactions),
    /// once its source address and then its date are checked.
    fn provenance(
        &self,
        field: &str,
        date: &str,
        source: String,
        note: String,
    ) -> Result<Provenance> {
        self.source(&format!("{field}.source"), &source)?;
        Ok(Provenance {
            date: self.date(&format!("{field}.date"), date)?,
            source,
            note,
        })
    }
    /// A figure checked against its unit's range.
    fn figure(&self, field: &str, raw: Option<RawFigure>, range: Range) -> Result<Option<Sourced>> {
        let Some(r) = raw else { return Ok(None) };
        self.within(field, r.value, range)?;
        Ok(Some(Sourced {
            value: r.value,
            provenance: self.provenance(field, &r.date, r.source, r.note)?,
        }))
    }
}

/// A figure's valid range: least, greatest, and what the message says is expected.
type Range = (f64, f64, &'static str);

const USD: Range = (0.0, 1e13, "an amount in [0, 1e13] USD");
const PRICE: Range = (0.01, 1e5, "a share price in [0.01, 100000] USD");
const SHARES: Range = (1e5, 1e11, "a share count in [1e5, 1e11]");
const BTC: Range = (0.0, 2.1e7, "a holding in [0, 21000000] BTC");
const MW: Range = (0.0, 1e5, "a capacity in [0, 100000] MW");
const EH_S: Range = (0.0, 1e4, "a hashrate in [0, 10000] EH/s");
const J_PER_TH: Range = (
    bounds::J_PER_TH.min,
    bounds::J_PER_TH.max,
    bounds::J_PER_TH.expected,
);
const PRINCIPAL: Range = (1.0, USD.1, USD.2);
const WARRANT_SHARES: Range = (1.0, SHARES.1, "a share count in [1, 1e11]");
const STRIKE: Range = (0.0, PRICE.1, "a strike in [0, 100000] USD");
const PRICE_CHANGE: Range = (-0.99, 10.0, "a share in [-0.99, 10]");

impl RawCompany {
    fn validate(self, origin: &str) -> Result<Company> {
        let id = self.id.clone();
        let at = At { origin, id: &id };
        let as_of = at.date("as_of", &self.as_of)?;
        let mut debt = Vec::new();
        for d in self.debt {
            let kind = match d.kind.as_str() {
                "secured_notes" => DebtKind::SecuredNotes,
                "convertible" => DebtKind::Convertible,
                "loan" => DebtKind::Loan,
                "credit_facility" => DebtKind::CreditFacility,
                k => {
                    return Err(at.bad(
                        "debt.kind",
                        format!("'{k}'"),
                        "secured_notes, convertible, loan or credit_facility",
                    ));
                }
            };
            at.within("debt.principal_usd", d.principal_usd, PRINCIPAL)?;
            if let Some(p) = d.conversion_price_usd {
                if kind != DebtKind::Convertible {
                    return Err(at.bad(
                        "debt.conversion_price_usd",
                        p,
                        "a conversion price only on a convertible",
                    ));
                }
                at.within("debt.conversion_price_usd", p, PRICE)?;
            }
            debt.push(DebtInstrument {
                name: d.name,
                kind,
                principal_usd: d.principal_usd,
                conversion_price_usd: d.conversion_price_usd,
                provenance: at.provenance("debt", &d.date, d.source, d.note)?,
            });
        }
        let mut warrants = Vec::new();
        for w in self.warrants {
            at.within("warrants.shares", w.shares, WARRANT_SHARES)?;
            if let Some(k) = w.strike_usd {
                at.within("warrants.strike_usd", k, STRIKE)?;
            }
            warrants.push(Warrant {
                holder: w.holder,
                shares: w.shares,
                strike_usd: w.strike_usd,
                provenance: at.provenance("warrants", &w.date, w.source, w.note)?,
            });
        }
        let mut reactions = Vec::new();
        for r in self.reactions {
            at.within("reactions.price_change", r.price_change, PRICE_CHANGE)?;
            reactions.push(Reaction {
                deal: r.deal,
                price_change: r.price_change,
                provenance: at.provenance("reactions", &r.date, r.source, r.note)?,
            });
        }
        // Each figure is checked under its own field name, so a message cannot name another field.
        macro_rules! figure {
            ($field:ident, $unit:expr) => {
                at.figure(stringify!($field), self.$field, $unit)?
            };
        }
        Ok(Company {
            share_price_usd: figure!(share_price_usd, PRICE),
            market_cap_usd: figure!(market_cap_usd, USD),
            enterprise_value_usd: figure!(enterprise_value_usd, USD),
            shares_basic: figure!(shares_basic, SHARES),
            shares_diluted: figure!(shares_diluted, SHARES),
            cash_usd: figure!(cash_usd, USD),
            btc_held: figure!(btc_held, BTC),
            contracted_hpc_mw_it: figure!(contracted_hpc_mw_it, MW),
            energized_mw: figure!(energized_mw, MW),
            pipeline_mw: figure!(pipeline_mw, MW),
            energized_hashrate_eh_s: figure!(energized_hashrate_eh_s, EH_S),
            fleet_j_per_th: figure!(fleet_j_per_th, J_PER_TH),
            debt,
            warrants,
            reactions,
            notes: self.notes,
            id: self.id,
            name: self.name,
            ticker: self.ticker,
            as_of,
        })
    }
}

/// Parses a company dataset in the shape of `data/companies.toml`.
pub(crate) fn parse_companies_toml(text: &str, origin: &str) -> Result<CompanyLibrary> {
    let raw: RawFile = super::parse_toml(text, origin)?;
    let companies = raw
        .company
        .into_iter()
        .map(|c| c.validate(origin))
        .collect::<Result<Vec<_>>>()?;
    CompanyLibrary::new(companies)
}

/// The bundled company dataset.
pub fn bundled_companies() -> Result<CompanyLibrary> {
    parse_companies_toml(COMPANIES_TOML, "bundled data/companies.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts and figures pinned against their sources (typed in by hand from data/SOURCES-companies.md).
    #[test]
    fn bundled_dataset_has_ten_companies_with_sourced_figures() {
        let lib = bundled_companies().unwrap();
        assert_eq!(lib.companies().len(), 10);
        for c in lib.companies() {
            let p = c.share_price_usd.as_ref().unwrap();
            let m = c.market_cap_usd.as_ref().unwrap();
            assert!(c.shares_basic.is_some(), "{}", c.id);
            assert_eq!(
                p.provenance.date, c.as_of,
                "{}: the price is as of as_of",
                c.id
            );
            assert_eq!(
                m.provenance.date, c.as_of,
                "{}: the market cap is as of as_of",
                c.id
            );
        }
        let w = lib.find("WULF").unwrap();
        assert_eq!(w.share_price_usd.as_ref().unwrap().value, 15.94);
        assert_eq!(w.cash_usd.as_ref().unwrap().value, 711.315e6);
        let conv = w.debt.iter().find(|d| d.name.contains("2032")).unwrap();
        assert_eq!(
            (conv.principal_usd, conv.conversion_price_usd),
            (1.025e9, Some(19.9375))
        );
        assert_eq!(w.warrants.iter().map(|x| x.shares).sum::<f64>(), 73.5e6);
        let i = lib.find("iren").unwrap();
        assert_eq!(i.shares_basic.as_ref().unwrap().value, 283.47e6);
        assert_eq!(i.debt[0].conversion_price_usd, Some(85.63));
        assert_eq!(
            lib.find("hut").unwrap().btc_held.as_ref().unwrap().value,
            10278.0
        );
        assert_eq!(
            lib.find("corz")
                .unwrap()
                .contracted_hpc_mw_it
                .as_ref()
                .unwrap()
                .value,
            590.0
        );
    }

    /// A figure's and an entry's provenance serialize inline, as their own `date`, `source` and `note` after the
    /// other fields (the layout before they shared [`Provenance`]).
    #[test]
    fn provenance_serializes_inline() {
        fn to_json(v: &impl serde::Serialize) -> String {
            serde_json::to_string(v).unwrap()
        }
        #[derive(serde::Serialize)]
        struct Figure<'a> {
            value: f64,
            date: Date,
            source: &'a str,
            note: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Debt<'a> {
            name: &'a str,
            kind: DebtKind,
            principal_usd: f64,
            conversion_price_usd: Option<f64>,
            date: Date,
            source: &'a str,
            note: &'a str,
        }
        let lib = bundled_companies().unwrap();
        let w = lib.find("WULF").unwrap();
        let p = w.share_price_usd.as_ref().unwrap();
        let from = &p.provenance;
        let flat = Figure {
            value: p.value,
            date: from.date,
            source: &from.source,
            note: &from.note,
        };
        assert_eq!(to_json(p), to_json(&flat));
        let d = w
            .debt
            .iter()
            .find(|d| d.conversion_price_usd.is_some())
            .unwrap();
        let from = &d.provenance;
        let flat = Debt {
            name: &d.name,
            kind: d.kind,
            principal_usd: d.principal_usd,
            conversion_price_usd: d.conversion_price_usd,
            date: from.date,
            source: &from.source,
            note: &from.note,
        };
        assert_eq!(to_json(d), to_json(&flat));
    }

    #[test]
    fn malformed_companies_are_named() {
        let base =
            "[[company]]\nid = \"x\"\nname = \"X\"\nticker = \"X\"\nas_of = \"2025-01-01\"\n";
        assert!(parse_companies_toml(base, "c.toml").is_ok());
        let e = parse_companies_toml(
            &format!("{base}share_price_usd = {{ value = -1, date = \"2025-01-01\", source = \"https://a\" }}\n"),
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("company 'x': invalid share_price_usd: found -1"),
            "{e}"
        );
        let e = parse_companies_toml(
            &format!(
                "{base}cash_usd = {{ value = 1, date = \"2025-13-01\", source = \"https://a\" }}\n"
            ),
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("invalid cash_usd.date"), "{e}");
        let e = parse_companies_toml(
            &format!(
                "{base}cash_usd = {{ value = 1, date = \"2025-01-01\", source = \"a filing\" }}\n"
            ),
            "c.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("invalid cash_usd.source"), "{e}");
        let e = parse_companies_toml(&format!("{base}cash = 3\n"), "c.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field"), "{e}");
        let dup = format!("{base}{base}");
        assert!(
            parse_companies_toml(&dup, "c.toml")
                .unwrap_err()
                .to_string()
                .contains("each id once")
        );
    }
}
