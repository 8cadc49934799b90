//! A checked conversion of site capacity to AI/HPC, what it becomes, and the loan that may finance it.

use super::{within, within_whole};
use crate::assumption::Assumption;
use crate::bounds;
use crate::error::{Error, Result};
use crate::hpc::lease::{Collected, DefaultEvent, LeaseCredit, cumulative_rent};
use serde::Serialize;

/// What a lease is worth beyond its term or the horizon (see `RawResidual` in the scenario reference).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Residual {
    /// Nothing after the term or the horizon.
    None,
    /// Renewal with a probability at a market rent after each tranche's term, until the horizon (folded into
    /// [`LeaseUse::renewal_rent_usd`]).
    Renewal {
        /// Probability of renewal.
        probability: f64,
        /// Market rent, USD per kW-month of IT.
        usd_per_kw_month: f64,
    },
    /// A sale at the horizon at a price per MW of IT.
    ExitValue {
        /// USD per MW of IT.
        usd_per_mw_it: f64,
    },
    /// A sale at the horizon at the last 12 months' lease NOI over a cap rate.
    CapRate {
        /// NOI yield.
        cap_rate: f64,
    },
}

/// A lease's terms as the engine uses them (the terms of [`ConversionUse::Lease`]).
#[derive(Debug, Clone, Serialize)]
pub struct LeaseUse {
    /// Where the terms come from.
    pub source: LeaseSource,
    /// The tenant's name (as the tenant table names it, or as given; `unnamed` when none) and the key that
    /// groups one tenant's leases: every lease with the same key and hazard defaults in the same month.
    pub tenant: String,
    /// Normalized tenant name (the tenant table's name key: case, spaces and punctuation ignored); empty = a tenant of its own.
    pub tenant_key: String,
    /// Contracted rent by month from the build start (index 0 = the build start, always 0).
    pub rent_usd: Vec<f64>,
    /// Running sums of `rent_usd` ([`cumulative_rent`]).
    #[serde(skip)]
    pub rent_cum_usd: Vec<f64>,
    /// Expected rent of renewals after each tranche's term, by month from the build start (0 within the term).
    pub renewal_rent_usd: Vec<f64>,
    /// Net operating income as a share of rent.
    pub noi_margin: f64,
    /// Whether the landlord pays the tenant's power out of rent.
    pub landlord_pays_power: bool,
    /// Hazard, vacancy, re-let share and backstop cap.
    pub credit: LeaseCredit,
    /// Value beyond the term or the horizon.
    pub residual: Residual,
}

impl LeaseUse {
    /// Terms with `rent_usd` from the build start and the running sums computed; no renewal, no residual.
    pub fn new(
        source: LeaseSource,
        tenant: impl Into<String>,
        tenant_key: impl Into<String>,
        rent_usd: Vec<f64>,
        noi_margin: f64,
        landlord_pays_power: bool,
        credit: LeaseCredit,
    ) -> LeaseUse {
        LeaseUse {
            source,
            tenant: tenant.into(),
            tenant_key: tenant_key.into(),
            rent_cum_usd: cumulative_rent(&rent_usd),
            rent_usd,
            renewal_rent_usd: Vec::new(),
            noi_margin,
            landlord_pays_power,
            credit,
            residual: Residual::None,
        }
    }

    /// With expected renewal rent by month and the residual method.
    pub fn with_residual(mut self, renewal_rent_usd: Vec<f64>, residual: Residual) -> LeaseUse {
        self.renewal_rent_usd = renewal_rent_usd;
        self.residual = residual;
        self
    }

    /// The month (from the build start) the tenant defaults in, for a default in month `t` of the
    /// valuation-date clock and a build starting `offset` months after the valuation date.
    pub fn default_event(&self, t: usize, offset: usize) -> DefaultEvent {
        self.credit
            .default_at(&self.rent_usd, &self.rent_cum_usd, t.saturating_sub(offset))
    }

    /// What month `j` (from the build start) collects: on a path with `event` (`None` = no default), or in
    /// expectation (`expected`, the build starting `offset` months after the valuation date, where the
    /// tenant's clock starts). Renewal rent is added in full (it is a new term at market rent).
    pub fn collected(
        &self,
        j: usize,
        event: Option<DefaultEvent>,
        expected: bool,
        offset: usize,
    ) -> Collected {
        let mut c = if expected {
            self.credit
                .expected(&self.rent_usd, &self.rent_cum_usd, j, offset)
        } else {
            self.credit
                .collected(&self.rent_usd, &self.rent_cum_usd, j, event)
        };
        if let Some(r) = self.renewal_rent_usd.get(j).filter(|r| **r > 0.0) {
            c.rent_usd += r;
            // After the whole contract, the space is occupied with the renewal probability (its power).
            if let Residual::Renewal { probability, .. } = self.residual
                && self.rent_usd.get(j).is_none_or(|x| *x == 0.0)
            {
                c.occupied = probability;
            }
        }
        c
    }
}

