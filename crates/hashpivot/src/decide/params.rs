//! The inputs a sensitivity or a breakeven moves: where each lives in the scenario file, its default low/high
//! for the tornado and its default bracket for a breakeven, each with its basis. An input the scenario does not
//! have (no GBM drift under a bootstrap BTC model, no inline rent under a deal lease) is skipped and said so.

use super::DecideError;
use super::edit::{Change, Edit};
use super::plans::Decision;
use crate::bounds;
use crate::error::Error;
use crate::scenario::{ConversionUse, Residual};

/// How a default moves an input from its current value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Move {
    /// Multiply.
    Scale(f64),
    /// Add.
    Shift(f64),
    /// Set to this value.
    To(f64),
}

impl Move {
    fn change(self) -> Change {
        match self {
            Move::Scale(f) => Change::Scale(f),
            Move::Shift(d) => Change::Shift(d),
            Move::To(x) => Change::Number(x),
        }
    }
    /// The moved value of `current`.
    pub fn of(self, current: f64) -> f64 {
        match self {
            Move::Scale(f) => current * f,
            Move::Shift(d) => current + d,
            Move::To(x) => x,
        }
    }
    /// The move in words, e.g. "×0.8", "+10".
    pub fn describe(self) -> String {
        match self {
            Move::Scale(f) => format!("×{f}"),
            Move::Shift(d) if d >= 0.0 => format!("+{d}"),
            Move::Shift(d) => format!("−{}", -d),
            Move::To(x) => format!("= {x}"),
        }
    }
}

/// What a breakeven solves for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solve {
    /// The input's value, set alike at every place it appears.
    Value,
    /// An amount added to the input at every place it appears (the places hold different kinds of price).
    Shift,
}

/// An input of sensitivities and breakevens.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// Key on the command line, e.g. `rent`.
    pub key: &'static str,
    /// In words.
    pub label: &'static str,
    /// Unit of the value.
    pub unit: &'static str,
    /// Where it lives in the file (dotted paths, `*` = every element).
    pub paths: &'static [&'static str],
    /// Tornado default: low.
    pub low: Move,
    /// Tornado default: high.
    pub high: Move,
    /// Breakeven default bracket, from the current value.
    pub bracket: (Move, Move),
    /// Why these defaults.
    pub basis: &'static str,
    /// Valid range of the input (min, max).
    pub bound: (f64, f64),
    /// A whole number (months).
    pub whole: bool,
    /// What a breakeven solves for.
    pub solve: Solve,
}

/// A bound's valid range as (min, max).
const fn range(bound: bounds::Bound) -> (f64, f64) {
    (bound.min, bound.max)
}

const ROUND: &str = "a round range around the stated value (a default of hashpivot, not a sourced figure; state \
                     your own with --range)";

/// A class discount rate moved ±3 points around its resolved value (bracket 0–60%), on the round-range basis.
const fn class_rate_input(
    key: &'static str,
    label: &'static str,
    paths: &'static [&'static str],
) -> Input {
    Input {
        key,
        label,
        unit: "per year",
        paths,
        low: Move::Shift(-0.03),
        high: Move::Shift(0.03),
        bracket: (Move::To(0.0), Move::To(0.6)),
        basis: ROUND,
        bound: range(bounds::DISCOUNT_RATE),
        whole: false,
        solve: Solve::Value,
    }
}

