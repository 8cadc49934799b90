//! Market rules: a bootstrap that leaves enough bundled history, positive starting price and hashrate, power
//! years the bundled data has whole at every hub the sites use.

use super::Finding;
use crate::market::gbm::Gbm;
use crate::market::jump_diffusion::JumpDiffusion;
use crate::network::hashrate_h_s;
use crate::scenario::collector::Collector;
use crate::scenario::model::{
    BtcModel, HashrateModel, MarketModels, MarketSettings, PowerMarketModel, SupplyResponse,
};
use crate::scenario::raw::{RawBtcPrice, RawHashrate, RawMarket, RawPowerMarket};
use crate::scenario::validate::Context;

/// A starting BTC price must be positive.
pub(crate) fn positive_btc_price(usd: f64) -> Option<Finding> {
    (usd <= 0.0 || usd.is_nan()).then(|| Finding {
        field: "btc_price.initial_usd",
        subject: "market",
        found: usd.to_string(),
        expected: "a positive price in USD".into(),
    })
}

/// A starting network hashrate must be positive.
pub(crate) fn positive_hashrate(eh_s: f64) -> Option<Finding> {
    (eh_s <= 0.0 || eh_s.is_nan()).then(|| Finding {
        field: "hashrate.initial_eh_s",
        subject: "market",
        found: eh_s.to_string(),
        expected: "a positive network hashrate in EH/s".into(),
    })
}

/// The default decline of a GPU generation's rental price per year of age: the H100 from ~$2.85/GPU-hour in
/// early 2024 to $1.70 in October 2025 (FACTS.md), (1.70 / 2.85)^(12/21) − 1.
pub(crate) const H100_DECLINE_PER_YEAR_OF_AGE: f64 = 0.256;

