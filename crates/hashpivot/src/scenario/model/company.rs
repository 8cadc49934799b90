//! The checked company: name, valuation date, horizon, and its valuation conventions (discount rates by class of
//! cash flow, tax accounting, overhead, terminal value).

use super::{refuse, within, within_whole};
use crate::assumption::{Assumption, Basis};
use crate::bounds;
use crate::date::{Date, Month};
use crate::error::Result;
use crate::finance::depreciation::{AssetClass, Lives};
use crate::scenario::raw::{RawDepreciationLives, RawDiscountRates, RawTerminalValue};
use crate::scenario::rules;
use serde::Serialize;

/// A checked terminal value (see [`RawTerminalValue`] for the formulas).
pub type TerminalValue = RawTerminalValue;

impl TerminalValue {
    /// The method in words, for reports.
    pub fn describe(&self) -> String {
        match self {
            TerminalValue::None => {
                "none — cash flows stop at the horizon (debt outstanding repaid there)".into()
            }
            TerminalValue::ExitMultiple { ebitda_multiple } => {
                format!(
                    "exit multiple {ebitda_multiple}× last-year EBITDA (debt outstanding repaid at the horizon)"
                )
            }
            TerminalValue::GordonGrowth { growth_per_year } => format!(
                "Gordon growth at {}%/yr on last-year EBITDA − tax − capex (debt outstanding repaid at the horizon)",
                growth_per_year * 100.0
            ),
        }
    }

    /// Checks the method's parameter and, for Gordon growth, that it grows slower than `discount_rate`.
    fn check(&self, discount_rate: f64) -> Result<()> {
        match *self {
            TerminalValue::None => Ok(()),
            TerminalValue::ExitMultiple { ebitda_multiple } => {
                within(bounds::EBITDA_MULTIPLE, "ebitda_multiple", ebitda_multiple).map(drop)
            }
            TerminalValue::GordonGrowth { growth_per_year } => {
                within(
                    bounds::TERMINAL_GROWTH_PER_YEAR,
                    "growth_per_year",
                    growth_per_year,
                )?;
                refuse(rules::company::gordon_growth_below_discount_rate(
                    growth_per_year,
                    discount_rate,
                ))
            }
        }
    }
}

/// Annual discount rates by class of cash flow (see [`crate::scenario::raw::RawDiscountRates`] for what each class holds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DiscountRates {
    /// Contracted flows: lease rent and its backstop, lease NOI costs and build, a GPU-cloud contract's revenue.
    pub contracted: f64,
    /// Merchant mining.
    pub mining: f64,
    /// Power resold at the hub, less the contracted power not mined.
    pub power_sales: f64,
    /// GPU cloud at market prices, its costs, GPUs and build.
    pub gpu_cloud: f64,
    /// Corporate flows (overhead, unlevered tax) and the terminal value: the company's `discount_rate`.
    pub corporate: f64,
}

/// The secured-notes basis of a contracted rate, quoted when contracted flows are discounted at the company rate.
pub const CONTRACTED_RATE_BASIS: &str = "TeraWulf's WULF Compute 7.750% senior secured notes due 2030, $3.2B at par, secured on the Fluidstack leases (8-K, 2025-10-23)";

/// Where a depreciation life came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum LifeSource {
    /// `depreciation_lives.<class>`.
    Class,
    /// `depreciation_years`, for every class.
    AllClasses,
    /// The class's default.
    Default,
}

/// A checked company: its name, valuation date, horizon and valuation conventions.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    name: String,
    start_date: Date,
    first_month: Month,
    months: usize,
    discount_rate: f64,
    rates: RawDiscountRates,
    #[serde(flatten)]
    accounting: Accounting,
    overhead_usd_per_year: f64,
    terminal_value: TerminalValue,
}

