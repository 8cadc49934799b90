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

const ROUND: &str = "a round range around the stated value (a default of hashpivot, not a sourced figure; state \
                     your own with --range)";

impl Input {
    /// A real-valued input solved for its value, on the round-range basis: `tornado` is its default (low,
    /// high), `bracket` its default breakeven bracket, `bound` its valid range.
    const fn round(
        key: &'static str,
        label: &'static str,
        unit: &'static str,
        paths: &'static [&'static str],
        tornado: (Move, Move),
        bracket: (Move, Move),
        bound: bounds::Bound,
    ) -> Input {
        Input {
            key,
            label,
            unit,
            paths,
            low: tornado.0,
            high: tornado.1,
            bracket,
            basis: ROUND,
            bound: (bound.min, bound.max),
            whole: false,
            solve: Solve::Value,
        }
    }

    /// The same input with the defaults' own basis.
    const fn with_basis(self, basis: &'static str) -> Input {
        Input { basis, ..self }
    }

    /// The same input in whole months.
    const fn in_whole_months(self) -> Input {
        Input {
            whole: true,
            ..self
        }
    }

    /// The same input, a breakeven solving for an amount added at every place.
    const fn solving_a_shift(self) -> Input {
        Input {
            solve: Solve::Shift,
            ..self
        }
    }
}

/// A class discount rate moved ±3 points around its resolved value (bracket 0–60%), on the round-range basis.
const fn class_rate_input(
    key: &'static str,
    label: &'static str,
    paths: &'static [&'static str],
) -> Input {
    Input::round(
        key,
        label,
        "per year",
        paths,
        (Move::Shift(-0.03), Move::Shift(0.03)),
        (Move::To(0.0), Move::To(0.6)),
        bounds::DISCOUNT_RATE,
    )
}

