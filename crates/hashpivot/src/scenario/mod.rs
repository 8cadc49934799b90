//! Company scenarios: a TOML file in, a checked [`Scenario`] out, with every problem reported at once.
//!
//! Two stages (see STYLE habit 4): [`raw`] mirrors the file and generates its JSON Schema; [`check`] walks the
//! span-carrying TOML document against that schema (unknown fields, wrong types, out-of-range numbers) and
//! [`validate`] then applies the rules a schema cannot say (IT MW above gross MW, a conversion after the
//! horizon, a deal the library does not have) and builds the [`Scenario`]. The rules run even when the schema
//! stage found problems, on the parts of the file that are well-formed ([`lenient`]), so every problem of both
//! stages is reported at once.

mod check;
mod issue;
mod lenient;
pub mod raw;
mod reference;
mod validate;

pub use issue::{Issue, Issues};
pub use reference::{reference_markdown, schema_json};
pub use validate::{
    AsicCount, BtcModel, Context, Conversion, ConversionUse, Fleet, HashrateModel, LeaseSource,
    Loan, MarketModels, PowerMarketModel, Scenario, Site, TerminalValue, complete_years,
    parse_btc_paths_csv, parse_scenario,
};
