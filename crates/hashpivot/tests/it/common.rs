//! The setup the test modules share: the bundled libraries loaded once, and a scenario parsed, prepared and run
//! on its base case against them.

use hashpivot::scenario::{self, Context, Scenario};
use hashpivot::sim::{self, Prepared};
use std::sync::LazyLock;

/// The scenario parser's context: the bundled libraries, loaded once (and kept for the whole run) for all tests.
pub fn ctx() -> &'static Context<'static> {
    fn keep<T>(loaded: T) -> &'static T {
        Box::leak(Box::new(loaded))
    }
    static CTX: LazyLock<Context<'static>> = LazyLock::new(|| Context {
        network: keep(hashpivot::data::bundled_network().unwrap()),
        asics: keep(hashpivot::data::bundled_asics().unwrap()),
        deals: keep(hashpivot::data::bundled_deals().unwrap()),
        power: keep(hashpivot::data::bundled_power(hashpivot::power::Market::Rt).unwrap()),
    });
    &CTX
}

/// The scenario `text` checked against the bundled libraries.
pub fn parse_result(text: &str) -> Result<Scenario, scenario::Issues> {
    scenario::parse_scenario(text, "t.toml", ctx())
}

/// The valid scenario `text` (panics with the issue list otherwise).
pub fn parse(text: &str) -> Scenario {
    parse_result(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The simulation inputs of `sc` over the bundled power prices.
pub fn prepare(sc: &Scenario) -> Prepared<'_> {
    Prepared::new(sc, ctx().power).unwrap()
}

/// The base case (median path) of the valid scenario `text`: its summary and month rows.
pub fn base_case(text: &str) -> (sim::PathSummary, Vec<sim::MonthRecord>) {
    sim::run_base_case(&prepare(&parse(text)))
}
