//! The run summary's lines on the replayed power years: each year, its price cap, whether it is a stress year,
//! its share of power costs and power sales, and a warning per revenue line one year dominates.

use crate::output::num;
use hashpivot::sim::PowerYears;

/// The power-years lines of the run summary.
pub fn render(p: &PowerYears) -> String {
    let pct = |v: f64| format!("{}%", num(100.0 * v, 0));
    let years: Vec<String> = p
        .years
        .iter()
        .map(|y| {
            format!(
                "{}{} (cap {}, costs {}, sales {})",
                y.year,
                if y.stress { " STRESS" } else { "" },
                y.cap_usd_per_mwh
                    .map_or("unknown".into(), |c| format!("${}", num(c, 0))),
                pct(y.power_costs_share),
                pct(y.power_sales_share),
            )
        })
        .collect();
    let mut out = format!(
        "power years replayed ({}; current ERCOT cap ${}/MWh): {}\n",
        if p.defaulted {
            "default: complete years under the current cap"
        } else {
            "as stated"
        },
        num(p.current_cap_usd_per_mwh, 0),
        years.join(" · ")
    );
    for y in p.years.iter().filter(|y| y.stress) {
        if let Some(n) = &y.note {
            out.push_str(&format!("  stress year {}: {n}\n", y.year));
        }
    }
    for w in &p.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}
