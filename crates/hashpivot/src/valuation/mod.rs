//! Company valuation: the scenario's NPV of operations, plus the balance sheet from the company dataset, to an
//! equity value per share, and the bridge to the market capitalisation item by item.
//!
//! Conventions (one home for each):
//! - equity value = operations NPV by segment (the engine's classes of cash flow: merchant mining, power sales,
//!   contracted hosting, GPU cloud, corporate overhead and unlevered tax, terminal value, the scenario's loans
//!   and their interest tax shield; each × the company's ownership share) + uncontracted pipeline MW × a stated $/MW + cash + BTC held × a stated price − debt not
//!   modelled in the scenario − convertibles at the larger of face and conversion value − warrants at their
//!   exercise value;
//! - the value per share V solves V × basic shares = that equity value, where conversion and exercise values are
//!   taken at V itself (a convertible converts when V exceeds its conversion price; a warrant is exercised when V
//!   exceeds its strike, its proceeds received): this is the treasury-stock/if-converted method with the buyback
//!   at the model's own value, so V is the value per diluted share;
//! - a warrant whose strike is not disclosed is counted at strike 0 (as shares); a convertible whose conversion
//!   price is not disclosed is counted at face. Both are printed as such;
//! - P5/P50/P95 per share are V on the P5/P50/P95 paths: the paths at nearest rank round(p·(n − 1)) of the
//!   operations NPV sorted ascending (ties by path id), so each is one path's own value (V is non-decreasing in
//!   the operations NPV); the bridge is the P50 path's, segment by segment, and its items sum exactly to its
//!   equity value: [`sum_of_items`] adds them in their order, the one sum of the bridge.

mod counterfactual;
pub mod peers;
mod solve;

use crate::company::{Company, DebtKind, Provenance};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::risk::{quantile, sorted};
use crate::scenario::DiscountRates;
use crate::scenario::raw::RawValuation;
use crate::sim::NpvByClass;
use serde::{Deserialize, Serialize};

pub use counterfactual::scenario_without_deal;
pub use solve::value_per_share;

/// One line of the bridge from the operations NPV to the equity value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgeItem {
    /// Stable key: the operating segments (`mining`, `power_sales`, `contracted`, `gpu_cloud`, `corporate`,
    /// `terminal_value`, `scenario_debt`, `tax_shield`), then `pipeline`, `cash`, `btc`, `debt`, `convertible`,
    /// `warrant`.
    pub key: &'static str,
    /// What the line is, in words.
    pub label: String,
    /// Its contribution to the equity value, USD (deductions negative).
    pub usd: f64,
    /// How it was valued and where its figures come from.
    pub basis: String,
}

/// The keys of the operating segments, in the engine's class order ([`crate::sim::NPV_CLASSES`], with the
/// scenario's loans as `scenario_debt` so they are not confused with the balance sheet's `debt`).
pub const SEGMENT_KEYS: [&str; 8] = {
    let mut keys = crate::sim::NPV_CLASSES;
    keys[6] = "scenario_debt"; // the engine's "debt"
    keys
};

/// The bridge's one sum: the items added in their order (the equity value, and what a reader adds to check it).
pub fn sum_of_items(items: &[BridgeItem]) -> f64 {
    items.iter().fold(0.0, |acc, i| acc + i.usd)
}

/// A value per share on three paths.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerShare {
    /// On the P5 path of the operations NPV (nearest rank).
    pub p5: f64,
    /// On the P50 path.
    pub p50: f64,
    /// On the P95 path.
    pub p95: f64,
}

/// The path whose segments make up the bridge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BridgePath {
    /// Path id of the run (path i draws from the generator (seed, i)).
    pub path: u64,
    /// Its rank among the paths sorted by operations NPV, from 0.
    pub rank: usize,
    /// Number of paths.
    pub paths: usize,
    /// Its operations NPV (the engine's `npv_usd`, the sum of its classes), USD, before the ownership share.
    pub operations_npv_usd: f64,
    /// The P50 of the paths' operations NPV (type-7 quantile), USD, for comparison: the P50 path's NPV differs
    /// from it by at most half the gap between the two middle paths.
    pub operations_npv_p50_usd: f64,
}

/// The market's figures the model is compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketReference {
    /// Market capitalisation, USD.
    pub market_cap_usd: f64,
    /// Share price, USD.
    pub share_price_usd: f64,
    /// The day of both.
    pub date: Date,
    /// Where they come from.
    pub source: String,
    /// Market cap − model equity value (P50), USD: what the model does not explain.
    pub residual_usd: f64,
    /// Share price − model value per share (P50), USD.
    pub residual_usd_per_share: f64,
}

