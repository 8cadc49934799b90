//! The raw scenario: types that mirror the TOML file field for field. Their doc comments are the reference
//! (`docs/scenario.md` and `docs/scenario.schema.json` are generated from them); [`super::parse_scenario`] turns a
//! raw scenario into a checked [`super::Scenario`].
//!
//! Units are in every field name. `mw_gross` is power drawn from the grid; `mw_it` is critical IT load; the
//! two only meet through a `pue` (gross / IT).

use crate::bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::raw_company::{RawDepreciationLives, RawDiscountRates};
pub use super::raw_market::{
    RawBtcPrice, RawFees, RawGpuPrice, RawHashrate, RawMarket, RawPowerMarket, RawTenantDefault,
};
pub use super::raw_plan::{RawPlan, RawPlanKind, RawPlanSet, RawValuation};

/// A company scenario: who it is, its sites, its plans, and the market it lives in.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// The company: name, start date, horizon, discounting and corporate items.
    pub company: RawCompany,
    /// The company's sites (at least one).
    pub sites: Vec<RawSite>,
    /// Conversions of site capacity to AI/HPC.
    #[serde(default)]
    pub conversions: Vec<RawConversion>,
    /// Project loans.
    #[serde(default)]
    pub loans: Vec<RawLoan>,
    /// The stochastic market; every model has a deterministic base case with its volatilities at zero.
    /// Omitted, or for each omitted part: BTC flat at the close on the start date (GBM, drift 0, volatility 0),
    /// network hashrate flat at the start date's difficulty (exogenous, growth 0, volatility 0), fees at the
    /// bundled 30-day mean before the start date without noise, GPU prices flat (decline 0, volatility 0),
    /// power fixed at 40 USD/MWh at every hub every hour, each lease tenant's default hazard from the tenant table,
    /// BTC–hashrate correlation 0.
    #[serde(default)]
    pub market: RawMarket,
    /// Company valuation (`hashpivot value`): the company in the bundled dataset (`data/companies.toml`) whose
    /// balance sheet and market value the scenario's NPV is bridged to. Ignored by `run`.
    pub valuation: Option<RawValuation>,
    /// Named alternative plans for this company, compared side by side on the same random paths by
    /// `hashpivot decide` (and `sensitivity`, `breakeven`). `run` ignores them and values the file as written.
    #[serde(default)]
    pub plans: Vec<RawPlan>,
}

