//! `hashpivot network energy --date D | --year Y`: the network's power draw and yearly electricity use from
//! hashrate × the ASIC library's efficiency mix (lower bound, best guess, upper bound), against published
//! estimates.

use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::{Result, bail};
use hashpivot::Date;
use hashpivot::network::energy::{
    BEST_GUESS_YEARS, PROFITABILITY_USD_PER_MWH, YearEnergy, day_energy, year_energy,
};
use hashpivot_report::figures::ENERGY;

#[derive(Debug, clap::Args)]
pub struct EnergyArgs {
    /// A UTC day, YYYY-MM-DD: the power draw that day (7-day mean hashrate).
    #[arg(long, conflicts_with = "year")]
    pub date: Option<String>,
    /// A calendar year: its TWh. Without --date or --year: every complete year from 2016.
    #[arg(long)]
    pub year: Option<i32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write an HTML report: TWh by year (lower, best guess, upper) with the published estimates as points; not with --date.
    #[arg(long, value_name = "FILE", conflicts_with = "date")]
    pub report: Option<std::path::PathBuf>,
}

fn method() -> String {
    format!(
        "Method: hashrate × J/TH of the ASIC library as released by each day (rated power at the wall, no PUE). \
         Lower: the most efficient model. Upper: the least efficient model still earning more than its power at \
         {} USD/MWh (CBECI's default 0.05 USD/kWh, archive.is/4wYNe). Best guess: the mean of the profitable \
         models released in the last {} years, equally weighted (CBECI's original rule).\n",
        PROFITABILITY_USD_PER_MWH, BEST_GUESS_YEARS
    )
}

pub fn run(a: &EnergyArgs) -> Result<()> {
    let history = datasets::network()?;
    let asics = hashpivot::data::bundled_asics()?;
    let published = hashpivot::data::bundled_energy_estimates()?;
    if let Some(d) = &a.date {
        let date = Date::parse(d)?;
        let e = day_energy(
            &history,
            &hashpivot::data::bundled_retargets()?,
            &asics,
            date,
        )?;
        let pubs: Vec<_> = published
            .dates
            .iter()
            .filter(|p| p.date == date.to_string())
            .collect();
        if a.json {
            return print_json(&serde_json::json!({ "day": e, "published": pubs }));
        }
        let mut t = Table::new(["", "J/TH", "GW", "TWh/yr annualised"]);
        for (name, j, gw) in [
            ("lower bound", e.mix.lower_j_per_th, e.gw_lower),
            ("best guess", e.mix.best_j_per_th, e.gw_best),
            ("upper bound", e.mix.upper_j_per_th, e.gw_upper),
        ] {
            t.row([name.to_string(), num(j, 1), num(gw, 2), num(gw * 8.76, 1)]);
        }
        let mut out = format!(
            "Network power on {date}: {} EH/s ({}), hashprice {} USD/PH/day\n\n",
            num(e.hashrate.eh_s, 1),
            e.hashrate.basis,
            num(e.hashprice_usd_per_ph_day, 2)
        );
        out.push_str(&t.render());
        for p in pubs {
            out.push_str(&format!(
                "\nPublished: {} GW (lower {}, upper {}) — {}, {}\n",
                p.gw_best, p.gw_lower, p.gw_upper, p.publisher, p.source
            ));
        }
        out.push('\n');
        out.push_str(&method());
        return print(&out);
    }
    let years: Vec<i32> = match a.year {
        Some(y) => vec![y],
        None => (2016..=2025).collect(),
    };
    let rows: Vec<YearEnergy> = years
        .iter()
        .map(|y| year_energy(&history, &asics, *y))
        .collect::<hashpivot::Result<_>>()?;
    if rows.is_empty() {
        bail!("no year");
    }
    let out_rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let pubs: Vec<serde_json::Value> = published
                .of_year(r.year)
                .into_iter()
                .map(|p| {
                    serde_json::json!({
                        "twh": p.twh, "publisher": p.publisher, "source": p.source,
                        "best_over_published": r.twh_best / p.twh,
                    })
                })
                .collect();
            serde_json::json!({ "energy": r, "published": pubs })
        })
        .collect();
    let json = serde_json::json!({ "years": out_rows });
    let mut t = Table::new([
        "year",
        "EH/s",
        "TWh lower",
        "TWh best",
        "TWh upper",
        "best J/TH",
        "published TWh",
        "best / published",
    ]);
    let mut sources = String::new();
    for r in &rows {
        let p = published.of_year(r.year);
        t.row([
            r.year.to_string(),
            num(r.mean_hashrate_eh_s, 1),
            num(r.twh_lower, 1),
            num(r.twh_best, 1),
            num(r.twh_upper, 1),
            num(r.best_j_per_th, 1),
            p.first().map_or("-".into(), |p| num(p.twh, 1)),
            p.first().map_or("-".into(), |p| num(r.twh_best / p.twh, 2)),
        ]);
        for p in p {
            sources.push_str(&format!(
                "- {}: {} TWh, {} — {}\n",
                r.year, p.twh, p.publisher, p.source
            ));
        }
        if r.days_before_library > 0 {
            sources.push_str(&format!(
                "- {}: {} days before the library's first release use the earliest model (a lower bound)\n",
                r.year, r.days_before_library
            ));
        }
    }
    let mut out = t.render();
    out.push('\n');
    out.push_str(&method());
    if !sources.is_empty() {
        out.push_str("\nPublished estimates and notes:\n");
        out.push_str(&sources);
    }
    let subject = match (years.first(), years.last()) {
        (Some(f), Some(l)) if f != l => format!("{f}–{l}"),
        (Some(f), _) => f.to_string(),
        _ => String::new(),
    };
    let report = a.report.as_deref().map(|p| (p, &ENERGY, subject.as_str()));
    super::report::figures_out(report, a.json, &json, &out)
}
