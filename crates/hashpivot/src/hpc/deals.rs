//! The library of real deals — hosting leases, a GPU-cloud contract, an acquisition that did not close — and
//! the figures derived from each deal's own inputs.

use super::capacity::{MwIt, Pue};
use super::lease::{Backstop, HostingLease, LeaseTerms, PowerPassThrough, RampStep, Rent};
use crate::bounds::DISCOUNT_RATE;
use crate::date::Date;
use crate::error::{Error, Result, choices};
use crate::finance::{HOURS_PER_MONTH, RootRule, irr, npv};
use serde::Serialize;

/// The discount rate deal NPVs are shown at unless another is asked for: 10% a year.
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.10;

/// What kind of contract a deal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DealKind {
    /// A hosting / colocation lease priced per kW of critical IT.
    Lease,
    /// The operator sells GPU compute (the operator owns the GPUs); not a lease.
    GpuCloud,
    /// A takeover of the landlord.
    Acquisition,
}

/// Where a deal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    /// Signed and in force.
    Active,
    /// Announced, then called off.
    Terminated,
}

/// Where a deal's figures come from: what the source states, its address and its date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealSource {
    /// What the source states (the figures it supports), in words.
    pub what: String,
    /// The source's address (`https://…`).
    pub url: String,
    /// The source's date (a release's or filing's date; a report's publication date).
    pub date: Date,
}

/// The basis of a lease's NOI margin: how the figure was found.
pub const NOI_BASIS_DISCLOSED: &str = "disclosed";
/// The prefix of an NOI margin taken from comparable deals: `assumed from peers: …` names them.
pub const NOI_BASIS_PEERS: &str = "assumed from peers:";

/// One deal, as bundled (see `data/deals.toml`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    /// Short unique id used to look the deal up (case-insensitive), e.g. `corz-cw-200`.
    pub id: String,
    /// Human-readable name of the deal.
    pub name: String,
    /// Lease, GPU-cloud contract or acquisition.
    pub kind: DealKind,
    /// The party that owns the site (for a GPU cloud, the operator; for an acquisition, the target).
    pub landlord: String,
    /// The party that pays (lessee, compute customer or acquirer).
    pub tenant: String,
    /// A third-party guarantee of the tenant's rent, where disclosed.
    pub backstop: Option<Backstop>,
    /// Date the deal was announced (the valuation date of its NPV).
    pub announced: Date,
    /// Whether the deal is in force or was called off.
    pub status: DealStatus,
    /// Date of the last status change (the announcement for an active deal).
    pub status_date: Date,
    /// The status in words, e.g. `in force`.
    pub status_note: String,
    /// Critical-IT MW contracted, where disclosed.
    pub mw_it: Option<f64>,
    /// Gross (grid) MW of the site or contract, where disclosed.
    pub mw_gross: Option<f64>,
    /// Base term, years (fractions allowed), where disclosed.
    pub term_years: Option<f64>,
    /// Total contracted revenue over the base term, USD, where disclosed.
    pub contract_value_usd: Option<f64>,
    /// Annual escalator where disclosed; level rent is assumed otherwise.
    pub escalator_per_year: Option<f64>,
    /// How the escalator was found or assumed, in words.
    pub escalator_note: String,
    /// Who pays for grid power.
    pub power_pass_through: PowerPassThrough,
    /// Months from the announcement to the first delivery (rent start), where disclosed.
    pub build_months: Option<u32>,
    /// Delivery ramp (cumulative IT MW by months after the first delivery); empty = all at once.
    pub ramp: Vec<RampStep>,
    /// Landlord build cost per MW of IT, USD, where disclosed.
    pub capex_usd_per_mw_it: Option<f64>,
    /// Landlord net operating income as a share of rent, in (0, 1): every lease has one (disclosed, or assumed
    /// from named peers, see `noi_margin_basis`); `None` for GPU-cloud contracts and acquisitions.
    pub noi_margin: Option<f64>,
    /// How the NOI margin was found: `disclosed …` or `assumed from peers: …` naming the peers.
    pub noi_margin_basis: String,
    /// The backstop's structure in words (what it covers, how it amortizes, what happens on default).
    pub backstop_structure: String,
    /// The deal this row amends or expands (an option exercised, an expansion), by id.
    pub parent: Option<String>,
    /// Extension options beyond the base term, in words (not valued in the NPV).
    pub extension_options: String,
    /// Contract value including every extension option, USD, where disclosed.
    pub value_with_extensions_usd: Option<f64>,
    /// Share of the contract value paid up front (GPU-cloud contracts).
    pub prepayment_fraction: Option<f64>,
    /// "H" primary source, "M" reputable secondary report.
    pub confidence: String,
    /// Ids of the deals this row sums (an aggregate is left out of medians so nothing counts twice).
    pub aggregate_of: Vec<String>,
    /// Where the figures come from: each source with its address and date.
    pub sources: Vec<DealSource>,
    /// Remarks on the figures (assumptions, inconsistencies between sources).
    pub notes: Vec<String>,
}

