//! Decisions: plans on common random numbers, the paired difference, the sell-the-power-only rule, the tornado
//! and breakevens on the example with plans.

use crate::common::{base_case, ctx, parse_result, prepare};
use hashpivot::decide::{self, Decision, Evaluator, PathSettings};
use hashpivot::scenario;
use hashpivot::sim;

fn example(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples")
            .join(name),
    )
    .unwrap()
}

const PLANS: &str = "west_texas_50mw_plans.toml";

fn decision(text: &str) -> Decision<'static> {
    Decision::from_file(text, "t.toml", ctx()).unwrap_or_else(|e| panic!("{e}"))
}

/// The decision of the example with plans.
fn plans() -> Decision<'static> {
    decision(&example(PLANS))
}

#[test]
fn mean_of_the_paired_difference_is_the_difference_of_the_means() {
    let text = example(PLANS);
    let d = decision(&text);
    assert!(d.len() >= 4);
    let ev = Evaluator::new(
        &d,
        PathSettings {
            paths: 200,
            seed: 7,
        },
    );
    let c = decide::decide(&ev, 0).unwrap();
    assert_eq!(c.plans.len(), d.len());
    for (p, q) in c.plans.iter().zip(&c.versus_baseline) {
        let diff = p.npv_usd.mean - c.plans[0].npv_usd.mean;
        let rel =
            (q.delta_npv_usd.mean - diff).abs() / diff.abs().max(c.plans[0].npv_usd.mean.abs());
        assert!(
            rel <= 1e-9,
            "{}: {} vs {diff}",
            p.plan,
            q.delta_npv_usd.mean
        );
        assert!(
            q.delta_npv_usd.p5 <= q.delta_npv_usd.p50 && q.delta_npv_usd.p50 <= q.delta_npv_usd.p95
        );
        assert!((0.0..=1.0).contains(&q.prob_beats_baseline));
    }
    // The baseline against itself: zero on every path, never beaten.
    assert_eq!(c.versus_baseline[0].delta_npv_usd.p95, 0.0);
    assert_eq!(c.versus_baseline[0].prob_beats_baseline, 0.0);
    // The sale is a certain amount: 300 kUSD/MW × 50 MW on every path.
    let sale = c.plans.iter().find(|p| p.kind == "sell_site").unwrap();
    assert_eq!(sale.proceeds_usd, 15e6);
    assert_eq!(sale.npv_usd.p5, 15e6);
    assert_eq!(sale.npv_usd.p95, 15e6);
    assert!(c.recommendation.text.starts_with("highest mean NPV: "));
}

#[test]
fn every_plan_replays_the_same_market_path() {
    // Plans that differ in conversions (keep mining, lease, GPU cloud) and in sites (a second site added),
    // each run on its own: path i's BTC price and hashprice path are the same in every plan.
    let text = example(PLANS);
    let d = decision(&text);
    let plain = text.split("[[plans]]").next().unwrap().to_string()
        + &text[text.find("[market]").unwrap()..];
    let two_sites = plain.replacen(
        "[[conversions]]",
        "[[sites]]\nname = \"north\"\nhub = \"HB_NORTH\"\nmw_gross = 20\n\
         power = { contract = \"index\", adder_usd_per_mwh = 4.0 }\n\
         fleet = { eh_s = 1.0, j_per_th = 20.0 }\n\n[[conversions]]",
        1,
    );
    let files = vec![
        ("one".to_string(), "a.toml".to_string(), plain.clone()),
        ("two".to_string(), "b.toml".to_string(), two_sites),
    ];
    let multi = Decision::from_files(&files, ctx()).unwrap_or_else(|e| panic!("{e}"));
    let finals = |sc: &scenario::Scenario| -> Vec<(f64, f64)> {
        let (r, _) = sim::run(&prepare(sc), 40, 3, false, &|| {});
        r.paths
            .iter()
            .map(|s| (s.final_btc_usd, s.btc_mined))
            .collect()
    };
    let reference = finals(&d.scenario(0, &[]).unwrap().scenario);
    for k in 1..d.len() {
        let other = finals(&d.scenario(k, &[]).unwrap().scenario);
        for (i, (a, b)) in reference.iter().zip(&other).enumerate() {
            assert_eq!(a.0, b.0, "plan {k}, path {i}: final BTC price");
        }
    }
    let one = finals(&multi.scenario(0, &[]).unwrap().scenario);
    let two = finals(&multi.scenario(1, &[]).unwrap().scenario);
    for (i, (a, b)) in one.iter().zip(&two).enumerate() {
        assert_eq!(a.0, b.0, "path {i}: final BTC price");
        // The second site mines more BTC on the same path (the network, hence its share, is the same).
        assert!(b.1 > a.1, "path {i}");
    }
    assert_eq!(reference[0].0, one[0].0);
}

