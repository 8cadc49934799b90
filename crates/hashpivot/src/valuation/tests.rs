use super::*;
use crate::company::{DebtInstrument, Provenance, Sourced, Warrant};

const RATES: DiscountRates = DiscountRates {
    contracted: 0.0775,
    mining: 0.12,
    power_sales: 0.12,
    gpu_cloud: 0.12,
    corporate: 0.12,
};

/// Paths 1, 2, … each with its operations value split as mining 60% and contracted 40%.
fn ops(npv: &[f64]) -> Vec<(u64, NpvByClass)> {
    npv.iter()
        .enumerate()
        .map(|(i, x)| {
            (
                i as u64 + 1,
                NpvByClass {
                    mining_usd: 0.6 * x,
                    contracted_usd: 0.4 * x,
                    ..NpvByClass::default()
                },
            )
        })
        .collect()
}

fn fig(v: f64) -> Option<Sourced> {
    Some(Sourced {
        value: v,
        provenance: read_on("2025-11-01"),
    })
}

/// An entry read from the example address, as of `date`.
fn read_on(date: &str) -> Provenance {
    Provenance {
        date: Date::parse(date).unwrap(),
        source: "https://example.test".into(),
        note: String::new(),
    }
}

fn company() -> Company {
    Company {
        id: "x".into(),
        name: "X".into(),
        ticker: "X".into(),
        as_of: Date::parse("2025-11-01").unwrap(),
        share_price_usd: fig(100.0),
        market_cap_usd: fig(10_000.0),
        enterprise_value_usd: None,
        shares_basic: fig(100.0),
        shares_diluted: None,
        cash_usd: fig(500.0),
        btc_held: fig(2.0),
        contracted_hpc_mw_it: None,
        energized_mw: None,
        pipeline_mw: None,
        energized_hashrate_eh_s: None,
        fleet_j_per_th: None,
        debt: vec![
            DebtInstrument {
                name: "notes".into(),
                kind: DebtKind::SecuredNotes,
                principal_usd: 1_500.0,
                conversion_price_usd: None,
                provenance: read_on("2025-09-30"),
            },
            DebtInstrument {
                name: "converts".into(),
                kind: DebtKind::Convertible,
                principal_usd: 1_000.0,
                conversion_price_usd: Some(50.0),
                provenance: read_on("2025-09-30"),
            },
        ],
        warrants: vec![Warrant {
            holder: "G".into(),
            shares: 10.0,
            strike_usd: None,
            provenance: read_on("2025-08-01"),
        }],
        reactions: vec![],
        notes: vec![],
    }
}

fn settings() -> Settings {
    Settings {
        company: "x".into(),
        btc_price_usd: Some(250.0),
        pipeline_mw: Some(10.0),
        pipeline_usd_per_mw: Some(20.0),
        pipeline_basis: "stated".into(),
        debt_in_scenario: vec![],
        ownership_share: 1.0,
    }
}

#[test]
fn items_sum_exactly_to_the_equity_value_and_per_share_solves_the_dilution() {
    // Operations P50 = 10,000 (three paths). Fixed: pipeline 200 + cash 500 + BTC 500 − notes 1,500 = −300.
    // Before claims 9,700. Converts (20 shares at $50) and warrants (10 shares at strike 0) both in the money:
    // V × 100 = 9,700 − 20 V − 10 V → V = 9,700 / 130 = 74.615…
    // Given out of order: the P50 path is path 1 (10,000), whatever its place in the input.
    let v = value(
        &company(),
        &settings(),
        &ops(&[10_000.0, 11_000.0, 9_000.0]),
        &RATES,
    )
    .unwrap();
    assert_eq!(sum_of_items(&v.items), v.equity_value_usd);
    assert_eq!((v.bridge_path.path, v.bridge_path.rank), (1, 1));
    let seg = |k: &str| v.items.iter().find(|i| i.key == k).unwrap().usd;
    assert_eq!(
        (seg("mining"), seg("contracted"), seg("gpu_cloud")),
        (6_000.0, 4_000.0, 0.0)
    );
    assert_eq!(
        &v.items[..8].iter().map(|i| i.key).collect::<Vec<_>>(),
        &SEGMENT_KEYS
    );
    assert!(
        v.items[2].basis.contains("contracted rate 7.75%"),
        "{}",
        v.items[2].basis
    );
    let expect = 9_700.0 / 130.0;
    assert!(
        (v.per_share_usd.p50 - expect).abs() < 1e-9,
        "{}",
        v.per_share_usd.p50
    );
    assert!((v.equity_value_usd - expect * 100.0).abs() < 1e-6);
    assert_eq!(v.shares_diluted, 130.0);
    let conv = v.items.iter().find(|i| i.key == "convertible").unwrap();
    assert!(
        (conv.usd + 20.0 * expect).abs() < 1e-9,
        "conversion value above face"
    );
    let m = v.market.unwrap();
    assert!((m.residual_usd - (10_000.0 - v.equity_value_usd)).abs() < 1e-9);
    // Nearest rank: the P5 path of three is the lowest (9,000), so before claims 8,700.
    assert!((v.per_share_usd.p5 - (8_700.0 / 130.0)).abs() < 1e-9);
    assert!((v.per_share_usd.p95 - (10_700.0 / 130.0)).abs() < 1e-9);
    assert!(
        v.notes
            .iter()
            .any(|n| n.contains("strike not in the dataset"))
    );
}