/// A deal's derived figures, computed from its own inputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealMetrics {
    /// Contract value / term months / IT kW (leases only).
    pub implied_usd_per_kw_month: Option<f64>,
    /// Revenue per kWh of IT load at full load (leases: rent; GPU cloud: compute revenue).
    pub revenue_usd_per_it_kwh: Option<f64>,
    /// Revenue per kWh drawn from the grid at full load, where gross MW is known.
    pub revenue_usd_per_grid_kwh: Option<f64>,
    /// Present value of the contracted revenue at `discount_rate`, as of the announcement.
    pub npv_usd: Option<f64>,
    /// Annual discount rate of `npv_usd`, discounting (1 + r)^(−m/12) at the end of month m after the announcement.
    pub discount_rate: f64,
    /// Unlevered landlord IRR (capex over the build months, then NOI for the base term, no residual value);
    /// only where capex per MW and the NOI margin are disclosed.
    pub landlord_irr: Option<f64>,
    /// Why a lease metric does not apply, when it does not.
    pub not_applicable: Option<String>,
}

impl Deal {
    /// Whether this row sums other rows (left out of medians and totals, so nothing counts twice).
    pub fn is_aggregate(&self) -> bool {
        !self.aggregate_of.is_empty()
    }

    /// The base term rounded to whole months, where the term is disclosed.
    pub fn term_months(&self) -> Option<u32> {
        self.term_years.map(|y| (y * 12.0).round() as u32)
    }

    /// The deal as a [`HostingLease`] (leases with MW, term and value only).
    pub fn lease(&self) -> Result<Option<HostingLease>> {
        let (DealKind::Lease, Some(mw_it), Some(term), Some(value)) = (
            self.kind,
            self.mw_it,
            self.term_months(),
            self.contract_value_usd,
        ) else {
            return Ok(None);
        };
        let it = MwIt::new(mw_it)?;
        let pue = match self.mw_gross {
            Some(g) => Pue::from_capacities(super::MwGross::new(g)?, it)?,
            None => Pue::new(1.0)?,
        };
        let mut t = LeaseTerms::simple(it, pue, Rent::ContractValueUsd(value), term);
        t.escalator_per_year = self.escalator_per_year.unwrap_or(0.0);
        t.ramp = self.ramp.clone();
        t.build_months = self.build_months.unwrap_or(0);
        t.landlord_capex_usd_per_mw_it = self.capex_usd_per_mw_it.unwrap_or(0.0);
        t.noi_margin = self.noi_margin.ok_or_else(|| {
            Error::invalid(
                format!("deal '{}' noi_margin", self.id),
                "none",
                "a NOI margin with its basis for every lease",
            )
        })?;
        t.pass_through = self.power_pass_through;
        t.backstop = self.backstop.clone();
        HostingLease::new(t).map(Some)
    }

    /// The revenue flows of a GPU-cloud contract: the prepayment at signing, the rest level over the term
    /// from the month after the build months.
    pub fn gpu_cloud_flows(&self) -> Option<Vec<f64>> {
        let (DealKind::GpuCloud, Some(term), Some(value)) =
            (self.kind, self.term_months(), self.contract_value_usd)
        else {
            return None;
        };
        if term == 0 {
            return None;
        }
        let b = self.build_months.unwrap_or(0) as usize;
        let pre = self.prepayment_fraction.unwrap_or(0.0);
        let mut flows = vec![0.0; b + term as usize + 1];
        flows[0] = pre * value;
        for f in flows.iter_mut().skip(b + 1) {
            *f = (1.0 - pre) * value / term as f64;
        }
        Some(flows)
    }

