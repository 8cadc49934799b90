//! Tenant credit, residual value, inline ramps and stranded-ASIC resale, through `parse_scenario` and the
//! engine: each figure worked out by hand in the comments.

use crate::common::{base_case, parse, parse_result, prepare};
use hashpivot::assumption::{Assumption, Basis};
use hashpivot::scenario::Scenario;
use hashpivot::sim::{self, MonthRecord};

/// A 100 MW site (with `site` lines) and one 50 MW IT lease `l` from 2026-02 (month 1) with `terms` after
/// `use = "lease"`, over 5 years at 10%; delivered at once (no build months) unless the terms have a ramp.
fn lease(site: &str, terms: &str) -> String {
    let build = if terms.contains("ramp") {
        ""
    } else {
        "build_months = 0\n"
    };
    format!(
        "[company]\nname = \"c\"\nhorizon_years = 5\ndiscount_rate = 0.1\n\n[[sites]]\nname = \"s\"\nmw_gross = 100\n\
         power = {{ contract = \"fixed\", price_usd_per_mwh = 40.0 }}\n{site}\n[[conversions]]\nname = \"l\"\n\
         site = \"s\"\nstart_month = \"2026-02\"\nmw_it = 50\npue = 1.2\ncapex_usd_per_mw_it = 0.0\n{build}use = \"lease\"\n{terms}"
    )
}

/// $100/kW-month × 50,000 kW = $5M a month, level, for `years`.
fn level(years: u32, more: &str) -> String {
    format!("lease = {{ usd_per_kw_month = 100.0, term_years = {years}{more} }}\n")
}

/// The `lease` of a level rent (`level(years, more)`) with `terms` after it, on a site with nothing else.
fn level_lease(years: u32, more: &str, terms: &str) -> String {
    lease("", &(level(years, more) + terms))
}

/// The assumption named `name` among those the scenario lists.
fn assumption(sc: &Scenario, name: &str) -> Assumption {
    sc.assumptions()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no assumption named {name}"))
}

/// The site's lease rent collected in months 0..=60 of a run whose tenant defaults in build-start month
/// `default` (`None`: the base case).
fn rent(text: &str, default: Option<usize>) -> Vec<f64> {
    let sc = parse(text);
    let p = prepare(&sc);
    let rows = match default {
        Some(t) => sim::run_base_case_with_tenant_defaults(&p, &[Some(t)]).1,
        None => sim::run_base_case(&p).1,
    };
    site_rows(&rows)
        .iter()
        .map(|r| r.hosting_lease_usd)
        .collect()
}

fn site_rows(rows: &[MonthRecord]) -> Vec<&MonthRecord> {
    rows.iter().filter(|r| r.site == "s").collect()
}

#[test]
fn a_capped_backstop_pays_min_of_the_cap_and_the_remaining_rent() {
    // Worked example: the tenant stops paying in month 13; 48 months of $5M remain ($240M). A $12.5M cap pays
    // months 13 and 14 in full and $2.5M of month 15, then nothing (re-let share 0): min($12.5M, $240M).
    let text = level_lease(
        5,
        ", backstop = { guarantor = \"g\", amount_usd = 12.5e6 }",
        "tenant_credit = { hazard_per_year = 0.1, relet_share = 0.0 }\n",
    );
    let r = rent(&text, Some(13));
    assert_eq!(r.len(), 61);
    assert!(r[1..=12].iter().all(|x| *x == 5e6), "{r:?}");
    assert_eq!((r[13], r[14], r[15], r[16]), (5e6, 5e6, 2.5e6, 0.0));
    assert_eq!(r[13..].iter().sum::<f64>(), 12.5e6);
    // A cap above the remaining rent pays exactly the remaining rent: $240M.
    let r = rent(&text.replace("12.5e6", "1e12"), Some(13));
    assert_eq!(r[13..].iter().sum::<f64>(), 240e6);
    // `full_base_term = true` caps at the whole base-term rent ($300M): the remaining $240M again.
    let full = text.replace("amount_usd = 12.5e6", "full_base_term = true");
    assert_eq!(rent(&full, Some(13))[13..].iter().sum::<f64>(), 240e6);
}