/// The company and its valuation conventions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCompany {
    /// Name printed in reports.
    pub name: String,
    /// Valuation date, YYYY-MM-DD; month 1 is the first whole calendar month after it. Default: the last day
    /// with complete bundled network data; market state (price, difficulty, height, fees) is read on this date.
    pub start_date: Option<String>,
    /// Years simulated (1 to 30).
    #[schemars(range(min = bounds::HORIZON_YEARS.min as i64, max = bounds::HORIZON_YEARS.max as i64))]
    pub horizon_years: u32,
    /// Annual discount rate for NPV (0.12 = 12%); monthly flows are discounted by (1 + r)^(−m/12). It is the rate
    /// of the corporate flows (overhead, unlevered tax, terminal value) and of every class of cash flow not given
    /// in `discount_rates`: a file with `discount_rate` alone discounts every class at it.
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub discount_rate: f64,
    /// Annual discount rates by class of cash flow, each optional (default: `discount_rate`), e.g.
    /// `{ contracted = 0.0775, mining = 0.15 }`. The equity value is an adjusted present value: each class's
    /// unlevered flows at its rate, plus the loans' flows and their interest tax shield at each loan's own rate
    /// (monthly compounded), so borrowing adds only its tax shield.
    #[serde(default)]
    pub discount_rates: RawDiscountRates,
    /// Tax rate on positive yearly taxable income: accrual EBITDA (a prepayment recognised over its contract) −
    /// interest − depreciation by asset class, less losses carried forward (see `loss_offset_limit`); paid monthly
    /// on the year-to-date figure (never refunded within the year; the last month of each simulated year settles
    /// the year, refund included). Year 1 includes month 0, the valuation date. 0 = no tax.
    #[serde(default)]
    #[schemars(range(min = bounds::TAX_RATE.min, max = bounds::TAX_RATE.max))]
    pub tax_rate: f64,
    /// One straight-line depreciation life, years, for every asset class not in `depreciation_lives` (the rule
    /// before issue 9). Omitted: each class's default life (see `depreciation_lives`).
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub depreciation_years: Option<u32>,
    /// Straight-line tax depreciation life by asset class, years, each optional. Defaults (US MACRS recovery
    /// periods, taken straight-line): `asics = 5`, `gpus = 5` (computers, 5-year property), `electrical_cooling =
    /// 15` (data-center electrical and cooling plant), `buildings = 39` (nonresidential real property). ASIC
    /// replacements are `asics`, GPU purchases `gpus`, conversion builds are split between `electrical_cooling`
    /// and `buildings` by `building_share_of_build_capex`.
    #[serde(default)]
    pub depreciation_lives: RawDepreciationLives,
    /// Share of a conversion's build capex that is the building shell (depreciated as `buildings`); the rest is
    /// electrical and cooling plant. Default 0.3.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub building_share_of_build_capex: Option<f64>,
    /// Share of each purchase with a life of 20 years or less (ASICs, GPUs, electrical and cooling) expensed in
    /// the month it is bought (bonus depreciation); the rest is depreciated over its life. Default 0 (the 2025
    /// US law allows 1 for property acquired after 2025-01-19: state it to use it).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub bonus_depreciation: Option<f64>,
    /// Share of a year's taxable income that losses carried forward from earlier years may offset; losses carry
    /// forward without limit of time. Default 0.8 (US federal rule for losses since 2018).
    #[schemars(range(min = 0.0, max = 1.0))]
    pub loss_offset_limit: Option<f64>,
    /// Corporate overhead (SG&A not tied to a site), USD per year, paid monthly.
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub overhead_usd_per_year: f64,
    /// Value of the cash flows after the horizon (default `method = "none"`: cash flows stop at the horizon,
    /// which understates a lease that outlives it).
    #[serde(default)]
    pub terminal_value: RawTerminalValue,
}

/// Terminal value: what the business is worth at the horizon, from the last simulated year's figures (the last
/// 12 months of each path: EBITDA_last, tax_last, capex_last). TV = max(0, EV) (a business worth less is
/// closed); it is added to the equity flow of the last month M, so it is discounted like it, by
/// (1 + r)^(−M/12), and counts in the IRR. Loan balances still outstanding at the horizon are repaid in month M
/// with every method, `none` included.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, tag = "method", rename_all = "snake_case")]
pub enum RawTerminalValue {
    /// No terminal value: cash flows stop at the horizon.
    #[default]
    None,
    /// A sale at a multiple of the last year's EBITDA: EV = ebitda_multiple × EBITDA_last.
    ExitMultiple {
        /// Enterprise value over the last year's EBITDA (e.g. 8 for a contracted lease; an assumption).
        #[schemars(range(min = bounds::EBITDA_MULTIPLE.min, max = bounds::EBITDA_MULTIPLE.max))]
        ebitda_multiple: f64,
    },
    /// Gordon growth on the last year's unlevered free cash flow: EV = FCF_last × (1 + g) / (r − g), with
    /// FCF_last = EBITDA_last − tax_last − capex_last and r = `discount_rate`.
    GordonGrowth {
        /// Perpetual growth g of the free cash flow per year (0.02 = 2%); must be below `discount_rate`.
        #[schemars(range(min = bounds::TERMINAL_GROWTH_PER_YEAR.min, max = bounds::TERMINAL_GROWTH_PER_YEAR.max))]
        growth_per_year: f64,
    },
}

/// A site: a grid connection, a power contract, a fleet, and optional hosting of third-party miners.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// Unique name; conversions and loans refer to it.
    pub name: String,
    /// Power the site can draw from the grid, MW.
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub mw_gross: f64,
    /// Interconnection limit, MW gross (default: `mw_gross`); the site never draws more.
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub interconnect_mw_gross: Option<f64>,
    /// Where the site is, free text (e.g. "Rockdale, TX").
    pub location: Option<String>,
    /// ERCOT hub pricing the site (HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN): required by index
    /// contracts and by sell-back of fixed power.
    pub hub: Option<String>,
    /// The site's power contract.
    pub power: RawPower,
    /// The self-mining fleet (omit for a site without miners).
    pub fleet: Option<RawFleet>,
    /// Hosting of third parties' miners.
    pub hosting: Option<RawHosting>,
    /// Demand response: MW offered and the standby payment.
    pub demand_response: Option<RawDemandResponse>,
    /// Non-power operating cost of the mining load, USD per MWh drawn.
    #[serde(default)]
    #[schemars(range(min = bounds::OPEX_USD_PER_MWH.min, max = bounds::OPEX_USD_PER_MWH.max))]
    pub opex_usd_per_mwh: f64,
    /// Fixed site cost (staff, insurance, property tax), USD per year.
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub fixed_opex_usd_per_year: f64,
}