/// A company's valuation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Valuation {
    /// Company id in the dataset.
    pub company: String,
    /// Company name.
    pub name: String,
    /// The dataset's date for the market figures.
    pub as_of: Date,
    /// The bridge on the P50 path: its operating segments, then each balance-sheet item.
    pub items: Vec<BridgeItem>,
    /// The path the bridge is taken on.
    pub bridge_path: BridgePath,
    /// Equity value on the P50 path, USD: exactly [`sum_of_items`] of `items`.
    pub equity_value_usd: f64,
    /// Basic shares outstanding.
    pub shares_basic: f64,
    /// Shares after the conversions and exercises that are in the money at the P50 value.
    pub shares_diluted: f64,
    /// Value per diluted share, USD.
    pub per_share_usd: PerShare,
    /// The market's figures on `as_of` and the residual, where the dataset has them.
    pub market: Option<MarketReference>,
    /// Remarks: missing figures and the conventions they fell back to.
    pub notes: Vec<String>,
}

/// The settings of a value file: the `[valuation]` table of a scenario.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Company id or ticker.
    pub company: String,
    /// USD per BTC for the holdings.
    pub btc_price_usd: Option<f64>,
    /// Uncontracted pipeline MW valued.
    pub pipeline_mw: Option<f64>,
    /// USD per pipeline MW.
    pub pipeline_usd_per_mw: Option<f64>,
    /// Basis of the $/MW.
    pub pipeline_basis: String,
    /// Debt instruments already in the scenario's loans.
    pub debt_in_scenario: Vec<String>,
    /// Share of the scenario's NPV that belongs to the company (default 1).
    pub ownership_share: f64,
}

impl Default for Settings {
    /// No company yet, nothing stated, the whole scenario owned.
    fn default() -> Settings {
        Settings {
            company: String::new(),
            btc_price_usd: None,
            pipeline_mw: None,
            pipeline_usd_per_mw: None,
            pipeline_basis: String::new(),
            debt_in_scenario: Vec::new(),
            ownership_share: 1.0,
        }
    }
}

impl From<RawValuation> for Settings {
    fn from(r: RawValuation) -> Settings {
        Settings {
            company: r.company,
            btc_price_usd: r.btc_price_usd,
            pipeline_mw: r.pipeline_mw,
            pipeline_usd_per_mw: r.pipeline_usd_per_mw,
            pipeline_basis: r.pipeline_basis,
            debt_in_scenario: r.debt_in_scenario,
            ownership_share: r.ownership_share.unwrap_or(1.0),
        }
    }
}

/// Reads the `[valuation]` table of a scenario file (the rest of the file is the scenario's).
pub fn settings_from_scenario_text(text: &str, origin: &str) -> Result<Option<Settings>> {
    #[derive(Deserialize)]
    struct Only {
        valuation: Option<RawValuation>,
    }
    let only: Only = toml::from_str(text).map_err(|e| Error::Parse {
        origin: origin.to_string(),
        line: 0,
        message: e.message().to_string(),
    })?;
    Ok(only.valuation.map(Settings::from))
}

/// A claim on the equity that depends on the value per share: a convertible or a warrant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Claim {
    /// Worth max(face, shares × V).
    Convertible {
        /// Principal, USD.
        face_usd: f64,
        /// Shares on conversion (face / conversion price), 0 when the price is not disclosed.
        shares: f64,
    },
    /// Worth shares × max(V − strike, 0).
    Warrant {
        /// Shares on exercise.
        shares: f64,
        /// Strike, USD (0 when not disclosed).
        strike_usd: f64,
    },
}

impl Claim {
    /// Its key in the bridge: `convertible` or `warrant`.
    pub fn key(&self) -> &'static str {
        match self {
            Claim::Convertible { .. } => "convertible",
            Claim::Warrant { .. } => "warrant",
        }
    }
    /// How the bridge values it, in words.
    fn method(&self) -> &'static str {
        match self {
            Claim::Convertible { .. } => "larger of face and conversion value",
            Claim::Warrant { .. } => "exercise value at the model's value per share",
        }
    }
    /// The claim's value at a value per share `v`.
    pub fn usd_at(&self, v: f64) -> f64 {
        match *self {
            Claim::Convertible { face_usd, shares } => face_usd.max(shares * v),
            Claim::Warrant { shares, strike_usd } => shares * (v - strike_usd).max(0.0),
        }
    }
    /// Shares it adds at `v` (converted or exercised when in the money).
    pub fn shares_at(&self, v: f64) -> f64 {
        match *self {
            Claim::Convertible { face_usd, shares } => {
                if shares * v > face_usd {
                    shares
                } else {
                    0.0
                }
            }
            Claim::Warrant { shares, strike_usd } => {
                if v > strike_usd {
                    shares
                } else {
                    0.0
                }
            }
        }
    }
}