#[test]
fn a_defaulted_lease_is_re_let_after_the_vacancy_at_the_stressed_share() {
    // No backstop: default in month 13, 6 empty months (13..=18), then 60% of $5M = $3M from month 19.
    let text = level_lease(
        5,
        "",
        "tenant_credit = { hazard_per_year = 0.1, vacancy_months = 6, relet_share = 0.6 }\n",
    );
    let r = rent(&text, Some(13));
    assert_eq!(r[12], 5e6);
    assert!(r[13..=18].iter().all(|x| *x == 0.0), "{r:?}");
    assert!(r[19..=60].iter().all(|x| (x - 3e6).abs() < 1e-6), "{r:?}");
    // The defaults when left out: 12 months, 70%.
    let text = level_lease(5, "", "tenant_credit = { hazard_per_year = 0.1 }\n");
    let r = rent(&text, Some(13));
    assert_eq!((r[24], r[25]), (0.0, 0.7 * 5e6));
}

#[test]
fn residual_value_adds_the_stated_value() {
    // A level lease of `years` whose tenant never defaults, with `residual` after it.
    let sound = |years: u32, residual: &str| {
        level_lease(
            years,
            "",
            &format!("tenant_credit = {{ hazard_per_year = 0.0 }}\n{residual}"),
        )
    };
    // Renewal: a 3-year term, then half the time at $80/kW-month: 0.5 × 80 × 50,000 = $2M a month.
    let text = sound(
        3,
        "residual = { method = \"renewal\", probability = 0.5, usd_per_kw_month = 80.0 }\n",
    );
    let r = rent(&text, None);
    assert_eq!(r[36], 5e6);
    assert!(r[37..=60].iter().all(|x| *x == 2e6), "{r:?}");
    // Without it, the default renewal: 0.5 at the contract's first-year rent, $2.5M a month.
    let r = rent(&sound(3, ""), None);
    assert!(r[37..=60].iter().all(|x| *x == 2.5e6), "{r:?}");
    let none = sound(3, "residual = { method = \"none\" }\n");
    assert!(rent(&none, None)[37..].iter().all(|x| *x == 0.0));
    // An exit value: 50 MW × $2M at the horizon, in the terminal value.
    let (s, _) = base_case(&sound(
        10,
        "residual = { method = \"exit_value\", usd_per_mw_it = 2e6 }\n",
    ));
    assert_eq!(s.terminal_value_usd, 100e6);
    let (s0, _) = base_case(&sound(10, ""));
    assert_eq!(s0.terminal_value_usd, 0.0);
    assert!(((s.npv_usd - s0.npv_usd) / (100e6 / 1.1f64.powi(5)) - 1.0).abs() < 1e-9);
    // A cap rate: the last 12 months' NOI ($60M at NOI 100%) / 8% = $750M.
    let (s, _) = base_case(&sound(
        10,
        "residual = { method = \"cap_rate\", cap_rate = 0.08 }\n",
    ));
    assert!(
        (s.terminal_value_usd - 750e6).abs() < 1e-3,
        "{}",
        s.terminal_value_usd
    );
}

#[test]
fn a_sale_at_the_horizon_with_a_company_terminal_value_is_refused() {
    let text = level_lease(10, "", "residual = { method = \"exit_value\", usd_per_mw_it = 2e6 }\n")
    .replace(
        "discount_rate = 0.1\n",
        "discount_rate = 0.1\nterminal_value = { method = \"exit_multiple\", ebitda_multiple = 8 }\n",
    );
    let e = parse_result(&text).unwrap_err();
    assert_eq!(e.issues.len(), 1, "{e}");
    assert_eq!(e.issues[0].path, "conversions[0].residual");
}