/// How the site buys power.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "contract", rename_all = "snake_case")]
pub enum RawPower {
    /// Hub price plus an adder, paid on consumption; mining runs in the hours where hashprice beats it.
    Index {
        /// Delivery, fees and margin over the hub price, USD/MWh (may be negative).
        #[schemars(range(min = bounds::ADDER_USD_PER_MWH.min, max = bounds::ADDER_USD_PER_MWH.max))]
        adder_usd_per_mwh: f64,
    },
    /// A fixed price.
    Fixed {
        /// Price, USD/MWh.
        #[schemars(range(min = bounds::FIXED_PRICE_USD_PER_MWH.min, max = bounds::FIXED_PRICE_USD_PER_MWH.max))]
        price_usd_per_mwh: f64,
        /// `pay_as_consumed`, `take_or_pay`, or `take_or_pay_sell_back` (unused power resold at the hub price:
        /// the power sales segment).
        #[serde(default)]
        settlement: RawSettlement,
    },
}

/// Settlement of a fixed-price block.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawSettlement {
    /// Pay only for the energy consumed (the default).
    #[default]
    PayAsConsumed,
    /// Pay for the whole block every hour, used or not.
    TakeOrPay,
    /// Pay for the whole block every hour; resell unused power at the hub price (needs `hub`).
    TakeOrPaySellBack,
}

/// A mining fleet: ASIC models and counts, or an aggregate EH/s at a J/TH.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFleet {
    /// Machines from the ASIC library (`hashpivot asics`).
    #[serde(default)]
    pub asics: Vec<RawAsicCount>,
    /// Aggregate hashrate, EH/s (instead of `asics`).
    #[schemars(range(min = bounds::HASHRATE_EH_S.min, max = bounds::HASHRATE_EH_S.max))]
    pub eh_s: Option<f64>,
    /// Efficiency of the aggregate fleet, J/TH (with `eh_s`).
    #[schemars(range(min = bounds::J_PER_TH.min, max = bounds::J_PER_TH.max))]
    pub j_per_th: Option<f64>,
    /// Pool fee as a fraction of revenue (0.01 = 1%).
    #[serde(default)]
    #[schemars(range(min = bounds::POOL_FEE.min, max = bounds::POOL_FEE.max))]
    pub pool_fee: f64,
    /// Hashrate lost per year of age at constant power (0.02 = 2%/yr).
    #[serde(default)]
    #[schemars(range(min = bounds::DEGRADATION_PER_YEAR.min, max = bounds::DEGRADATION_PER_YEAR.max))]
    pub degradation_per_year: f64,
    /// Years between fleet replacements (0 = never). A replacement falls due this many years after the
    /// machines were installed and buys new machines for the fleet's MW at `replacement_j_per_th`, undegraded.
    /// It is made only if such a fleet would have earned more than the power it would have drawn (at the
    /// contract price) plus variable opex over the 12 months before; otherwise it is skipped, with its capex,
    /// the old fleet keeps running and ageing, and the test is repeated every 12 months.
    #[serde(default)]
    #[schemars(range(min = bounds::REPLACEMENT_YEARS.min as i64, max = bounds::REPLACEMENT_YEARS.max as i64))]
    pub replacement_years: u32,
    /// Cost of a replacement, USD per TH/s of the new machines.
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub replacement_usd_per_th: f64,
    /// Efficiency of the replacement machines, J/TH (default: the current fleet's).
    #[schemars(range(min = bounds::J_PER_TH.min, max = bounds::J_PER_TH.max))]
    pub replacement_j_per_th: Option<f64>,
}

