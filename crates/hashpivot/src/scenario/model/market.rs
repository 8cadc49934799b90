//! The checked market models, with their starting state.

use super::{finite, refuse, within, within_whole};
use crate::bounds;
use crate::error::Result;
use crate::scenario::rules;
use serde::Serialize;

/// BTC price model. Its values are checked when it goes into [`MarketModels`].
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum BtcModel {
    /// Geometric Brownian motion.
    Gbm {
        /// μ per year: `E[S_t] = S_0·e^{μt}`.
        drift_per_year: f64,
        /// σ per √year (0.5 = 50%).
        volatility_per_year: f64,
    },
    /// Merton jump-diffusion.
    JumpDiffusion {
        /// μ per year, jumps compensated: `E[S_t] = S_0·e^{μt}`.
        drift_per_year: f64,
        /// σ of the diffusion per √year.
        volatility_per_year: f64,
        /// λ, expected jumps per year.
        jumps_per_year: f64,
        /// Mean log size of one jump.
        jump_mean_log: f64,
        /// Standard deviation of one jump's log size.
        jump_stdev_log: f64,
    },
    /// Block bootstrap of monthly log returns.
    Bootstrap {
        /// Months per drawn block.
        block_months: u32,
        /// Bundled monthly log returns sampled.
        #[serde(skip)]
        history_log_returns: Vec<f64>,
    },
    /// User price paths from a file.
    Csv {
        /// The CSV file, as named in the scenario (relative to the scenario file).
        file: String,
        /// Price paths (USD by month); filled by the caller from `file` with
        /// [`super::Scenario::set_btc_paths`].
        #[serde(skip)]
        paths_usd: Vec<Vec<f64>>,
    },
}

impl BtcModel {
    fn check(&self) -> Result<()> {
        match self {
            BtcModel::Gbm {
                drift_per_year,
                volatility_per_year,
            } => {
                finite("drift_per_year", *drift_per_year)?;
                within(
                    bounds::VOLATILITY,
                    "volatility_per_year",
                    *volatility_per_year,
                )?;
            }
            BtcModel::JumpDiffusion {
                drift_per_year,
                volatility_per_year,
                jumps_per_year,
                jump_mean_log,
                jump_stdev_log,
            } => {
                finite("drift_per_year", *drift_per_year)?;
                within(
                    bounds::VOLATILITY,
                    "volatility_per_year",
                    *volatility_per_year,
                )?;
                within(bounds::JUMPS_PER_YEAR, "jumps_per_year", *jumps_per_year)?;
                finite("jump_mean_log", *jump_mean_log)?;
                within(bounds::JUMP_STDEV_LOG, "jump_stdev_log", *jump_stdev_log)?;
            }
            BtcModel::Bootstrap { block_months, .. } => {
                within_whole(
                    bounds::BLOCK_MONTHS,
                    "block_months",
                    u64::from(*block_months),
                )?;
            }
            BtcModel::Csv { .. } => {}
        }
        Ok(())
    }
}

/// Network hashrate model. Its values are checked when it goes into [`MarketModels`].
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum HashrateModel {
    /// Exogenous growth with lognormal noise.
    Exogenous {
        /// Expected log growth per year.
        growth_per_year: f64,
        /// Standard deviation of the yearly log growth.
        volatility_per_year: f64,
    },
    /// Growth that follows the margin of a marginal fleet some months earlier.
    SupplyResponse {
        /// Log growth per year at zero margin.
        base_growth_per_year: f64,
        /// Extra log growth per year per unit of log margin ratio (revenue / power cost of the marginal fleet).
        elasticity_per_year: f64,
        /// Months between a margin and the hashrate it brings.
        lag_months: u32,
        /// Efficiency of the marginal fleet, J/TH.
        marginal_j_per_th: f64,
        /// Power price the marginal fleet pays, USD/MWh.
        marginal_power_usd_per_mwh: f64,
        /// Standard deviation of the yearly log growth around the response.
        volatility_per_year: f64,
    },
}

