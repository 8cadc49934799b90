//! Issue 9's valuation conventions end to end: the adjusted present value (unlevered flows at the class rates
//! plus the debt's tax shield at the debt's rate), NPV by class adding up to the NPV, accrual EBITDA, and the
//! leverage uplift of the Galaxy example.

use crate::common::{base_case, ctx, gbm_market, one_site, parse};
use hashpivot::finance::loan::effective_annual_rate;
use hashpivot::finance::npv;
use hashpivot::sim::{self, NPV_CLASSES, Prepared};

fn company_rows(rows: &[sim::MonthRecord]) -> Vec<&sim::MonthRecord> {
    rows.iter().filter(|r| r.site == "company").collect()
}

/// A 50 MW IT lease built for 8 M USD per MW over 6 months, taxed at 21%, valued at 10%, contracted rent at 7%.
fn lease() -> String {
    one_site(
        "name = \"apv\"\nstart_date = \"2025-06-30\"\nhorizon_years = 8\ndiscount_rate = 0.10\n\
         discount_rates = { contracted = 0.07 }\ntax_rate = 0.21",
        100,
        r#"
[[conversions]]
name = "l"
site = "s"
start_month = "2025-08"
mw_it = 50
pue = 1.2
capex_usd_per_mw_it = 8e6
build_months = 6
use = "lease"
lease = { usd_per_kw_month = 150.0, term_years = 10, escalator_per_year = 0.02, noi_margin = 0.8 }
"#,
    )
}

const LOAN: &str =
    "\n[[loans]]\nconversion = \"l\"\nloan_to_cost = 0.8\nrate = 0.08\ntenor_years = 10\n";

#[test]
fn levered_npv_is_the_unlevered_npv_plus_the_tax_shield_at_the_debt_rate() {
    let (u, urows) = base_case(&lease());
    let (l, lrows) = base_case(&(lease() + LOAN));
    // Borrowing moves no operating or corporate flow: the tax the company would pay unlevered is the same.
    let (ua, la) = (u.npv_by_class_usd, l.npv_by_class_usd);
    assert_eq!(ua.contracted_usd, la.contracted_usd);
    assert_eq!(ua.corporate_usd, la.corporate_usd);
    assert_eq!(ua.debt_usd, 0.0);
    assert_eq!(ua.tax_shield_usd, 0.0);
    // The tax shield, computed here from the two runs' monthly tax, at the loan's effective rate (8% a year
    // compounded monthly: 8.30%).
    let shield: Vec<f64> = company_rows(&urows)
        .iter()
        .zip(company_rows(&lrows))
        .map(|(u, l)| u.tax_usd - l.tax_usd)
        .collect();
    let rate = effective_annual_rate(0.08);
    let pv_shield = npv(rate, &shield).unwrap();
    assert!(pv_shield > 1e6, "{pv_shield}");
    assert!(
        (la.tax_shield_usd / pv_shield - 1.0).abs() < 1e-9,
        "{} vs {pv_shield}",
        la.tax_shield_usd
    );
    // The loan at par is worth nothing at its own rate (drawn 320 M).
    assert!(la.debt_usd.abs() < 1e-9 * 320e6, "{}", la.debt_usd);
    // APV: levered = unlevered + PV(tax shield).
    assert!(
        (l.npv_usd - (u.npv_usd + pv_shield)).abs() < 1e-9 * u.npv_usd.abs(),
        "{} vs {} + {pv_shield}",
        l.npv_usd,
        u.npv_usd
    );
    // The equity flows still carry the loan: month 1's draw is 80% of its capex.
    let m1 = company_rows(&lrows)[1];
    assert!((m1.loan_draws_usd - 0.8 * m1.capex_usd).abs() < 1e-6);
}

#[test]
fn contracted_flows_are_discounted_at_the_contracted_rate() {
    // Everything at 10%, then rent at 7%: only the contracted class moves, and it rises.
    let all_at_ten = lease().replace("discount_rates = { contracted = 0.07 }\n", "");
    let (a, _) = base_case(&all_at_ten);
    let (b, rows) = base_case(&lease());
    assert_eq!(
        a.npv_by_class_usd.corporate_usd,
        b.npv_by_class_usd.corporate_usd
    );
    assert!(b.npv_by_class_usd.contracted_usd > a.npv_by_class_usd.contracted_usd);
    // The contracted class at 7% is the lease's own flows (rent − NOI costs − build) at 7%.
    let lease: Vec<f64> = company_rows(&rows)
        .iter()
        .map(|r| r.ebitda_usd - r.capex_usd)
        .collect();
    let expect = npv(0.07, &lease).unwrap();
    assert!(
        (b.npv_by_class_usd.contracted_usd / expect - 1.0).abs() < 1e-12,
        "{} vs {expect}",
        b.npv_by_class_usd.contracted_usd
    );
}