#[test]
fn an_inline_ramp_delivers_rent_by_tranche() {
    // 20 MW from 2026-04 (month 3: the build is 2 months), 30 MW more from 2026-10 (month 9), $100/kW-month.
    let text = level_lease(
        5,
        ", ramp = [{ month = \"2026-04\", mw_it = 20 }, { month = \"2026-10\", mw_it = 30 }]",
        "tenant_credit = { hazard_per_year = 0.0 }\n",
    );
    let sc = parse(&text);
    assert_eq!(sc.conversions()[0].build_months(), 2);
    let r = rent(&text, None);
    assert_eq!((r[1], r[2]), (0.0, 0.0));
    assert!(r[3..=8].iter().all(|x| *x == 2e6), "{r:?}");
    assert!(r[9..=60].iter().all(|x| *x == 5e6), "{r:?}");
    // Tranches that do not add up to the conversion's MW are refused, naming the field.
    let bad = text.replace("mw_it = 30 }", "mw_it = 20 }");
    let e = parse_result(&bad).unwrap_err();
    assert_eq!(e.issues[0].path, "conversions[0].lease.ramp");
}

#[test]
fn a_conversion_sells_the_asics_it_displaces() {
    // An 80 MW fleet (4 EH/s at 20 J/TH) on the 100 MW site; the lease takes 60 MW gross, so 40 MW of ASICs
    // (half the fleet, 2,000,000 TH/s) are sold at $4/TH at the build start: $8M at month 0.
    let text = lease(
        "fleet = { eh_s = 4.0, j_per_th = 20.0 }\n",
        &(level(5, "") + "asic_resale_usd_per_th = 4.0\n"),
    );
    let sc = parse(&text);
    assert!((sc.conversions()[0].asic_resale_usd() - 8e6).abs() < 1e-3);
    let (_, rows) = sim::run_base_case(&prepare(&sc));
    assert!((site_rows(&rows)[0].capex_usd + 8e6).abs() < 1e-3);
    // The default price is compare's ($5/TH), listed as a default with its basis.
    let sc = parse(&text.replace("asic_resale_usd_per_th = 4.0\n", ""));
    assert!((sc.conversions()[0].asic_resale_usd() - 10e6).abs() < 1e-3);
    let resale = assumption(&sc, "conversions[l].asic_resale_usd_per_th");
    assert_eq!(resale.value, 5.0);
    assert!(resale.is_default());
}

#[test]
fn the_tenant_hazard_and_credit_defaults_are_listed_with_their_basis() {
    // A CoreWeave deal: the tenant table's hazard (S&P B+ → B, 19.5% over 10 years → 2.14% a year).
    let sc = parse(&lease("", "deal = \"corz-cw-200\"\n"));
    let h = assumption(&sc, "conversions[l].tenant_credit.hazard_per_year");
    assert!((h.value - (1.0 - 0.805f64.powf(0.1))).abs() < 1e-12);
    assert_eq!(
        h.basis,
        Basis::Library {
            entry: "tenants:CoreWeave".into()
        }
    );
    let a = sc.assumptions();
    let names: Vec<&str> = a.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"conversions[l].tenant_credit.vacancy_months"),
        "{names:?}"
    );
    assert!(
        names.contains(&"conversions[l].tenant_credit.relet_share"),
        "{names:?}"
    );
    // An inline lease naming no tenant: the neocloud class, a default with its reason.
    let sc = parse(&level_lease(5, "", ""));
    let h = assumption(&sc, "conversions[l].tenant_credit.hazard_per_year");
    match &h.basis {
        Basis::Default { reason } => assert!(
            reason.starts_with("no tenant named: class neocloud"),
            "{reason}"
        ),
        b => panic!("{b:?}"),
    }
    // A Google-backstopped Fluidstack deal: the cap scaled to the conversion's MW, from the deal library.
    let sc = parse(&lease("", "deal = \"cifr-fluidstack\"\n"));
    let cap = assumption(&sc, "conversions[l].backstop.amount_usd");
    assert!(
        (cap.value - 1.4e9 * 50.0 / 168.0).abs() < 1.0,
        "{}",
        cap.value
    );
}