/// A company's tax accounting as the input states it; each omitted figure takes its default (see the getters of
/// [`Company`]). The default is no tax, every class at its default life and no stated share or limit.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Accounting {
    /// Tax rate on taxable income, a share.
    pub tax_rate: f64,
    /// One depreciation life for every asset class not in `lives`, years.
    pub depreciation_years: Option<u32>,
    /// Depreciation lives by asset class, years.
    pub lives: RawDepreciationLives,
    /// Share of a conversion's build capex that is the building shell.
    pub building_share_of_build_capex: Option<f64>,
    /// Share of an asset's cost expensed in its first year.
    pub bonus_depreciation: Option<f64>,
    /// Share of a later year's taxable income that carried losses may offset.
    pub loss_offset_limit: Option<f64>,
}

/// Default share of a conversion's build capex that is the building shell.
pub const DEFAULT_BUILDING_SHARE: f64 = 0.3;
/// Default share of a later year's taxable income that carried losses may offset (US federal, since 2018).
pub const DEFAULT_LOSS_OFFSET_LIMIT: f64 = 0.8;

impl Company {
    /// The company's assumptions (see [`Scenario::assumptions`]): discount rates by class, tax rate,
    /// depreciation lives, building share, bonus depreciation, loss carryforward rule, overhead, terminal value.
    pub(crate) fn push_assumptions(&self, out: &mut Vec<Assumption>) {
        out.push(Assumption::stated(
            "company.discount_rate",
            self.discount_rate,
            "per_year",
        ));
        let r = self.discount_rates();
        let class_rates = [
            ("contracted", self.rates.contracted, r.contracted),
            ("mining", self.rates.mining, r.mining),
            ("power_sales", self.rates.power_sales, r.power_sales),
            ("gpu_cloud", self.rates.gpu_cloud, r.gpu_cloud),
        ];
        for (class, given, value) in class_rates {
            let name = format!("company.discount_rates.{class}");
            out.push(match given {
                Some(v) => Assumption::stated(name, v, "per_year"),
                None if class == "contracted" => Assumption::default(
                    name,
                    value,
                    "per_year",
                    format!(
                        "company.discount_rate (not stated by class); a contracted-cash-flow rate would be lower: {CONTRACTED_RATE_BASIS}"
                    ),
                ),
                None => Assumption::default(
                    name,
                    value,
                    "per_year",
                    "company.discount_rate (not stated by class)",
                ),
            });
        }
        out.push(if self.accounting.tax_rate > 0.0 {
            Assumption::stated("company.tax_rate", self.accounting.tax_rate, "share")
        } else {
            Assumption::default(
                "company.tax_rate",
                0.0,
                "share",
                "tax_rate 0 or not stated: no income tax (the US federal rate is 0.21)",
            )
        });
        let lives = self.depreciation_lives();
        for (k, class) in AssetClass::ALL.iter().enumerate() {
            let name = format!("company.depreciation_lives.{}", class.name());
            let value = lives.of(*class) as f64;
            out.push(match self.life_sources()[k] {
                LifeSource::Class => Assumption::stated(name, value, "years"),
                LifeSource::AllClasses => Assumption {
                    basis: Basis::Default {
                        reason: "company.depreciation_years, stated for every class".into(),
                    },
                    ..Assumption::stated(name, value, "years")
                },
                LifeSource::Default => {
                    Assumption::default(name, value, "years", class.default_life().1)
                }
            });
        }
        let shares = [
            (
                "building_share_of_build_capex",
                self.accounting.building_share_of_build_capex,
                DEFAULT_BUILDING_SHARE,
                "assumption: the shell is the smaller part of a data hall's build cost; power and cooling plant the larger",
            ),
            (
                "bonus_depreciation",
                self.accounting.bonus_depreciation,
                0.0,
                "none unless stated (US law of 2025 allows 100% for property acquired after 2025-01-19)",
            ),
            (
                "loss_offset_limit",
                self.accounting.loss_offset_limit,
                DEFAULT_LOSS_OFFSET_LIMIT,
                "US federal rule for losses since 2018: carried forward without limit of time, offsetting at most 80% of a year's taxable income",
            ),
        ];
        for (field, stated, default, reason) in shares {
            out.push(Assumption::stated_or_default(
                format!("company.{field}"),
                stated,
                default,
                "share",
                reason,
            ));
        }
        out.push(if self.overhead_usd_per_year > 0.0 {
            Assumption::stated(
                "company.overhead_usd_per_year",
                self.overhead_usd_per_year,
                "usd_per_year",
            )
        } else {
            Assumption::default(
                "company.overhead_usd_per_year",
                0.0,
                "usd_per_year",
                "no overhead stated: no corporate SG&A",
            )
        });
        out.push(match self.terminal_value {
            TerminalValue::None => Assumption::default(
                "company.terminal_value",
                0.0,
                "usd",
                "method none: cash flows stop at the horizon",
            ),
            TerminalValue::ExitMultiple { ebitda_multiple } => Assumption::stated(
                "company.terminal_value.ebitda_multiple",
                ebitda_multiple,
                "multiple",
            ),
            TerminalValue::GordonGrowth { growth_per_year } => Assumption::stated(
                "company.terminal_value.growth_per_year",
                growth_per_year,
                "per_year",
            ),
        });
    }

