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

/// The scenarios' shared head: `[company]` with `company` lines, then the one site `s` of `mw_gross` MW gross
/// on a fixed 40 USD/MWh contract, with `site` lines (its fleet, if any) after the contract.
pub fn one_site(company: &str, mw_gross: u32, site: &str) -> String {
    format!(
        "\n[company]\n{company}\n\n[[sites]]\nname = \"s\"\nmw_gross = {mw_gross}\n\
         power = {{ contract = \"fixed\", price_usd_per_mwh = 40.0 }}\n{site}"
    )
}

/// The `[market]` table of the closed-form tests: BTC from 100,000 USD on a GBM of `btc_drift_volatility`
/// (per year), the network from 800 EH/s on its own (exogenous) at `hashrate_growth_volatility` (per year),
/// 0.03 BTC of fees a block, and a hub price of 0.
pub fn gbm_market(
    btc_drift_volatility: (f64, f64),
    hashrate_growth_volatility: (f64, f64),
) -> String {
    let (drift, btc_volatility) = btc_drift_volatility;
    let (growth, hashrate_volatility) = hashrate_growth_volatility;
    format!(
        "\n[market]\n\
         btc_price = {{ model = \"gbm\", initial_usd = 100000.0, drift_per_year = {drift:?}, \
         volatility_per_year = {btc_volatility:?} }}\n\
         hashrate = {{ model = \"exogenous\", initial_eh_s = 800.0, growth_per_year = {growth:?}, \
         volatility_per_year = {hashrate_volatility:?} }}\n\
         fees = {{ mean_btc_per_block = 0.03 }}\n\
         power = {{ model = \"fixed\", hub_usd_per_mwh = 0.0 }}\n"
    )
}