#[test]
fn out_of_the_money_convertibles_stay_debt_and_negative_equity_is_shown() {
    let mut s = settings();
    s.pipeline_mw = None;
    // Operations 1,200: before claims 1,200 + 500 + 500 − 1,500 = 700; converts at face 1,000 → −300 / 100.
    let v = value(&company(), &s, &ops(&[1_200.0]), &RATES).unwrap();
    assert!((v.per_share_usd.p50 + 3.0).abs() < 1e-12);
    assert_eq!(v.shares_diluted, 100.0);
    assert!(v.notes.iter().any(|n| n.contains("pipeline MW not valued")));
}

#[test]
fn debt_in_the_scenario_is_not_deducted_twice_and_btc_needs_a_price() {
    let mut s = settings();
    s.debt_in_scenario = vec!["Notes".into()];
    let v = value(&company(), &s, &ops(&[10_000.0]), &RATES).unwrap();
    assert!(v.items.iter().all(|i| i.label != "notes"));
    s.btc_price_usd = None;
    let e = value(&company(), &s, &ops(&[10_000.0]), &RATES)
        .unwrap_err()
        .to_string();
    assert!(e.contains("valuation.btc_price_usd"), "{e}");
}

#[test]
fn settings_are_read_from_the_valuation_table() {
    let text = "[company]\nname = \"a\"\n[valuation]\ncompany = \"wulf\"\npipeline_mw = 100\npipeline_usd_per_mw = 1e6\n";
    let s = settings_from_scenario_text(text, "f.toml")
        .unwrap()
        .unwrap();
    assert_eq!(
        (s.company.as_str(), s.pipeline_mw, s.ownership_share),
        ("wulf", Some(100.0), 1.0)
    );
    assert!(
        settings_from_scenario_text("[company]\nname = \"a\"\n", "f.toml")
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_segments_of_the_p50_path_add_up_to_its_npv_and_the_share_scales_each() {
    // Four paths: the P50 path is rank round(1.5) = 2, the third lowest (30).
    let mut paths = ops(&[10.0, 40.0, 20.0, 30.0]);
    paths[3].1.debt_usd = -1.0;
    paths[3].1.tax_shield_usd = 0.5;
    let mut s = settings();
    s.ownership_share = 0.5;
    s.btc_price_usd = Some(250.0);
    let v = value(&company(), &s, &paths, &RATES).unwrap();
    assert_eq!(v.bridge_path.path, 4);
    assert_eq!(v.bridge_path.operations_npv_usd, paths[3].1.total());
    assert_eq!(v.bridge_path.operations_npv_p50_usd, 24.75);
    let segs: f64 = v.items[..8].iter().fold(0.0, |a, i| a + i.usd);
    assert!((segs - 0.5 * 29.5).abs() < 1e-12, "{segs}");
    assert!(v.items[6].basis.contains("ownership share 0.5"));
    assert_eq!(sum_of_items(&v.items), v.equity_value_usd);
}

#[test]
fn segment_keys_are_the_engine_classes_with_the_loans_renamed() {
    for (key, class) in SEGMENT_KEYS.iter().zip(crate::sim::NPV_CLASSES) {
        assert_eq!(
            *key,
            if class == "debt" {
                "scenario_debt"
            } else {
                class
            }
        );
    }
}
