//! The raw `[market]` table: the stochastic processes of a simulation (BTC price, hashrate, fees, GPU prices,
//! power, tenant default), re-exported by [`super::raw`], where their doc comments are read.

use crate::bounds;
use schemars::JsonSchema;
use serde::Deserialize;

/// The market models. Omitted sections take their defaults: `btc_price` GBM with drift 0 and volatility 0 from
/// the start date's close; `hashrate` exogenous with growth 0 and volatility 0 from the start date's difficulty;
/// `fees` the bundled 30-day mean, volatility 0; `gpu_price` decline 0, volatility 0; `power` fixed at
/// 40 USD/MWh; `tenant_default` each tenant's hazard from the tenant table; correlation 0.
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
    /// Tenant default of AI/HPC leases (default: each tenant's hazard from the tenant table).
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
        #[schemars(range(min = bounds::LOG_GROWTH_PER_YEAR.min, max = bounds::LOG_GROWTH_PER_YEAR.max))]
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
        #[schemars(range(min = bounds::LOG_GROWTH_PER_YEAR.min, max = bounds::LOG_GROWTH_PER_YEAR.max))]
        drift_per_year: f64,
        /// Volatility σ of the diffusion per √year (0.5 = 50%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: f64,
        /// Expected jumps per year.
        #[schemars(range(min = bounds::JUMPS_PER_YEAR.min, max = bounds::JUMPS_PER_YEAR.max))]
        jumps_per_year: f64,
        /// Mean log jump size.
        #[schemars(range(min = bounds::JUMP_MEAN_LOG.min, max = bounds::JUMP_MEAN_LOG.max))]
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
        #[schemars(range(min = bounds::HASHRATE_EH_S.min, max = bounds::HASHRATE_EH_S.max))]
        initial_eh_s: Option<f64>,
        /// Expected growth per year (log).
        #[schemars(range(min = bounds::LOG_GROWTH_PER_YEAR.min, max = bounds::LOG_GROWTH_PER_YEAR.max))]
        growth_per_year: f64,
        /// Standard deviation of the yearly log growth (0.3 = 30%).
        #[schemars(range(min = bounds::VOLATILITY.min, max = bounds::VOLATILITY.max))]
        volatility_per_year: f64,
    },
    /// Supply response: growth rises with the margin of a marginal fleet `lag_months` earlier (as the CBECI
    /// profitability threshold reasons): g = base + elasticity × ln(revenue / power cost of the marginal fleet),
    /// the marginal fleet's J/TH falling by `marginal_efficiency_gain_per_year`, tapering by
    /// `marginal_efficiency_taper_per_year`; a company's replacement machines follow the same rule. Every omitted
    /// parameter takes the fit to the bundled 2016–2025 history (`hashpivot network fit`: base −0.55, elasticity
    /// 1.15, lag 0, efficiency gain 0.25/yr tapering 0.108/yr, 25 J/TH in 2023-01 moved to the valuation month,
    /// 55 USD/MWh, volatility 0.27; the method, fitted on 2016–2022, has an out-of-sample mean absolute log error
    /// of 0.149 on 2023–2025), except the efficiency gain and its taper, which are 0 when the base growth or the
    /// elasticity is stated.
    SupplyResponse {
        /// Starting network hashrate, EH/s (default: implied by the difficulty on the start date).
        #[schemars(range(min = bounds::HASHRATE_EH_S.min, max = bounds::HASHRATE_EH_S.max))]
        initial_eh_s: Option<f64>,
        /// Growth per year at zero margin (log).
        #[schemars(range(min = bounds::LOG_GROWTH_PER_YEAR.min, max = bounds::LOG_GROWTH_PER_YEAR.max))]
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
        /// Yearly decay of that gain over the projection: the J/TH falls as
        /// e^(−gain × (1 − e^(−taper × years)) / taper) (default: the slowdown of the ASIC library's trend; 0 when
        /// the response's shape is stated).
        #[schemars(range(min = bounds::EFFICIENCY_GAIN_PER_YEAR.min, max = bounds::EFFICIENCY_GAIN_PER_YEAR.max))]
        marginal_efficiency_taper_per_year: Option<f64>,
        /// Power price of the marginal fleet, USD/MWh.
        #[schemars(range(min = bounds::MARGINAL_POWER_USD_PER_MWH.min, max = bounds::MARGINAL_POWER_USD_PER_MWH.max))]
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
    /// Annual probability that a lease tenant defaults, for every tenant (overrides the tenant table;
    /// a conversion's `tenant_credit.hazard_per_year` overrides this). Omitted: each lease's tenant's hazard
    /// from the tenant table `data/tenants.toml`. What follows a default: see a conversion's
    /// `tenant_credit`. The base case uses the expected survival.
    #[schemars(range(min = bounds::DEFAULT_HAZARD_PER_YEAR.min, max = bounds::DEFAULT_HAZARD_PER_YEAR.max))]
    pub hazard_per_year: Option<f64>,
}
