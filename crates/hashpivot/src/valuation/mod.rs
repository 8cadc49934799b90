//! Company valuation: the scenario's NPV of operations, plus the balance sheet from the company dataset, to an
//! equity value per share, and the bridge to the market capitalisation item by item.
//!
//! Conventions (one home for each):
//! - equity value = operations NPV (the scenario's equity cash flows with their terminal value, × the company's
//!   ownership share) + uncontracted pipeline MW × a stated $/MW + cash + BTC held × a stated price − debt not
//!   modelled in the scenario − convertibles at the larger of face and conversion value − warrants at their
//!   exercise value;
//! - the value per share V solves V × basic shares = that equity value, where conversion and exercise values are
//!   taken at V itself (a convertible converts when V exceeds its conversion price; a warrant is exercised when V
//!   exceeds its strike, its proceeds received): this is the treasury-stock/if-converted method with the buyback
//!   at the model's own value, so V is the value per diluted share;
//! - a warrant whose strike is not disclosed is counted at strike 0 (as shares); a convertible whose conversion
//!   price is not disclosed is counted at face. Both are printed as such;
//! - P5/P50/P95 per share are V at the P5/P50/P95 of the paths' operations NPV (V is non-decreasing in it); the
//!   bridge is the P50 case, and its items sum exactly to its equity value.

mod counterfactual;
mod solve;

use crate::company::{Company, DebtKind};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::risk::{quantile, sorted};
use crate::scenario::raw::RawValuation;
use serde::{Deserialize, Serialize};

pub use counterfactual::scenario_without_deal;
pub use solve::value_per_share;

/// One line of the bridge from the operations NPV to the equity value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgeItem {
    /// Stable key: `operations`, `pipeline`, `cash`, `btc`, `debt`, `convertible`, `warrant`.
    pub key: &'static str,
    /// What the line is, in words.
    pub label: String,
    /// Its contribution to the equity value, USD (deductions negative).
    pub usd: f64,
    /// How it was valued and where its figures come from.
    pub basis: String,
}

/// A value per share at three quantiles of the paths.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerShare {
    /// At the P5 of the operations NPV.
    pub p5: f64,
    /// At the P50.
    pub p50: f64,
    /// At the P95.
    pub p95: f64,
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
    /// The bridge of the P50 case: operations, then each balance-sheet item.
    pub items: Vec<BridgeItem>,
    /// Equity value of the P50 case, USD: exactly the sum of `items`.
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

/// Values a company from its scenario's operations NPV per path (already in USD at the valuation date).
pub fn value(company: &Company, s: &Settings, operations_npv_by_path: &[f64]) -> Result<Valuation> {
    if operations_npv_by_path.is_empty() || operations_npv_by_path.iter().any(|x| !x.is_finite()) {
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
            basis: format!("as of {}: {}", c.date, c.source),
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
                b.date, b.source
            ),
        });
    }
    let mut claims = Vec::new();
    let mut claim_items = Vec::new();
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
            claims.push(Claim::Convertible {
                face_usd: d.principal_usd,
                shares,
            });
            claim_items.push((
                "convertible",
                d.name.clone(),
                format!(
                    "larger of face and conversion value; {} ({})",
                    d.source, d.date
                ),
            ));
        } else {
            fixed.push(BridgeItem {
                key: "debt",
                label: d.name.clone(),
                usd: -d.principal_usd,
                basis: format!("principal as of {}: {}", d.date, d.source),
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
        claims.push(Claim::Warrant {
            shares: w.shares,
            strike_usd: w.strike_usd.unwrap_or(0.0),
        });
        claim_items.push((
            "warrant",
            format!("warrants: {} ({} shares)", w.holder, w.shares),
            format!(
                "exercise value at the model's value per share; {} ({})",
                w.source, w.date
            ),
        ));
    }
    let fixed_usd: f64 = fixed.iter().map(|i| i.usd).sum();
    let ops_sorted = sorted(operations_npv_by_path);
    let at = |p: f64| s.ownership_share * quantile(&ops_sorted, p);
    let v_at = |ops: f64| value_per_share(ops + fixed_usd, basic, &claims);
    let per_share_usd = PerShare {
        p5: v_at(at(0.05)),
        p50: v_at(at(0.5)),
        p95: v_at(at(0.95)),
    };
    let ops50 = at(0.5);
    let v = per_share_usd.p50;
    let mut items = vec![BridgeItem {
        key: "operations",
        label: "operations: NPV of the scenario's equity cash flows, P50 of the paths".into(),
        usd: ops50,
        basis: if s.ownership_share < 1.0 {
            format!(
                "× ownership share {}; all segments together (the split by segment needs the engine's NPV by class)",
                s.ownership_share
            )
        } else {
            "all segments together (the split by segment needs the engine's NPV by class)".into()
        },
    }];
    items.extend(fixed);
    for (c, (key, label, basis)) in claims.iter().zip(claim_items) {
        items.push(BridgeItem {
            key,
            label,
            usd: -c.usd_at(v),
            basis,
        });
    }
    let equity_value_usd: f64 = items.iter().map(|i| i.usd).sum();
    let shares_diluted = basic + claims.iter().map(|c| c.shares_at(v)).sum::<f64>();
    let market = match (&company.market_cap_usd, &company.share_price_usd) {
        (Some(m), Some(p)) => Some(MarketReference {
            market_cap_usd: m.value,
            share_price_usd: p.value,
            date: m.date,
            source: m.source.clone(),
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