/// A count of one ASIC model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAsicCount {
    /// Model name as in `hashpivot asics`, e.g. "Antminer S21".
    pub model: String,
    /// Number of machines.
    #[schemars(range(min = bounds::ASIC_COUNT.min as i64, max = bounds::ASIC_COUNT.max as i64))]
    pub count: u64,
}

/// Hosting of third parties' miners for a fee per MWh; the site pays their power.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHosting {
    /// Hosted load, MW gross.
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub mw_gross: f64,
    /// Hosting rate charged, USD per MWh the hosted machines draw.
    #[schemars(range(min = bounds::CONTRACT_RATE_USD_PER_MWH.min, max = bounds::CONTRACT_RATE_USD_PER_MWH.max))]
    pub rate_usd_per_mwh: f64,
    /// Share of hours the hosted machines run.
    #[serde(default = "one")]
    #[schemars(range(min = bounds::UPTIME.min, max = bounds::UPTIME.max))]
    pub uptime: f64,
}

fn one() -> f64 {
    1.0
}

/// Demand response: standing ready to curtail.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDemandResponse {
    /// MW offered (at most the site's mining MW).
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub mw_gross: f64,
    /// Standby payment, USD per MW-hour offered.
    #[schemars(range(min = bounds::CONTRACT_RATE_USD_PER_MWH.min, max = bounds::CONTRACT_RATE_USD_PER_MWH.max))]
    pub standby_usd_per_mw_hour: f64,
}

/// A conversion of part of a site to AI/HPC: IT MW from a month, built over some months, then leased or run as
/// a GPU cloud.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConversion {
    /// Unique name; loans refer to it.
    pub name: String,
    /// The site converted.
    pub site: String,
    /// Month the build starts, YYYY-MM; the mining load it replaces stops then.
    pub start_month: String,
    /// Critical IT MW built.
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub mw_it: f64,
    /// Gross / IT ratio; the conversion takes `mw_it × pue` MW gross from the site.
    #[schemars(range(min = bounds::PUE.min, max = bounds::PUE.max))]
    pub pue: f64,
    /// Months of construction before the first delivery (default: the deal's, else 12).
    #[schemars(range(min = bounds::BUILD_MONTHS.min as i64, max = bounds::BUILD_MONTHS.max as i64))]
    pub build_months: Option<u32>,
    /// Landlord's build cost, USD per MW IT, spread evenly over the build months (excludes GPUs).
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub capex_usd_per_mw_it: f64,
    /// Build cost the tenant pays, USD (reduces the landlord's outlay).
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub tenant_funded_capex_usd: f64,
    /// `lease` or `gpu_cloud`.
    #[serde(rename = "use")]
    pub use_: RawUse,
    /// A deal from the library (`hashpivot deals`): its rent per kW, term, escalator, ramp and backstop apply
    /// to this conversion's MW. Instead of `lease` / `gpu_cloud`.
    pub deal: Option<String>,
    /// Inline lease terms (with `use = "lease"`).
    pub lease: Option<RawLease>,
    /// Inline GPU-cloud terms (with `use = "gpu_cloud"`).
    pub gpu_cloud: Option<RawGpuCloud>,
    /// A lease's tenant credit: the tenant's default hazard (default: `market.tenant_default.hazard_per_year`
    /// when stated, else the tenant table `data/tenants.toml` for the lease's tenant), and what follows a
    /// default (vacancy, re-letting). Every lease of one tenant defaults in the same month on a path.
    pub tenant_credit: Option<RawTenantCredit>,
    /// What a lease is worth at the end of its term or at the horizon (default: `renewal` with probability
    /// 0.5 at the contract's first-year rent).
    pub residual: Option<RawResidual>,
    /// What the site's ASICs displaced by this conversion sell for at the build start, USD per TH/s (the
    /// rule of `compare`: displaced gross MW × TH per MW of the site's fleet × this price). Default 5 USD/TH
    /// (older tiers traded 4.7–10 USD/TH in Dec 2022, Hashrate Index); 0 on a site without a fleet.
    #[schemars(range(min = bounds::ASIC_RESALE_USD_PER_TH.min, max = bounds::ASIC_RESALE_USD_PER_TH.max))]
    pub asic_resale_usd_per_th: Option<f64>,
}

