//! The report's HTML: the summary, the chart frames `charts.js` draws into, and the tables (power years,
//! assumptions, plans, breakevens). The same [`sections`] serve the report file and the dashboard.

use crate::data::{Plans, ReportData};
use hashpivot::assumption::Basis;
use hashpivot::sim::JsonSummary;
use std::fmt::Write;

/// `s` with the five characters HTML gives meaning escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `v` with `decimals` decimals and thousands separated by commas (`-1,234.5`); `-` for a non-finite value.
pub fn grouped(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut g = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            g.push(',');
        }
        g.push(c);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{g}")
    } else {
        format!("{sign}{g}.{frac}")
    }
}

/// USD in millions, one decimal.
pub fn musd(v: f64) -> String {
    grouped(v / 1e6, 1)
}

/// A share as a percentage with one decimal.
pub fn pct(v: f64) -> String {
    format!("{}%", grouped(100.0 * v, 1))
}

/// A chart frame: a titled figure whose `div` `charts.js` fills (`data-chart` names the chart).
pub fn chart(name: &str, title: &str, note: &str) -> String {
    format!(
        "<figure class=\"chart-box\"><figcaption>{}</figcaption><div class=\"chart\" data-chart=\"{}\"></div>{}</figure>\n",
        esc(title),
        esc(name),
        if note.is_empty() {
            String::new()
        } else {
            format!("<p class=\"note\">{}</p>", esc(note))
        }
    )
}

