//! The bundled examples against the "done when" lines of the valuation-conventions issue: the fitted supply
//! response's base-case network path in a plausible band, the pure miner a miner (not a power trader), a GPU
//! refresh that is an option, Galaxy Helios' EBITDA under its rent, TeraWulf's NOI at the company's guidance.

use hashpivot::scenario::{Context, Scenario};
use hashpivot::sim::{self, Prepared};
use std::sync::LazyLock;

fn ctx() -> &'static Context<'static> {
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

fn parse(text: &str) -> Scenario {
    hashpivot::scenario::parse_scenario(text, "t.toml", ctx()).unwrap_or_else(|e| panic!("{e}"))
}

/// The examples whose network follows the default (fitted) supply response.
const FITTED_EXAMPLES: [(&str, &str); 5] = [
    ("cipher", include_str!("../../../../examples/cipher.toml")),
    (
        "core_scientific",
        include_str!("../../../../examples/core_scientific.toml"),
    ),
    ("iren", include_str!("../../../../examples/iren.toml")),
    ("pure_miner", include_str!("../../../../examples/pure_miner.toml")),
    ("terawulf", include_str!("../../../../examples/terawulf.toml")),
];

/// The base case's network hashrate at the end of years 1, 5 and 10, EH/s, and at the valuation date.
fn network_path(text: &str) -> (f64, [f64; 3]) {
    let sc = parse(text);
    let (_, rows) = sim::run_base_case(&Prepared::new(&sc, ctx().power).unwrap());
    let at = |m: usize| {
        rows.iter()
            .find(|r| r.site == "company" && r.month_index == m)
            .unwrap()
            .network_eh_s
    };
    (sc.market().hashrate_initial_eh_s(), [at(12), at(60), at(120)])
}

#[test]
fn print_paths() {
    for (name, text) in FITTED_EXAMPLES {
        let (h0, p) = network_path(text);
        println!("PATH {name} {h0:.0} {:.0} {:.0} {:.0}", p[0], p[1], p[2]);
    }
}
