//! A checked plan of `hashpivot decide`: a named alternative for the company, built from the file as written
//! by a built-in kind on one site and then by `set` edits (see [`crate::scenario::raw::RawPlan`]). How a plan
//! changes the file lives in [`crate::decide`]; here a plan only checks that its fields fit its kind.

use crate::bounds;
use crate::date::Month;
use crate::error::{Error, Result};
use crate::scenario::raw::{RawPlan, RawPlanKind};

/// What a plan does to its site.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanKind {
    /// The file as written.
    AsWritten,
    /// Keep mining: the site's conversions are dropped.
    KeepMining,
    /// Mine with sell-back of the fixed-price block's unused power at the hub.
    MineSellBack,
    /// Sell the power only: the block resold whole at the hub, or a buyout at a stated price.
    SellPower {
        /// A buyout of the contract, USD at the valuation date, instead of reselling the block.
        buyout_usd: Option<f64>,
    },
    /// Convert (lease or GPU cloud): the site keeps only the plan's conversions, optionally from a month.
    Convert {
        /// Month the kept conversions start.
        start_month: Option<Month>,
    },
    /// Sell the site at a price per MW gross.
    SellSite {
        /// Sale price, USD per MW gross of the site.
        usd_per_mw_gross: f64,
    },
}

/// A checked plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    name: String,
    kind: PlanKind,
    site: Option<String>,
    conversions: Option<Vec<String>>,
    set: Vec<(String, toml::Value)>,
}

impl Plan {
    /// A plan that is the file as written, named `name` (one file of `decide A.toml B.toml`).
    pub fn as_written(name: impl Into<String>) -> Plan {
        Plan {
            name: name.into(),
            kind: PlanKind::AsWritten,
            site: None,
            conversions: None,
            set: Vec::new(),
        }
    }

    /// Checks `raw`, the plan at `plans[index]`: each field is one its kind reads, amounts within their bounds.
    pub fn from_raw(index: usize, raw: &RawPlan) -> Result<Plan> {
        let field = |f: &str| format!("plans[{index}].{f}");
        let refuse_field = |f: &str, what: &str| {
            Err(Error::invalid(
                field(f),
                format!("{f} with kind {what}"),
                "no such field for this kind (see `kind` in docs/scenario.md)",
            ))
        };
        let kind_name = raw_kind_name(raw.kind);
        if raw.name.trim().is_empty() {
            return Err(Error::invalid(field("name"), "\"\"", "a non-empty name"));
        }
        if raw.start_month.is_some() && raw.kind != RawPlanKind::Convert {
            return refuse_field("start_month", kind_name);
        }
        if raw.usd_per_mw_gross.is_some() && raw.kind != RawPlanKind::SellSite {
            return refuse_field("usd_per_mw_gross", kind_name);
        }
        if raw.buyout_usd.is_some() && raw.kind != RawPlanKind::SellPower {
            return refuse_field("buyout_usd", kind_name);
        }
        if raw.conversions.is_some()
            && !matches!(raw.kind, RawPlanKind::AsWritten | RawPlanKind::Convert)
        {
            return refuse_field("conversions", kind_name);
        }
        let kind = match raw.kind {
            RawPlanKind::AsWritten => PlanKind::AsWritten,
            RawPlanKind::KeepMining => PlanKind::KeepMining,
            RawPlanKind::MineSellBack => PlanKind::MineSellBack,
            RawPlanKind::SellPower => PlanKind::SellPower {
                buyout_usd: raw
                    .buyout_usd
                    .map(|v| bounds::USD_AMOUNT.check_as(&field("buyout_usd"), v))
                    .transpose()?,
            },
            RawPlanKind::Convert => PlanKind::Convert {
                start_month: raw
                    .start_month
                    .as_deref()
                    .map(|m| {
                        Month::parse(m)
                            .map_err(|_| Error::invalid(field("start_month"), m, "a month YYYY-MM"))
                    })
                    .transpose()?,
            },
            RawPlanKind::SellSite => PlanKind::SellSite {
                usd_per_mw_gross: match raw.usd_per_mw_gross {
                    Some(v) => bounds::USD_AMOUNT.check_as(&field("usd_per_mw_gross"), v)?,
                    None => {
                        return Err(Error::invalid(
                            field("usd_per_mw_gross"),
                            "nothing",
                            "the sale price, USD per MW gross (kind sell_site)",
                        ));
                    }
                },
            },
        };
        let set = raw
            .set
            .iter()
            .enumerate()
            .map(|(j, s)| {
                toml::Value::try_from(&s.value)
                    .map(|v| (s.path.clone(), v))
                    .map_err(|e| {
                        Error::invalid(format!("plans[{index}].set[{j}].value"), e, "a TOML value")
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Plan {
            name: raw.name.clone(),
            kind,
            site: raw.site.clone(),
            conversions: raw.conversions.clone(),
            set,
        })
    }

    /// Name printed in the comparison.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What the plan does to its site.
    pub fn kind(&self) -> &PlanKind {
        &self.kind
    }
    /// The site the kind applies to, as given (`None`: the only site).
    pub fn site(&self) -> Option<&str> {
        self.site.as_deref()
    }
    /// The conversions kept, as given.
    pub fn conversions(&self) -> Option<&[String]> {
        self.conversions.as_deref()
    }
    /// The edits after the kind: (dotted path, value).
    pub fn set(&self) -> &[(String, toml::Value)] {
        &self.set
    }
    /// The kind as the file spells it.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            PlanKind::AsWritten => "as_written",
            PlanKind::KeepMining => "keep_mining",
            PlanKind::MineSellBack => "mine_sell_back",
            PlanKind::SellPower { .. } => "sell_power",
            PlanKind::Convert { .. } => "convert",
            PlanKind::SellSite { .. } => "sell_site",
        }
    }
}

fn raw_kind_name(k: RawPlanKind) -> &'static str {
    match k {
        RawPlanKind::AsWritten => "as_written",
        RawPlanKind::KeepMining => "keep_mining",
        RawPlanKind::MineSellBack => "mine_sell_back",
        RawPlanKind::SellPower => "sell_power",
        RawPlanKind::Convert => "convert",
        RawPlanKind::SellSite => "sell_site",
    }
}