impl HashrateModel {
    fn check(&self) -> Result<()> {
        match self {
            HashrateModel::Exogenous {
                growth_per_year,
                volatility_per_year,
            } => {
                finite("growth_per_year", *growth_per_year)?;
                within(
                    bounds::VOLATILITY,
                    "volatility_per_year",
                    *volatility_per_year,
                )?;
            }
            HashrateModel::SupplyResponse {
                base_growth_per_year,
                elasticity_per_year,
                lag_months,
                marginal_j_per_th,
                marginal_power_usd_per_mwh,
                volatility_per_year,
            } => {
                finite("base_growth_per_year", *base_growth_per_year)?;
                within(
                    bounds::ELASTICITY_PER_YEAR,
                    "elasticity_per_year",
                    *elasticity_per_year,
                )?;
                within_whole(bounds::LAG_MONTHS, "lag_months", u64::from(*lag_months))?;
                within(bounds::J_PER_TH, "marginal_j_per_th", *marginal_j_per_th)?;
                within(
                    bounds::MARGINAL_POWER_USD_PER_MWH,
                    "marginal_power_usd_per_mwh",
                    *marginal_power_usd_per_mwh,
                )?;
                within(
                    bounds::VOLATILITY,
                    "volatility_per_year",
                    *volatility_per_year,
                )?;
            }
        }
        Ok(())
    }
}

/// Power price model.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum PowerMarketModel {
    /// A constant hub price every hour.
    Fixed {
        /// The hub price, USD/MWh.
        hub_usd_per_mwh: f64,
    },
    /// Each simulated year replays one of these bundled years.
    Bootstrap {
        /// Bundled calendar years sampled (complete years, Central Prevailing Time).
        years: Vec<i32>,
    },
}

/// The checked market, with its starting state.
#[derive(Debug, Clone, Serialize)]
pub struct MarketModels {
    btc: BtcModel,
    btc_initial_usd: f64,
    hashrate: HashrateModel,
    hashrate_initial_eh_s: f64,
    height_initial: u64,
    fees_mean_btc_per_block: f64,
    fees_volatility: f64,
    gpu_decline_per_year: f64,
    gpu_volatility_per_year: f64,
    power: PowerMarketModel,
    default_hazard_per_year: f64,
    btc_hashrate_correlation: f64,
}

impl MarketModels {
    /// BTC and network hashrate from their starting values at block `height_initial`; fees zero, GPU prices
    /// flat, power at 40 USD/MWh, no tenant default and no correlation until set.
    pub fn new(
        btc: BtcModel,
        btc_initial_usd: f64,
        hashrate: HashrateModel,
        hashrate_initial_eh_s: f64,
        height_initial: u64,
    ) -> Result<MarketModels> {
        MarketModels {
            btc,
            btc_initial_usd,
            hashrate,
            hashrate_initial_eh_s,
            height_initial,
            fees_mean_btc_per_block: 0.0,
            fees_volatility: 0.0,
            gpu_decline_per_year: 0.0,
            gpu_volatility_per_year: 0.0,
            power: PowerMarketModel::Fixed {
                hub_usd_per_mwh: 40.0,
            },
            default_hazard_per_year: 0.0,
            btc_hashrate_correlation: 0.0,
        }
        .checked()
    }

    /// With transaction fees per block: a mean (BTC) and the volatility of its monthly log noise.
    pub fn with_fees(mut self, mean_btc_per_block: f64, volatility: f64) -> Result<MarketModels> {
        self.fees_mean_btc_per_block = mean_btc_per_block;
        self.fees_volatility = volatility;
        self.checked()
    }

    /// With GPU rental prices declining `decline_per_year` with a volatility.
    pub fn with_gpu_price(
        mut self,
        decline_per_year: f64,
        volatility_per_year: f64,
    ) -> Result<MarketModels> {
        self.gpu_decline_per_year = decline_per_year;
        self.gpu_volatility_per_year = volatility_per_year;
        self.checked()
    }

    /// With a power price model.
    pub fn with_power(mut self, power: PowerMarketModel) -> Result<MarketModels> {
        self.power = power;
        self.checked()
    }

