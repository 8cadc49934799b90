//! The raw scenario: types that mirror the TOML file field for field. Their doc comments are the reference
//! (`docs/scenario.md` and `docs/scenario.schema.json` are generated from them); [`super::parse_scenario`] turns a
//! raw scenario into a checked [`super::Scenario`].
//!
//! Units are in every field name. `mw_gross` is power drawn from the grid; `mw_it` is critical IT load; the
//! two only meet through a `pue` (gross / IT).

use crate::bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// power fixed at 40 USD/MWh at every hub every hour, no tenant default, BTC–hashrate correlation 0.
    #[serde(default)]
    pub market: RawMarket,
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
    /// Annual discount rate for NPV (0.12 = 12%); monthly flows are discounted by (1 + r)^(−m/12).
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub discount_rate: f64,
    /// Simple tax: rate on positive yearly (EBITDA − interest − straight-line depreciation of capex), paid
    /// monthly on the year-to-date figure (never refunded within the year; the last month of each simulated
    /// year settles the year, refund included). Year 1 includes month 0, the valuation date. 0 = no tax.
    #[serde(default)]
    #[schemars(range(min = bounds::TAX_RATE.min, max = bounds::TAX_RATE.max))]
    pub tax_rate: f64,
    /// Straight-line depreciation life of capex for the tax computation, years.
    #[serde(default = "default_depreciation_years")]
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub depreciation_years: u32,
    /// Corporate overhead (SG&A not tied to a site), USD per year, paid monthly.
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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

fn default_depreciation_years() -> u32 {
    5
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    #[schemars(range(min = bounds::HASHRATE_EH_S.min))]
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    #[schemars(range(min = bounds::ASIC_COUNT.min as i64))]
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
    pub capex_usd_per_mw_it: f64,
    /// Build cost the tenant pays, USD (reduces the landlord's outlay).
    #[serde(default)]
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    #[schemars(range(min = bounds::USD_AMOUNT.min))]
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
    /// Share of rent lost to a tenant default that a backstop (e.g. Google) pays.
    #[serde(default)]
    #[schemars(range(min = bounds::BACKSTOP_RECOVERY.min, max = bounds::BACKSTOP_RECOVERY.max))]
    pub backstop_recovery: f64,
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

/// The market models. Omitted sections take their defaults: `btc_price` GBM with drift 0 and volatility 0 from
/// the start date's close; `hashrate` exogenous with growth 0 and volatility 0 from the start date's difficulty;
/// `fees` the bundled 30-day mean, volatility 0; `gpu_price` decline 0, volatility 0; `power` fixed at
/// 40 USD/MWh; `tenant_default` hazard 0; correlation 0.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMarket {
    /// The BTC/USD price process (default: GBM with no drift and no volatility).
    #[serde(default)]
    pub btc_price: RawBtcPrice,
    /// The network hashrate process (default: exogenous, no growth, no volatility).
    #[serde(default)]
    pub hashrate: RawHashrate,
    /// Transaction fees per block (default: the bundled 30-day mean, no volatility).
    #[serde(default)]
    pub fees: RawFees,
    /// GPU rental prices (default: no decline, no volatility).
    #[serde(default)]
    pub gpu_price: RawGpuPrice,
    /// Hourly power prices at the hubs (default: 40 USD/MWh every hour).
    #[serde(default)]
    pub power: RawPowerMarket,
    /// Tenant default of AI/HPC leases (default: hazard 0).
    #[serde(default)]
    pub tenant_default: RawTenantDefault,
    /// Correlation of the monthly BTC and network-hashrate shocks, in [−1, 1].
    #[serde(default)]
    #[schemars(range(min = bounds::CORRELATION.min, max = bounds::CORRELATION.max))]
    pub btc_hashrate_correlation: f64,
}

