//! The deal library: `data/deals.toml`, read in two stages — a raw struct that mirrors the file (unknown
//! fields refused), then validation into [`Deal`] with every problem named by its deal id and field.

use crate::bounds;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::hpc::deals::{
    Deal, DealKind, DealLibrary, DealSource, DealStatus, NOI_BASIS_DISCLOSED, NOI_BASIS_PEERS,
};
use crate::hpc::lease::{Backstop, PowerPassThrough, RampStep};
use serde::Deserialize;

/// `data/deals.toml`.
pub(crate) const DEALS_TOML: &str = include_str!("../../../../data/deals.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    deal: Vec<RawDeal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeal {
    id: String,
    name: String,
    kind: String,
    landlord: String,
    tenant: String,
    backstop: Option<Backstop>,
    announced: String,
    status: String,
    status_date: String,
    status_note: String,
    mw_it: Option<f64>,
    mw_gross: Option<f64>,
    term_years: Option<f64>,
    contract_value_usd: Option<f64>,
    escalator_per_year: Option<f64>,
    #[serde(default)]
    escalator_note: String,
    power_pass_through: String,
    build_months: Option<u32>,
    #[serde(default)]
    ramp: Vec<RampStep>,
    capex_usd_per_mw_it: Option<f64>,
    noi_margin: Option<f64>,
    #[serde(default)]
    noi_margin_basis: String,
    #[serde(default)]
    backstop_structure: String,
    parent: Option<String>,
    #[serde(default)]
    extension_options: String,
    value_with_extensions_usd: Option<f64>,
    prepayment_fraction: Option<f64>,
    confidence: String,
    #[serde(default)]
    aggregate_of: Vec<String>,
    sources: Vec<RawSource>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    what: String,
    url: String,
    date: String,
}

/// Where a deal's figures are checked: its file and its id.
struct DealAt<'a> {
    origin: &'a str,
    id: &'a str,
}

impl DealAt<'_> {
    /// A parse error naming the deal and its `field`.
    fn bad(&self, field: &str, found: impl ToString, expected: &str) -> Error {
        Error::Parse {
            origin: self.origin.to_string(),
            line: 0,
            message: format!(
                "deal '{}': invalid {field}: found {}, expected {expected}",
                self.id,
                found.to_string()
            ),
        }
    }

    /// Refuses a `field` that is given but not a positive number.
    fn positive(&self, field: &str, v: Option<f64>) -> Result<()> {
        match v {
            Some(x) if !(x.is_finite() && x > 0.0) => Err(self.bad(field, x, "a positive number")),
            _ => Ok(()),
        }
    }
}