/// Where a lease's terms come from.
#[derive(Debug, Clone, Serialize)]
pub enum LeaseSource {
    /// A deal of the library, by id.
    Deal(String),
    /// Terms written in the scenario file.
    Inline,
}

/// What a conversion becomes. Its values are checked when it goes into a [`ConversionPlan`].
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "use", rename_all = "snake_case")]
pub enum ConversionUse {
    /// Leased to a tenant.
    Lease(Box<LeaseUse>),
    /// Run as a GPU cloud: the operator owns the GPUs and sells GPU-hours.
    GpuCloud(GpuCloudUse),
}

/// A conversion run as a GPU cloud (the terms of [`ConversionUse::GpuCloud`]).
#[derive(Debug, Clone, Serialize)]
pub struct GpuCloudUse {
    /// A contract fixing revenue by month from the build start (a library deal), if any.
    pub contract_revenue_usd: Option<Vec<f64>>,
    /// The library deal, by id.
    pub deal: Option<String>,
    /// IT kW per GPU with its share of server and network.
    pub it_kw_per_gpu: f64,
    /// Starting price, USD per GPU-hour.
    pub usd_per_gpu_hour: f64,
    /// Share of GPU-hours sold.
    pub utilization: f64,
    /// GPU systems, USD per MW IT, bought at delivery and again every `gpu_life_years`.
    pub gpu_capex_usd_per_mw_it: f64,
    /// Life of the GPUs, years.
    pub gpu_life_years: u32,
    /// Non-power operating cost, USD per MW IT per year.
    pub opex_usd_per_mw_it_year: f64,
}

impl ConversionUse {
    fn check(&self) -> Result<()> {
        let finite = |field: &str, v: &[f64]| match v.iter().position(|x| !x.is_finite()) {
            None => Ok(()),
            Some(i) => Err(Error::invalid(
                format!("{field}[{i}]"),
                v[i],
                "a finite amount in USD",
            )),
        };
        match self {
            ConversionUse::Lease(l) => {
                finite("rent_usd", &l.rent_usd)?;
                finite("renewal_rent_usd", &l.renewal_rent_usd)?;
                within(bounds::NOI_MARGIN, "noi_margin", l.noi_margin)?;
                l.credit.check()?;
                match l.residual {
                    Residual::None | Residual::Renewal { .. } => {}
                    Residual::ExitValue { usd_per_mw_it } => {
                        within(bounds::USD_AMOUNT, "residual.usd_per_mw_it", usd_per_mw_it)?;
                    }
                    Residual::CapRate { cap_rate } => {
                        within(bounds::CAP_RATE, "residual.cap_rate", cap_rate)?;
                    }
                }
            }
            ConversionUse::GpuCloud(g) => {
                if let Some(r) = &g.contract_revenue_usd {
                    finite("contract_revenue_usd", r)?;
                }
                within(bounds::IT_KW_PER_GPU, "it_kw_per_gpu", g.it_kw_per_gpu)?;
                within(
                    bounds::GPU_USD_PER_HOUR,
                    "usd_per_gpu_hour",
                    g.usd_per_gpu_hour,
                )?;
                within(bounds::UTILIZATION, "utilization", g.utilization)?;
                within(
                    bounds::GPU_CAPEX_USD_PER_MW_IT,
                    "gpu_capex_usd_per_mw_it",
                    g.gpu_capex_usd_per_mw_it,
                )?;
                within_whole(bounds::GPU_LIFE_YEARS, "gpu_life_years", g.gpu_life_years)?;
                within(
                    bounds::GPU_OPEX_USD_PER_MW_IT_YEAR,
                    "opex_usd_per_mw_it_year",
                    g.opex_usd_per_mw_it_year,
                )?;
            }
        }
        Ok(())
    }
}

/// A checked conversion plan: IT MW of a site, built over some months from a start month, then leased or
/// run as a GPU cloud. (Not [`crate::hpc::conversion::Conversion`], the what-if of converting a whole site's
/// interconnect that `compare` prices.)
#[derive(Debug, Clone, Serialize)]
pub struct ConversionPlan {
    name: String,
    site: usize,
    start_offset_months: usize,
    mw_it: f64,
    pue: f64,
    build_months: u32,
    capex_usd: f64,
    use_: ConversionUse,
    asic_resale_usd: f64,
    assumptions: Vec<Assumption>,
}

impl ConversionPlan {
    /// This element's assumptions (see [`super::Scenario::assumptions`]): for a lease, its NOI margin (stated
    /// in the file or taken from its deal-library entry, whose `noi_margin_basis` says disclosed or assumed from
    /// peers), the tenant's hazard, vacancy months, re-let share, backstop cap and residual method, each with its
    /// basis; the stranded ASICs' resale price.
    pub(crate) fn push_assumptions(&self, out: &mut Vec<Assumption>) {
        if let ConversionUse::Lease(l) = &self.use_ {
            let name = format!("conversions[{}].noi_margin", self.name);
            out.push(match &l.source {
                LeaseSource::Deal(id) => {
                    Assumption::library(name, l.noi_margin, "share", format!("deals:{id}"), None)
                }
                LeaseSource::Inline => Assumption::stated(name, l.noi_margin, "share"),
            });
        }
        out.extend(self.assumptions.iter().cloned());
    }