/// Every input, in the order the tornado lists ties.
pub const INPUTS: &[Input] = &[
    Input {
        key: "btc_price",
        label: "BTC price at the start (hashprice moves with it)",
        unit: "USD",
        paths: &["market.btc_price.initial_usd"],
        low: Move::Scale(0.7),
        high: Move::Scale(1.3),
        bracket: (Move::Scale(0.2), Move::Scale(5.0)),
        basis: "±30%: about BTC's one-sigma move over 8 months at 55%/yr volatility (default)",
        bound: range(bounds::BTC_PRICE_USD),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "btc_drift",
        label: "BTC drift",
        unit: "per year",
        paths: &["market.btc_price.drift_per_year"],
        low: Move::Shift(-0.2),
        high: Move::Shift(0.2),
        bracket: (Move::Shift(-0.6), Move::Shift(0.6)),
        basis: ROUND,
        bound: (
            bounds::LOG_GROWTH_PER_YEAR.min,
            bounds::LOG_GROWTH_PER_YEAR.max,
        ),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "btc_volatility",
        label: "BTC volatility",
        unit: "per √year",
        paths: &["market.btc_price.volatility_per_year"],
        low: Move::Scale(0.7),
        high: Move::Scale(1.3),
        bracket: (Move::Scale(0.1), Move::Scale(3.0)),
        basis: ROUND,
        bound: range(bounds::VOLATILITY),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "hashrate_growth",
        label: "network hashrate growth",
        unit: "per year",
        paths: &[
            "market.hashrate.base_growth_per_year",
            "market.hashrate.growth_per_year",
        ],
        low: Move::Shift(-0.1),
        high: Move::Shift(0.1),
        bracket: (Move::Shift(-0.5), Move::Shift(0.5)),
        basis: ROUND,
        bound: (
            bounds::LOG_GROWTH_PER_YEAR.min,
            bounds::LOG_GROWTH_PER_YEAR.max,
        ),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "power_price",
        label: "power price (fixed price or index adder of every site)",
        unit: "USD/MWh",
        paths: &[
            "sites.*.power.price_usd_per_mwh",
            "sites.*.power.adder_usd_per_mwh",
        ],
        low: Move::Shift(-10.0),
        high: Move::Shift(10.0),
        bracket: (Move::Shift(-50.0), Move::Shift(100.0)),
        basis: ROUND,
        bound: range(bounds::ADDER_USD_PER_MWH),
        whole: false,
        solve: Solve::Shift,
    },
    Input {
        key: "rent",
        label: "lease rent (inline leases)",
        unit: "USD/kW-month",
        paths: &["conversions.*.lease.usd_per_kw_month"],
        low: Move::Scale(0.8),
        high: Move::Scale(1.2),
        bracket: (Move::Scale(0.25), Move::Scale(4.0)),
        basis: ROUND,
        bound: range(bounds::RENT_USD_PER_KW_MONTH),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "gpu_price",
        label: "GPU-hour price (inline GPU clouds)",
        unit: "USD/GPU-hour",
        paths: &["conversions.*.gpu_cloud.usd_per_gpu_hour"],
        low: Move::Scale(0.8),
        high: Move::Scale(1.2),
        bracket: (Move::Scale(0.25), Move::Scale(4.0)),
        basis: ROUND,
        bound: range(bounds::GPU_USD_PER_HOUR),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "capex_per_mw",
        label: "conversion capex",
        unit: "USD/MW IT",
        paths: &["conversions.*.capex_usd_per_mw_it"],
        low: Move::Scale(0.75),
        high: Move::Scale(1.25),
        bracket: (Move::Scale(0.0), Move::Scale(4.0)),
        basis: ROUND,
        bound: range(bounds::USD_AMOUNT),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "build_months",
        label: "conversion build time",
        unit: "months",
        paths: &["conversions.*.build_months"],
        low: Move::Shift(-6.0),
        high: Move::Shift(6.0),
        bracket: (Move::To(0.0), Move::To(48.0)),
        basis: ROUND,
        bound: range(bounds::BUILD_MONTHS),
        whole: true,
        solve: Solve::Value,
    },
    Input {
        key: "noi_margin",
        label: "lease NOI margin (inline leases)",
        unit: "share of rent",
        paths: &["conversions.*.lease.noi_margin"],
        low: Move::Shift(-0.1),
        high: Move::Shift(0.1),
        bracket: (Move::To(0.0), Move::To(1.0)),
        basis: ROUND,
        bound: range(bounds::NOI_MARGIN),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "discount_rate",
        label: "discount rate",
        unit: "per year",
        paths: &["company.discount_rate"],
        low: Move::Shift(-0.03),
        high: Move::Shift(0.03),
        bracket: (Move::To(0.0), Move::To(0.4)),
        basis: ROUND,
        bound: range(bounds::DISCOUNT_RATE),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "discount_rate_contracted",
        label: "discount rate of contracted flows (leases, GPU-contract revenue)",
        unit: "per year",
        paths: &["company.discount_rates.contracted"],
        low: Move::Shift(-0.02),
        high: Move::Shift(0.02),
        bracket: (Move::To(0.0), Move::To(0.4)),
        basis: "±2 points around the class rate (stated, else the company rate): narrower than the other \
                rates' ±3 because the examples price contracted flows off secured notes (a default of \
                hashpivot, not a sourced figure; state your own with --range)",
        bound: range(bounds::DISCOUNT_RATE),
        whole: false,
        solve: Solve::Value,
    },
    class_rate_input(
        "discount_rate_mining",
        "discount rate of merchant mining",
        &["company.discount_rates.mining"],
    ),
    class_rate_input(
        "discount_rate_gpu_cloud",
        "discount rate of GPU cloud at market prices",
        &["company.discount_rates.gpu_cloud"],
    ),
    class_rate_input(
        "discount_rate_power_sales",
        "discount rate of power sales",
        &["company.discount_rates.power_sales"],
    ),
    Input {
        key: "residual",
        label: "terminal value (exit multiple)",
        unit: "× EBITDA",
        paths: &["company.terminal_value.ebitda_multiple"],
        low: Move::Scale(0.5),
        high: Move::Scale(1.5),
        bracket: (Move::To(0.0), Move::Scale(4.0)),
        basis: ROUND,
        bound: range(bounds::EBITDA_MULTIPLE),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "tenant_default",
        label: "tenant default hazard",
        unit: "per year",
        paths: &[
            "market.tenant_default.hazard_per_year",
            "conversions.*.tenant_credit.hazard_per_year",
        ],
        low: Move::To(0.0),
        high: Move::Shift(0.05),
        bracket: (Move::To(0.0), Move::To(0.5)),
        basis: "none vs +5%/yr: roughly a speculative-grade tenant's annual default rate (default); the market's \
                hazard and every lease's stated one",
        bound: range(bounds::DEFAULT_HAZARD_PER_YEAR),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "renewal_probability",
        label: "lease renewal probability at the end of term (residual)",
        unit: "probability",
        paths: &["conversions.*.residual.probability"],
        low: Move::Shift(-0.25),
        high: Move::Shift(0.25),
        bracket: (Move::To(0.0), Move::To(1.0)),
        basis: "±0.25 around the stated probability (default 0.5: a coin flip, no AI/HPC lease has reached its \
                term yet; a default of hashpivot)",
        bound: range(bounds::RENEWAL_PROBABILITY),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "exit_value",
        label: "lease exit value at the horizon (residual)",
        unit: "USD/MW IT",
        paths: &["conversions.*.residual.usd_per_mw_it"],
        low: Move::Scale(0.75),
        high: Move::Scale(1.25),
        bracket: (Move::To(0.0), Move::Scale(4.0)),
        basis: ROUND,
        bound: range(bounds::USD_AMOUNT),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "cap_rate",
        label: "lease exit cap rate at the horizon (residual)",
        unit: "NOI yield",
        paths: &["conversions.*.residual.cap_rate"],
        low: Move::Shift(-0.01),
        high: Move::Shift(0.01),
        bracket: (Move::To(bounds::CAP_RATE.min), Move::To(0.3)),
        basis: ROUND,
        bound: range(bounds::CAP_RATE),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "relet_share",
        label: "re-let rent after a tenant default (share of the scheduled rent)",
        unit: "share of rent",
        paths: &["conversions.*.tenant_credit.relet_share"],
        low: Move::Shift(-0.2),
        high: Move::Shift(0.2),
        bracket: (Move::To(0.0), Move::To(1.0)),
        basis: "±0.2 around the stated share (default 0.7: a stressed re-let; no defaulted AI/HPC lease has been \
                re-let in public yet; a default of hashpivot)",
        bound: range(bounds::RELET_SHARE),
        whole: false,
        solve: Solve::Value,
    },
    Input {
        key: "vacancy_months",
        label: "vacancy after a tenant default",
        unit: "months",
        paths: &["conversions.*.tenant_credit.vacancy_months"],
        low: Move::Shift(-6.0),
        high: Move::Shift(6.0),
        bracket: (Move::To(0.0), Move::To(60.0)),
        basis: "±6 months around the stated vacancy (default 12: the deal library's leases took 9–15 months from \
                signing to delivery)",
        bound: range(bounds::VACANCY_MONTHS),
        whole: true,
        solve: Solve::Value,
    },
];

