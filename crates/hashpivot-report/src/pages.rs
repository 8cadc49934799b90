//! Whole pages: the run report, the dispatch report and the dashboard. Each inlines the style sheet, ECharts
//! and the chart module, so it opens offline and requests nothing.

use crate::data::{ReportData, script_json};
use crate::figures::Figures;
use crate::html::{chart, esc, sections};
use crate::{CHARTS_JS, DASHBOARD_JS, ECHARTS_JS, REPORT_CSS};
use serde::Serialize;

/// The page around `body`: the style sheet, the data (JSON already safe inside a script element), ECharts,
/// the chart module and `init` (a script run once the page is parsed).
fn page(title: &str, body: &str, data_json: Option<String>, init: &str) -> String {
    let data = data_json.map_or(String::new(), |d| {
        format!("<script type=\"application/json\" id=\"hp-data\">{d}</script>\n")
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"hashpivot {version}\">\n<link rel=\"icon\" href=\"data:,\">\n\
         <title>{title}</title>\n<style>\n{REPORT_CSS}</style>\n</head>\n<body>\n{body}\n{data}\
         <script>\n{ECHARTS_JS}\n</script>\n<script>\n{CHARTS_JS}\n</script>\n<script>\n{init}\n</script>\n</body>\n</html>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = esc(title),
    )
}

/// Draws the charts from the page's own data.
const DRAW_FROM_PAGE: &str =
    "HP.renderCharts(JSON.parse(document.getElementById('hp-data').textContent), document);";

/// The run report: `subtitle` says what ran (paths, seed, months).
pub fn report_page(data: &ReportData, subtitle: &str) -> String {
    let name = data.summary.as_ref().map_or("", |s| s.scenario.as_str());
    let body = format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n<main id=\"hp-report\">\n{}</main>\n\
         <footer>Made by hashpivot {} (<code>hashpivot report</code>). Charts: Apache ECharts, Apache License 2.0.</footer>",
        esc(name),
        esc(subtitle),
        sections(data),
        env!("CARGO_PKG_VERSION"),
    );
    page(
        &format!("{name} — hashpivot report"),
        &body,
        Some(data.to_script_json()),
        DRAW_FROM_PAGE,
    )
}

/// The dispatch report: the heatmap of running MW and the monthly margin; `summary` is the dispatch's
/// figures as text (the CLI's table).
pub fn dispatch_page(data: &ReportData, summary: &str) -> String {
    let title = data
        .dispatch
        .as_ref()
        .map_or(String::new(), |d| d.title.clone());
    figures_page(&crate::figures::DISPATCH, &title, data, summary)
}

/// A page of one command's figures (`spec`: its heading, command and charts) about `subject` (hub and
/// window, date…): the charts drawn from `data` (the command's `--json` object, which `charts.js` reads), and
/// `summary`, the command's printed figures as text.
pub fn figures_page(spec: &Figures, subject: &str, data: &impl Serialize, summary: &str) -> String {
    let charts: String = spec
        .charts
        .iter()
        .map(|(name, title, note)| chart(name, title, note))
        .collect();
    let body = format!(
        "<header><h1>{} — {}</h1></header>\n<main id=\"hp-report\">\n<section><div class=\"grid one\">{charts}</div>\
         <h2>Figures</h2><pre>{}</pre></section></main>\n\
         <footer>Made by hashpivot {} (<code>{}</code>). Charts: Apache ECharts, Apache License 2.0.</footer>",
        esc(spec.heading),
        esc(subject),
        esc(summary),
        env!("CARGO_PKG_VERSION"),
        esc(spec.command),
    );
    page(
        &format!("{} {subject} — hashpivot", spec.heading),
        &body,
        Some(script_json(data)),
        DRAW_FROM_PAGE,
    )
}

/// The dashboard: a form (example, upload, key assumptions, paths) beside the report's sections, which the
/// server renders and `dashboard.js` swaps in after each run. `examples` are the bundled scenarios' names.
pub fn dashboard_page(examples: &[&str]) -> String {
    let options: String = examples
        .iter()
        .map(|e| format!("<option value=\"{0}\">{0}</option>", esc(e)))
        .collect();
    let body = format!(
        "<header><h1>hashpivot dashboard</h1><p class=\"sub\" id=\"status\">loading…</p></header>\n\
         <div class=\"dash\"><aside><form id=\"controls\" onsubmit=\"return false\">\
         <label>Example <select id=\"example\" name=\"example\">{options}</select></label>\
         <label>or a scenario file (TOML, at most 1 MiB) <input type=\"file\" id=\"upload\" accept=\".toml,text/plain\"></label>\
         <div id=\"fields\"></div>\
         <button type=\"button\" id=\"reset\">Back to the file's values</button>\
         </form><p class=\"note\">Each change re-runs the scenario on the server (this machine) with the inputs moved \
         as <code>hashpivot sensitivity</code> moves them; nothing is written to disk.</p>\
         <pre id=\"error\" class=\"error\" hidden></pre></aside>\n\
         <main id=\"hp-report\"></main></div>"
    );
    page("hashpivot dashboard", &body, None, DASHBOARD_JS)
}
