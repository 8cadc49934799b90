//! A checked conversion of site capacity to AI/HPC, what it becomes, and the loan that may finance it.

use super::{within, within_whole};
use crate::bounds;
use crate::error::{Error, Result};
use serde::Serialize;

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
    Lease {
        /// Where the terms come from.
        source: LeaseSource,
        /// Contracted rent by month from the build start (index 0 = the build start, always 0).
        rent_usd: Vec<f64>,
        /// Net operating income as a share of rent.
        noi_margin: f64,
        /// Whether the landlord pays the tenant's power out of rent.
        landlord_pays_power: bool,
        /// Share of rent lost to a tenant default that a backstop pays.
        backstop_recovery: f64,
    },
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
            ConversionUse::Lease {
                rent_usd,
                noi_margin,
                backstop_recovery,
                ..
            } => {
                finite("rent_usd", rent_usd)?;
                within(bounds::NOI_MARGIN, "noi_margin", *noi_margin)?;
                within(
                    bounds::BACKSTOP_RECOVERY,
                    "backstop_recovery",
                    *backstop_recovery,
                )?;
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
}

impl ConversionPlan {
    /// This element's assumptions (see [`super::Scenario::assumptions`]): a lease's NOI margin, stated in the
    /// file or taken from its deal-library entry (whose `noi_margin_basis` says disclosed or assumed from peers).
    pub(crate) fn push_assumptions(&self, out: &mut Vec<crate::assumption::Assumption>) {
        use crate::assumption::Assumption;
        if let ConversionUse::Lease {
            source, noi_margin, ..
        } = &self.use_
        {
            let name = format!("conversions[{}].noi_margin", self.name);
            out.push(match source {
                LeaseSource::Deal(id) => {
                    Assumption::library(name, *noi_margin, "share", format!("deals:{id}"), None)
                }
                LeaseSource::Inline => Assumption::stated(name, *noi_margin, "share"),
            });
        }
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