/// Labels and the rate each segment is discounted at, in [`SEGMENT_KEYS`] order.
fn segment_words(r: &DiscountRates) -> [(String, String); 8] {
    let pct = |x: f64| format!("{}%", (x * 1e4).round() / 1e2);
    [
        (
            "merchant mining (BTC mined, hosted miners, demand response)".into(),
            format!("at the mining rate {}", pct(r.mining)),
        ),
        (
            "power sales (contracted power resold at the hub)".into(),
            format!("at the power-sales rate {}", pct(r.power_sales)),
        ),
        (
            "contracted hosting (lease rent, backstop, NOI costs, build; GPU-contract revenue)"
                .into(),
            format!("at the contracted rate {}", pct(r.contracted)),
        ),
        (
            "GPU cloud at market prices (GPU-hours, power, opex, GPUs, build)".into(),
            format!("at the GPU-cloud rate {}", pct(r.gpu_cloud)),
        ),
        (
            "corporate overhead and tax without debt".into(),
            format!("at the company rate {}", pct(r.corporate)),
        ),
        (
            "terminal value at the horizon".into(),
            format!("at the company rate {}", pct(r.corporate)),
        ),
        (
            "scenario loans (draws, interest, principal)".into(),
            "at each loan's own rate: zero for a loan at par".into(),
        ),
        (
            "interest tax shield of the scenario loans".into(),
            "at each loan's own rate".into(),
        ),
    ]
}

/// The indices of `npv` sorted ascending, ties by path id.
fn ranked(paths: &[(u64, NpvByClass)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..paths.len()).collect();
    idx.sort_by(|&a, &b| {
        paths[a]
            .1
            .total()
            .total_cmp(&paths[b].1.total())
            .then(paths[a].0.cmp(&paths[b].0))
    });
    idx
}

/// The nearest rank of quantile `p` among `n` values.
fn nearest_rank(n: usize, p: f64) -> usize {
    ((n - 1) as f64 * p).round() as usize
}