fn example(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn npv_by_class_adds_up_to_the_npv_on_every_path() {
    for name in ["iren", "pure_miner", "terawulf"] {
        let sc = parse(&example(name));
        let p = Prepared::new(&sc, ctx().power).unwrap();
        let (report, _) = sim::run(&p, 8, 7, false, &|| {});
        for path in &report.paths {
            let sum = path.npv_by_class_usd.total();
            assert!(
                (sum - path.npv_usd).abs() <= 1e-9 * path.npv_usd.abs().max(1.0),
                "{name}: {sum} vs {}",
                path.npv_usd
            );
        }
        let s = &report.summary;
        assert_eq!(s.npv_by_class_usd.len(), NPV_CLASSES.len());
        let mean_sum: f64 = s.npv_by_class_usd.iter().map(|c| c.mean_usd).sum();
        assert!(
            (mean_sum - s.npv_usd.mean).abs() <= 1e-9 * s.npv_usd.mean.abs().max(1.0),
            "{name}: {mean_sum} vs {}",
            s.npv_usd.mean
        );
        let base_sum: f64 = s.npv_by_class_usd.iter().map(|c| c.base_usd).sum();
        assert!((base_sum - report.base_npv_usd).abs() <= 1e-9 * report.base_npv_usd.abs());
    }
}

#[test]
fn a_prepayment_is_revenue_over_the_contract_on_the_accrual_basis() {
    // IREN: the Microsoft contract's 20% prepayment (0.2 × 9.7 B) is cash in year 1; on the accrual basis it
    // is spread over the 60 contract months, so year-1 accrual EBITDA is lower by the deferred part.
    let (s, _) = base_case(&example("iren"));
    let cash_y1 = s.ebitda_usd_by_year[0];
    let accrual_y1 = s.ebitda_accrual_usd_by_year[0];
    assert!(cash_y1 - accrual_y1 > 1.5e9, "{cash_y1} vs {accrual_y1}");
    // Over the horizon (the contract ends within it) the two bases book the same revenue.
    let total = |v: &[f64]| v.iter().sum::<f64>();
    let (c, a) = (
        total(&s.ebitda_usd_by_year),
        total(&s.ebitda_accrual_usd_by_year),
    );
    assert!((c - a).abs() < 1e-6 * c.abs(), "{c} vs {a}");
}

#[test]
fn borrowing_adds_only_its_tax_shield_to_the_galaxy_example() {
    // Galaxy Helios: 80% loan-to-cost at 8%. Before issue 9 the levered equity flows were discounted at the
    // equity rate, so the loan added value by construction (base case 2,609.4 → 3,041.0 M, +16.5%); now the loan
    // is worth nothing at its own rate and the uplift is the interest tax shield alone.
    let text = example("galaxy_helios");
    let loan = text.find("[[loans]]").unwrap();
    let end = text[loan..].find("\n\n").map_or(text.len(), |e| loan + e);
    let unlevered = format!("{}{}", &text[..loan], &text[end..]);
    assert!(!unlevered.contains("[[loans]]"));
    let (l, _) = base_case(&text);
    let (u, _) = base_case(&unlevered);
    let uplift = l.npv_usd - u.npv_usd;
    let shield = l.npv_by_class_usd.tax_shield_usd;
    assert!(l.npv_by_class_usd.debt_usd.abs() < 1e-6 * 1e9);
    assert!(
        (uplift - shield).abs() < 1e-9 * u.npv_usd.abs(),
        "{uplift} vs {shield}"
    );
    // The shield: 21% of the interest on a loan of about 80% of the build, at the loan's rate.
    assert!(
        shield > 100e6 && shield < 0.2 * u.npv_usd,
        "{shield} of {}",
        u.npv_usd
    );
}

#[test]
fn the_median_case_grows_btc_at_mu_less_half_sigma_squared() {
    let text = one_site(
        "name = \"miner\"\nstart_date = \"2025-06-30\"\nhorizon_years = 2\ndiscount_rate = 0.1",
        30,
        "fleet = { eh_s = 1.0, j_per_th = 20.0 }\n",
    ) + &gbm_market((0.1, 0.5), (0.0, 0.0));
    let sc = parse(&text);
    let p = Prepared::new(&sc, ctx().power).unwrap();
    let (report, _) = sim::run(&p, 4, 1, false, &|| {});
    let c = &report.summary.cases;
    // Base: 100,000 · e^(0.1 · 2); median: 100,000 · e^((0.1 − 0.125) · 2).
    assert!((c.base.final_btc_usd / (1e5 * 0.2f64.exp()) - 1.0).abs() < 1e-12);
    assert!((c.median.final_btc_usd / (1e5 * (-0.05f64).exp()) - 1.0).abs() < 1e-12);
    assert!((c.base.btc_log_growth_per_year - 0.1).abs() < 1e-12);
    assert!((c.median.btc_log_growth_per_year + 0.025).abs() < 1e-12);
    assert!(c.median.npv_usd < c.base.npv_usd);
    assert_eq!(c.base.npv_usd, report.base_npv_usd);
    assert!(
        c.note.contains("−2.5%/yr") || c.note.contains("-2.5%/yr"),
        "{}",
        c.note
    );
}