/// Every input, in the order the tornado lists ties.
pub const INPUTS: &[Input] = &[
    Input::round(
        "btc_price",
        "BTC price at the start (hashprice moves with it)",
        "USD",
        &["market.btc_price.initial_usd"],
        (Move::Scale(0.7), Move::Scale(1.3)),
        (Move::Scale(0.2), Move::Scale(5.0)),
        bounds::BTC_PRICE_USD,
    )
    .with_basis("±30%: about BTC's one-sigma move over 8 months at 55%/yr volatility (default)"),
    Input::round(
        "btc_drift",
        "BTC drift",
        "per year",
        &["market.btc_price.drift_per_year"],
        (Move::Shift(-0.2), Move::Shift(0.2)),
        (Move::Shift(-0.6), Move::Shift(0.6)),
        bounds::LOG_GROWTH_PER_YEAR,
    ),
    Input::round(
        "btc_volatility",
        "BTC volatility",
        "per √year",
        &["market.btc_price.volatility_per_year"],
        (Move::Scale(0.7), Move::Scale(1.3)),
        (Move::Scale(0.1), Move::Scale(3.0)),
        bounds::VOLATILITY,
    ),
    Input::round(
        "hashrate_growth",
        "network hashrate growth",
        "per year",
        &[
            "market.hashrate.base_growth_per_year",
            "market.hashrate.growth_per_year",
        ],
        (Move::Shift(-0.1), Move::Shift(0.1)),
        (Move::Shift(-0.5), Move::Shift(0.5)),
        bounds::LOG_GROWTH_PER_YEAR,
    ),
    Input::round(
        "power_price",
        "power price (fixed price or index adder of every site)",
        "USD/MWh",
        &[
            "sites.*.power.price_usd_per_mwh",
            "sites.*.power.adder_usd_per_mwh",
        ],
        (Move::Shift(-10.0), Move::Shift(10.0)),
        (Move::Shift(-50.0), Move::Shift(100.0)),
        bounds::ADDER_USD_PER_MWH,
    )
    .solving_a_shift(),
    Input::round(
        "rent",
        "lease rent (inline leases)",
        "USD/kW-month",
        &["conversions.*.lease.usd_per_kw_month"],
        (Move::Scale(0.8), Move::Scale(1.2)),
        (Move::Scale(0.25), Move::Scale(4.0)),
        bounds::RENT_USD_PER_KW_MONTH,
    ),
    Input::round(
        "gpu_price",
        "GPU-hour price (inline GPU clouds)",
        "USD/GPU-hour",
        &["conversions.*.gpu_cloud.usd_per_gpu_hour"],
        (Move::Scale(0.8), Move::Scale(1.2)),
        (Move::Scale(0.25), Move::Scale(4.0)),
        bounds::GPU_USD_PER_HOUR,
    ),
    Input::round(
        "capex_per_mw",
        "conversion capex",
        "USD/MW IT",
        &["conversions.*.capex_usd_per_mw_it"],
        (Move::Scale(0.75), Move::Scale(1.25)),
        (Move::Scale(0.0), Move::Scale(4.0)),
        bounds::USD_AMOUNT,
    ),
    Input::round(
        "build_months",
        "conversion build time",
        "months",
        &["conversions.*.build_months"],
        (Move::Shift(-6.0), Move::Shift(6.0)),
        (Move::To(0.0), Move::To(48.0)),
        bounds::BUILD_MONTHS,
    )
    .in_whole_months(),
    Input::round(
        "noi_margin",
        "lease NOI margin (inline leases)",
        "share of rent",
        &["conversions.*.lease.noi_margin"],
        (Move::Shift(-0.1), Move::Shift(0.1)),
        (Move::To(0.0), Move::To(1.0)),
        bounds::NOI_MARGIN,
    ),
    Input::round(
        "discount_rate",
        "discount rate",
        "per year",
        &["company.discount_rate"],
        (Move::Shift(-0.03), Move::Shift(0.03)),
        (Move::To(0.0), Move::To(0.4)),
        bounds::DISCOUNT_RATE,
    ),
    Input::round(
        "discount_rate_contracted",
        "discount rate of contracted flows (leases, GPU-contract revenue)",
        "per year",
        &["company.discount_rates.contracted"],
        (Move::Shift(-0.02), Move::Shift(0.02)),
        (Move::To(0.0), Move::To(0.4)),
        bounds::DISCOUNT_RATE,
    )
    .with_basis(
        "±2 points around the class rate (stated, else the company rate): narrower than the other \
         rates' ±3 because the examples price contracted flows off secured notes (a default of \
         hashpivot, not a sourced figure; state your own with --range)",
    ),
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
    Input::round(
        "residual",
        "terminal value (exit multiple)",
        "× EBITDA",
        &["company.terminal_value.ebitda_multiple"],
        (Move::Scale(0.5), Move::Scale(1.5)),
        (Move::To(0.0), Move::Scale(4.0)),
        bounds::EBITDA_MULTIPLE,
    ),
    Input::round(
        "tenant_default",
        "tenant default hazard",
        "per year",
        &[
            "market.tenant_default.hazard_per_year",
            "conversions.*.tenant_credit.hazard_per_year",
        ],
        (Move::To(0.0), Move::Shift(0.05)),
        (Move::To(0.0), Move::To(0.5)),
        bounds::DEFAULT_HAZARD_PER_YEAR,
    )
    .with_basis(
        "none vs +5%/yr: roughly a speculative-grade tenant's annual default rate (default); the market's \
         hazard and every lease's stated one",
    ),
    Input::round(
        "renewal_probability",
        "lease renewal probability at the end of term (residual)",
        "probability",
        &["conversions.*.residual.probability"],
        (Move::Shift(-0.25), Move::Shift(0.25)),
        (Move::To(0.0), Move::To(1.0)),
        bounds::RENEWAL_PROBABILITY,
    )
    .with_basis(
        "±0.25 around the stated probability (default 0.5: a coin flip, no AI/HPC lease has reached its \
         term yet; a default of hashpivot)",
    ),
    Input::round(
        "exit_value",
        "lease exit value at the horizon (residual)",
        "USD/MW IT",
        &["conversions.*.residual.usd_per_mw_it"],
        (Move::Scale(0.75), Move::Scale(1.25)),
        (Move::To(0.0), Move::Scale(4.0)),
        bounds::USD_AMOUNT,
    ),
    Input::round(
        "cap_rate",
        "lease exit cap rate at the horizon (residual)",
        "NOI yield",
        &["conversions.*.residual.cap_rate"],
        (Move::Shift(-0.01), Move::Shift(0.01)),
        (Move::To(bounds::CAP_RATE.min), Move::To(0.3)),
        bounds::CAP_RATE,
    ),
    Input::round(
        "relet_share",
        "re-let rent after a tenant default (share of the scheduled rent)",
        "share of rent",
        &["conversions.*.tenant_credit.relet_share"],
        (Move::Shift(-0.2), Move::Shift(0.2)),
        (Move::To(0.0), Move::To(1.0)),
        bounds::RELET_SHARE,
    )
    .with_basis(
        "±0.2 around the stated share (default 0.7: a stressed re-let; no defaulted AI/HPC lease has been \
         re-let in public yet; a default of hashpivot)",
    ),
    Input::round(
        "vacancy_months",
        "vacancy after a tenant default",
        "months",
        &["conversions.*.tenant_credit.vacancy_months"],
        (Move::Shift(-6.0), Move::Shift(6.0)),
        (Move::To(0.0), Move::To(60.0)),
        bounds::VACANCY_MONTHS,
    )
    .with_basis(
        "±6 months around the stated vacancy (default 12: the deal library's leases took 9–15 months from \
         signing to delivery)",
    )
    .in_whole_months(),
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