    /// Month 1 of a valuation on `start_date`: the first whole calendar month after it.
    pub fn first_month_after(start_date: Date) -> Month {
        start_date
            .succ()
            .month()
            .add_months(if start_date.succ().ymd().2 == 1 { 0 } else { 1 })
    }

    /// A company valued on `start_date` over `horizon_years` at `discount_rate` for every class of cash flow; no
    /// tax (depreciation by asset class at the default lives, losses carried forward at the 80% limit), no
    /// overhead, no terminal value until set.
    pub fn new(
        name: impl Into<String>,
        start_date: Date,
        horizon_years: u32,
        discount_rate: f64,
    ) -> Result<Company> {
        within_whole(bounds::HORIZON_YEARS, "horizon_years", horizon_years)?;
        Company {
            name: name.into(),
            start_date,
            first_month: Company::first_month_after(start_date),
            months: horizon_years as usize * 12,
            discount_rate,
            rates: RawDiscountRates::default(),
            accounting: Accounting::default(),
            overhead_usd_per_year: 0.0,
            terminal_value: TerminalValue::None,
        }
        .checked()
    }

    /// With a tax at `tax_rate` and every asset class depreciated over `depreciation_years`.
    pub fn with_tax(mut self, tax_rate: f64, depreciation_years: u32) -> Result<Company> {
        self.accounting.tax_rate = tax_rate;
        self.accounting.depreciation_years = Some(depreciation_years);
        self.checked()
    }

    /// With discount rates by class of cash flow (each omitted class at `discount_rate`).
    pub fn with_discount_rates(mut self, rates: RawDiscountRates) -> Result<Company> {
        self.rates = rates;
        self.checked()
    }

    /// With the tax accounting: tax rate, one life for every class (`depreciation_years`) and lives by class
    /// (each omitted: `depreciation_years`, else the class default), the building share of build capex, bonus
    /// depreciation and the loss carryforward limit (each omitted: its default).
    pub fn with_accounting(mut self, accounting: Accounting) -> Result<Company> {
        self.accounting = accounting;
        self.checked()
    }

    /// With corporate overhead, USD per year.
    pub fn with_overhead(mut self, overhead_usd_per_year: f64) -> Result<Company> {
        self.overhead_usd_per_year = overhead_usd_per_year;
        self.checked()
    }

    /// With a terminal value.
    pub fn with_terminal_value(mut self, terminal_value: TerminalValue) -> Result<Company> {
        self.terminal_value = terminal_value;
        self.checked()
    }