/// A site selling its power only: no fleet, a 50 MW take-or-pay block at 35 USD/MWh resold at the hub.
fn sell_power_only(market_power: &str) -> String {
    format!(
        "[company]\nname = \"seller\"\nstart_date = \"2025-06-30\"\nhorizon_years = 2\ndiscount_rate = 0.1\n\n\
         [[sites]]\nname = \"s\"\nhub = \"HB_WEST\"\nmw_gross = 50\n\
         power = {{ contract = \"fixed\", price_usd_per_mwh = 35.0, settlement = \"take_or_pay_sell_back\" }}\n\n\
         [market]\npower = {market_power}\n"
    )
}

/// The row of site `s` in July 2025, the first whole month of [`sell_power_only`].
fn july_of_s(rows: &[sim::MonthRecord]) -> &sim::MonthRecord {
    rows.iter()
        .find(|r| r.month_index == 1 && r.site == "s")
        .unwrap()
}

#[test]
fn selling_the_power_only_earns_the_hub_less_the_contract_on_the_block() {
    // Closed form at a constant hub price: (50 − 35) USD/MWh × 50 MW × the month's hours.
    let (_, rows) = base_case(&sell_power_only(
        "{ model = \"fixed\", hub_usd_per_mwh = 50.0 }",
    ));
    let july = july_of_s(&rows);
    assert_eq!(july.month, "2025-07");
    assert_eq!(july.power_cost_usd, 35.0 * 50.0 * 744.0);
    assert_eq!(july.power_sales_usd, 50.0 * 50.0 * 744.0);
    assert_eq!(july.ebitda_usd, 15.0 * 50.0 * 744.0);

    // On the bundled ERCOT real-time prices (HB_WEST, 2022–2025 replayed): non-zero, and this figure.
    let (base, _) = base_case(&sell_power_only(
        "{ model = \"bootstrap\", years = [2022, 2023, 2024, 2025] }",
    ));
    assert!(base.npv_usd != 0.0);
    assert!(
        (base.npv_usd - SELL_POWER_BASE_NPV_USD).abs() < 1e-9 * SELL_POWER_BASE_NPV_USD,
        "{}",
        base.npv_usd
    );

    // Without sell-back the block is still paid, used or not.
    let (_, rows) = base_case(
        &sell_power_only("{ model = \"fixed\", hub_usd_per_mwh = 50.0 }")
            .replace("take_or_pay_sell_back", "take_or_pay"),
    );
    let july = july_of_s(&rows);
    assert_eq!(july.power_cost_usd, 35.0 * 50.0 * 744.0);
    assert_eq!(july.power_sales_usd, 0.0);
}

/// The base case's NPV of [`sell_power_only`] on HB_WEST 2022–2025 (measured; the test prints the new figure
/// when it moves): 50 MW × (hub − 35 USD/MWh) over 24 months at 10%, untaxed — a hub about 7 USD/MWh above
/// the contract on average.
const SELL_POWER_BASE_NPV_USD: f64 = 5_640_333.938_024_847;

#[test]
fn the_sell_power_plan_of_the_example_has_a_value() {
    let d = plans();
    let k = d.index_of("sell power only").unwrap();
    let ev = Evaluator::new(&d, PathSettings { paths: 50, seed: 1 });
    let v = ev.npvs(k, &[]).unwrap();
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    assert!(mean.abs() > 1e5, "{mean}");
}