/// Values a company from its scenario's paths: each path's id and its NPV by class of cash flow (USD at the
/// valuation date; the classes add up to the path's NPV), with the rates the classes were discounted at.
pub fn value(
    company: &Company,
    s: &Settings,
    paths: &[(u64, NpvByClass)],
    rates: &DiscountRates,
) -> Result<Valuation> {
    if paths.is_empty()
        || paths
            .iter()
            .any(|(_, c)| c.to_array().iter().any(|x| !x.is_finite()))
    {
        return Err(Error::invalid(
            "operations NPV",
            "no finite path",
            "at least one finite NPV",
        ));
    }
    if !(0.0..=1.0).contains(&s.ownership_share) {
        return Err(Error::invalid(
            "valuation.ownership_share",
            s.ownership_share,
            "a share in [0, 1]",
        ));
    }
    let basic = company
        .shares_basic
        .as_ref()
        .map(|x| x.value)
        .ok_or_else(|| {
            Error::invalid(
                format!("company '{}' shares_basic", company.id),
                "none",
                "a share count in the dataset to value per share",
            )
        })?;
    let mut notes = Vec::new();
    let mut fixed: Vec<BridgeItem> = Vec::new();
    // Pipeline MW at a stated $/MW.
    match (s.pipeline_mw, s.pipeline_usd_per_mw) {
        (Some(mw), Some(p)) => fixed.push(BridgeItem {
            key: "pipeline",
            label: format!("uncontracted pipeline {mw} MW × ${:.2}M/MW", p / 1e6),
            usd: mw * p,
            basis: if s.pipeline_basis.is_empty() {
                "stated in [valuation]".into()
            } else {
                s.pipeline_basis.clone()
            },
        }),
        _ => notes.push(
            "pipeline MW not valued (no pipeline_mw and pipeline_usd_per_mw in [valuation])".into(),
        ),
    }
    match &company.cash_usd {
        Some(c) => fixed.push(BridgeItem {
            key: "cash",
            label: "cash".into(),
            usd: c.value,
            basis: format!("as of {}: {}", c.provenance.date, c.provenance.source),
        }),
        None => notes.push("cash not in the dataset (missing): not added".into()),
    }
    if let Some(b) = company.btc_held.as_ref().filter(|b| b.value > 0.0) {
        let price = s.btc_price_usd.ok_or_else(|| {
            Error::invalid(
                "valuation.btc_price_usd",
                "none",
                format!(
                    "a BTC price: company '{}' holds {} BTC",
                    company.id, b.value
                ),
            )
        })?;
        fixed.push(BridgeItem {
            key: "btc",
            label: format!("BTC held {} × ${price}", b.value),
            usd: b.value * price,
            basis: format!(
                "holding as of {}: {}; price stated in [valuation]",
                b.provenance.date, b.provenance.source
            ),
        });
    }
    // Convertibles and warrants: each claim, and its bridge line's label and basis (valued once V is solved).
    let mut claims = Vec::new();
    let mut claim_items = Vec::new();
    let mut add_claim = |claim: Claim, label: String, from: &Provenance| {
        let (source, date) = (&from.source, from.date);
        claim_items.push((label, format!("{}; {source} ({date})", claim.method())));
        claims.push(claim);
    };
    for d in &company.debt {
        if s.debt_in_scenario
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&d.name))
        {
            notes.push(format!(
                "'{}' is modelled in the scenario's loans: not deducted again",
                d.name
            ));
            continue;
        }
        if d.kind == DebtKind::Convertible {
            let shares = d.conversion_price_usd.map_or(0.0, |p| d.principal_usd / p);
            if d.conversion_price_usd.is_none() {
                notes.push(format!(
                    "'{}': conversion price not in the dataset, valued at face",
                    d.name
                ));
            }
            let face_usd = d.principal_usd;
            let claim = Claim::Convertible { face_usd, shares };
            add_claim(claim, d.name.clone(), &d.provenance);
        } else {
            fixed.push(BridgeItem {
                key: "debt",
                label: d.name.clone(),
                usd: -d.principal_usd,
                basis: format!(
                    "principal as of {}: {}",
                    d.provenance.date, d.provenance.source
                ),
            });
        }
    }
    for w in &company.warrants {
        if w.strike_usd.is_none() {
            notes.push(format!(
                "warrants of {}: strike not in the dataset, counted at strike 0 (as shares)",
                w.holder
            ));
        }
        let (shares, strike_usd) = (w.shares, w.strike_usd.unwrap_or(0.0));
        let label = format!("warrants: {} ({shares} shares)", w.holder);
        add_claim(Claim::Warrant { shares, strike_usd }, label, &w.provenance);
    }
    let order = ranked(paths);
    let n = paths.len();
    // A path's segments × the ownership share, in class order; their sum (in that order) is its operations
    // value, so the bridge's items add up to what V was solved for.
    // (+ 0.0 turns a −0 of an empty class into 0: the same sum, a cleaner line.)
    let segments =
        |i: usize| -> [f64; 8] { paths[i].1.to_array().map(|x| s.ownership_share * x + 0.0) };
    let v_on = |i: usize| {
        let before: f64 = segments(i)
            .iter()
            .chain(fixed.iter().map(|f| &f.usd))
            .fold(0.0, |acc, x| acc + x);
        value_per_share(before, basic, &claims)
    };
    let rank = |p: f64| order[nearest_rank(n, p)];
    let per_share_usd = PerShare {
        p5: v_on(rank(0.05)),
        p50: v_on(rank(0.5)),
        p95: v_on(rank(0.95)),
    };
    let i50 = rank(0.5);
    let ops_sorted = sorted(&paths.iter().map(|(_, c)| c.total()).collect::<Vec<_>>());
    let bridge_path = BridgePath {
        path: paths[i50].0,
        rank: nearest_rank(n, 0.5),
        paths: n,
        operations_npv_usd: paths[i50].1.total(),
        operations_npv_p50_usd: quantile(&ops_sorted, 0.5),
    };
    let v = per_share_usd.p50;
    let share_note = if s.ownership_share < 1.0 {
        format!("; × ownership share {}", s.ownership_share)
    } else {
        String::new()
    };
    let mut items: Vec<BridgeItem> = SEGMENT_KEYS
        .iter()
        .zip(segment_words(rates))
        .zip(segments(i50))
        .map(|((key, (label, basis)), usd)| BridgeItem {
            key,
            label,
            usd,
            basis: format!(
                "NPV on the P50 path (path {}) {basis}{share_note}",
                bridge_path.path
            ),
        })
        .collect();
    items.extend(fixed);
    for (c, (label, basis)) in claims.iter().zip(claim_items) {
        items.push(BridgeItem {
            key: c.key(),
            label,
            usd: 0.0 - c.usd_at(v),
            basis,
        });
    }
    let equity_value_usd = sum_of_items(&items);
    let shares_diluted = basic + claims.iter().map(|c| c.shares_at(v)).sum::<f64>();
    let market = match (&company.market_cap_usd, &company.share_price_usd) {
        (Some(m), Some(p)) => Some(MarketReference {
            market_cap_usd: m.value,
            share_price_usd: p.value,
            date: m.provenance.date,
            source: m.provenance.source.clone(),
            residual_usd: m.value - equity_value_usd,
            residual_usd_per_share: p.value - v,
        }),
        _ => {
            notes.push(
                "market capitalisation or share price not in the dataset: no bridge to the market"
                    .into(),
            );
            None
        }
    };
    Ok(Valuation {
        company: company.id.clone(),
        name: company.name.clone(),
        as_of: company.as_of,
        items,
        bridge_path,
        equity_value_usd,
        shares_basic: basic,
        shares_diluted,
        per_share_usd,
        market,
        notes,
    })
}

#[cfg(test)]
mod tests;