/// Tenant credit of a lease conversion. A tenant that defaults stops paying; a backstop then pays the
/// scheduled rent until its cap (USD) is used up; the space then stays empty `vacancy_months`, after which a
/// new tenant pays `relet_share` of the scheduled rent until the schedule ends.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTenantCredit {
    /// Annual probability that the tenant defaults (overrides the tenant table and
    /// `market.tenant_default`).
    #[schemars(range(min = bounds::DEFAULT_HAZARD_PER_YEAR.min, max = bounds::DEFAULT_HAZARD_PER_YEAR.max))]
    pub hazard_per_year: Option<f64>,
    /// Months the space stays empty once neither the tenant nor the backstop pays (default 12: a new tenant
    /// needs its own fit-out; the deal library's leases took 9–15 months from signing to delivery).
    #[schemars(range(min = bounds::VACANCY_MONTHS.min as i64, max = bounds::VACANCY_MONTHS.max as i64))]
    pub vacancy_months: Option<u32>,
    /// A new tenant's rent as a share of the scheduled rent (default 0.7: a stressed re-let; an
    /// assumption, no defaulted AI/HPC lease has been re-let in public yet).
    #[schemars(range(min = bounds::RELET_SHARE.min, max = bounds::RELET_SHARE.max))]
    pub relet_share: Option<f64>,
}

/// What a lease is worth beyond its term or the horizon.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields, tag = "method", rename_all = "snake_case")]
pub enum RawResidual {
    /// Nothing: rent stops at the end of each tranche's term, value stops at the horizon.
    None,
    /// After each tranche's term (and extension), the space is renewed with `probability` at a market rent
    /// until the horizon: expected rent = probability × market rent × kW whose term has ended (no
    /// escalator, no backstop; the NOI margin applies).
    Renewal {
        /// Probability that the space is renewed (or re-let) at the end of its term.
        #[schemars(range(min = bounds::RENEWAL_PROBABILITY.min, max = bounds::RENEWAL_PROBABILITY.max))]
        probability: f64,
        /// Market rent, USD per kW of IT per month (default: the contract's first-year rent).
        #[schemars(range(min = bounds::RENT_USD_PER_KW_MONTH.min, max = bounds::RENT_USD_PER_KW_MONTH.max))]
        usd_per_kw_month: Option<f64>,
    },
    /// A sale at the horizon at a price per MW of IT, added to the horizon's value (not with a company
    /// `terminal_value`, which would count the lease twice).
    ExitValue {
        /// Sale price, USD per MW of IT.
        #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
        usd_per_mw_it: f64,
    },
    /// A sale at the horizon at the last 12 months' lease NOI (rent collected × NOI margin) over a cap rate,
    /// added to the horizon's value (not with a company `terminal_value`).
    CapRate {
        /// NOI yield of the sale (0.07 = 7%).
        #[schemars(range(min = bounds::CAP_RATE.min, max = bounds::CAP_RATE.max))]
        cap_rate: f64,
    },
}

/// What the converted capacity becomes.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawUse {
    /// Leased to an AI/HPC tenant: rent per kW IT per month, from a deal or an inline `lease` table.
    Lease,
    /// Run as a GPU cloud: GPUs rented by the hour, from a `gpu_cloud` table.
    GpuCloud,
}

/// Inline lease terms (landlord's side).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLease {
    /// First-year rent, USD per kW of critical IT per month.
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub usd_per_kw_month: f64,
    /// Base term, years.
    #[schemars(range(min = bounds::LEASE_TERM_YEARS.min, max = bounds::LEASE_TERM_YEARS.max))]
    pub term_years: f64,
    /// Annual rent escalator (0.03 = 3%).
    #[serde(default)]
    #[schemars(range(min = bounds::ESCALATOR.min, max = bounds::ESCALATOR.max))]
    pub escalator_per_year: f64,
    /// Net operating income as a share of rent.
    #[serde(default = "one")]
    #[schemars(range(min = bounds::NOI_MARGIN.min, max = bounds::NOI_MARGIN.max))]
    pub noi_margin: f64,
    /// Who pays power: `nnn`, `modified_gross`, `full_service` (the landlord pays power out of rent).
    #[serde(default = "default_pass_through")]
    pub power_pass_through: String,
    /// The tenant, as in the tenant table (`CoreWeave`, `Fluidstack`, `Microsoft`, ...; case and punctuation
    /// ignored). Its default hazard comes from the table; a tenant not in it, or none, takes the `neocloud`
    /// class (rating category B). Leases naming the same tenant default together.
    pub tenant: Option<String>,
    /// A guarantee of the tenant's rent: on default the guarantor pays the scheduled rent until
    /// `amount_usd` is used up (or the whole base-term rent with `full_base_term = true`).
    pub backstop: Option<RawBackstop>,
    /// Delivery tranches (default: all MW delivered `build_months` after `start_month`). Each tranche pays
    /// rent for the full term from its month on, escalating on its own anniversaries; the first tranche's
    /// month sets the build months, and the tranches' MW add up to the conversion's `mw_it`.
    #[serde(default)]
    pub ramp: Vec<RawTranche>,
}

