//! Tests of the deal library loader and the bundled figures against their sources.

use super::*;
use crate::finance::{HOURS_PER_MONTH, discount_factor};

/// The published figures, as the cited releases and reports state them (FACTS.md and data/SOURCES-hpc.md),
/// typed in here by hand: a bundled figure that drifts from its source fails.
#[test]
fn bundled_figures_match_their_sources() {
    let lib = bundled_deals().unwrap();
    let d = |id: &str| lib.find(id).unwrap();
    // Cipher–Fluidstack: 168 MW IT / 244 MW gross, ~$3.0B over 10 years, Google backstop $1.4B.
    let c = d("cifr-fluidstack");
    assert_eq!(c.mw_it, Some(168.0));
    assert_eq!(c.mw_gross, Some(244.0));
    assert_eq!(c.contract_value_usd, Some(3.0e9));
    assert_eq!(c.term_years, Some(10.0));
    assert_eq!(c.backstop.as_ref().unwrap().amount_usd, Some(1.4e9));
    assert_eq!(c.announced.to_string(), "2025-09-25");
    // TeraWulf–Fluidstack: $3.7B over 10 years (to $8.7B with extensions), Google $1.8B, modified gross.
    let w = d("wulf-fluidstack");
    assert_eq!(w.contract_value_usd, Some(3.7e9));
    assert_eq!(w.term_years, Some(10.0));
    assert_eq!(w.value_with_extensions_usd, Some(8.7e9));
    assert_eq!(w.backstop.as_ref().unwrap().amount_usd, Some(1.8e9));
    assert_eq!(w.power_pass_through, PowerPassThrough::ModifiedGross);
    // Core Scientific–CoreWeave: the 200 MW / ~$3.5B / 12-year contract of 2024-06-03, and the total of
    // ~500 MW / $8.7B over 12-year terms stated in the 2024-10-22 release.
    let c200 = d("corz-cw-200");
    assert_eq!(
        (c200.mw_it, c200.contract_value_usd, c200.term_years),
        (Some(200.0), Some(3.5e9), Some(12.0))
    );
    assert_eq!(c200.announced.to_string(), "2024-06-03");
    let total = d("corz-cw-total");
    assert_eq!(
        (total.mw_it, total.contract_value_usd, total.term_years),
        (Some(500.0), Some(8.7e9), Some(12.0))
    );
    let parts: Vec<_> = total.aggregate_of.iter().map(|id| d(id)).collect();
    let mw: f64 = parts.iter().map(|p| p.mw_it.unwrap()).sum();
    let usd: f64 = parts.iter().map(|p| p.contract_value_usd.unwrap()).sum();
    assert!((mw - 500.0).abs() <= 5.0, "{mw}");
    assert!((usd - 8.7e9).abs() <= 0.05e9, "{usd}");
    // Hut 8–Fluidstack: 245 MW IT / ~330 MW utility, $7B over 15 years NNN, 3% escalator, Google backstops
    // the whole base-term rent.
    let h = d("hut-fluidstack-riverbend");
    assert_eq!(
        (h.mw_it, h.mw_gross, h.term_years, h.contract_value_usd),
        (Some(245.0), Some(330.0), Some(15.0), Some(7.0e9))
    );
    assert_eq!(
        (h.escalator_per_year, h.power_pass_through),
        (Some(0.03), PowerPassThrough::Nnn)
    );
    let hb = h.backstop.as_ref().unwrap();
    assert!(hb.full_base_term && hb.amount_usd.is_none());
    // IREN–Microsoft: $9.7B over 5 years, 200 MW IT, 20% prepayment; a GPU-cloud contract.
    let iren = d("iren-msft");
    assert_eq!(
        (iren.contract_value_usd, iren.term_years, iren.mw_it),
        (Some(9.7e9), Some(5.0), Some(200.0))
    );
    assert_eq!(iren.prepayment_fraction, Some(0.2));
    assert_eq!(iren.kind, DealKind::GpuCloud);
    let im = iren.metrics(0.1).unwrap();
    assert_eq!(im.implied_usd_per_kw_month, None);
    assert!(im.not_applicable.unwrap().contains("not space and power"));
    // Galaxy Helios: 526 MW IT of 800 MW approved power, 15 years.
    let g = d("glxy-helios-cw");
    assert_eq!(
        (g.mw_it, g.mw_gross, g.term_years),
        (Some(526.0), Some(800.0), Some(15.0))
    );
    // The acquisition was announced 2025-07-07 and terminated 2025-10-30 (203.5M votes against).
    let a = d("cw-corz-acquisition");
    assert_eq!(a.status, DealStatus::Terminated);
    assert_eq!(
        (a.announced.to_string(), a.status_date.to_string()),
        ("2025-07-07".to_string(), "2025-10-30".to_string())
    );
    assert!(a.status_note.contains("203.5M against"));
    // Confidence H only where a company release or filing is cited at its own address.
    for deal in lib.deals() {
        if deal.confidence == "H" {
            assert!(
                deal.sources.iter().any(|s| [
                    "sec.gov/",
                    "businesswire.com/",
                    "globenewswire.com/",
                    "investors."
                ]
                .iter()
                .any(|p| s.url.contains(p))),
                "{} is H without a primary source",
                deal.id
            );
        }
    }
}

