//! `hashpivot network fit`: the hashrate supply response fitted to the bundled history, with its in-sample and
//! out-of-sample errors.

use crate::datasets;
use crate::output::{Table, num, print, print_json, sig};
use anyhow::Result;
use hashpivot::network::fit::{default_fit, efficiency_taper_per_year, valuation_fit};

pub fn run(json: bool) -> Result<()> {
    let history = datasets::bundled_network()?;
    let asics = hashpivot::data::bundled_asics()?;
    let f = default_fit(&history, &asics)?;
    let v = valuation_fit(&history, &asics)?;
    let taper = efficiency_taper_per_year(&asics);
    if json {
        return print_json(&serde_json::json!({
            "validation": f,
            "valuation_default": v,
            "projection_efficiency_taper_per_year": taper,
        }));
    }
    let p = &f.params;
    let mut out = format!(
        "Supply response fitted on {}..{} (bundled network history), tested on {}..{}\n\n\
         g = base + elasticity × ln(revenue / power cost of the marginal fleet, {} months earlier), per year\n\n",
        f.fit_months.0, f.fit_months.1, f.test_months.0, f.test_months.1, p.lag_months
    );
    let mut t = Table::new(["parameter", "value", "basis"]);
    t.row([
        "base_growth_per_year".to_string(),
        num(p.base_growth_per_year, 2),
        "fitted (12-month recursive forecasts from every fit month)".into(),
    ]);
    t.row([
        "elasticity_per_year".to_string(),
        num(p.elasticity_per_year, 2),
        "fitted".into(),
    ]);
    t.row([
        "lag_months".to_string(),
        p.lag_months.to_string(),
        "fitted (0–12)".into(),
    ]);
    t.row([
        "efficiency_gain_per_year".to_string(),
        num(p.efficiency_gain_per_year, 3),
        "trend of the best air-cooled J/TH per release year, ASIC library 2016–2022 (a gain fitted to taper \
         fails this test: error 0.272)"
            .into(),
    ]);
    t.row([
        "marginal fleet".to_string(),
        format!(
            "{} J/TH in {}, {} USD/MWh",
            num(f.reference_j_per_th, 1),
            f.reference_month,
            num(f.reference_power_usd_per_mwh, 0)
        ),
        "reference (its level is absorbed by the base growth)".into(),
    ]);
    t.row([
        "volatility_per_year".to_string(),
        num(f.volatility_per_year, 2),
        "one-step residuals over the fit months, ×√12".into(),
    ]);
    out.push_str(&t.render());
    out.push_str(&format!(
        "\nmean absolute log error: in sample (12-month forecasts) {} · out of sample ({}..{}, one recursive forecast driven by the actual BTC price, subsidy and fees) {}\n\n",
        num(f.in_sample_male_12m, 3),
        f.test_months.0,
        f.test_months.1,
        num(f.out_of_sample_male, 3)
    ));
    let mut t = Table::new(["month", "forecast EH/s", "actual EH/s"]);
    for (m, fc, a) in f
        .test_forecast
        .iter()
        .filter(|(m, ..)| m.ends_with("-06") || m.ends_with("-12"))
    {
        t.row([m.clone(), sig(*fc, 4), sig(*a, 4)]);
    }
    out.push_str(&t.render());
    let vp = &v.params;
    out.push_str(&format!(
        "\nValuation default (the scenarios' `supply_response` when not stated): the same method re-fitted on all \
         the bundled months {}..{} (efficiency gain from the ASIC library 2016–2025), as is usual once a method \
         has passed its out-of-sample test: base {} · elasticity {} · lag {} months · efficiency gain {} · \
         volatility {} · in-sample error {}. Over the projection the gain tapers by {} a year (the library's \
         trend slowed from the 2016–2022 to the 2019–2025 releases); a company's replacement machines follow the \
         same efficiency rule.\n",
        v.fit_months.0,
        v.fit_months.1,
        num(vp.base_growth_per_year, 2),
        num(vp.elasticity_per_year, 2),
        vp.lag_months,
        num(vp.efficiency_gain_per_year, 3),
        num(v.volatility_per_year, 2),
        num(v.in_sample_male_12m, 3),
        taper.map_or("-".into(), |t| num(t, 3)),
    ));
    print(&out)
}
