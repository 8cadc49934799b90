//! The rules a schema cannot say, one file per element of the scenario, and the build of the checked
//! [`Scenario`] from the parts of the file that are well-formed.
//!
//! A rule that relates values (IT MW within the interconnect, a Gordon growth below the discount rate) is one
//! function returning a [`Finding`]: the build reports it with its path, line and column, and the checked
//! constructors of [`super::model`] refuse the same values with it, so each rule lives once.

pub(crate) mod company;
pub(crate) mod conversion;
mod conversion_use;
pub(crate) mod fleet;
pub(crate) mod loan;
pub(crate) mod market;
pub(crate) mod site;

use super::collector::Collector;
use super::lenient::Parts;
use super::model::Scenario;
use super::validate::Context;
use crate::error::Error;

/// A rule's objection: the field it is about (relative to the element; empty for the element itself), the value
/// found and what is expected.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// Path of the value below the element, e.g. `demand_response.mw_gross`; empty for the element itself.
    pub field: &'static str,
    /// What the element is, named in a constructor's error when `field` is empty (e.g. `fleet`).
    pub subject: &'static str,
    pub found: String,
    pub expected: String,
}

impl Finding {
    /// The objection as the core's error, for a checked constructor.
    pub fn into_error(self) -> Error {
        let field = if self.field.is_empty() {
            self.subject
        } else {
            self.field
        };
        Error::invalid(field, self.found, self.expected)
    }
}

/// The rules stage on the well-formed parts; the [`Scenario`] when every part is whole and no rule objects.
pub(crate) fn build(parts: &Parts, ctx: &Context<'_>, c: &mut Collector<'_>) -> Option<Scenario> {
    let company = company::build(parts, ctx, c);
    let sites = site::build(parts, ctx, c);
    let conversions = conversion::build(parts, &company, &sites, ctx, c);
    let loans = loan::build(parts, &conversions, c);
    // The market rules run even when the start date is unusable, against the last complete day's data, so
    // their problems are reported with the start date's.
    let any_gpu_cloud = parts.conversions.iter().any(|p| {
        p.full
            .as_ref()
            .is_some_and(|c| matches!(c.use_, crate::scenario::raw::RawUse::GpuCloud))
    });
    let market = market::build(
        &parts.market,
        company.market_day.as_ref(),
        &sites.hubs,
        any_gpu_cloud,
        ctx,
        c,
    );
    if !c.issues.is_empty() {
        return None;
    }
    let since = c.count();
    let scenario = Scenario::new(
        company.company?,
        sites.sites,
        conversions.conversions,
        loans,
        market?,
    );
    c.built("sites", since, scenario)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs the whole validation on a small file against the bundled libraries, for the rules' unit tests.

    use crate::scenario::{Context, Issue, Scenario, parse_scenario};

    /// The bundled libraries a scenario is checked against.
    pub(crate) struct Libraries {
        pub network: crate::network::NetworkHistory,
        pub asics: crate::mining::AsicLibrary,
        pub deals: crate::hpc::deals::DealLibrary,
        pub power: crate::power::PriceBook,
    }

    pub(crate) fn libraries() -> &'static Libraries {
        static LIBS: std::sync::OnceLock<Libraries> = std::sync::OnceLock::new();
        LIBS.get_or_init(|| Libraries {
            network: crate::data::bundled_network().expect("bundled network data"),
            asics: crate::data::bundled_asics().expect("bundled ASICs"),
            deals: crate::data::bundled_deals().expect("bundled deals"),
            power: crate::data::bundled_power(crate::power::Market::Rt)
                .expect("bundled ERCOT prices"),
        })
    }

    /// A valid company and one 100 MW fixed-price site named `a`, followed by `more`.
    pub(crate) fn with(more: &str) -> String {
        format!(
            "[company]\nname = \"t\"\nstart_date = \"2025-06-30\"\nhorizon_years = 3\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"a\"\n\
             mw_gross = 100\npower = {{ contract = \"fixed\", price_usd_per_mwh = 30 }}\n{more}"
        )
    }

    /// The [`with`] file with `added` right after its line `anchor` (e.g. a key added to the company or site).
    pub(crate) fn with_after(anchor: &str, added: &str) -> String {
        with("").replace(anchor, &format!("{anchor}{added}"))
    }

    /// A finding's field, found value and expectation, to compare at once.
    pub(crate) fn parts(f: &super::Finding) -> (&str, &str, &str) {
        (f.field, &f.found, &f.expected)
    }

    /// The checked scenario, or every problem.
    pub(crate) fn parse(text: &str) -> Result<Scenario, Vec<Issue>> {
        let l = libraries();
        let ctx = Context {
            network: &l.network,
            asics: &l.asics,
            deals: &l.deals,
            power: &l.power,
        };
        parse_scenario(text, "t.toml", &ctx).map_err(|e| e.issues)
    }

    /// The problems of a file as `path: found | expected`.
    pub(crate) fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Ok(_) => Vec::new(),
            Err(issues) => issues
                .iter()
                .map(|i| format!("{}: {} | {}", i.path, i.found, i.expected))
                .collect(),
        }
    }
}
