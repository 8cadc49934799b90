//! The company dataset (`data/companies.toml`): listed miners and AI/HPC hosts with their balance-sheet and
//! market figures, each figure with the date it is as of and its source. Missing figures are `None`.

use crate::date::Date;
use crate::error::{Error, Result, choices};
use serde::Serialize;

/// Where a figure or an entry of a company's lists (debt, warrants, share-price reactions) comes from: the date
/// it is as of, the address it was read from and an optional remark. Serialized inline, as the figure's or
/// entry's own `date`, `source` and `note`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// The date it is as of (a figure's date, a principal's balance date, a grant, a trading day).
    pub date: Date,
    /// The address it was read from.
    pub source: String,
    /// A remark (what it includes, how it was read).
    pub note: String,
}

/// A figure with the date it is as of, the address it was read from and an optional remark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourced {
    /// The figure, in the unit its field names.
    pub value: f64,
    /// The date the figure is as of, its source and a remark (what it includes, how it was read).
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// What kind of debt an instrument is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DebtKind {
    /// Senior secured notes.
    SecuredNotes,
    /// Convertible notes (valued at the larger of face and conversion value).
    Convertible,
    /// A term or project loan.
    Loan,
    /// A drawn credit facility.
    CreditFacility,
}

/// One debt instrument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebtInstrument {
    /// Name, as the issuer calls it.
    pub name: String,
    /// Secured notes, convertible, loan or credit facility.
    pub kind: DebtKind,
    /// Principal outstanding, USD.
    pub principal_usd: f64,
    /// Conversion price, USD per share (convertibles, where disclosed).
    pub conversion_price_usd: Option<f64>,
    /// Date the principal is as of, its source and a remark.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Warrants (or options) granted, e.g. to a backstop provider.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warrant {
    /// Who holds them.
    pub holder: String,
    /// Shares they convert into.
    pub shares: f64,
    /// Exercise price, USD per share, where disclosed.
    pub strike_usd: Option<f64>,
    /// Date of the grant, its source and a remark.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// The share-price move on the day a deal was announced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reaction {
    /// Deal id in the deal library.
    pub deal: String,
    /// Price change that day as a share (0.17 = +17%).
    pub price_change: f64,
    /// The trading day, its source and a remark (close-to-close or intraday, as reported).
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// One listed company, as bundled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    /// Short id, e.g. `wulf`.
    pub id: String,
    /// Legal name.
    pub name: String,
    /// Exchange ticker.
    pub ticker: String,
    /// The day of the share price and market capitalisation the valuation bridge compares to.
    pub as_of: Date,
    /// Share price, USD.
    pub share_price_usd: Option<Sourced>,
    /// Market capitalisation, USD.
    pub market_cap_usd: Option<Sourced>,
    /// Enterprise value as a market-data page reports it, USD.
    pub enterprise_value_usd: Option<Sourced>,
    /// Shares outstanding (basic).
    pub shares_basic: Option<Sourced>,
    /// Fully diluted shares, where reported.
    pub shares_diluted: Option<Sourced>,
    /// Cash and equivalents, USD.
    pub cash_usd: Option<Sourced>,
    /// Bitcoin held, BTC.
    pub btc_held: Option<Sourced>,
    /// Contracted AI/HPC critical IT MW.
    pub contracted_hpc_mw_it: Option<Sourced>,
    /// Energized MW (gross).
    pub energized_mw: Option<Sourced>,
    /// Pipeline MW (gross; secured or under development, as the note says).
    pub pipeline_mw: Option<Sourced>,
    /// Energized self-mining hashrate, EH/s.
    pub energized_hashrate_eh_s: Option<Sourced>,
    /// Fleet efficiency, J/TH.
    pub fleet_j_per_th: Option<Sourced>,
    /// Debt instruments.
    pub debt: Vec<DebtInstrument>,
    /// Warrants and stakes granted.
    pub warrants: Vec<Warrant>,
    /// Share-price moves on deal announcements.
    pub reactions: Vec<Reaction>,
    /// Remarks (what is missing and why).
    pub notes: Vec<String>,
}

impl Company {
    /// Total debt principal, USD (every instrument, convertibles at face).
    pub fn debt_usd(&self) -> f64 {
        self.debt.iter().map(|d| d.principal_usd).sum()
    }
    /// The reaction recorded for a deal, if any.
    pub fn reaction(&self, deal: &str) -> Option<&Reaction> {
        self.reactions
            .iter()
            .find(|r| r.deal.eq_ignore_ascii_case(deal))
    }
}

/// The company dataset, in file order.
#[derive(Debug, Clone)]
pub struct CompanyLibrary {
    companies: Vec<Company>,
}

impl CompanyLibrary {
    /// The library; fails when an id appears twice.
    pub fn new(companies: Vec<Company>) -> Result<CompanyLibrary> {
        let mut seen = std::collections::BTreeSet::new();
        for c in &companies {
            if !seen.insert(c.id.to_ascii_lowercase()) {
                return Err(Error::invalid("company dataset", &c.id, "each id once"));
            }
        }
        Ok(CompanyLibrary { companies })
    }
    /// Every company, in file order.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }
    /// The company with this id or ticker (case-insensitive); an error listing the ids when there is none.
    pub fn find(&self, id: &str) -> Result<&Company> {
        let id = id.trim();
        self.companies
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id) || c.ticker.eq_ignore_ascii_case(id))
            .ok_or_else(|| {
                Error::invalid(
                    "company id",
                    id,
                    format!(
                        "one of {}",
                        choices(self.companies.iter().map(|c| c.id.as_str()))
                    ),
                )
            })
    }
}