#[test]
fn tornado_and_breakeven_of_a_difference() {
    let text = example(PLANS);
    let d = decision(&text);
    let lease = d.index_of("lease from 2027-01").unwrap();
    let ev = Evaluator::new(&d, PathSettings { paths: 40, seed: 5 });
    let rent = decide::input("rent").unwrap();
    let t = decide::tornado(
        &ev,
        lease,
        Some(0),
        Some(&[rent, decide::input("btc_drift").unwrap()]),
        &[],
    )
    .unwrap();
    assert_eq!(t.bars.len(), 2);
    assert!(t.bars[0].swing_usd >= t.bars[1].swing_usd);
    let r = t.bars.iter().find(|b| b.input == "rent").unwrap();
    assert_eq!((r.current, r.low, r.high), (150.0, 120.0, 180.0));
    // More rent, more lease value: the keep-mining plan does not move, so the difference rises.
    assert!(r.at_high_usd > t.base_usd && t.base_usd > r.at_low_usd);
    // The rent at which the lease is worth what mining is lies inside the bar, and the difference is ~0 there.
    let b = decide::breakeven(&ev, lease, Some(0), rent, None, None).unwrap();
    let x = b.value.expect("a breakeven");
    assert!(x > 120.0 && x < 180.0, "{x}");
    let at = ev
        .mean(
            lease,
            Some(0),
            &rent.edits(&d, decide::edit::Change::Number(x)),
        )
        .unwrap();
    let slope = (r.at_high_usd - r.at_low_usd) / 60.0;
    assert!(at.abs() <= slope * b.tolerance * 2.0 + 1.0, "{at}");
    // No breakeven in a bracket where the lease always wins is an answer.
    let none = decide::breakeven(&ev, lease, Some(0), rent, Some((400.0, 500.0)), None).unwrap();
    assert_eq!(none.value, None);
    assert!(
        none.answer.starts_with("no breakeven in range"),
        "{}",
        none.answer
    );
    // A whole input is solved to two neighbouring months.
    let bm = decide::breakeven(
        &ev,
        lease,
        Some(0),
        decide::input("build_months").unwrap(),
        None,
        None,
    )
    .unwrap();
    if let Some((lo, hi)) = bm.between {
        assert_eq!(hi - lo, 1.0);
    }
}

/// The error `Decision::from_file` gives for `text`.
fn refusal(text: &str) -> String {
    Decision::from_file(text, "t.toml", ctx())
        .err()
        .unwrap()
        .to_string()
}

#[test]
fn plans_are_checked_with_their_names() {
    let text = example(PLANS);
    let bad = text.replace(
        "kind = \"keep_mining\"",
        "kind = \"keep_mining\"\nstart_month = \"2027-01\"",
    );
    let e = refusal(&bad);
    assert!(e.contains("plans[0].start_month"), "{e}");
    let dup = text.replace("name = \"GPU cloud\"", "name = \"keep mining\"");
    let e = refusal(&dup);
    assert!(e.contains("a name no other plan has"), "{e}");
    let missing = text.replace("conversions = [\"west-gpu\"]", "conversions = [\"nope\"]");
    let e = refusal(&missing);
    assert!(e.contains("one of the file's conversions"), "{e}");
}

#[test]
fn a_buyout_is_its_price_and_a_set_edit_moves_one_plan() {
    let text = example(PLANS)
        + "\n[[plans]]\nname = \"buyout\"\nkind = \"sell_power\"\nbuyout_usd = 12e6\n\n\
           [[plans]]\nname = \"cheaper lease\"\nkind = \"convert\"\nconversions = [\"west-lease\"]\n\
           start_month = \"2027-01\"\nset = [{ path = \"conversions.west-lease.capex_usd_per_mw_it\", value = 8e6 }]\n";
    let d = decision(&text);
    let ev = Evaluator::new(&d, PathSettings { paths: 30, seed: 2 });
    // The contract bought out: no load, no fixed cost, no conversion; the price on every path.
    let buyout = ev.npvs(d.index_of("buyout").unwrap(), &[]).unwrap();
    assert!(buyout.iter().all(|v| *v == 12e6), "{:?}", &buyout[..3]);
    // 2 M USD/MW IT less capex on 25 MW IT: the same lease, worth more on every path.
    let lease = ev
        .npvs(d.index_of("lease from 2027-01").unwrap(), &[])
        .unwrap();
    let cheaper = ev.npvs(d.index_of("cheaper lease").unwrap(), &[]).unwrap();
    assert!(lease.iter().zip(cheaper.iter()).all(|(a, b)| b > a));
    let t = d
        .scenario(d.index_of("cheaper lease").unwrap(), &[])
        .unwrap();
    assert_eq!(t.scenario.conversions().len(), 1);
    assert!(
        t.text.contains("capex_usd_per_mw_it = 8000000.0"),
        "{}",
        t.text
    );
}

