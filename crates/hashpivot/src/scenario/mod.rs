//! Company scenarios: a TOML file in, a checked [`Scenario`] out, with every problem reported at once.
//!
//! Two stages (see STYLE habit 4): [`raw`] mirrors the file and generates its JSON Schema; `check` walks the
//! span-carrying TOML document against that schema (unknown fields, wrong types, out-of-range numbers) and
//! `rules` then applies the rules a schema cannot say (IT MW above gross MW, a conversion after the horizon, a
//! deal the library does not have), one file per element, and builds the [`Scenario`] from the checked types of
//! `model` (private fields, checking constructors). The rules run even when the schema stage found problems,
//! on the parts of the file that are well-formed (`lenient`), so every problem of both stages is reported at
//! once. Every range, in the schema and the constructors, is a named constant of [`crate::bounds`].
//!
//! A scenario's site is a [`SitePlan`] and its conversion a [`ConversionPlan`], so that `Site` and `Conversion`
//! keep meaning the domain types [`crate::power::dispatch::Site`] and [`crate::hpc::conversion::Conversion`].

mod check;
mod collector;
mod issue;
mod lenient;
mod model;
pub mod raw;
mod raw_company;
mod raw_market;
mod raw_plan;
mod reference;
mod rules;
mod validate;

pub use issue::{Issue, Issues};
pub use model::{
    AsicCount, BtcModel, CONTRACTED_RATE_BASIS, Company, ConversionPlan, ConversionUse,
    DiscountRates, Fleet, GpuCloudUse, HashrateModel, LeaseSource, LeaseUse, Loan, MarketModels,
    MarketSettings, Plan, PlanKind, PowerMarketModel, Residual, Scenario, SitePlan, TerminalValue,
};
pub use reference::{reference_markdown, schema_json};
pub use validate::{Context, parse_scenario};