#[test]
fn sources_file_lists_exactly_the_deal_sources() {
    let md = include_str!("../../../../data/SOURCES-hpc.md");
    let section = &md[..md.find("## `data/gpus.csv`").unwrap()];
    let lib = bundled_deals().unwrap();
    let mut listed = 0;
    for d in lib.deals() {
        for s in &d.sources {
            let line = format!("  - {} ({}): {}", s.what, s.date, s.url);
            assert!(
                section.contains(&line),
                "{}: {line} not in SOURCES-hpc.md",
                d.id
            );
            listed += 1;
        }
    }
    let bullets = section.lines().filter(|l| l.starts_with("  - ")).count();
    assert_eq!(bullets, listed, "SOURCES-hpc.md lists other sources");
}

#[test]
fn the_acquisition_did_not_close() {
    let lib = bundled_deals().unwrap();
    let a = lib.find("cw-corz-acquisition").unwrap();
    assert_eq!(a.status, DealStatus::Terminated);
    assert_eq!(a.announced.to_string(), "2025-07-07");
    assert_eq!(a.status_date.to_string(), "2025-10-30");
    assert!(a.status_note.contains("terminated"));
    let m = a.metrics(0.1).unwrap();
    assert_eq!((m.implied_usd_per_kw_month, m.npv_usd), (None, None));
}