/// The BTC/USD price process.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "model", rename_all = "snake_case")]
pub enum RawBtcPrice {
    /// Geometric Brownian motion: `E[S_t] = S_0·e^{μt}`.
    Gbm {
        /// Starting price, USD (default: the bundled close on the start date).
        #[schemars(range(min = bounds::BTC_PRICE_USD.min))]
        initial_usd: Option<f64>,
        /// Expected growth μ per year (log of the expected ratio).
        drift_per_year: f64,
        /// Volatility σ per √year (0.5 = 50%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: f64,
    },
    /// Merton jump-diffusion: GBM plus Poisson jumps with normal log sizes, compensated so that
    /// `E[S_t] = S_0·e^{μt}`.
    JumpDiffusion {
        /// Starting price, USD (default: the bundled close on the start date).
        #[schemars(range(min = bounds::BTC_PRICE_USD.min))]
        initial_usd: Option<f64>,
        /// Expected growth μ per year (log of the expected ratio), jumps compensated.
        drift_per_year: f64,
        /// Volatility σ of the diffusion per √year (0.5 = 50%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: f64,
        /// Expected jumps per year.
        #[schemars(range(min = bounds::JUMPS_PER_YEAR.min, max = bounds::JUMPS_PER_YEAR.max))]
        jumps_per_year: f64,
        /// Mean log jump size.
        jump_mean_log: f64,
        /// Standard deviation of the log jump size.
        #[schemars(range(min = bounds::JUMP_STDEV_LOG.min, max = bounds::JUMP_STDEV_LOG.max))]
        jump_stdev_log: f64,
    },
    /// Block bootstrap of bundled monthly BTC log returns.
    Bootstrap {
        /// Starting price, USD (default: the bundled close on the start date).
        #[schemars(range(min = bounds::BTC_PRICE_USD.min))]
        initial_usd: Option<f64>,
        /// Months per block (keeps momentum and volatility clustering).
        #[schemars(range(min = bounds::BLOCK_MONTHS.min as i64, max = bounds::BLOCK_MONTHS.max as i64))]
        block_months: u32,
        /// First year of history sampled (default 2015).
        #[schemars(range(min = bounds::HISTORY_FROM_YEAR.min as i64, max = bounds::HISTORY_FROM_YEAR.max as i64))]
        from_year: Option<i32>,
    },
    /// User price paths from a CSV file: one row per path, one column per month (USD), no header; path i uses
    /// row i mod rows. Relative to the scenario file.
    Csv {
        /// Path of the CSV file, relative to the scenario file.
        file: String,
    },
}

impl Default for RawBtcPrice {
    fn default() -> Self {
        RawBtcPrice::Gbm {
            initial_usd: None,
            drift_per_year: 0.0,
            volatility_per_year: 0.0,
        }
    }
}

/// The network hashrate process.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "model", rename_all = "snake_case")]
pub enum RawHashrate {
    /// Exogenous growth with lognormal noise.
    Exogenous {
        /// Starting network hashrate, EH/s (default: implied by the difficulty on the start date).
        #[schemars(range(min = bounds::HASHRATE_EH_S.min))]
        initial_eh_s: Option<f64>,
        /// Expected growth per year (log).
        growth_per_year: f64,
        /// Standard deviation of the yearly log growth (0.3 = 30%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: f64,
    },
    /// Supply response: growth rises with the margin of a marginal fleet `lag_months` earlier (as the CBECI
    /// profitability threshold reasons): g = base + elasticity × ln(revenue / power cost of the marginal fleet),
    /// the marginal fleet's J/TH falling by `marginal_efficiency_gain_per_year`. Every omitted parameter takes
    /// the fit to the bundled 2016–2022 history (`hashpivot network fit`: base −0.45, elasticity 1.15, lag 0,
    /// efficiency gain 0.265/yr, 25 J/TH in 2023-01 moved to the valuation month, 55 USD/MWh, volatility 0.31;
    /// out-of-sample mean absolute log error 0.149 on 2023–2025), except the efficiency gain, which is 0 when
    /// the base growth or the elasticity is stated.
    SupplyResponse {
        /// Starting network hashrate, EH/s (default: implied by the difficulty on the start date).
        #[schemars(range(min = bounds::HASHRATE_EH_S.min))]
        initial_eh_s: Option<f64>,
        /// Growth per year at zero margin (log).
        base_growth_per_year: Option<f64>,
        /// Extra log growth per year per unit of log margin ratio.
        #[schemars(range(min = bounds::ELASTICITY_PER_YEAR.min, max = bounds::ELASTICITY_PER_YEAR.max))]
        elasticity_per_year: Option<f64>,
        /// Months between a margin and the hashrate it brings.
        #[schemars(range(min = bounds::LAG_MONTHS.min as i64, max = bounds::LAG_MONTHS.max as i64))]
        lag_months: Option<u32>,
        /// Efficiency of the marginal fleet at the valuation date, J/TH.
        #[schemars(range(min = bounds::J_PER_TH.min, max = bounds::J_PER_TH.max))]
        marginal_j_per_th: Option<f64>,
        /// Yearly efficiency gain of the marginal fleet: its J/TH falls as e^(−gain × years).
        #[schemars(range(min = bounds::EFFICIENCY_GAIN_PER_YEAR.min, max = bounds::EFFICIENCY_GAIN_PER_YEAR.max))]
        marginal_efficiency_gain_per_year: Option<f64>,
        /// Power price of the marginal fleet, USD/MWh.
        #[schemars(range(min = bounds::MARGINAL_POWER_USD_PER_MWH.min))]
        marginal_power_usd_per_mwh: Option<f64>,
        /// Standard deviation of the yearly log growth around the supply response (0.3 = 30%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: Option<f64>,
    },
}

