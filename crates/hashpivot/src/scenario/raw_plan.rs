//! The raw tables that serve other commands than `run`: `[valuation]` (`hashpivot value`) and `[[plans]]`
//! (`hashpivot decide`, `sensitivity`, `breakeven`), re-exported by [`super::raw`], where their doc comments are
//! read.

use crate::bounds;
use schemars::JsonSchema;
use serde::Deserialize;

/// How `hashpivot value` turns the scenario's NPV into an equity value per share: the company in the dataset,
/// and the stated conventions for the items the scenario does not model.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawValuation {
    /// Company id or ticker in the bundled company dataset (`hashpivot peers` lists them).
    pub company: String,
    /// BTC price for the company's BTC holdings, USD per BTC (required when the company holds BTC); state its
    /// date and source in a comment.
    #[schemars(range(min = bounds::BTC_PRICE_USD.min, max = bounds::BTC_PRICE_USD.max))]
    pub btc_price_usd: Option<f64>,
    /// Uncontracted pipeline MW valued at `pipeline_usd_per_mw` (not modelled in the scenario).
    #[schemars(range(min = bounds::MW.min, max = bounds::MW.max))]
    pub pipeline_mw: Option<f64>,
    /// Value of one uncontracted pipeline MW, USD (e.g. a transaction's price per MW); with `pipeline_basis`.
    #[schemars(range(min = 0.0))]
    pub pipeline_usd_per_mw: Option<f64>,
    /// Where `pipeline_usd_per_mw` comes from, in words.
    #[serde(default)]
    pub pipeline_basis: String,
    /// Names of the company's debt instruments (as in the dataset) already modelled as the scenario's loans:
    /// left out of the bridge so they are not deducted twice.
    #[serde(default)]
    pub debt_in_scenario: Vec<String>,
    /// The company's share of the scenario's NPV (e.g. 0.51 for a 51% joint venture), default 1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ownership_share: Option<f64>,
}

/// A named alternative plan (`hashpivot decide`): the file as written, changed by a built-in `kind` for one
/// site, then by `set` edits. Every plan runs on the same random paths (path i of every plan replays the same
/// BTC, hashrate, fee, GPU-price and power-year draws).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Unique name, printed in the comparison.
    pub name: String,
    /// What the plan does to `site` (default `as_written`).
    #[serde(default)]
    pub kind: RawPlanKind,
    /// The site the kind applies to (default: the only site; required when there are several).
    pub site: Option<String>,
    /// With `as_written`: the conversions kept (default all). With `convert`: the conversions of `site` kept
    /// (default: every conversion of the site).
    pub conversions: Option<Vec<String>>,
    /// With `convert`: month the kept conversions start, YYYY-MM (convert from month t).
    pub start_month: Option<String>,
    /// With `sell_site`: sale price, USD per MW gross of the site's `mw_gross`, received at the valuation date
    /// (untaxed; the site's flows stop).
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub usd_per_mw_gross: Option<f64>,
    /// With `sell_power`: a buyout of the power contract at this price, USD at the valuation date (untaxed),
    /// instead of reselling the take-or-pay block at the hub.
    #[schemars(range(min = bounds::USD_AMOUNT.min, max = bounds::USD_AMOUNT.max))]
    pub buyout_usd: Option<f64>,
    /// Edits applied after the kind: `{ path = "conversions.west-lease.capex_usd_per_mw_it", value = 8e6 }`.
    /// A path names fields from the top of the file; array elements by their `name` (or `*` for all).
    #[serde(default)]
    pub set: Vec<RawPlanSet>,
}

/// What a plan does to its site.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RawPlanKind {
    /// The file as written (only `conversions` and `set` change it).
    #[default]
    AsWritten,
    /// Keep mining: the site's conversions are dropped (with their loans).
    KeepMining,
    /// Mine with sell-back: the site's conversions dropped, its fixed-price block settled take-or-pay with
    /// unused power resold at the hub (needs a fixed contract and a hub).
    MineSellBack,
    /// Sell the power only: no fleet, no hosting, no demand response, no conversions; the fixed-price block is
    /// taken or paid and resold whole at the hub, or bought out at `buyout_usd`.
    SellPower,
    /// Convert to a lease or GPU cloud: the site keeps only the conversions in `conversions` (default all of
    /// its conversions), optionally from `start_month`.
    Convert,
    /// Sell the site at `usd_per_mw_gross`: its fleet, hosting, conversions and fixed costs stop.
    SellSite,
}

/// One edit of a plan: the value at a path.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlanSet {
    /// Dotted path from the top of the file, e.g. `sites.west.power.price_usd_per_mwh`; array elements by
    /// `name`, `*` for every element.
    pub path: String,
    /// The new value (any TOML value; the plan's scenario is then checked as a whole).
    pub value: serde_json::Value,
}