/// A table from a header and rows of cells (already escaped HTML); `align` has one letter per column, `l`
/// (text, left) or `r` (numbers, right).
pub fn table(head: &[&str], align: &str, rows: &[Vec<String>]) -> String {
    let class = |i: usize| {
        if align.as_bytes().get(i) == Some(&b'r') {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut t = String::from("<table><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let _ = write!(t, "<th{}>{}</th>", class(i), esc(h));
    }
    t.push_str("</tr></thead><tbody>");
    for r in rows {
        t.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(t, "<td{}>{c}</td>", class(i));
        }
        t.push_str("</tr>");
    }
    t.push_str("</tbody></table>\n");
    t
}

/// A number with at most four significant digits (grouped from 1,000 up).
pub fn sig4(v: f64) -> String {
    if v.abs() >= 1_000.0 || !v.is_finite() {
        return grouped(v, 0);
    }
    if v == 0.0 {
        return "0".into();
    }
    let decimals = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn irr_text(s: &JsonSummary, defined_share: f64) -> String {
    match s.irr_p50 {
        Some(irr) if defined_share < 1.0 => {
            format!(
                "{} (of the {} of paths with an IRR)",
                pct(irr),
                pct(defined_share)
            )
        }
        Some(irr) => pct(irr),
        None => format!("n/a ({} of paths have an IRR)", pct(defined_share)),
    }
}

/// The summary: NPV quantiles, CVaR, P(NPV < 0), IRR, the base and median cases. The P50 carries
/// `id="npv-p50"` and its exact value in `data-usd` (the dashboard's test reads it).
fn summary(d: &ReportData, s: &JsonSummary) -> String {
    let n = &s.npv_usd;
    let stat = |id: &str, label: &str, v: f64| {
        format!(
            "<div class=\"stat\"><div class=\"label\">{}</div><div class=\"value\" id=\"{id}\" data-usd=\"{v}\">{} M</div></div>",
            esc(label),
            musd(v)
        )
    };
    let mut out = String::from("<section id=\"summary\"><h2>Summary</h2><div class=\"stats\">");
    out.push_str(&stat("npv-p5", "NPV P5 (USD)", n.p5));
    out.push_str(&stat("npv-p50", "NPV P50 (USD)", n.p50));
    out.push_str(&stat("npv-p95", "NPV P95 (USD)", n.p95));
    out.push_str(&stat("npv-mean", "NPV mean (USD)", n.mean));
    out.push_str(&stat("cvar5", "CVaR 5% (USD)", s.cvar5_usd));
    let _ = write!(
        out,
        "<div class=\"stat\"><div class=\"label\">P(NPV &lt; 0)</div><div class=\"value\" id=\"prob-neg\">{}</div></div>\
         <div class=\"stat\"><div class=\"label\">IRR P50</div><div class=\"value\" id=\"irr-p50\">{}</div></div></div>",
        pct(s.prob_npv_negative),
        esc(&irr_text(s, d.irr_defined_share))
    );
    let c = &s.cases;
    out.push_str(&table(
        &[
            "case",
            "NPV (USD M)",
            "BTC at the horizon (USD)",
            "BTC growth per year",
        ],
        "lrrr",
        &[
            vec![
                "base case (expected path)".into(),
                musd(c.base.npv_usd),
                grouped(c.base.final_btc_usd, 0),
                pct(c.base.btc_log_growth_per_year),
            ],
            vec![
                "median case (median path)".into(),
                musd(c.median.npv_usd),
                grouped(c.median.final_btc_usd, 0),
                pct(c.median.btc_log_growth_per_year),
            ],
        ],
    ));
    let _ = writeln!(
        out,
        "<p class=\"note\">Why they differ: {}.</p></section>",
        esc(&c.note)
    );
    out
}

fn power_years(s: &JsonSummary) -> String {
    let Some(p) = &s.power_years else {
        return String::new();
    };
    let rows: Vec<Vec<String>> = p
        .years
        .iter()
        .map(|y| {
            vec![
                format!("{}{}", y.year, if y.stress { " (stress)" } else { "" }),
                y.cap_usd_per_mwh
                    .map_or("unknown".into(), |c| grouped(c, 0)),
                pct(y.power_costs_share),
                pct(y.power_sales_share),
                esc(y.note.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    let mut out = String::from("<section id=\"power-years\"><h2>Power years replayed</h2>");
    let _ = write!(
        out,
        "<p>{} ERCOT years replayed ({}); the current price cap is ${}/MWh ({}).</p>",
        p.years.len(),
        if p.defaulted {
            "default: complete years under the current cap"
        } else {
            "as stated in the file"
        },
        grouped(p.current_cap_usd_per_mwh, 0),
        esc(&p.current_cap_source)
    );
    out.push_str(&chart(
        "power_years",
        "Each replayed year's share of power costs and power sales",
        "",
    ));
    out.push_str(&table(
        &[
            "year",
            "price cap (USD/MWh)",
            "power costs",
            "power sales",
            "note",
        ],
        "lrrrl",
        &rows,
    ));
    for w in &p.warnings {
        let _ = write!(out, "<p class=\"warning\">Warning: {}</p>", esc(w));
    }
    out.push_str("</section>\n");
    out
}

fn assumptions(s: &JsonSummary) -> String {
    let rows: Vec<Vec<String>> = s
        .assumptions
        .iter()
        .map(|a| {
            let basis = match &a.basis {
                Basis::Stated => "stated in the file".to_string(),
                Basis::Library { entry } => format!("library: {entry}"),
                Basis::Default { reason } => format!("default: {reason}"),
            };
            let value = sig4(a.value);
            // A source is printed as text: the report links to nothing outside itself.
            vec![
                format!("<code>{}</code>", esc(&a.name)),
                esc(&value),
                esc(a.unit),
                esc(&basis),
                esc(a.source.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    let mut out =
        String::from("<section id=\"assumptions\"><h2>Assumptions, their bases and sources</h2>");
    out.push_str(&table(
        &["input", "value", "unit", "basis", "source"],
        "lrlll",
        &rows,
    ));
    out.push_str("</section>\n");
    out
}

/// The headers of a plan's NPV columns, in the plans table of this page and of the terminal's comparison:
/// the NPV's mean, P5, P50 and P95 and the mean of its worst 5% of paths (USD M), then the share of paths with
/// a negative NPV.
pub const NPV_COLUMNS: [&str; 6] = [
    "NPV mean (USD M)",
    "P5",
    "P50",
    "P95",
    "CVaR 5%",
    "P(NPV < 0)",
];

fn plans(p: &Plans) -> String {
    let c = &p.comparison;
    let mut out = format!(
        "<section id=\"plans\"><h2>Plans side by side</h2><p>{} plans on the same {} paths (seed {}), baseline <b>{}</b>.</p>",
        c.plans.len(),
        c.paths,
        c.seed,
        esc(&c.baseline)
    );
    let rows: Vec<Vec<String>> = c
        .plans
        .iter()
        .zip(&c.versus_baseline)
        .map(|(pl, d)| {
            let n = &pl.npv_usd;
            let mut row = vec![esc(&pl.plan)];
            row.extend([n.mean, n.p5, n.p50, n.p95, pl.cvar5_usd].map(musd));
            row.extend([pct(pl.prob_npv_negative), musd(d.delta_npv_usd.mean)]);
            row.push(pct(d.prob_beats_baseline));
            row
        })
        .collect();
    let head: Vec<&str> = ["plan"]
        .into_iter()
        .chain(NPV_COLUMNS)
        .chain(["ΔNPV mean", "P(beats baseline)"])
        .collect();
    out.push_str(&table(&head, "lrrrrrrrr", &rows));
    let _ = write!(out, "<p class=\"note\">{}</p>", esc(&c.recommendation.text));
    out.push_str(&chart(
        "plans_npv",
        "NPV of each plan (USD M): P5–P95, P50 and mean",
        "",
    ));
    out.push_str(&chart(
        "delta_npv",
        "ΔNPV against the baseline, path by path (USD M): P5–P95, P50 and mean",
        "",
    ));
    if let Some(t) = &p.tornado {
        out.push_str(&chart(
            "tornado",
            &format!("Tornado of the {} ({} paths)", t.measure, t.paths),
            "Each input moved alone to its low and high value on the same paths; bars from the value as written.",
        ));
    }
    if !p.breakevens.is_empty() {
        out.push_str("<h3>Breakevens</h3>");
        let rows: Vec<Vec<String>> = p
            .breakevens
            .iter()
            .map(|b| {
                vec![
                    esc(&b.label),
                    esc(&b.unit),
                    sig4(b.current),
                    b.value.map_or("none in range".into(), sig4),
                    esc(&b.answer),
                ]
            })
            .collect();
        out.push_str(&table(
            &["input", "unit", "as written", "breakeven", "answer"],
            "llrrl",
            &rows,
        ));
    }
    out.push_str("</section>\n");
    out
}

/// The report's sections (summary, charts, tables), shared by the report file and the dashboard.
pub fn sections(d: &ReportData) -> String {
    let Some(s) = &d.summary else {
        return String::new();
    };
    let mut out = summary(d, s);
    out.push_str("<section id=\"charts\"><h2>Distributions and years</h2><div class=\"grid\">");
    out.push_str(&chart(
        "npv_hist",
        "NPV across paths (USD M)",
        "P5, P50, P95 and CVaR 5% (the mean of the worst 5% of paths) marked; the shaded tail is below P5.",
    ));
    out.push_str(&chart(
        "ebitda_fan",
        "EBITDA by year (USD M, cash basis): P5–P95 band, P50 line",
        "",
    ));
    out.push_str(&chart(
        "revenue_mix",
        "Revenue mix by year (USD M, mean over paths)",
        "",
    ));
    out.push_str(&chart(
        "btc_fan",
        "BTC price, yearly mean (USD): P5–P95 band, P50 line",
        "",
    ));
    out.push_str(&chart(
        "hashprice_fan",
        "Hashprice, yearly mean (USD per PH/s per day): P5–P95 band, P50 line",
        "",
    ));
    out.push_str("</div></section>\n");
    out.push_str(&power_years(s));
    if let Some(p) = &d.plans {
        out.push_str(&plans(p));
    }
    out.push_str(&assumptions(s));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_separates_thousands_and_keeps_the_sign() {
        assert_eq!(grouped(1_234_567.891, 1), "1,234,567.9");
        assert_eq!(grouped(-1_234.4, 0), "-1,234");
        assert_eq!(grouped(-12.5, 1), "-12.5");
        assert_eq!(grouped(-0.04, 1), "0.0");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(f64::NAN, 1), "-");
        assert_eq!(musd(-152_300_000.0), "-152.3");
        assert_eq!(sig4(0.02145773572539622), "0.02146");
        assert_eq!(sig4(0.85), "0.85");
        assert_eq!(sig4(12.0), "12");
        assert_eq!(sig4(1_800_000_000.0), "1,800,000,000");
    }

    #[test]
    fn esc_escapes_markup() {
        assert_eq!(
            esc("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
    }
}
