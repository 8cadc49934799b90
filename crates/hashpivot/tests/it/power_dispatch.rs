//! Dispatch against independent computations on the bundled HB_WEST day-ahead series.

use hashpivot::Date;
use hashpivot::data::bundled_power;
use hashpivot::power::central_time::{Clock, format_utc_hour};
use hashpivot::power::{
    Calls, Contract, DemandResponse, DispatchResult, FourCp, HourlySeries, Market, PeakHours,
    Rules, Settlement, Site, dispatch,
};

/// Dispatch under the default rules (no 4CP, no demand response, no forced hours).
fn dispatch_default(
    s: &HourlySeries,
    hp: &[f64],
    site: &Site,
    contract: &Contract,
) -> DispatchResult {
    dispatch(s, hp, site, contract, &Rules::default()).unwrap()
}

fn west_2024() -> HourlySeries {
    let (a, b) = Clock::Central.days_utc_hours(
        Date::parse("2024-01-01").unwrap(),
        Date::parse("2024-12-31").unwrap(),
    );
    bundled_power(Market::Da)
        .unwrap()
        .series("HB_WEST", a, b, "power (da)")
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn index_contract_matches_a_plain_loop() {
    let s = west_2024();
    assert_eq!(s.len(), 8_784);
    let hp_ph_day = 48.0;
    let (mw, j, fee, adder) = (100.0, 17.5, 0.02, 4.0);
    let hp_mwh = hp_ph_day * (1.0 - fee) * 1000.0 / (24.0 * j);
    let (mut run, mut rev, mut cost) = (0u64, 0.0, 0.0);
    for &p in s.usd_per_mwh() {
        if hp_mwh > p + adder {
            run += 1;
            rev += hp_mwh * mw;
            cost += (p + adder) * mw;
        }
    }
    let r = dispatch(
        &s,
        &vec![hp_ph_day; s.len()],
        &Site::new(mw, j, fee, 0.0).unwrap(),
        &Contract::index(adder).unwrap(),
        &Rules::default(),
    )
    .unwrap();
    assert_eq!(r.hours, 8_784);
    assert_eq!(r.hours_run, run);
    assert!(run > 8_000 && run < 8_784, "{run}");
    assert!(close(r.mining_revenue_usd, rev));
    assert!(close(r.power_cost_usd, cost));
    assert!(close(r.margin_usd, rev - cost));
    assert_eq!(r.resale_revenue_usd, 0.0);
    assert!(close(r.uptime, run as f64 / 8_784.0));
    assert!(close(r.strike_usd_per_mwh, hp_mwh));
    let monthly: f64 = r.monthly.iter().map(|m| m.margin_usd).sum();
    assert_eq!(r.monthly.len(), 12);
    assert!(close(monthly, r.margin_usd));
    assert_eq!(r.from_hour_utc, "2024-01-01T06:00Z");
    assert_eq!(r.to_hour_utc, "2025-01-01T06:00Z");
}

#[test]
fn sell_back_is_worth_at_least_holding_the_block() {
    let s = west_2024();
    let site = Site::new(100.0, 17.5, 0.0, 0.0).unwrap();
    let hp = vec![45.0; s.len()];
    let run = |c: Contract| dispatch_default(&s, &hp, &site, &c);
    for fixed in [20.0, 28.94, 45.0, 120.0] {
        let sell = run(Contract::fixed(fixed, Settlement::TakeOrPay { sell_back: true }).unwrap());
        let hold = run(Contract::fixed(fixed, Settlement::TakeOrPay { sell_back: false }).unwrap());
        let index = run(Contract::index(0.0).unwrap());
        assert!(sell.margin_usd >= hold.margin_usd - 1e-6);
        // Sell-back = index at the hub + the value of the fixed-price block, Σ (hub − fixed) × MW.
        let block: f64 = s.usd_per_mwh().iter().map(|p| (p - fixed) * 100.0).sum();
        assert!(close(sell.margin_usd, index.margin_usd + block));
        if fixed <= sell.mean_hub_usd_per_mwh {
            assert!(sell.margin_usd >= index.margin_usd);
        }
        // Same hours run as the index contract without adder: the opportunity cost is the hub price.
        assert_eq!(sell.hours_run, index.hours_run);
        assert!(sell.resale_revenue_usd > 0.0);
    }
}

#[test]
fn uptime_falls_as_the_adder_rises() {
    let s = west_2024();
    let site = Site::new(100.0, 21.5, 0.0, 0.0).unwrap();
    let hp = vec![40.0; s.len()];
    let mut last = f64::INFINITY;
    for adder in [-10.0, 0.0, 5.0, 20.0, 40.0, 60.0, 80.0, 200.0] {
        let r = dispatch_default(&s, &hp, &site, &Contract::index(adder).unwrap());
        assert!(r.uptime <= last, "adder {adder}: {} > {last}", r.uptime);
        last = r.uptime;
    }
    assert_eq!(last, 0.0);
}

#[test]
fn negative_prices_and_spikes() {
    let start = 473_352; // 2024-01-01T00:00Z
    let mut p = vec![30.0; 48];
    p[3] = -50.0;
    p[20] = 5_000.0;
    p[21] = 4_999.0;
    let s = HourlySeries::new("HB_TEST", start, p).unwrap();
    let hp = vec![40.0; 48]; // 40 × 1000 / (24 × 20) = 83.33 USD/MWh
    let site = Site::new(10.0, 20.0, 0.0, 0.0).unwrap();
    let idx = dispatch_default(&s, &hp, &site, &Contract::index(0.0).unwrap());
    assert_eq!(idx.hours_run, 46);
    let hp_mwh = 40.0 * 1000.0 / 480.0;
    // Paid to consume at −50: the cost is negative, which raises the margin.
    let cost = (45.0 * 30.0 - 50.0) * 10.0;
    assert!(close(idx.power_cost_usd, cost));
    assert!(close(idx.margin_usd, 46.0 * hp_mwh * 10.0 - cost));
    let sell = dispatch_default(
        &s,
        &hp,
        &site,
        &Contract::fixed(35.0, Settlement::TakeOrPay { sell_back: true }).unwrap(),
    );
    assert!(close(sell.resale_revenue_usd, (5_000.0 + 4_999.0) * 10.0));
    assert!(close(sell.power_cost_usd, 35.0 * 10.0 * 48.0));
    // A spike hour with a buffer and a minimum uptime: the floor adds the least-losing hour first.
    let rules = Rules {
        min_uptime: 47.0 / 48.0,
        ..Rules::default()
    };
    let forced = dispatch(&s, &hp, &site, &Contract::index(0.0).unwrap(), &rules).unwrap();
    assert_eq!(forced.hours_run, 47);
    assert!(close(
        forced.margin_usd,
        idx.margin_usd + (hp_mwh - 4_999.0) * 10.0
    ));
}

#[test]
fn fourcp_demand_response_and_hybrid() {
    let s = west_2024();
    let hp = vec![50.0; s.len()];
    let site = Site::new(100.0, 17.5, 0.0, 20.0).unwrap();
    let base = dispatch_default(&s, &hp, &site, &Contract::index(2.0).unwrap());
    assert_eq!(base.mining_mw, 80.0);
    let hub_sum: f64 = s.usd_per_mwh().iter().map(|p| (p + 2.0) * 20.0).sum();
    assert!(close(base.hpc_power_cost_usd, hub_sum));
    let rules = Rules {
        fourcp: Some(FourCp::new(PeakHours::TopPriceHours(3), 50.0).unwrap()),
        demand_response: Some(
            DemandResponse::new(30.0, 5.0, Calls::PriceAtLeast(1_000.0)).unwrap(),
        ),
        ..Rules::default()
    };
    let r = dispatch(&s, &hp, &site, &Contract::index(2.0).unwrap(), &rules).unwrap();
    let f = r.fourcp.as_ref().unwrap();
    assert_eq!(f.hours.len(), 12);
    assert_eq!(f.summer_months, 4);
    assert!(close(f.avoided_usd, 50.0 * 80_000.0));
    let dr = r.demand_response.as_ref().unwrap();
    let called = s.usd_per_mwh().iter().filter(|p| **p >= 1_000.0).count() as u64;
    assert_eq!(dr.called_hours, called);
    // Standby is paid only on MW that are running (before any call), never in a 4CP hour.
    let hp_mwh = 50.0 * 1000.0 / (24.0 * 17.5);
    let on_hours = (0..s.len())
        .filter(|&i| {
            hp_mwh > s.usd_per_mwh()[i] + 2.0 && !f.hours.contains(&format_utc_hour(s.hour_utc(i)))
        })
        .count();
    assert!(on_hours < 8_784);
    assert!(close(dr.standby_revenue_usd, 30.0 * 5.0 * on_hours as f64));
    assert!(close(dr.standby_mw_hours, 30.0 * on_hours as f64));
    // Margin = base − what curtailment gave up + standby.
    assert!(close(
        r.margin_usd,
        base.margin_usd - f.forgone_margin_usd - dr.forgone_margin_usd + dr.standby_revenue_usd
    ));
    // Given peaks: the hour is curtailed.
    let peak = s.hour_utc(4_000);
    let given = Rules {
        fourcp: Some(FourCp::new(PeakHours::Given(vec![peak]), 50.0).unwrap()),
        ..Rules::default()
    };
    let g = dispatch(&s, &hp, &site, &Contract::index(2.0).unwrap(), &given).unwrap();
    assert_eq!(g.fourcp.unwrap().hours, vec![format_utc_hour(peak)]);
}

#[test]
fn a_gap_in_the_bundled_book_is_named() {
    let mut book = bundled_power(Market::Da).unwrap();
    let (a, _) = book.span("HB_WEST").unwrap();
    let mut holed = hashpivot::power::PriceBook::new();
    for (hub, h, p) in book.points() {
        if hub == "HB_WEST" && h != a + 100 {
            holed.insert(hub, h, p);
        }
    }
    book = holed;
    let err = book
        .series("HB_WEST", a, a + 200, "power (da)")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no price for 1 hours: 2024-01-05T10:00Z"),
        "{err}"
    );
}
