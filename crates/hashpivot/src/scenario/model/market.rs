//! The checked market models, with their starting state.

use super::{refuse, within, within_whole};
use crate::bounds;
use crate::error::{Error, Result};
use crate::market::gbm::Gbm;
use crate::market::jump_diffusion::JumpDiffusion;
use crate::scenario::rules;
use serde::Serialize;

/// BTC price model. Its values are checked when it goes into [`MarketModels`].
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum BtcModel {
    /// Geometric Brownian motion.
    Gbm(Gbm),
    /// Merton jump-diffusion.
    JumpDiffusion(JumpDiffusion),
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

/// Checks the diffusion part of a BTC price model: a drift and a volatility in range.
fn diffusion(drift_per_year: f64, volatility_per_year: f64) -> Result<()> {
    within(
        bounds::LOG_GROWTH_PER_YEAR,
        "drift_per_year",
        drift_per_year,
    )?;
    within(
        bounds::VOLATILITY,
        "volatility_per_year",
        volatility_per_year,
    )?;
    Ok(())
}

impl BtcModel {
    fn check(&self) -> Result<()> {
        match self {
            BtcModel::Gbm(g) => diffusion(g.drift_per_year, g.volatility_per_year)?,
            BtcModel::JumpDiffusion(j) => {
                diffusion(j.drift_per_year, j.volatility_per_year)?;
                within(bounds::JUMPS_PER_YEAR, "jumps_per_year", j.jumps_per_year)?;
                within(bounds::JUMP_MEAN_LOG, "jump_mean_log", j.jump_mean_log)?;
                within(bounds::JUMP_STDEV_LOG, "jump_stdev_log", j.jump_stdev_log)?;
            }
            BtcModel::Bootstrap { block_months, .. } => {
                within_whole(bounds::BLOCK_MONTHS, "block_months", *block_months)?;
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
    SupplyResponse(SupplyResponse),
}

/// Hashrate growth that follows the margin of a marginal fleet some months earlier.
#[derive(Debug, Clone, Serialize)]
pub struct SupplyResponse {
    /// Log growth per year at zero margin.
    pub base_growth_per_year: f64,
    /// Extra log growth per year per unit of log margin ratio (revenue / power cost of the marginal fleet).
    pub elasticity_per_year: f64,
    /// Months between a margin and the hashrate it brings.
    pub lag_months: u32,
    /// Efficiency of the marginal fleet at the valuation date, J/TH.
    pub marginal_j_per_th: f64,
    /// Yearly efficiency gain of the marginal fleet: its J/TH falls as e^(−gain × years from the valuation date).
    pub marginal_efficiency_gain_per_year: f64,
    /// Yearly decay of that gain: the J/TH falls as e^(−gain × (1 − e^(−taper × years)) / taper).
    pub marginal_efficiency_taper_per_year: f64,
    /// Power price the marginal fleet pays, USD/MWh.
    pub marginal_power_usd_per_mwh: f64,
    /// Standard deviation of the yearly log growth around the response.
    pub volatility_per_year: f64,
    /// The fields not stated in the scenario, which took the fit's values (`hashpivot network fit`).
    #[serde(skip)]
    pub defaulted: Vec<&'static str>,
}

impl SupplyResponse {
    fn check(&self) -> Result<()> {
        within(
            bounds::LOG_GROWTH_PER_YEAR,
            "base_growth_per_year",
            self.base_growth_per_year,
        )?;
        within(
            bounds::ELASTICITY_PER_YEAR,
            "elasticity_per_year",
            self.elasticity_per_year,
        )?;
        within_whole(bounds::LAG_MONTHS, "lag_months", self.lag_months)?;
        within(
            bounds::J_PER_TH,
            "marginal_j_per_th",
            self.marginal_j_per_th,
        )?;
        within(
            bounds::EFFICIENCY_GAIN_PER_YEAR,
            "marginal_efficiency_gain_per_year",
            self.marginal_efficiency_gain_per_year,
        )?;
        within(
            bounds::EFFICIENCY_GAIN_PER_YEAR,
            "marginal_efficiency_taper_per_year",
            self.marginal_efficiency_taper_per_year,
        )?;
        within(
            bounds::MARGINAL_POWER_USD_PER_MWH,
            "marginal_power_usd_per_mwh",
            self.marginal_power_usd_per_mwh,
        )?;
        within(
            bounds::VOLATILITY,
            "volatility_per_year",
            self.volatility_per_year,
        )?;
        Ok(())
    }
}

impl HashrateModel {
    fn check(&self) -> Result<()> {
        match self {
            HashrateModel::Exogenous {
                growth_per_year,
                volatility_per_year,
            } => {
                within(
                    bounds::LOG_GROWTH_PER_YEAR,
                    "growth_per_year",
                    *growth_per_year,
                )?;
                within(
                    bounds::VOLATILITY,
                    "volatility_per_year",
                    *volatility_per_year,
                )?;
            }
            HashrateModel::SupplyResponse(r) => r.check()?,
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
        /// Bundled calendar years sampled (complete years, Central Prevailing Time), stress years included.
        years: Vec<i32>,
        /// The years of `years` labelled stress years: named in `stress_years`, or priced under a cap other
        /// than today's ([`crate::data::regimes`]).
        stress_years: Vec<i32>,
        /// Whether `years` (less the stress years) is the default: every complete bundled year under today's
        /// cap.
        years_defaulted: bool,
    },
}

impl PowerMarketModel {
    /// A bootstrap of `years` (named, or `None` for the default: the years of `complete` under today's cap)
    /// plus `stress` years; a year under another cap than today's is labelled a stress year.
    pub fn bootstrap(years: Option<&[i32]>, stress: &[i32], complete: &[i32]) -> PowerMarketModel {
        let named = match years {
            Some(y) => y.to_vec(),
            None => crate::data::regimes::default_years(complete),
        };
        let mut all = named.clone();
        for y in stress {
            if !all.contains(y) {
                all.push(*y);
            }
        }
        let stress_years = all
            .iter()
            .copied()
            .filter(|y| stress.contains(y) || !crate::data::regimes::under_current_cap(*y))
            .collect();
        PowerMarketModel::Bootstrap {
            years: all,
            stress_years,
            years_defaulted: years.is_none(),
        }
    }
}

/// What the market holds besides BTC, hashrate and the starting block: fees, GPU prices, power prices, tenant
/// default and the BTC–hashrate shock correlation. Its values are checked when it goes into [`MarketModels`].
#[derive(Debug, Clone, Serialize)]
pub struct MarketSettings {
    /// Mean transaction fees per block, BTC.
    pub fees_mean_btc_per_block: f64,
    /// Volatility of the monthly log noise of fees.
    pub fees_volatility: f64,
    /// Yearly decline of GPU rental prices.
    pub gpu_decline_per_year: f64,
    /// Volatility of GPU rental prices per year.
    pub gpu_volatility_per_year: f64,
    /// How GPU generations age, follow each other, cost and resell (its `decline_per_year_of_age` is
    /// `gpu_decline_per_year`).
    pub gpu_generation_price_change_per_year: f64,
    /// Yearly change of the price of GPU systems per MW IT.
    pub gpu_hardware_price_change_per_year: f64,
    /// Yearly decline of a used GPU's resale value.
    pub gpu_resale_decline_per_year: f64,
    /// The GPU price fields not stated in the scenario, which took their defaults.
    #[serde(skip)]
    pub gpu_defaulted: Vec<&'static str>,
    /// Power price model.
    pub power: PowerMarketModel,
    /// Tenant default hazard per year.
    pub default_hazard_per_year: f64,
    /// Correlation of the BTC and hashrate shocks.
    pub btc_hashrate_correlation: f64,
    /// The parts of `[market]` the file leaves out (`btc_price`, `hashrate`, `fees`, `power`), which took
    /// their defaults; each is listed as an assumption.
    #[serde(skip)]
    pub omitted: Vec<&'static str>,
}

impl Default for MarketSettings {
    /// Fees zero, GPU prices flat, power at 40 USD/MWh, no tenant default and no correlation.
    fn default() -> MarketSettings {
        MarketSettings {
            fees_mean_btc_per_block: 0.0,
            fees_volatility: 0.0,
            gpu_decline_per_year: 0.0,
            gpu_volatility_per_year: 0.0,
            gpu_generation_price_change_per_year: 0.0,
            gpu_hardware_price_change_per_year: 0.0,
            gpu_resale_decline_per_year: 0.0,
            gpu_defaulted: Vec::new(),
            power: PowerMarketModel::Fixed {
                hub_usd_per_mwh: 40.0,
            },
            default_hazard_per_year: 0.0,
            btc_hashrate_correlation: 0.0,
            omitted: Vec::new(),
        }
    }
}

/// The checked market, with its starting state.
#[derive(Debug, Clone, Serialize)]
pub struct MarketModels {
    btc: BtcModel,
    btc_initial_usd: f64,
    hashrate: HashrateModel,
    hashrate_initial_eh_s: f64,
    height_initial: u64,
    #[serde(flatten)]
    settings: MarketSettings,
}

impl MarketModels {
    /// The factor on the J/TH of machines bought `months` after the valuation date: the marginal fleet's
    /// efficiency gain of the supply response (`market::hashrate::efficiency_factor`), 1 with an exogenous
    /// hashrate. The one rule for the network's marginal fleet and a company's replacement machines.
    pub fn efficiency_factor(&self, months: usize) -> f64 {
        match &self.hashrate {
            HashrateModel::SupplyResponse(r) => crate::market::hashrate::efficiency_factor(
                r.marginal_efficiency_gain_per_year,
                r.marginal_efficiency_taper_per_year,
                months as f64 / 12.0,
            ),
            HashrateModel::Exogenous { .. } => 1.0,
        }
    }

    /// This element's assumptions (see [`super::Scenario::assumptions`]): the supply-response parameters the
    /// fit supplied, and the power years replayed when they are the default.
    pub(crate) fn push_assumptions(&self, out: &mut Vec<crate::assumption::Assumption>) {
        use crate::assumption::Assumption;
        self.push_omitted(out);
        if let HashrateModel::SupplyResponse(r) = &self.hashrate {
            let fit = "fitted to the bundled network history 2016-01..2025-12 (`hashpivot network fit`) by the \
                       method validated out of sample: fitted on 2016-01..2022-12 it forecasts 2023-01..2025-12 \
                       with a mean absolute log error of 0.149";
            for field in &r.defaulted {
                let (value, unit, reason) = match *field {
                    "base_growth_per_year" => (r.base_growth_per_year, "per_year", fit.to_string()),
                    "elasticity_per_year" => (r.elasticity_per_year, "per_year", fit.to_string()),
                    "lag_months" => (f64::from(r.lag_months), "months", fit.to_string()),
                    "marginal_efficiency_gain_per_year" => (
                        r.marginal_efficiency_gain_per_year,
                        "per_year",
                        "trend of the best air-cooled J/TH per release year, ASIC library 2016–2025; the company's \
                         replacement machines follow the same rule"
                            .into(),
                    ),
                    "marginal_efficiency_taper_per_year" => (
                        r.marginal_efficiency_taper_per_year,
                        "per_year",
                        "the slowdown of the ASIC library's efficiency trend: 26.5%/yr over the 2016–2022 releases, \
                         20.3%/yr over 2019–2025, a gain falling ~10.8% a year; applied from the valuation date"
                            .into(),
                    ),
                    "marginal_j_per_th" => (
                        r.marginal_j_per_th,
                        "j_per_th",
                        "the fit's reference fleet (25 J/TH in 2023-01) moved to the valuation month at the \
                         efficiency gain"
                            .into(),
                    ),
                    "marginal_power_usd_per_mwh" => (
                        r.marginal_power_usd_per_mwh,
                        "usd_per_mwh",
                        "the fit's reference power price".into(),
                    ),
                    _ => (
                        r.volatility_per_year,
                        "per_sqrt_year",
                        "one-step residuals of the fit over 2016–2025, ×√12".into(),
                    ),
                };
                out.push(Assumption::default(
                    format!("market.hashrate.{field}"),
                    value,
                    unit,
                    reason,
                ));
            }
        }
        for field in &self.settings.gpu_defaulted {
            let (value, reason) = match *field {
                "decline_per_year" => (
                    self.settings.gpu_decline_per_year,
                    "H100 rental ~$2.85/GPU-hour early 2024 to $1.70 October 2025 (1-year contract index): \
                     (1.70/2.85)^(12/21) − 1 ≈ −25.6%/yr",
                ),
                "generation_price_change_per_year" => (
                    self.settings.gpu_generation_price_change_per_year,
                    "assumption: each new generation rents at launch, per MW IT, as its predecessor did at its \
                     own launch",
                ),
                "hardware_price_change_per_year" => (
                    self.settings.gpu_hardware_price_change_per_year,
                    "assumption: GPU systems cost about the same per MW IT each generation (IREN's GB300 \
                     fleet: ~$5.8B for 200 MW IT = $29M per MW IT)",
                ),
                _ => (
                    self.settings.gpu_resale_decline_per_year,
                    "a used GPU's value follows its rent: the decline per year of age",
                ),
            };
            out.push(Assumption::default(
                format!("market.gpu_price.{field}"),
                value,
                "per_year",
                reason,
            ));
        }
        if let PowerMarketModel::Bootstrap {
            years,
            years_defaulted: true,
            ..
        } = &self.settings.power
        {
            let cap = crate::data::regimes::current_regime();
            for y in years
                .iter()
                .filter(|y| crate::data::regimes::under_current_cap(**y))
            {
                out.push(Assumption {
                    name: "market.power.years".into(),
                    value: f64::from(*y),
                    unit: "year",
                    basis: crate::assumption::Basis::Default {
                        reason: format!(
                            "a complete bundled ERCOT year under today's ${:.0}/MWh price cap, replayed with \
                             equal weight; 2021 (Winter Storm Uri, $9,000 cap) only as a stated stress year",
                            cap.cap_usd_per_mwh
                        ),
                    },
                    source: Some(cap.source.into()),
                });
            }
        }
    }

    /// The defaults taken by the parts of `[market]` the file leaves out (a warning for front ends to show:
    /// each moves value, a flat BTC price making P5 = P50 = P95 of everything BTC drives). They are also among
    /// the scenario's assumptions. An omitted `power` is listed only in a scenario where some site reads a hub
    /// price ([`crate::power::Contract::reads_hub_price`]).
    pub fn omitted_defaults(&self) -> Vec<crate::assumption::Assumption> {
        let mut out = Vec::new();
        self.push_omitted(&mut out);
        out
    }

    /// No site reads a hub price (see [`crate::power::Contract::reads_hub_price`]): an omitted `power` then
    /// assumes nothing that moves value, and is not listed among the omitted defaults.
    pub(crate) fn hub_price_unread(&mut self) {
        self.settings.omitted.retain(|part| *part != "power");
    }

    /// Pushes [`MarketModels::omitted_defaults`], each named with the figure used.
    fn push_omitted(&self, out: &mut Vec<crate::assumption::Assumption>) {
        use crate::assumption::Assumption;
        for part in &self.settings.omitted {
            let (name, value, unit, reason) = match *part {
                "btc_price" => (
                    "market.btc_price.initial_usd",
                    self.btc_initial_usd,
                    "usd",
                    "[market] btc_price omitted: BTC held flat at the start date's close (GBM, drift 0, volatility \
                     0), so every path has the same BTC price",
                ),
                "hashrate" => (
                    "market.hashrate.initial_eh_s",
                    self.hashrate_initial_eh_s,
                    "eh_s",
                    "[market] hashrate omitted: the network held flat at the start date's difficulty (exogenous, \
                     growth 0, volatility 0)",
                ),
                "fees" => (
                    "market.fees.mean_btc_per_block",
                    self.settings.fees_mean_btc_per_block,
                    "btc_per_block",
                    "[market] fees omitted: the bundled 30-day mean before the start date, without noise",
                ),
                _ => (
                    "market.power.hub_usd_per_mwh",
                    40.0,
                    "usd_per_mwh",
                    "[market] power omitted: every hub at a flat 40 USD/MWh every hour, no volatility (index \
                     contracts pay it, sell-back earns it)",
                ),
            };
            out.push(Assumption::default(name, value, unit, reason));
        }
    }

    /// BTC and network hashrate from their starting values at block `height_initial`, with the
    /// [`MarketSettings::default`] until [`MarketModels::with_settings`].
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
            settings: MarketSettings::default(),
        }
        .checked()
    }

    /// With fees, GPU prices, power prices, tenant default and correlation from `settings`.
    pub fn with_settings(mut self, settings: MarketSettings) -> Result<MarketModels> {
        self.settings = settings;
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
            self.settings.fees_mean_btc_per_block,
        )?;
        within(
            bounds::VOLATILITY,
            "fees_volatility",
            self.settings.fees_volatility,
        )?;
        within(
            bounds::GPU_PRICE_DECLINE_PER_YEAR,
            "gpu_decline_per_year",
            self.settings.gpu_decline_per_year,
        )?;
        within(
            bounds::VOLATILITY,
            "gpu_volatility_per_year",
            self.settings.gpu_volatility_per_year,
        )?;
        within(
            bounds::GPU_PRICE_CHANGE_PER_YEAR,
            "gpu_price.generation_price_change_per_year",
            self.settings.gpu_generation_price_change_per_year,
        )?;
        within(
            bounds::GPU_PRICE_CHANGE_PER_YEAR,
            "gpu_price.hardware_price_change_per_year",
            self.settings.gpu_hardware_price_change_per_year,
        )?;
        within(
            bounds::GPU_PRICE_DECLINE_PER_YEAR,
            "gpu_price.resale_decline_per_year",
            self.settings.gpu_resale_decline_per_year,
        )?;
        match &self.settings.power {
            PowerMarketModel::Fixed { hub_usd_per_mwh } => {
                within(
                    bounds::HUB_PRICE_USD_PER_MWH,
                    "hub_usd_per_mwh",
                    *hub_usd_per_mwh,
                )?;
            }
            PowerMarketModel::Bootstrap { years, .. } if years.is_empty() => {
                return Err(Error::invalid(
                    "market.power.years",
                    "an empty list",
                    "at least one bundled year, e.g. [2022, 2023, 2024, 2025]",
                ));
            }
            PowerMarketModel::Bootstrap { .. } => {}
        }
        within(
            bounds::DEFAULT_HAZARD_PER_YEAR,
            "default_hazard_per_year",
            self.settings.default_hazard_per_year,
        )?;
        within(
            bounds::CORRELATION,
            "btc_hashrate_correlation",
            self.settings.btc_hashrate_correlation,
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
        self.settings.fees_mean_btc_per_block
    }
    /// Standard deviation of the monthly log noise of fees.
    pub fn fees_volatility(&self) -> f64 {
        self.settings.fees_volatility
    }
    /// Expected decline of GPU prices per year.
    pub fn gpu_decline_per_year(&self) -> f64 {
        self.settings.gpu_decline_per_year
    }
    /// Volatility of GPU prices per √year.
    pub fn gpu_volatility_per_year(&self) -> f64 {
        self.settings.gpu_volatility_per_year
    }
    /// How GPU generations age, follow each other, cost and resell.
    pub fn gpu_vintages(&self) -> crate::hpc::gpu_cloud::GpuVintageTerms {
        crate::hpc::gpu_cloud::GpuVintageTerms {
            decline_per_year_of_age: self.settings.gpu_decline_per_year,
            generation_price_change_per_year: self.settings.gpu_generation_price_change_per_year,
            hardware_price_change_per_year: self.settings.gpu_hardware_price_change_per_year,
            resale_decline_per_year: self.settings.gpu_resale_decline_per_year,
        }
    }
    /// Power price model.
    pub fn power(&self) -> &PowerMarketModel {
        &self.settings.power
    }
    /// Annual probability that a lease tenant defaults.
    pub fn default_hazard_per_year(&self) -> f64 {
        self.settings.default_hazard_per_year
    }
    /// Correlation of the monthly BTC and network-hashrate shocks.
    pub fn btc_hashrate_correlation(&self) -> f64 {
        self.settings.btc_hashrate_correlation
    }
}