impl RawDeal {
    fn validate(self, origin: &str) -> Result<Deal> {
        let id = self.id.clone();
        let at = DealAt { origin, id: &id };
        let date = |field: &str, s: &str| {
            Date::parse(s).map_err(|_| at.bad(field, format!("'{s}'"), "YYYY-MM-DD"))
        };
        let kind = match self.kind.as_str() {
            "lease" => DealKind::Lease,
            "gpu_cloud" => DealKind::GpuCloud,
            "acquisition" => DealKind::Acquisition,
            k => {
                return Err(at.bad("kind", format!("'{k}'"), "lease, gpu_cloud or acquisition"));
            }
        };
        let status = match self.status.as_str() {
            "active" => DealStatus::Active,
            "terminated" => DealStatus::Terminated,
            s => {
                return Err(at.bad("status", format!("'{s}'"), "active or terminated"));
            }
        };
        let power_pass_through =
            PowerPassThrough::parse(&self.power_pass_through).ok_or_else(|| {
                at.bad(
                    "power_pass_through",
                    format!("'{}'", self.power_pass_through),
                    "nnn, modified_gross, full_service or unknown",
                )
            })?;
        let announced = date("announced", &self.announced)?;
        let status_date = date("status_date", &self.status_date)?;
        if status_date < announced {
            return Err(at.bad(
                "status_date",
                status_date,
                "a date on or after the announcement",
            ));
        }
        for (f, v) in [
            ("mw_it", self.mw_it),
            ("mw_gross", self.mw_gross),
            ("term_years", self.term_years),
            ("contract_value_usd", self.contract_value_usd),
            ("capex_usd_per_mw_it", self.capex_usd_per_mw_it),
            ("value_with_extensions_usd", self.value_with_extensions_usd),
        ] {
            at.positive(f, v)?;
        }
        if let (Some(it), Some(g)) = (self.mw_it, self.mw_gross)
            && g < it
        {
            return Err(at.bad(
                "mw_gross",
                g,
                "at least mw_it: gross power includes the IT load",
            ));
        }
        // The ranges a scenario and `compare` use for the same quantities.
        for (f, v, bound) in [
            ("noi_margin", self.noi_margin, bounds::NOI_MARGIN),
            (
                "escalator_per_year",
                self.escalator_per_year,
                bounds::ESCALATOR,
            ),
            (
                "build_months",
                self.build_months.map(f64::from),
                bounds::BUILD_MONTHS,
            ),
        ] {
            if let Some(x) = v
                && !bound.contains(x)
            {
                return Err(at.bad(f, x, bound.expected));
            }
        }
        if let Some(x) = self.prepayment_fraction
            && !(0.0..=1.0).contains(&x)
        {
            return Err(at.bad("prepayment_fraction", x, "a share in [0, 1]"));
        }
        if let Some(b) = &self.backstop
            && b.amount_usd.is_some() == b.full_base_term
        {
            return Err(at.bad(
                "backstop",
                format!("guarantor '{}'", b.guarantor),
                "either amount_usd (a capped guarantee) or full_base_term = true",
            ));
        }
        if self.sources.is_empty() {
            return Err(at.bad("sources", "none", "at least one source"));
        }
        let mut sources = Vec::with_capacity(self.sources.len());
        for s in self.sources {
            if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
                return Err(at.bad(
                    "sources.url",
                    format!("'{}'", s.url),
                    "an address starting with https:// or http://",
                ));
            }
            if s.what.trim().is_empty() {
                return Err(at.bad("sources.what", "''", "what the source states"));
            }
            let date = date("sources.date", &s.date)?;
            sources.push(DealSource {
                what: s.what,
                url: s.url,
                date,
            });
        }
        // Every lease carries an NOI margin below 1 and its basis: disclosed, or assumed from named peers.
        if kind == DealKind::Lease {
            match self.noi_margin {
                None => {
                    return Err(at.bad(
                        "noi_margin",
                        "none",
                        "a NOI margin for every lease (disclosed, or assumed from named peers)",
                    ));
                }
                Some(m) if !(m > 0.0 && m < 1.0) => {
                    return Err(at.bad("noi_margin", m, "a share above 0 and below 1 for a lease"));
                }
                Some(_) => {}
            }
            let b = self.noi_margin_basis.trim();
            let peers = b
                .strip_prefix(NOI_BASIS_PEERS)
                .is_some_and(|rest| !rest.trim().is_empty());
            if !(b.starts_with(NOI_BASIS_DISCLOSED) || peers) {
                return Err(at.bad(
                    "noi_margin_basis",
                    format!("'{b}'"),
                    "'disclosed …' or 'assumed from peers: …' naming the peers",
                ));
            }
        }
        if self.parent.as_deref() == Some(self.id.as_str()) {
            return Err(at.bad("parent", format!("'{}'", self.id), "another deal's id"));
        }
        if !matches!(self.confidence.as_str(), "H" | "M" | "H/M") {
            return Err(at.bad(
                "confidence",
                format!("'{}'", self.confidence),
                "H, M or H/M",
            ));
        }
        Ok(Deal {
            id: self.id,
            name: self.name,
            kind,
            landlord: self.landlord,
            tenant: self.tenant,
            backstop: self.backstop,
            announced,
            status,
            status_date,
            status_note: self.status_note,
            mw_it: self.mw_it,
            mw_gross: self.mw_gross,
            term_years: self.term_years,
            contract_value_usd: self.contract_value_usd,
            escalator_per_year: self.escalator_per_year,
            escalator_note: self.escalator_note,
            power_pass_through,
            build_months: self.build_months,
            ramp: self.ramp,
            capex_usd_per_mw_it: self.capex_usd_per_mw_it,
            noi_margin: self.noi_margin,
            noi_margin_basis: self.noi_margin_basis,
            backstop_structure: self.backstop_structure,
            parent: self.parent,
            extension_options: self.extension_options,
            value_with_extensions_usd: self.value_with_extensions_usd,
            prepayment_fraction: self.prepayment_fraction,
            confidence: self.confidence,
            aggregate_of: self.aggregate_of,
            sources,
            notes: self.notes,
        })
    }
}

/// Parses a deal library in the shape of `data/deals.toml`.
pub(crate) fn parse_deals_toml(text: &str, origin: &str) -> Result<DealLibrary> {
    let raw: RawFile = super::parse_toml(text, origin)?;
    let deals = raw
        .deal
        .into_iter()
        .map(|d| d.validate(origin))
        .collect::<Result<Vec<_>>>()?;
    let lib = DealLibrary::new(deals)?;
    for d in lib.deals() {
        if let Some(p) = &d.parent {
            let parent = lib.find(p).map_err(|_| {
                DealAt { origin, id: &d.id }.bad(
                    "parent",
                    format!("'{p}'"),
                    "the id of a deal in the library",
                )
            })?;
            if parent.announced > d.announced {
                return Err(DealAt { origin, id: &d.id }.bad(
                    "parent",
                    format!("'{p}' announced {}", parent.announced),
                    "a deal announced on or before this one",
                ));
            }
        }
        for a in &d.aggregate_of {
            lib.find(a).map_err(|_| {
                DealAt { origin, id: &d.id }.bad(
                    "aggregate_of",
                    format!("'{a}'"),
                    "ids of deals in the library",
                )
            })?;
        }
    }
    Ok(lib)
}

/// The bundled deal library.
pub fn bundled_deals() -> Result<DealLibrary> {
    parse_deals_toml(DEALS_TOML, "bundled data/deals.toml")
}

#[cfg(test)]
#[path = "deals_tests.rs"]
mod tests;
