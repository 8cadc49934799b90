//! What a comparison takes: the self-mining, hosting-lease and GPU-cloud assumptions, each checked against
//! the ranges in [`crate::bounds`].

use crate::bounds;
use crate::error::Result;
use crate::hpc::gpu_cloud::GpuCloudParams;
use serde::Serialize;

/// Self-mining assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MiningInputs {
    /// Hashprice, USD per PH/s per day (before the pool fee).
    pub usd_per_ph_day: f64,
    /// Mining pool fee, a share of revenue in [0, 0.5].
    pub pool_fee: f64,
    /// ASIC efficiency, joules per terahash.
    pub j_per_th: f64,
    /// Grid power price, USD per kWh.
    pub power_usd_per_kwh: f64,
    /// Gross / IT ratio of a mining site (ASIC fans are inside the ASIC's rated power).
    pub pue: f64,
    /// Mining running cost other than power, USD per MWh drawn.
    pub opex_usd_per_mwh: f64,
    /// ASIC purchase price, USD per TH/s.
    pub asic_usd_per_th: f64,
    /// Site build cost per gross MW, excluding ASICs (a new mining build).
    pub site_capex_usd_per_mw_gross: f64,
    /// ASIC life, years; hashprice is held at the date's value over it.
    pub life_years: u32,
}

/// Hosting-lease (landlord) assumptions for a converted mining site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeaseInputs {
    /// First-year rent, USD per kW of IT per month.
    pub usd_per_kw_month: f64,
    /// Gross / IT ratio of the converted site.
    pub pue: f64,
    /// Landlord net operating income as a share of rent, in [0, 1].
    pub noi_margin: f64,
    /// Conversion build cost per MW of IT, USD.
    pub capex_usd_per_mw_it: f64,
    /// Months from the decision to the first rent, earning nothing.
    pub build_months: u32,
    /// Base term, whole years (no residual value after it).
    pub term_years: u32,
    /// Annual rent escalator (0.03 = 3% a year, on each anniversary).
    pub escalator_per_year: f64,
    /// What the ASICs taken off the site fetch, USD per TH.
    pub asic_resale_usd_per_th: f64,
}

/// H100 GPU board power (TDP), kW: the seed claim's H100 reading, the H100-hour prices that give exactly
/// $3–5 per kWh of GPU-board power.
pub const H100_BOARD_KW: f64 = 0.7;
/// H100 server power per GPU (DGX H100: 10.2 kW / 8).
pub const H100_IT_KW_PER_GPU: f64 = 1.275;

/// Everything a comparison needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareInputs {
    /// Self-mining assumptions.
    pub mining: MiningInputs,
    /// Hosting-lease (landlord) assumptions.
    pub lease: LeaseInputs,
    /// GPU model name, as the GPU library knows it.
    pub gpu_name: String,
    /// GPU-cloud (operator) assumptions.
    pub gpu: GpuCloudParams,
    /// Board power of one GPU (TDP), kW, where the library has it: the press's per-kWh denominator.
    pub gpu_board_kw: Option<f64>,
    /// Annual discount rate of every NPV, (1 + r)^(−m/12) at the end of month m (see
    /// [`crate::finance::discount_factor`]).
    pub discount_rate: f64,
    /// Lowest and highest implied rent in the deal library, $/kW-month, for the landlord's range.
    pub library_rent_range_usd_per_kw_month: (f64, f64),
}

impl MiningInputs {
    /// Checks every field against its bound, naming it `mining.<field>`.
    pub fn check(&self) -> Result<()> {
        bounds::HASHPRICE_USD_PER_PH_DAY.check_as("mining.usd_per_ph_day", self.usd_per_ph_day)?;
        bounds::POOL_FEE.check_as("mining.pool_fee", self.pool_fee)?;
        bounds::J_PER_TH.check_as("mining.j_per_th", self.j_per_th)?;
        bounds::POWER_USD_PER_KWH.check_as("mining.power_usd_per_kwh", self.power_usd_per_kwh)?;
        bounds::PUE.check_as("mining.pue", self.pue)?;
        bounds::OPEX_USD_PER_MWH.check_as("mining.opex_usd_per_mwh", self.opex_usd_per_mwh)?;
        bounds::ASIC_USD_PER_TH.check_as("mining.asic_usd_per_th", self.asic_usd_per_th)?;
        bounds::SITE_CAPEX_USD_PER_MW.check_as(
            "mining.site_capex_usd_per_mw_gross",
            self.site_capex_usd_per_mw_gross,
        )?;
        bounds::ASSET_LIFE_YEARS.check_whole_as("mining.life_years", self.life_years.into())?;
        Ok(())
    }
}

impl LeaseInputs {
    /// Checks every field against its bound, naming it `lease.<field>`.
    pub fn check(&self) -> Result<()> {
        bounds::RENT_USD_PER_KW_MONTH.check_as("lease.usd_per_kw_month", self.usd_per_kw_month)?;
        bounds::PUE.check_as("lease.pue", self.pue)?;
        bounds::NOI_MARGIN.check_as("lease.noi_margin", self.noi_margin)?;
        bounds::SITE_CAPEX_USD_PER_MW
            .check_as("lease.capex_usd_per_mw_it", self.capex_usd_per_mw_it)?;
        bounds::BUILD_MONTHS.check_whole_as("lease.build_months", self.build_months.into())?;
        bounds::LEASE_TERM_YEARS.check_whole_as("lease.term_years", self.term_years.into())?;
        bounds::ESCALATOR.check_as("lease.escalator_per_year", self.escalator_per_year)?;
        bounds::ASIC_USD_PER_TH
            .check_as("lease.asic_resale_usd_per_th", self.asic_resale_usd_per_th)?;
        Ok(())
    }
}

impl CompareInputs {
    /// Checks every input against its bound (the GPU cloud's own parameters are checked by
    /// [`GpuCloudParams::metrics`]).
    pub fn check(&self) -> Result<()> {
        self.mining.check()?;
        self.lease.check()?;
        bounds::DISCOUNT_RATE.check_as("discount_rate", self.discount_rate)?;
        Ok(())
    }
}