impl Default for RawHashrate {
    fn default() -> Self {
        RawHashrate::Exogenous {
            initial_eh_s: None,
            growth_per_year: 0.0,
            volatility_per_year: 0.0,
        }
    }
}

/// Transaction fees per block: lognormal month to month around a mean.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFees {
    /// Mean fees per block, BTC (default: the bundled 30-day mean before the start date).
    #[schemars(range(min = bounds::FEES_BTC_PER_BLOCK.min, max = bounds::FEES_BTC_PER_BLOCK.max))]
    pub mean_btc_per_block: Option<f64>,
    /// Standard deviation of the monthly log noise.
    #[serde(default)]
    #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
    pub volatility: f64,
}

/// GPU rental prices and generations: a generation's price falls with its age (with lognormal market noise); a
/// refresh buys the generation current at the time (its launch price on the generation curve, its hardware on
/// the hardware price curve) and sells the old GPUs on the resale curve, and is made only when it adds value on
/// the path's expected terms.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGpuPrice {
    /// Decline of a generation's rental price per year of age (0.2 = −20%/yr). Default 0.256: the H100 from
    /// ~$2.85/GPU-hour (early 2024) to $1.70 (October 2025, 1-year contract index), FACTS.md.
    #[schemars(range(min = bounds::GPU_PRICE_DECLINE_PER_YEAR.min, max = bounds::GPU_PRICE_DECLINE_PER_YEAR.max))]
    pub decline_per_year: Option<f64>,
    /// Standard deviation of the yearly log noise around the decline (0.2 = 20%).
    #[serde(default)]
    #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
    pub volatility_per_year: f64,
    /// Yearly change of the launch rental price per MW IT of the generation current at the time. Default 0:
    /// each generation rents at launch as its predecessor did at its own launch (assumption).
    #[schemars(range(min = bounds::GPU_PRICE_CHANGE_PER_YEAR.min, max = bounds::GPU_PRICE_CHANGE_PER_YEAR.max))]
    pub generation_price_change_per_year: Option<f64>,
    /// Yearly change of the price of GPU systems per MW IT of the current generation. Default 0: about
    /// $29M per MW IT per generation (IREN's GB300 fleet, FACTS.md; assumption that it holds).
    #[schemars(range(min = bounds::GPU_PRICE_CHANGE_PER_YEAR.min, max = bounds::GPU_PRICE_CHANGE_PER_YEAR.max))]
    pub hardware_price_change_per_year: Option<f64>,
    /// Yearly decline of a used GPU's resale value as a share of its cost. Default: `decline_per_year` (a used
    /// GPU is worth what it rents for).
    #[schemars(range(min = bounds::GPU_PRICE_DECLINE_PER_YEAR.min, max = bounds::GPU_PRICE_DECLINE_PER_YEAR.max))]
    pub resale_decline_per_year: Option<f64>,
}

/// Hourly power prices at the hubs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "model", rename_all = "snake_case")]
pub enum RawPowerMarket {
    /// Each simulated year replays a bundled ERCOT real-time year, drawn at random (the same year for every
    /// hub); the base case averages the years. Years and months are cut in Central Prevailing Time (ERCOT's
    /// clock); only the bundled price data is used (an imported power file is not read by `run`).
    Bootstrap {
        /// Bundled years sampled (complete years only). Default: every complete bundled year under the price
        /// cap in force now (ERCOT's $5,000/MWh HCAP, from 2022). A year under an older cap (2021: $9,000/MWh
        /// and Winter Storm Uri) is replayed only when named here or in `stress_years`, and is labelled a
        /// stress year.
        #[serde(default)]
        years: Option<Vec<i32>>,
        /// Stress years replayed besides `years` (e.g. `[2021]`), each labelled a stress year in the summary.
        #[serde(default)]
        stress_years: Vec<i32>,
    },
    /// A constant hub price every hour.
    Fixed {
        /// The hub price, USD/MWh, every hour of every month.
        #[schemars(range(min = bounds::HUB_PRICE_USD_PER_MWH.min, max = bounds::HUB_PRICE_USD_PER_MWH.max))]
        hub_usd_per_mwh: f64,
    },
}

impl Default for RawPowerMarket {
    fn default() -> Self {
        RawPowerMarket::Fixed {
            hub_usd_per_mwh: 40.0,
        }
    }
}

/// Tenant default.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTenantDefault {
    /// Annual probability that a lease tenant defaults; after a default the lease pays only its backstop
    /// recovery share. The base case uses the expected survival.
    #[serde(default)]
    #[schemars(range(min = bounds::DEFAULT_HAZARD_PER_YEAR.min, max = bounds::DEFAULT_HAZARD_PER_YEAR.max))]
    pub hazard_per_year: f64,
}