    /// With the assumptions behind its terms (listed by [`super::Scenario::assumptions`]).
    pub fn with_assumptions(mut self, assumptions: Vec<Assumption>) -> ConversionPlan {
        self.assumptions = assumptions;
        self
    }

    /// With the proceeds of selling the site's ASICs the conversion displaces, USD, at the build start.
    pub fn with_asic_resale(mut self, usd: f64) -> Result<ConversionPlan> {
        self.asic_resale_usd = usd;
        self.checked()
    }

    /// Proceeds of the ASICs the conversion displaces, USD, at the build start.
    pub fn asic_resale_usd(&self) -> f64 {
        self.asic_resale_usd
    }

    /// `mw_it` at `pue` on site number `site` (an index into [`super::Scenario::sites`], checked by
    /// [`super::Scenario::new`]), its build starting `start_offset_months` after the valuation date; built in
    /// no time at no cost until [`ConversionPlan::with_build`] says otherwise.
    pub fn new(
        name: impl Into<String>,
        site: usize,
        start_offset_months: usize,
        mw_it: f64,
        pue: f64,
        use_: ConversionUse,
    ) -> Result<ConversionPlan> {
        ConversionPlan {
            name: name.into(),
            site,
            start_offset_months,
            mw_it,
            pue,
            build_months: 0,
            capex_usd: 0.0,
            use_,
            asic_resale_usd: 0.0,
            assumptions: Vec::new(),
        }
        .checked()
    }

    /// With a build of `build_months` costing the landlord `capex_usd` (net of tenant funding), spread over
    /// the build months.
    pub fn with_build(mut self, build_months: u32, capex_usd: f64) -> Result<ConversionPlan> {
        self.build_months = build_months;
        self.capex_usd = capex_usd;
        self.checked()
    }

    fn checked(self) -> Result<ConversionPlan> {
        within(bounds::MW, "mw_it", self.mw_it)?;
        within(bounds::PUE, "pue", self.pue)?;
        within_whole(bounds::BUILD_MONTHS, "build_months", self.build_months)?;
        within(bounds::USD_AMOUNT, "capex_usd", self.capex_usd)?;
        within(bounds::USD_AMOUNT, "asic_resale_usd", self.asic_resale_usd)?;
        self.use_.check()?;
        Ok(self)
    }

    /// Unique name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Index into [`super::Scenario::sites`].
    pub fn site(&self) -> usize {
        self.site
    }
    /// Months from the valuation date to the start of the build (0 = the build starts in month 1).
    pub fn start_offset_months(&self) -> usize {
        self.start_offset_months
    }
    /// Critical IT MW built.
    pub fn mw_it(&self) -> f64 {
        self.mw_it
    }
    /// Gross / IT ratio.
    pub fn pue(&self) -> f64 {
        self.pue
    }
    /// Months of construction before the first delivery.
    pub fn build_months(&self) -> u32 {
        self.build_months
    }
    /// Landlord capex net of tenant funding, USD, spread over the build months.
    pub fn capex_usd(&self) -> f64 {
        self.capex_usd
    }
    /// What the conversion becomes.
    pub fn use_(&self) -> &ConversionUse {
        &self.use_
    }
    /// Gross MW the conversion takes from the site.
    pub fn mw_gross(&self) -> f64 {
        self.mw_it * self.pue
    }
}

/// A checked project loan.
#[derive(Debug, Clone, Serialize)]
pub struct Loan {
    conversion: usize,
    loan_to_cost: f64,
    rate: f64,
    tenor_years: u32,
}

impl Loan {
    /// A loan of `loan_to_cost` of conversion number `conversion`'s capex (an index into
    /// [`super::Scenario::conversions`], checked by [`super::Scenario::new`]) at an annual `rate`, repaid
    /// over `tenor_years` after the build.
    pub fn new(conversion: usize, loan_to_cost: f64, rate: f64, tenor_years: u32) -> Result<Loan> {
        within(bounds::LOAN_TO_COST, "loan_to_cost", loan_to_cost)?;
        within(bounds::LOAN_RATE, "rate", rate)?;
        within_whole(bounds::LOAN_TENOR_YEARS, "tenor_years", tenor_years)?;
        Ok(Loan {
            conversion,
            loan_to_cost,
            rate,
            tenor_years,
        })
    }

    /// Index into [`super::Scenario::conversions`].
    pub fn conversion(&self) -> usize {
        self.conversion
    }
    /// Share of the conversion's capex borrowed.
    pub fn loan_to_cost(&self) -> f64 {
        self.loan_to_cost
    }
    /// Annual interest rate, compounded monthly.
    pub fn rate(&self) -> f64 {
        self.rate
    }
    /// Amortization period after the build, years.
    pub fn tenor_years(&self) -> u32 {
        self.tenor_years
    }
}