/// A guarantee of a lease tenant's rent.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBackstop {
    /// Who guarantees (e.g. "Google").
    pub guarantor: String,
    /// The cap of the guarantee, USD (with `full_base_term = false`).
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub amount_usd: Option<f64>,
    /// The whole base-term rent is guaranteed.
    #[serde(default)]
    pub full_base_term: bool,
}

/// A delivery tranche of an inline lease.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTranche {
    /// First month of rent of the tranche, YYYY-MM (from `start_month` on).
    pub month: String,
    /// IT MW delivered in this tranche.
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub mw_it: f64,
}

fn default_pass_through() -> String {
    "nnn".into()
}

/// Inline GPU-cloud terms (the operator owns the GPUs and sells GPU-hours).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGpuCloud {
    /// IT kW per GPU including its share of server and network (e.g. 1.275 for an HGX H100).
    #[schemars(range(min = bounds::IT_KW_PER_GPU.min, max = bounds::IT_KW_PER_GPU.max))]
    pub it_kw_per_gpu: f64,
    /// Starting price, USD per GPU-hour; it then follows `market.gpu_price`.
    #[schemars(range(min = bounds::GPU_USD_PER_HOUR.min, max = bounds::GPU_USD_PER_HOUR.max))]
    pub usd_per_gpu_hour: f64,
    /// Share of GPU-hours sold.
    #[schemars(range(min = bounds::UTILIZATION.min, max = bounds::UTILIZATION.max))]
    pub utilization: f64,
    /// GPU systems (servers, networking), USD per MW IT, bought at delivery and again every `gpu_life_years`.
    #[schemars(range(min = bounds::GPU_CAPEX_USD_PER_MW_IT.min, max = bounds::GPU_CAPEX_USD_PER_MW_IT.max))]
    pub gpu_capex_usd_per_mw_it: f64,
    /// Life of the GPUs, years.
    #[schemars(range(min = bounds::GPU_LIFE_YEARS.min as i64, max = bounds::GPU_LIFE_YEARS.max as i64))]
    pub gpu_life_years: u32,
    /// Non-power operating cost, USD per MW IT per year.
    #[serde(default)]
    #[schemars(range(min = bounds::GPU_OPEX_USD_PER_MW_IT_YEAR.min, max = bounds::GPU_OPEX_USD_PER_MW_IT_YEAR.max))]
    pub opex_usd_per_mw_it_year: f64,
}

/// A project loan financing a conversion at a loan-to-cost ratio: drawn with the capex, interest-only while
/// building, then repaid in level monthly payments over the tenor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLoan {
    /// The conversion financed.
    pub conversion: String,
    /// Share of the conversion's capex (landlord capex, plus first GPUs for a GPU cloud) borrowed.
    #[schemars(range(min = bounds::LOAN_TO_COST.min, max = bounds::LOAN_TO_COST.max))]
    pub loan_to_cost: f64,
    /// Annual interest rate (0.09 = 9%), compounded monthly.
    #[schemars(range(min = bounds::LOAN_RATE.min, max = bounds::LOAN_RATE.max))]
    pub rate: f64,
    /// Amortization period after the build, years.
    #[schemars(range(min = bounds::LOAN_TENOR_YEARS.min as i64, max = bounds::LOAN_TENOR_YEARS.max as i64))]
    pub tenor_years: u32,
}