/// The input named `key`.
pub fn input(key: &str) -> Result<&'static Input, Error> {
    INPUTS.iter().find(|i| i.key == key).ok_or_else(|| {
        Error::invalid(
            "input",
            key,
            format!(
                "one of {}",
                INPUTS.iter().map(|i| i.key).collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

impl Input {
    /// The edits that apply `change` to this input in every place it appears; `absent` values (a default
    /// the file leaves out) come from the checked scenario so a relative move starts from what is valued.
    pub fn edits(&self, decision: &Decision<'_>, change: Change) -> Vec<Edit> {
        let sc = decision.base_scenario();
        let clamp = Some(self.bound);
        if self.key == "btc_price"
            && matches!(sc.market().btc(), crate::scenario::BtcModel::Csv { .. })
        {
            // User price paths have no starting price to move.
            return Vec::new();
        }
        let class_rate = |class: &str| -> Option<f64> {
            let r = sc.discount_rates();
            let has = |gpu: bool| {
                sc.conversions().iter().any(|c| {
                    matches!(c.use_(), ConversionUse::GpuCloud(_))
                        || (!gpu && matches!(c.use_(), ConversionUse::Lease(_)))
                })
            };
            match class {
                // A class without flows in the scenario is not an input of it.
                "contracted" => has(false).then_some(r.contracted),
                "gpu_cloud" => has(true).then_some(r.gpu_cloud),
                "mining" => Some(r.mining),
                "power_sales" => Some(r.power_sales),
                _ => None,
            }
        };
        // Each lease conversion of the file with its resolved terms.
        let leases = || {
            sc.conversions().iter().filter_map(|c| match c.use_() {
                ConversionUse::Lease(l) => Some((c.name(), l)),
                _ => None,
            })
        };
        let field = |name: &str, path: &str, absent: f64| Edit {
            path: format!("conversions.{name}.{path}"),
            change: change.clone(),
            absent: Some(absent),
            clamp,
            create_tables: true,
        };
        match self.key {
            // Absent: the class's resolved rate (stated, else the company's); the table is made when missing.
            k if k.starts_with("discount_rate_") => {
                let class = &k["discount_rate_".len()..];
                class_rate(class)
                    .map(|r| Edit {
                        path: format!("company.discount_rates.{class}"),
                        change: change.clone(),
                        absent: Some(r),
                        clamp,
                        create_tables: true,
                    })
                    .into_iter()
                    .collect()
            }
            // Every lease whose tenant may default, from its resolved credit (stated, else the default).
            "relet_share" | "vacancy_months" => leases()
                .filter(|(_, l)| l.credit.hazard_per_year > 0.0)
                .map(|(name, l)| {
                    let absent = if self.key == "relet_share" {
                        l.credit.relet_share
                    } else {
                        f64::from(l.credit.vacancy_months)
                    };
                    field(name, &format!("tenant_credit.{}", self.key), absent)
                })
                .collect(),
            // Every lease valued with a renewal (stated, or the default renewal): its probability, and the
            // method written so a residual table made here is a renewal.
            "renewal_probability" => leases()
                .filter_map(|(name, l)| match l.residual {
                    Residual::Renewal { probability, .. } => Some([
                        field(name, "residual.probability", probability),
                        Edit {
                            path: format!("conversions.{name}.residual.method"),
                            change: Change::Set(toml::Value::String("renewal".into())),
                            absent: None,
                            clamp: None,
                            create_tables: true,
                        },
                    ]),
                    _ => None,
                })
                .flatten()
                .collect(),
            // Absent: the resolved value of each conversion (a deal's, else the rule's default).
            // Every conversion any file or plan has, with its resolved build months (a deal's, else the default).
            "build_months" => decision
                .conversion_build_months()
                .iter()
                .map(|(name, months)| Edit {
                    path: format!("conversions.{name}.build_months"),
                    change: change.clone(),
                    absent: Some(*months as f64),
                    clamp,
                    create_tables: false,
                })
                .collect(),
            _ => self
                .paths
                .iter()
                .map(|p| Edit {
                    path: p.to_string(),
                    change: change.clone(),
                    absent: match self.key {
                        "btc_price" => Some(sc.market().btc_initial_usd()),
                        "noi_margin" => Some(1.0),
                        "tenant_default" => Some(sc.market().default_hazard_per_year()),
                        _ => None,
                    },
                    clamp,
                    create_tables: false,
                })
                .collect(),
        }
    }

    /// The edits of a tornado move.
    pub fn edits_of(&self, decision: &Decision<'_>, m: Move) -> Vec<Edit> {
        self.edits(decision, m.change())
    }

    /// The input's current value (its first place in the first file), or `None` when the scenario does not
    /// have it. Touching nothing is how an input says it is absent.
    pub fn current(&self, decision: &Decision<'_>) -> Result<Option<f64>, DecideError> {
        let t = decision.touch(&self.edits(decision, Change::Shift(0.0)))?;
        Ok(t.first().map(|t| t.value))
    }
}