#[test]
fn candidate_conversions_may_each_take_the_whole_site() {
    // As written, the two conversions together take 91 MW gross of a 50 MW site; every plan keeps at most one.
    let text = example(PLANS)
        .replace("mw_it = 25\n", "mw_it = 35\n")
        .replace("mw_it = 12\n", "mw_it = 35\n");
    assert!(parse_result(&text).is_err());
    let d = decision(&text);
    let gpu = d.scenario(d.index_of("GPU cloud").unwrap(), &[]).unwrap();
    assert_eq!(gpu.scenario.conversions()[0].name(), "west-gpu");
    assert_eq!(d.conversion_build_months().len(), 2);
    // A plan that keeps both is refused with the file's own problem.
    let both = text.replace(
        "conversions = [\"west-gpu\"]",
        "conversions = [\"west-gpu\", \"west-lease\"]",
    );
    let e = Decision::from_file(&both, "t.toml", ctx())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("t.toml"), "{e}");
    // A typo is the file's problem, with its line.
    let typo = example(PLANS).replace("discount_rate = 0.12", "discount_rat = 0.12");
    let e = Decision::from_file(&typo, "t.toml", ctx())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("discount_rat"), "{e}");
}

#[test]
fn dropping_a_conversion_leaves_the_other_tenants_default_month_on_every_path() {
    // Two leases on two sites without fleets: x (tenant Alpha, never defaults) and y (tenant Beta, 40%/yr).
    // The plan "without x" keeps mining on site a (drops x). Each tenant's default draw is keyed by the tenant,
    // not by its place among the conversions, so y defaults in the same month in both plans: the paired
    // difference is x's own value on every path (x is certain: no default, fixed rent, fixed power, no tax).
    let lease = |name: &str, site: &str, tenant: &str, hazard: f64| {
        format!(
            "[[conversions]]\nname = \"{name}\"\nsite = \"{site}\"\nstart_month = \"2025-08\"\nmw_it = 10\npue = 1.2\n\
             capex_usd_per_mw_it = 0\nuse = \"lease\"\n\
             lease = {{ usd_per_kw_month = 150, term_years = 10, tenant = \"{tenant}\" }}\n\
             tenant_credit = {{ hazard_per_year = {hazard} }}\n\n"
        )
    };
    let site = |name: &str| {
        format!(
            "[[sites]]\nname = \"{name}\"\nmw_gross = 20\npower = {{ contract = \"fixed\", price_usd_per_mwh = 30 }}\n\n"
        )
    };
    let text = format!(
        "[company]\nname = \"two tenants\"\nstart_date = \"2025-06-30\"\nhorizon_years = 3\ndiscount_rate = 0.1\n\n\
         {}{}{}{}[[plans]]\nname = \"both\"\nkind = \"as_written\"\n\n\
         [[plans]]\nname = \"without x\"\nkind = \"keep_mining\"\nsite = \"a\"\n",
        site("a"),
        site("b"),
        lease("x", "a", "Alpha", 0.0),
        lease("y", "b", "Beta", 0.4),
    );
    let d = decision(&text);
    let ev = Evaluator::new(
        &d,
        PathSettings {
            paths: 200,
            seed: 11,
        },
    );
    let (both, without) = (ev.npvs(0, &[]).unwrap(), ev.npvs(1, &[]).unwrap());
    let deltas: Vec<f64> = both
        .iter()
        .zip(without.iter())
        .map(|(a, b)| a - b)
        .collect();
    for (i, dlt) in deltas.iter().enumerate() {
        assert!(
            (dlt - deltas[0]).abs() <= 1e-6 * deltas[0].abs(),
            "path {i}: {dlt} vs {}",
            deltas[0]
        );
    }
    // Beta defaults on some paths and not on others: the check above could fail.
    let (lo, hi) = both
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(*x), h.max(*x))
        });
    assert!(hi - lo > 1e6, "{lo} .. {hi}");
}