/// The market models from the network day `day` (the valuation date's, else the last complete one); the GPU
/// price defaults are listed as assumptions only when `any_gpu_cloud`.
pub(crate) fn build(
    m: &RawMarket,
    day: Option<&crate::network::NetworkDay>,
    hubs: &[String],
    any_gpu_cloud: bool,
    ctx: &Context<'_>,
    c: &mut Collector<'_>,
) -> Option<MarketModels> {
    let since = c.count();
    let day = day?;
    let price0 = day.price_usd?;
    let diff0 = day.difficulty?;
    let height0 = day.height?;
    let (btc, initial) = match &m.btc_price {
        RawBtcPrice::Gbm {
            initial_usd,
            drift_per_year,
            volatility_per_year,
        } => (
            BtcModel::Gbm(Gbm {
                drift_per_year: *drift_per_year,
                volatility_per_year: *volatility_per_year,
            }),
            *initial_usd,
        ),
        RawBtcPrice::JumpDiffusion {
            initial_usd,
            drift_per_year,
            volatility_per_year,
            jumps_per_year,
            jump_mean_log,
            jump_stdev_log,
        } => (
            BtcModel::JumpDiffusion(JumpDiffusion {
                drift_per_year: *drift_per_year,
                volatility_per_year: *volatility_per_year,
                jumps_per_year: *jumps_per_year,
                jump_mean_log: *jump_mean_log,
                jump_stdev_log: *jump_stdev_log,
            }),
            *initial_usd,
        ),
        RawBtcPrice::Bootstrap {
            initial_usd,
            block_months,
            from_year,
        } => {
            let returns = crate::market::bootstrap::monthly_log_returns(
                ctx.network,
                from_year.unwrap_or(2015),
            );
            if returns.len() < *block_months as usize {
                c.at(
                    "market.btc_price.from_year",
                    from_year.unwrap_or(2015),
                    format!("a year leaving at least {block_months} months of bundled prices"),
                );
            }
            (
                BtcModel::Bootstrap {
                    block_months: *block_months,
                    history_log_returns: returns,
                },
                *initial_usd,
            )
        }
        RawBtcPrice::Csv { file } => (
            BtcModel::Csv {
                file: file.clone(),
                paths_usd: Vec::new(),
            },
            None,
        ),
    };
    if let Some(p) = initial {
        c.finding("market", positive_btc_price(p));
    }
    let (hashrate, h0) = match &m.hashrate {
        RawHashrate::Exogenous {
            initial_eh_s,
            growth_per_year,
            volatility_per_year,
        } => (
            HashrateModel::Exogenous {
                growth_per_year: *growth_per_year,
                volatility_per_year: *volatility_per_year,
            },
            *initial_eh_s,
        ),
        RawHashrate::SupplyResponse {
            initial_eh_s,
            base_growth_per_year,
            elasticity_per_year,
            lag_months,
            marginal_j_per_th,
            marginal_efficiency_gain_per_year,
            marginal_efficiency_taper_per_year,
            marginal_power_usd_per_mwh,
            volatility_per_year,
        } => {
            use crate::network::fit;
            let f = fit::FITTED;
            let mut defaulted = Vec::new();
            let mut or = |v: Option<f64>, d: f64, name: &'static str| {
                v.unwrap_or_else(|| {
                    defaulted.push(name);
                    d
                })
            };
            let stated_shape = base_growth_per_year.is_some() || elasticity_per_year.is_some();
            let base = or(
                *base_growth_per_year,
                f.base_growth_per_year,
                "base_growth_per_year",
            );
            let elasticity = or(
                *elasticity_per_year,
                f.elasticity_per_year,
                "elasticity_per_year",
            );
            let lag = or(
                lag_months.map(f64::from),
                f64::from(f.lag_months),
                "lag_months",
            ) as u32;
            let gain = match marginal_efficiency_gain_per_year {
                Some(g) => *g,
                None if stated_shape => 0.0,
                None => or(
                    None,
                    f.efficiency_gain_per_year,
                    "marginal_efficiency_gain_per_year",
                ),
            };
            let taper = match marginal_efficiency_taper_per_year {
                Some(t) => *t,
                None if stated_shape => 0.0,
                None => or(
                    None,
                    fit::FITTED_EFFICIENCY_TAPER_PER_YEAR,
                    "marginal_efficiency_taper_per_year",
                ),
            };
            let j = or(
                *marginal_j_per_th,
                f.marginal_j_per_th(day.date.month()),
                "marginal_j_per_th",
            );
            let power = or(
                *marginal_power_usd_per_mwh,
                fit::REFERENCE_POWER_USD_PER_MWH,
                "marginal_power_usd_per_mwh",
            );
            let vol = or(
                *volatility_per_year,
                fit::FITTED_VOLATILITY_PER_YEAR,
                "volatility_per_year",
            );
            (
                HashrateModel::SupplyResponse(SupplyResponse {
                    base_growth_per_year: base,
                    elasticity_per_year: elasticity,
                    lag_months: lag,
                    marginal_j_per_th: j,
                    marginal_efficiency_gain_per_year: gain,
                    marginal_efficiency_taper_per_year: taper,
                    marginal_power_usd_per_mwh: power,
                    volatility_per_year: vol,
                    defaulted,
                }),
                *initial_eh_s,
            )
        }
    };
    if let Some(h) = h0 {
        c.finding("market", positive_hashrate(h));
    }
    let fees = match m.fees.mean_btc_per_block {
        Some(f) => f,
        None => ctx
            .network
            .fees_btc_per_block(day.date, crate::network::FeeWindow::TrailingDays(30))
            .unwrap_or(0.0),
    };
    let power = match &m.power {
        RawPowerMarket::Fixed { hub_usd_per_mwh } => PowerMarketModel::Fixed {
            hub_usd_per_mwh: *hub_usd_per_mwh,
        },
        RawPowerMarket::Bootstrap {
            years,
            stress_years,
        } => {
            if years.as_ref().is_some_and(|y| y.is_empty()) {
                c.at(
                    "market.power.years",
                    "an empty list",
                    "at least one bundled year, e.g. [2022, 2023, 2024, 2025]",
                );
            }
            let used: std::collections::BTreeSet<&str> = hubs.iter().map(String::as_str).collect();
            // Complete years of every hub used (of every bundled hub when no site uses one).
            let mut complete: Option<Vec<i32>> = None;
            let hub_list: Vec<&str> = if used.is_empty() {
                ctx.power.hubs().take(1).collect()
            } else {
                used.iter().copied().collect()
            };
            for hub in &hub_list {
                let have = ctx.power.complete_years(hub);
                let named = years
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, y)| (format!("market.power.years[{i}]"), y))
                    .chain(
                        stress_years
                            .iter()
                            .enumerate()
                            .map(|(i, y)| (format!("market.power.stress_years[{i}]"), y)),
                    );
                for (path, y) in named {
                    if !have.contains(y) && used.contains(hub) {
                        c.at(
                            &path,
                            format!("{y}, not a complete year of {hub} in the bundled data"),
                            format!(
                                "one of {}",
                                have.iter()
                                    .map(|y| y.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
                complete = Some(match complete {
                    None => have,
                    Some(c) => c.into_iter().filter(|y| have.contains(y)).collect(),
                });
            }
            let complete = complete.unwrap_or_default();
            if years.is_none() && crate::data::regimes::default_years(&complete).is_empty() {
                c.at(
                    "market.power.years",
                    "no complete bundled year under the current price cap",
                    "a list of bundled years",
                );
            }
            PowerMarketModel::bootstrap(years.as_deref(), stress_years, &complete)
        }
    };
    // GPU generations: defaults with their basis (the assumptions say which were taken).
    let mut gpu_defaulted = Vec::new();
    let mut or = |v: Option<f64>, d: f64, name: &'static str| {
        v.unwrap_or_else(|| {
            gpu_defaulted.push(name);
            d
        })
    };
    let decline = or(
        m.gpu_price.decline_per_year,
        H100_DECLINE_PER_YEAR_OF_AGE,
        "decline_per_year",
    );
    let generation = or(
        m.gpu_price.generation_price_change_per_year,
        0.0,
        "generation_price_change_per_year",
    );
    let hardware = or(
        m.gpu_price.hardware_price_change_per_year,
        0.0,
        "hardware_price_change_per_year",
    );
    let resale = or(
        m.gpu_price.resale_decline_per_year,
        decline,
        "resale_decline_per_year",
    );
    if !any_gpu_cloud {
        gpu_defaulted.clear();
    }
    let made = MarketModels::new(
        btc,
        initial.unwrap_or(price0),
        hashrate,
        h0.unwrap_or(hashrate_h_s(diff0) / 1e18),
        height0,
    )
    .and_then(|mm| {
        mm.with_settings(MarketSettings {
            fees_mean_btc_per_block: fees,
            fees_volatility: m.fees.volatility,
            gpu_decline_per_year: decline,
            gpu_generation_price_change_per_year: generation,
            gpu_hardware_price_change_per_year: hardware,
            gpu_resale_decline_per_year: resale,
            gpu_defaulted,
            gpu_volatility_per_year: m.gpu_price.volatility_per_year,
            power,
            default_hazard_per_year: m.tenant_default.hazard_per_year.unwrap_or(0.0),
            btc_hashrate_correlation: m.btc_hashrate_correlation,
            omitted: ["btc_price", "hashrate", "fees", "power"]
                .into_iter()
                .filter(|part| !c.has(&format!("market.{part}")))
                .collect(),
        })
    });
    c.built("market", since, made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, parts, problems, with};

    #[test]
    fn starting_price_and_hashrate_are_positive() {
        let f = positive_btc_price(0.0).unwrap();
        assert_eq!(
            parts(&f),
            ("btc_price.initial_usd", "0", "a positive price in USD")
        );
        assert_eq!(positive_btc_price(1.0), None);
        assert_eq!(positive_hashrate(700.0), None);
        let text = with(
            "\n[market]\nbtc_price = { model = \"gbm\", initial_usd = 0, drift_per_year = 0, volatility_per_year = 0 }\n\
             hashrate = { model = \"exogenous\", initial_eh_s = 0, growth_per_year = 0, volatility_per_year = 0 }\n",
        );
        assert_eq!(
            problems(&text),
            [
                "market.btc_price.initial_usd: 0 | a positive price in USD",
                "market.hashrate.initial_eh_s: 0 | a positive network hashrate in EH/s",
            ]
        );
    }

    #[test]
    fn power_years_are_complete_years_of_the_hubs_used() {
        let text = with("\n[market]\npower = { model = \"bootstrap\", years = [2019, 2022] }\n")
            .replace(
                "price_usd_per_mwh = 30 }",
                "price_usd_per_mwh = 30 }\nhub = \"HB_NORTH\"",
            );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with(
                "market.power.years[0]: 2019, not a complete year of HB_NORTH in the bundled data | one of 2020, "
            ),
            "{p:?}"
        );
        let ok = text.replace("2019, ", "");
        let sc = parse(&ok).unwrap();
        assert!(matches!(
            sc.market().power(),
            PowerMarketModel::Bootstrap { years, stress_years, .. } if years == &[2022] && stress_years.is_empty()
        ));
    }

    #[test]
    fn power_years_default_to_the_current_cap_and_2021_is_a_stress_year() {
        let hub = |t: String| {
            t.replace(
                "price_usd_per_mwh = 30 }",
                "price_usd_per_mwh = 30 }\nhub = \"HB_NORTH\"",
            )
        };
        let years = |t: &str| match parse(&hub(with(t))).unwrap().market().power() {
            PowerMarketModel::Bootstrap {
                years,
                stress_years,
                years_defaulted,
            } => (years.clone(), stress_years.clone(), *years_defaulted),
            PowerMarketModel::Fixed { .. } => panic!("fixed"),
        };
        // The bundled data has 2020–2025 complete; the default keeps those under the $5,000 cap.
        assert_eq!(
            years("\n[market]\npower = { model = \"bootstrap\" }\n"),
            (vec![2022, 2023, 2024, 2025], vec![], true)
        );
        assert_eq!(
            years("\n[market]\npower = { model = \"bootstrap\", stress_years = [2021] }\n"),
            (vec![2022, 2023, 2024, 2025, 2021], vec![2021], true)
        );
        // Named in `years`, 2021 is replayed and still labelled.
        assert_eq!(
            years("\n[market]\npower = { model = \"bootstrap\", years = [2021, 2024] }\n"),
            (vec![2021, 2024], vec![2021], false)
        );
        let p = problems(&hub(with(
            "\n[market]\npower = { model = \"bootstrap\", stress_years = [2019] }\n",
        )));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("market.power.stress_years[0]: 2019, not a complete year of HB_NORTH"),
            "{p:?}"
        );
    }

    #[test]
    fn an_omitted_market_starts_from_the_valuation_date() {
        let sc = parse(&with("")).unwrap();
        let m = sc.market();
        assert!(m.btc_initial_usd() > 0.0 && m.hashrate_initial_eh_s() > 0.0);
        assert!(matches!(
            m.power(),
            PowerMarketModel::Fixed { hub_usd_per_mwh } if *hub_usd_per_mwh == 40.0
        ));
        assert!(matches!(m.btc(), BtcModel::Gbm(_)));
        assert!(matches!(m.hashrate(), HashrateModel::Exogenous { .. }));
        assert_eq!(
            MarketModels::new(m.btc().clone(), 0.0, m.hashrate().clone(), 700.0, 1)
                .unwrap_err()
                .to_string(),
            "invalid btc_price.initial_usd: found 0, expected a positive price in USD"
        );
    }

    #[test]
    fn the_omitted_hub_price_is_stated_only_when_a_site_reads_it() {
        // The omitted parts' names; the hub price is among the assumptions exactly when it is among them.
        let omitted = |text: &str| -> Vec<String> {
            let sc = parse(text).unwrap();
            let hub = |name: &String| name == "market.power.hub_usd_per_mwh";
            let names: Vec<String> = sc
                .market()
                .omitted_defaults()
                .into_iter()
                .map(|a| a.name)
                .collect();
            assert_eq!(
                sc.assumptions().iter().any(|a| hub(&a.name)),
                names.iter().any(hub)
            );
            names
        };
        let all = [
            "market.btc_price.initial_usd",
            "market.hashrate.initial_eh_s",
            "market.fees.mean_btc_per_block",
            "market.power.hub_usd_per_mwh",
        ];
        // A fixed pay-as-consumed site (the `with` file) or a take-or-pay block without sell-back: never read.
        assert_eq!(omitted(&with("")), all[..3]);
        let site = "price_usd_per_mwh = 30 }";
        let contract = |terms: &str| with("").replace(site, terms);
        assert_eq!(
            omitted(&contract(
                "price_usd_per_mwh = 30, settlement = \"take_or_pay\" }"
            )),
            all[..3]
        );
        // An index contract pays it, a sell-back block earns it: stated.
        assert_eq!(
            omitted(&contract(
                "price_usd_per_mwh = 30, settlement = \"take_or_pay_sell_back\" }"
            )),
            all
        );
        let index = with("").replace(
            "{ contract = \"fixed\", price_usd_per_mwh = 30 }",
            "{ contract = \"index\", adder_usd_per_mwh = 3 }",
        );
        assert_eq!(omitted(&index), all);
    }

    #[test]
    fn the_market_serializes_with_flat_keys_in_field_order() {
        let text = with(
            "\n[market]\nbtc_price = { model = \"jump_diffusion\", drift_per_year = 0.1, volatility_per_year = 0.5, \
             jumps_per_year = 2, jump_mean_log = -0.1, jump_stdev_log = 0.2 }\n",
        );
        let json = serde_json::to_string(parse(&text).unwrap().market()).unwrap();
        assert!(
            json.starts_with(
                "{\"btc\":{\"model\":\"jump_diffusion\",\"drift_per_year\":0.1,\"volatility_per_year\":0.5,\
                 \"jumps_per_year\":2.0,\"jump_mean_log\":-0.1,\"jump_stdev_log\":0.2},\"btc_initial_usd\":"
            ),
            "{json}"
        );
        let keys = [
            "\"hashrate\":{\"model\":\"exogenous\"",
            "\"hashrate_initial_eh_s\"",
            "\"height_initial\"",
            "\"fees_mean_btc_per_block\"",
            "\"fees_volatility\"",
            "\"gpu_decline_per_year\"",
            "\"gpu_volatility_per_year\"",
            "\"power\":{\"model\":\"fixed\",\"hub_usd_per_mwh\":40.0}",
            "\"default_hazard_per_year\"",
            "\"btc_hashrate_correlation\"",
        ];
        let at: Vec<usize> = keys
            .iter()
            .map(|k| json.find(k).unwrap_or_else(|| panic!("{k} in {json}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{json}");
    }
}
