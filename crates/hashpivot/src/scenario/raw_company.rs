//! The raw company's valuation conventions that have tables of their own: discount rates by class of cash flow
//! and depreciation lives by asset class (re-exported by [`super::raw`], where their doc comments are read).

use crate::bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Annual discount rates by class of cash flow (each omitted class: the company's `discount_rate`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDiscountRates {
    /// Contracted flows: hosting-lease rent (with its backstop), its NOI costs and build capex, and revenue a
    /// GPU-cloud contract fixes. A basis: TeraWulf's WULF Compute 7.750% senior secured notes due 2030 ($3.2B at
    /// par, 8-K of 2025-10-23), secured on the Fluidstack leases' cash flows with a Google backstop.
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub contracted: Option<f64>,
    /// Merchant mining: BTC mined, hosted miners, demand-response credits, their power and opex, fleet
    /// replacements.
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub mining: Option<f64>,
    /// Power sales: contracted power resold at the hub, less the cost of the contracted power not mined.
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub power_sales: Option<f64>,
    /// GPU cloud at market prices: GPU-hours sold outside a contract, GPU power and opex, GPUs and the build.
    #[schemars(range(min = bounds::DISCOUNT_RATE.min, max = bounds::DISCOUNT_RATE.max))]
    pub gpu_cloud: Option<f64>,
}

/// Tax depreciation lives by asset class, years (each omitted class: `depreciation_years`, else its default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDepreciationLives {
    /// Mining machines (default 5: MACRS computers and peripheral equipment).
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub asics: Option<u32>,
    /// GPU systems (default 5: MACRS computers and peripheral equipment).
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub gpus: Option<u32>,
    /// Electrical and cooling plant of a conversion (default 15: MACRS 15-year property).
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub electrical_cooling: Option<u32>,
    /// Building shell of a conversion (default 39: MACRS nonresidential real property).
    #[schemars(range(min = bounds::DEPRECIATION_YEARS.min as i64, max = bounds::DEPRECIATION_YEARS.max as i64))]
    pub buildings: Option<u32>,
}