#[test]
fn the_conventions_inputs_start_from_the_resolved_values_and_move_the_lease() {
    // The plans example states no class rates, no residual and no tenant credit table: each input starts from
    // the value the scenario resolves (the company rate 12%, the default renewal 0.5, re-let 0.7, vacancy 12
    // months) and its table is made when a move needs it.
    let d = plans();
    let lease = d.index_of("lease from 2027-01").unwrap();
    let ev = Evaluator::new(&d, PathSettings { paths: 30, seed: 5 });
    let keys = [
        "discount_rate_contracted",
        "discount_rate_mining",
        "discount_rate_gpu_cloud",
        "renewal_probability",
        "relet_share",
        "vacancy_months",
        "exit_value",
        "cap_rate",
    ];
    let inputs: Vec<_> = keys.iter().map(|k| decide::input(k).unwrap()).collect();
    let t = decide::tornado(&ev, lease, Some(0), Some(&inputs), &[]).unwrap();
    let bar = |k: &str| {
        t.bars
            .iter()
            .find(|b| b.input == k)
            .unwrap_or_else(|| panic!("{k}: {:?}", t.skipped))
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    let c = bar("discount_rate_contracted");
    assert!(close(c.current, 0.12) && close(c.low, 0.10) && close(c.high, 0.14));
    // A higher rate on the lease's flows lowers the lease against keep mining (which has no contracted flows).
    assert!(c.at_high_usd < c.at_low_usd, "{c:?}");
    let r = bar("renewal_probability");
    assert_eq!((r.current, r.low, r.high), (0.5, 0.25, 0.75));
    // The 10-year lease from 2028 outlives the 10-year horizon: no renewal falls inside it, so no swing (the
    // residual table the move wrote is a valid renewal: the plan's scenario passed its checks).
    assert_eq!(r.swing_usd, 0.0, "{r:?}");
    let s = bar("relet_share");
    assert!(close(s.current, 0.7) && close(s.low, 0.5) && close(s.high, 0.9));
    assert!(s.at_high_usd > s.at_low_usd, "{s:?}");
    let v = bar("vacancy_months");
    assert_eq!((v.current, v.low, v.high), (12.0, 6.0, 18.0));
    assert!(v.at_high_usd < v.at_low_usd, "{v:?}");
    // Mining is in both plans: its rate moves the difference too (mining stops in the lease plan).
    assert!(bar("discount_rate_mining").swing_usd > 0.0);
    assert!(bar("discount_rate_gpu_cloud").current == 0.12);
    // No exit value or cap rate written: skipped and said so.
    let skipped: Vec<&str> = t.skipped.iter().map(|s| s.input.as_str()).collect();
    assert_eq!(skipped, ["exit_value", "cap_rate"]);
    // A breakeven on the contracted rate: the rate at which the lease is worth keep mining, or none in range.
    let b = decide::breakeven(&ev, lease, Some(0), inputs[0], None, None).unwrap();
    assert!(
        b.value.is_some() || b.answer.starts_with("no breakeven in range"),
        "{}",
        b.answer
    );
}

#[test]
fn the_renewal_probability_moves_a_lease_that_ends_inside_the_horizon() {
    // A 2-year lease in a 4-year horizon, no residual written (the default renewal at 0.5): a higher renewal
    // probability is worth more rent after the term.
    let text = "[company]\nname = \"r\"\nstart_date = \"2025-06-30\"\nhorizon_years = 4\ndiscount_rate = 0.1\n\n\
                [[sites]]\nname = \"a\"\nmw_gross = 20\npower = { contract = \"fixed\", price_usd_per_mwh = 30 }\n\n\
                [[conversions]]\nname = \"x\"\nsite = \"a\"\nstart_month = \"2025-08\"\nmw_it = 10\npue = 1.2\n\
                capex_usd_per_mw_it = 0\nuse = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 2 }\n";
    let d = decision(text);
    let ev = Evaluator::new(&d, PathSettings { paths: 4, seed: 1 });
    let p = decide::input("renewal_probability").unwrap();
    let t = decide::tornado(&ev, 0, None, Some(&[p]), &[]).unwrap();
    let b = &t.bars[0];
    assert_eq!((b.current, b.low, b.high), (0.5, 0.25, 0.75));
    // 0.5 × 10 MW × 150 USD/kW-month × 12 × about 1.5 years after the term: millions, not cents.
    assert!(b.at_high_usd - b.at_low_usd > 1e6, "{b:?}");
}