    fn checked(self) -> Result<Company> {
        within(bounds::DISCOUNT_RATE, "discount_rate", self.discount_rate)?;
        let r = self.rates;
        for (field, v) in [
            ("discount_rates.contracted", r.contracted),
            ("discount_rates.mining", r.mining),
            ("discount_rates.power_sales", r.power_sales),
            ("discount_rates.gpu_cloud", r.gpu_cloud),
        ] {
            if let Some(v) = v {
                within(bounds::DISCOUNT_RATE, field, v)?;
            }
        }
        within(bounds::TAX_RATE, "tax_rate", self.accounting.tax_rate)?;
        if let Some(y) = self.accounting.depreciation_years {
            within_whole(bounds::DEPRECIATION_YEARS, "depreciation_years", y)?;
        }
        let l = self.accounting.lives;
        for (field, v) in [
            ("depreciation_lives.asics", l.asics),
            ("depreciation_lives.gpus", l.gpus),
            (
                "depreciation_lives.electrical_cooling",
                l.electrical_cooling,
            ),
            ("depreciation_lives.buildings", l.buildings),
        ] {
            if let Some(v) = v {
                within_whole(bounds::DEPRECIATION_YEARS, field, v)?;
            }
        }
        for (field, v) in [
            (
                "building_share_of_build_capex",
                self.accounting.building_share_of_build_capex,
            ),
            ("bonus_depreciation", self.accounting.bonus_depreciation),
            ("loss_offset_limit", self.accounting.loss_offset_limit),
        ] {
            if let Some(v) = v {
                within(bounds::SHARE, field, v)?;
            }
        }
        within(
            bounds::USD_AMOUNT,
            "overhead_usd_per_year",
            self.overhead_usd_per_year,
        )?;
        self.terminal_value.check(self.discount_rate)?;
        Ok(self)
    }

    /// Name printed in reports.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Valuation date (t = 0 of the cash flows).
    pub fn start_date(&self) -> Date {
        self.start_date
    }
    /// Calendar month of month 1.
    pub fn first_month(&self) -> Month {
        self.first_month
    }
    /// Months simulated.
    pub fn months(&self) -> usize {
        self.months
    }
    /// Annual discount rate of the corporate flows and of every class not given its own.
    pub fn discount_rate(&self) -> f64 {
        self.discount_rate
    }
    /// Annual discount rate of each class of cash flow.
    pub fn discount_rates(&self) -> DiscountRates {
        let r = self.discount_rate;
        DiscountRates {
            contracted: self.rates.contracted.unwrap_or(r),
            mining: self.rates.mining.unwrap_or(r),
            power_sales: self.rates.power_sales.unwrap_or(r),
            gpu_cloud: self.rates.gpu_cloud.unwrap_or(r),
            corporate: r,
        }
    }
    /// Tax rate on positive yearly taxable income.
    pub fn tax_rate(&self) -> f64 {
        self.accounting.tax_rate
    }
    fn life_sources(&self) -> [LifeSource; 4] {
        let l = self.accounting.lives;
        [l.asics, l.gpus, l.electrical_cooling, l.buildings].map(|v| match v {
            Some(_) => LifeSource::Class,
            None if self.accounting.depreciation_years.is_some() => LifeSource::AllClasses,
            None => LifeSource::Default,
        })
    }
    /// Straight-line tax depreciation life of each asset class, years.
    pub fn depreciation_lives(&self) -> Lives {
        let d = Lives::defaults();
        let or = |v: Option<u32>, default: u32| {
            v.or(self.accounting.depreciation_years).unwrap_or(default)
        };
        Lives {
            asics: or(self.accounting.lives.asics, d.asics),
            gpus: or(self.accounting.lives.gpus, d.gpus),
            electrical_cooling: or(
                self.accounting.lives.electrical_cooling,
                d.electrical_cooling,
            ),
            buildings: or(self.accounting.lives.buildings, d.buildings),
        }
    }
    /// Share of a conversion's build capex that is the building shell.
    pub fn building_share_of_build_capex(&self) -> f64 {
        self.accounting
            .building_share_of_build_capex
            .unwrap_or(DEFAULT_BUILDING_SHARE)
    }
    /// Share of an eligible purchase expensed when bought.
    pub fn bonus_depreciation(&self) -> f64 {
        self.accounting.bonus_depreciation.unwrap_or(0.0)
    }
    /// Share of a year's taxable income that carried losses may offset.
    pub fn loss_offset_limit(&self) -> f64 {
        self.accounting
            .loss_offset_limit
            .unwrap_or(DEFAULT_LOSS_OFFSET_LIMIT)
    }
    /// Corporate overhead, USD per year.
    pub fn overhead_usd_per_year(&self) -> f64 {
        self.overhead_usd_per_year
    }
    /// Value at the horizon of the flows after it.
    pub fn terminal_value(&self) -> TerminalValue {
        self.terminal_value
    }
}