    /// Derived figures at an annual discount rate.
    pub fn metrics(&self, discount_rate: f64) -> Result<DealMetrics> {
        DISCOUNT_RATE.check_as("discount_rate", discount_rate)?;
        let mut m = DealMetrics {
            implied_usd_per_kw_month: None,
            revenue_usd_per_it_kwh: None,
            revenue_usd_per_grid_kwh: None,
            npv_usd: None,
            discount_rate,
            landlord_irr: None,
            not_applicable: None,
        };
        match self.kind {
            DealKind::Lease => {
                if let Some(l) = self.lease()? {
                    m.implied_usd_per_kw_month = Some(l.implied_usd_per_kw_month());
                    m.revenue_usd_per_it_kwh = Some(l.revenue_usd_per_it_kwh());
                    m.revenue_usd_per_grid_kwh =
                        self.mw_gross.map(|_| l.revenue_usd_per_grid_kwh());
                    m.npv_usd = Some(npv(discount_rate, &l.rent_flows())?);
                    if self.capex_usd_per_mw_it.is_some() && self.noi_margin.is_some() {
                        m.landlord_irr = irr(&l.landlord_flows(), RootRule::Lowest);
                    }
                } else {
                    m.not_applicable = Some("MW IT, term or contract value not disclosed".into());
                }
            }
            DealKind::GpuCloud => {
                m.not_applicable = Some(
                    "a GPU-cloud contract sells compute, not space and power: there is no rent per kW-month; \
                     revenue per IT kWh is the operator's compute revenue, which must also pay for the GPUs"
                        .into(),
                );
                if let (Some(mw_it), Some(term), Some(value)) =
                    (self.mw_it, self.term_months(), self.contract_value_usd)
                    && mw_it > 0.0
                    && term > 0
                {
                    let rev = value / (term as f64 * HOURS_PER_MONTH * mw_it * 1_000.0);
                    m.revenue_usd_per_it_kwh = Some(rev);
                    m.revenue_usd_per_grid_kwh = self.mw_gross.map(|g| rev * mw_it / g);
                }
                if let Some(f) = self.gpu_cloud_flows() {
                    m.npv_usd = Some(npv(discount_rate, &f)?);
                }
            }
            DealKind::Acquisition => {
                m.not_applicable =
                    Some("an acquisition of the landlord, not a contract for capacity".into());
            }
        }
        Ok(m)
    }
}

/// The deal library, in announcement order.
#[derive(Debug, Clone)]
pub struct DealLibrary {
    deals: Vec<Deal>,
}

impl DealLibrary {
    /// The library in announcement order (ties by id); fails when an id appears twice.
    pub fn new(mut deals: Vec<Deal>) -> Result<DealLibrary> {
        deals.sort_by(|a, b| a.announced.cmp(&b.announced).then_with(|| a.id.cmp(&b.id)));
        let mut seen = std::collections::BTreeSet::new();
        for d in &deals {
            if !seen.insert(d.id.clone()) {
                return Err(Error::invalid("deal library", &d.id, "each id once"));
            }
        }
        Ok(DealLibrary { deals })
    }
    /// Every deal, in announcement order.
    pub fn deals(&self) -> &[Deal] {
        &self.deals
    }
    /// The deal with this id (case-insensitive, surrounding spaces ignored); an error naming the id when there is
    /// none.
    pub fn find(&self, id: &str) -> Result<&Deal> {
        self.deals
            .iter()
            .find(|d| d.id.eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| {
                Error::invalid(
                    "deal id",
                    id,
                    format!(
                        "one of {}",
                        choices(self.deals.iter().map(|d| d.id.as_str()))
                    ),
                )
            })
    }
    /// The rows that count each contract once: every row but the aggregates.
    pub fn contracts(&self) -> impl Iterator<Item = &Deal> {
        self.deals.iter().filter(|d| !d.is_aggregate())
    }

    /// The rows that amend or expand `id` (their `parent`), in announcement order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Deal> {
        self.deals.iter().filter(move |d| {
            d.parent
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(id))
        })
    }

    /// Implied $/kW-month of every lease with the figures to compute it.
    pub fn lease_rents_usd_per_kw_month(&self) -> Result<Vec<f64>> {
        Ok(self
            .lease_rents_as_of(None)?
            .into_iter()
            .map(|(_, r)| r)
            .collect())
    }

    /// (deal, implied $/kW-month) of every lease with the figures to compute it that was announced on or
    /// before `as_of` (all of them when `None`); aggregates are left out so nothing counts twice.
    pub fn lease_rents_as_of(&self, as_of: Option<Date>) -> Result<Vec<(&Deal, f64)>> {
        let mut out = Vec::new();
        for d in self
            .deals
            .iter()
            .filter(|d| d.aggregate_of.is_empty() && as_of.is_none_or(|a| d.announced <= a))
        {
            if let Some(l) = d.lease()? {
                out.push((d, l.implied_usd_per_kw_month()));
            }
        }
        Ok(out)
    }
}