    /// With a tenant default hazard per year and a BTC–hashrate shock correlation.
    pub fn with_risk(
        mut self,
        default_hazard_per_year: f64,
        btc_hashrate_correlation: f64,
    ) -> Result<MarketModels> {
        self.default_hazard_per_year = default_hazard_per_year;
        self.btc_hashrate_correlation = btc_hashrate_correlation;
        self.checked()
    }

    pub(crate) fn set_btc_paths(&mut self, paths: Vec<Vec<f64>>) {
        if let BtcModel::Csv { paths_usd, .. } = &mut self.btc {
            *paths_usd = paths;
        }
    }

    fn checked(self) -> Result<MarketModels> {
        self.btc.check()?;
        within(
            bounds::BTC_PRICE_USD,
            "btc_initial_usd",
            self.btc_initial_usd,
        )?;
        refuse(rules::market::positive_btc_price(self.btc_initial_usd))?;
        self.hashrate.check()?;
        within(
            bounds::HASHRATE_EH_S,
            "hashrate_initial_eh_s",
            self.hashrate_initial_eh_s,
        )?;
        refuse(rules::market::positive_hashrate(self.hashrate_initial_eh_s))?;
        within(
            bounds::FEES_BTC_PER_BLOCK,
            "fees_mean_btc_per_block",
            self.fees_mean_btc_per_block,
        )?;
        within(bounds::VOLATILITY, "fees_volatility", self.fees_volatility)?;
        within(
            bounds::GPU_PRICE_DECLINE_PER_YEAR,
            "gpu_decline_per_year",
            self.gpu_decline_per_year,
        )?;
        within(
            bounds::VOLATILITY,
            "gpu_volatility_per_year",
            self.gpu_volatility_per_year,
        )?;
        if let PowerMarketModel::Fixed { hub_usd_per_mwh } = self.power {
            within(
                bounds::HUB_PRICE_USD_PER_MWH,
                "hub_usd_per_mwh",
                hub_usd_per_mwh,
            )?;
        }
        within(
            bounds::DEFAULT_HAZARD_PER_YEAR,
            "default_hazard_per_year",
            self.default_hazard_per_year,
        )?;
        within(
            bounds::CORRELATION,
            "btc_hashrate_correlation",
            self.btc_hashrate_correlation,
        )?;
        Ok(self)
    }

    /// BTC price model.
    pub fn btc(&self) -> &BtcModel {
        &self.btc
    }
    /// BTC price on the valuation date, USD.
    pub fn btc_initial_usd(&self) -> f64 {
        self.btc_initial_usd
    }
    /// Network hashrate model.
    pub fn hashrate(&self) -> &HashrateModel {
        &self.hashrate
    }
    /// Network hashrate on the valuation date, EH/s.
    pub fn hashrate_initial_eh_s(&self) -> f64 {
        self.hashrate_initial_eh_s
    }
    /// Block height on the valuation date.
    pub fn height_initial(&self) -> u64 {
        self.height_initial
    }
    /// Mean fees per block, BTC.
    pub fn fees_mean_btc_per_block(&self) -> f64 {
        self.fees_mean_btc_per_block
    }
    /// Standard deviation of the monthly log noise of fees.
    pub fn fees_volatility(&self) -> f64 {
        self.fees_volatility
    }
    /// Expected decline of GPU prices per year.
    pub fn gpu_decline_per_year(&self) -> f64 {
        self.gpu_decline_per_year
    }
    /// Volatility of GPU prices per √year.
    pub fn gpu_volatility_per_year(&self) -> f64 {
        self.gpu_volatility_per_year
    }
    /// Power price model.
    pub fn power(&self) -> &PowerMarketModel {
        &self.power
    }
    /// Annual probability that a lease tenant defaults.
    pub fn default_hazard_per_year(&self) -> f64 {
        self.default_hazard_per_year
    }
    /// Correlation of the monthly BTC and network-hashrate shocks.
    pub fn btc_hashrate_correlation(&self) -> f64 {
        self.btc_hashrate_correlation
    }
}