#[test]
fn every_lease_matches_an_independent_computation() {
    let lib = bundled_deals().unwrap();
    let r = 0.08;
    let mut checked = 0;
    for d in lib
        .deals()
        .iter()
        .filter(|d| d.kind == DealKind::Lease && d.contract_value_usd.is_some())
    {
        let (v, t_years, mw) = (
            d.contract_value_usd.unwrap(),
            d.term_years.unwrap(),
            d.mw_it.unwrap(),
        );
        let term = (t_years * 12.0).round() as usize;
        let m = d.metrics(r).unwrap();
        let implied = v / term as f64 / (mw * 1000.0);
        assert!(
            (m.implied_usd_per_kw_month.unwrap() - implied).abs() < 1e-9,
            "{}",
            d.id
        );
        assert!(
            (m.revenue_usd_per_it_kwh.unwrap() - implied / HOURS_PER_MONTH).abs() < 1e-12,
            "{}",
            d.id
        );
        // NPV: each tranche pays term months of rent from build + offset + 1, escalating yearly.
        let e = d.escalator_per_year.unwrap_or(0.0);
        let esc: f64 = (0..term).map(|s| (1.0 + e).powi((s / 12) as i32)).sum();
        let base = v / (mw * 1000.0 * esc);
        let steps: Vec<(u32, f64)> = if d.ramp.is_empty() {
            vec![(0, mw)]
        } else {
            d.ramp.iter().map(|s| (s.month, s.mw_it)).collect()
        };
        let mut pv = 0.0;
        let mut prev = 0.0;
        for (offset, cum) in steps {
            let kw = (cum - prev) * 1000.0;
            prev = cum;
            let first = d.build_months.unwrap_or(0) as usize + offset as usize;
            for s in 0..term {
                pv +=
                    base * kw * (1.0 + e).powi((s / 12) as i32) * discount_factor(r, first + s + 1);
            }
        }
        assert!(
            (m.npv_usd.unwrap() / pv - 1.0).abs() < 1e-9,
            "{}: {} vs {pv}",
            d.id,
            m.npv_usd.unwrap()
        );
        // At a zero rate the NPV is the contract value.
        assert!(
            (d.metrics(0.0).unwrap().npv_usd.unwrap() - v).abs() < 1e-3 * v / 1e9,
            "{}",
            d.id
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

/// Annual IRR of monthly flows by bisection on the monthly rate, written apart from `finance::irr`.
fn independent_irr(flows: &[f64]) -> f64 {
    let pv = |i: f64| {
        flows
            .iter()
            .enumerate()
            .map(|(m, f)| f / (1.0 + i).powi(m as i32))
            .sum::<f64>()
    };
    let (mut lo, mut hi) = (-0.05, 0.2);
    assert!(pv(lo) > 0.0 && pv(hi) < 0.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if pv(mid) > 0.0 { lo = mid } else { hi = mid }
    }
    (1.0 + lo).powi(12) - 1.0
}

#[test]
fn landlord_irr_where_capex_is_known() {
    let lib = bundled_deals().unwrap();
    // Cipher: $10M/MW × 168 MW over 12 build months, then 82.5% of $3B / 120 a month for 120 months.
    let mut f = vec![0.0; 133];
    for x in f.iter_mut().skip(1).take(12) {
        *x = -10e6 * 168.0 / 12.0;
    }
    for x in f.iter_mut().skip(13) {
        *x = 0.825 * 3e9 / 120.0;
    }
    let expect = independent_irr(&f);
    assert!((expect - 0.077_45).abs() < 5e-5, "{expect}");
    let got = lib.find("cifr-fluidstack").unwrap().metrics(0.1).unwrap();
    assert!((got.landlord_irr.unwrap() - expect).abs() < 1e-9);
    // TeraWulf: $9M/MW × 200 MW over 10 months; 40 MW from month 11 and 160 MW more from month 17, each
    // for 120 months at $3.7B / (200,000 kW × 120) per kW-month, 85% NOI.
    let rate = 3.7e9 / (200_000.0 * 120.0);
    let mut f = vec![0.0; 10 + 6 + 120 + 1];
    for x in f.iter_mut().skip(1).take(10) {
        *x = -9e6 * 200.0 / 10.0;
    }
    for x in &mut f[11..=130] {
        *x += 0.85 * rate * 40_000.0;
    }
    for x in &mut f[17..=136] {
        *x += 0.85 * rate * 160_000.0;
    }
    let expect = independent_irr(&f);
    assert!((expect - 0.109_08).abs() < 5e-5, "{expect}");
    let got = lib.find("wulf-fluidstack").unwrap().metrics(0.1).unwrap();
    assert!((got.landlord_irr.unwrap() - expect).abs() < 1e-9);
    assert!(
        lib.find("glxy-helios-cw")
            .unwrap()
            .metrics(0.1)
            .unwrap()
            .landlord_irr
            .is_none()
    );
}

/// A lease with every required field but `noi_margin` and `noi_margin_basis`; tests append lines to it.
const LEASE: &str = "[[deal]]\nid = \"x\"\nname = \"n\"\nkind = \"lease\"\nlandlord = \"a\"\ntenant = \"b\"\nannounced = \"2025-01-01\"\nstatus = \"active\"\nstatus_date = \"2025-01-01\"\nstatus_note = \"\"\npower_pass_through = \"nnn\"\nconfidence = \"M\"\nsources = [{ what = \"w\", url = \"https://x.example\", date = \"2025-01-01\" }]\n";

/// Asserts that the deal file `text` is refused with a message containing `expected`.
fn refused(text: &str, expected: &str) {
    let e = parse_deals_toml(text, "d.toml").unwrap_err().to_string();
    assert!(e.contains(expected), "expected '{expected}' in: {e}");
}

#[test]
fn malformed_deals_are_named() {
    let disclosed = format!("{LEASE}noi_margin_basis = \"disclosed\"\n");
    refused(
        &disclosed.replace("announced = \"2025-01-01\"", "announced = \"2025-13-01\""),
        "deal 'x': invalid announced: found '2025-13-01'",
    );
    // Ranges come from crate::bounds, as for a scenario.
    let ok = format!("{disclosed}noi_margin = 0.8\n");
    assert!(parse_deals_toml(&ok, "d.toml").is_ok());
    refused(
        &format!("{ok}build_months = 121\n"),
        "deal 'x': invalid build_months: found 121, expected 0 to 120 months",
    );
    refused(
        &format!("{disclosed}noi_margin = 1.5\n"),
        "invalid noi_margin: found 1.5",
    );
    let e = parse_deals_toml("[[deal]]\nid = 3\n", "d.toml")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("d.toml, line 2"), "{e}");
    refused(
        &ok.replace(
            "kind = \"lease\"",
            "kind = \"lease\"\nmw_it = 10\nmw_gross = 5",
        ),
        "invalid mw_gross: found 5",
    );
}

#[test]
fn every_lease_has_a_margin_with_its_basis_and_a_dated_source() {
    let lib = bundled_deals().unwrap();
    assert!(lib.deals().len() >= 18, "{}", lib.deals().len());
    for d in lib.deals() {
        assert!(!d.sources.is_empty(), "{}", d.id);
        for s in &d.sources {
            assert!(s.url.starts_with("http"), "{}: {}", d.id, s.url);
        }
        if d.kind == DealKind::Lease {
            let m = d.noi_margin.unwrap();
            assert!(m > 0.0 && m < 1.0, "{}: {m}", d.id);
            assert!(
                d.noi_margin_basis.starts_with("disclosed")
                    || d.noi_margin_basis.starts_with("assumed from peers: "),
                "{}",
                d.id
            );
        }
    }
    // Disclosed margins, as the releases state them.
    let d = |id: &str| lib.find(id).unwrap();
    assert_eq!(d("wulf-fluidstack").noi_margin, Some(0.85));
    assert_eq!(d("cifr-fluidstack").noi_margin, Some(0.825));
    assert_eq!(d("wulf-core42").noi_margin, Some(0.70));
    assert!((d("riot-amd-rockdale").noi_margin.unwrap() - 25.0 / 31.1).abs() < 0.001);
}

#[test]
fn expansions_link_to_their_parent_and_aggregates_count_once() {
    let lib = bundled_deals().unwrap();
    let kids: Vec<_> = lib.children("corz-cw-200").map(|d| d.id.as_str()).collect();
    assert_eq!(
        kids,
        [
            "corz-cw-opt1",
            "corz-cw-opt2",
            "corz-cw-opt3",
            "corz-cw-denton-70"
        ]
    );
    assert_eq!(
        lib.find("wulf-fluidstack-cb5").unwrap().parent.as_deref(),
        Some("wulf-fluidstack")
    );
    assert_eq!(
        lib.find("cifr-fluidstack-exp").unwrap().parent.as_deref(),
        Some("cifr-fluidstack")
    );
    // The 2025 CoreWeave total sums its five parts' MW: 200 + 70 + 112 + 120 + 70 = 572 ≈ "~590 MW".
    let t = lib.find("corz-cw-total-2025").unwrap();
    let mw: f64 = t
        .aggregate_of
        .iter()
        .map(|id| lib.find(id).unwrap().mw_it.unwrap())
        .sum();
    assert!((mw - 590.0).abs() <= 20.0, "{mw}");
    // Aggregates are not contracts: each contract counts once.
    let aggregates = lib.deals().iter().filter(|d| d.is_aggregate()).count();
    assert_eq!(aggregates, 2);
    assert_eq!(lib.contracts().count(), lib.deals().len() - 2);
    assert!(lib.contracts().all(|d| !d.is_aggregate()));
    let rents = lib.lease_rents_as_of(None).unwrap();
    assert!(rents.iter().all(|(d, _)| !d.is_aggregate()));
}

#[test]
fn a_lease_without_margin_basis_or_parent_is_refused() {
    refused(LEASE, "deal 'x': invalid noi_margin: found none");
    refused(
        &format!("{LEASE}noi_margin = 0.8\n"),
        "invalid noi_margin_basis: found ''",
    );
    refused(
        &format!("{LEASE}noi_margin = 0.8\nnoi_margin_basis = \"assumed from peers:\"\n"),
        "naming the peers",
    );
    refused(
        &format!("{LEASE}noi_margin = 1.0\nnoi_margin_basis = \"disclosed\"\n"),
        "a share above 0 and below 1",
    );
    let good =
        format!("{LEASE}noi_margin = 0.8\nnoi_margin_basis = \"assumed from peers: A, B\"\n");
    assert!(parse_deals_toml(&good, "d.toml").is_ok());
    refused(
        &format!("{good}parent = \"nope\"\n"),
        "invalid parent: found 'nope'",
    );
    refused(
        &good.replace("https://x.example", "x.example"),
        "invalid sources.url",
    );
}
