//! `network exodus`: 100 EH/s of listed fleets off from 2026-01-31 raises the remaining miners' median hashprice
//! in every month after the next retarget, against the same paths without the exodus.

use super::common::{ctx, parse};
use hashpivot::date::Date;
use hashpivot::network::exodus::{DEFAULT_MARKET_FILE, ExodusRequest, market_section, run};
use hashpivot::network::tiers::efficiency_tiers;

fn request(paths: u64) -> ExodusRequest {
    ExodusRequest {
        eh_s: 100.0,
        from: Date::parse("2026-01-31").unwrap(),
        over_months: 1,
        horizon_months: 24,
        paths,
        seed: 42,
        power_usd_per_mwh: vec![50.0],
        pool_fee: 0.02,
    }
}

#[test]
fn exodus_raises_median_hashprice_every_month() {
    let req = request(400);
    let sc = parse(&req.scenario_text(market_section(DEFAULT_MARKET_FILE).unwrap()));
    let tiers = efficiency_tiers(ctx().asics);
    let e = run(
        &sc,
        ctx().power,
        &req,
        &tiers,
        Some((Date::parse("2026-08-17").unwrap(), 500.0)),
    )
    .unwrap();
    assert_eq!(e.months.len(), 24);
    assert_eq!(e.months[0].month.to_string(), "2026-02");
    for m in &e.months {
        assert!(
            m.hashprice_usd_per_ph_day.p50 > m.baseline_hashprice_usd_per_ph_day.p50,
            "{}: {} vs {}",
            m.month,
            m.hashprice_usd_per_ph_day.p50,
            m.baseline_hashprice_usd_per_ph_day.p50
        );
        assert!(m.hashprice_change_usd_per_ph_day.p50 > 0.0);
        assert!(m.network_eh_s.p50 < m.baseline_network_eh_s.p50);
        // The difficulty band is the hashrate band's, a block every 600 s: D = EH/s × 10^18 × 600 / 2^32.
        for (d, h) in [
            (m.difficulty, m.network_eh_s),
            (m.baseline_difficulty, m.baseline_network_eh_s),
        ] {
            assert!(d.p5 < d.p50 && d.p50 < d.p95, "{}: {d:?}", m.month);
            for (d, h) in [(d.p5, h.p5), (d.p50, h.p50), (d.p95, h.p95)] {
                let want = h * 1e18 * 600.0 / 2f64.powi(32);
                assert!((d / want - 1.0).abs() < 1e-12, "{}: {d} vs {want}", m.month);
            }
        }
        assert!(m.difficulty.p50 < m.baseline_difficulty.p50);
    }
    // Month 1's median difficulty: ~870 EH/s → ~121.5 T (1,014 EH/s ≈ 141.7 T on 2026-01-31).
    let d1 = e.months[0].difficulty.p50 / 1e12;
    assert!((100.0..140.0).contains(&d1), "{d1}");
    // Month 1: ~100 of ~1,000 EH/s off → the paired hashprice change is about +10% of the baseline.
    let m1 = &e.months[0];
    let rel = m1.hashprice_change_usd_per_ph_day.p50 / m1.baseline_hashprice_usd_per_ph_day.p50;
    assert!((0.05..0.2).contains(&rel), "{rel}");
    let s = e.listed_share.unwrap();
    assert!(s.share_after < s.baseline_share);
    // Every tier at least as profitable with the exodus as without.
    assert!(
        e.tiers
            .iter()
            .all(|t| t.months_profitable >= t.baseline_months_profitable)
    );
}

#[test]
fn exodus_refuses_more_than_the_network() {
    let mut req = request(2);
    req.eh_s = 1e6;
    let sc = parse(&req.scenario_text(market_section(DEFAULT_MARKET_FILE).unwrap()));
    let e = run(&sc, ctx().power, &req, &[], None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("invalid eh_s: found 1000000"), "{e}");
}
