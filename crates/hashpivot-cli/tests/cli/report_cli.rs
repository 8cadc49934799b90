//! `hashpivot report` (one self-contained HTML file) and `hashpivot serve`'s refusal of a non-loopback bind.

use crate::common::{examples, fails_with, hashpivot, run, stdout_of, words};
use predicates::prelude::*;
use predicates::str::contains;
use std::path::Path;

/// Every `src=` or `href=` attribute value of `html` that points outside the page (a scheme-relative or
/// http(s) URL).
fn external_urls(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in ["src=", "href="] {
        for (i, _) in lower.match_indices(attr) {
            let rest = lower[i + attr.len()..].trim_start_matches(['"', '\'']);
            if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("//")
            {
                found.push(html[i..(i + 60).min(html.len())].to_string());
            }
        }
    }
    found
}

/// Runs `hashpivot ARGS… FLAG DIR/NAME`, where FLAG names the page to write (`--out`, `--report`); returns
/// the page, checked to load nothing from outside it, and what the command printed.
fn written_page(dir: &Path, args: &[&str], flag: &str, name: &str) -> (String, String) {
    let out = dir.join(name);
    let printed = hashpivot(dir)
        .args(args)
        .args([flag, out.to_str().unwrap()])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        external_urls(&html).is_empty(),
        "{:?}",
        external_urls(&html)
    );
    let text = String::from_utf8(printed.get_output().stdout.clone()).unwrap();
    (html, text)
}

#[test]
fn the_report_is_one_offline_file_whose_p50_is_run_json_s() {
    let dir = tempfile::tempdir().unwrap();
    let file = examples().join("terawulf.toml");
    let f = file.to_str().unwrap();
    let (html, _) = written_page(
        dir.path(),
        &["report", f, "--paths", "200"],
        "--out",
        "r.html",
    );
    let json = stdout_of(
        dir.path(),
        &["run", f, "--paths", "200", "--json", "--quiet"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p50 = v["npv_usd"]["p50"].as_f64().unwrap();
    // The summary's P50 carries its exact value.
    let at = html
        .find("id=\"npv-p50\" data-usd=\"")
        .expect("the P50 in the summary")
        + 23;
    let shown: f64 = html[at..at + html[at..].find('"').unwrap()]
        .parse()
        .unwrap();
    assert_eq!(shown, p50);
    // and shows it in USD M (below 1,000 M: no thousands separator to spell).
    assert!(p50.abs() < 1e9);
    assert!(html.contains(&format!(">{:.1} M<", p50 / 1e6)));
    // Every chart frame is there, with the data and the chart library inlined.
    for chart in [
        "npv_hist",
        "ebitda_fan",
        "revenue_mix",
        "btc_fan",
        "hashprice_fan",
    ] {
        assert!(html.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
    }
    assert!(html.contains("id=\"hp-data\"") && html.contains("echarts"));
    assert!(html.contains("Assumptions, their bases and sources"));
    // Byte-identical for the same inputs and seed, whatever the thread count.
    let (again, _) = written_page(
        dir.path(),
        &["report", f, "--paths", "200", "--threads", "1"],
        "--out",
        "r2.html",
    );
    assert_eq!(again, html);
}

/// The JSON object a page's charts are drawn from (its `hp-data` script).
fn page_data(html: &str) -> serde_json::Value {
    let data = &html[html.find("id=\"hp-data\">").expect("the page's data") + 13..];
    serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap()
}

/// Runs the command `line` with `--report FILE` and with `--json`: the page (checked offline, with `charts`
/// framed) and its data, which must be the `--json` object.
fn figures_page(line: &str, charts: &[&str]) -> (String, serde_json::Value) {
    let args = words(line);
    let dir = tempfile::tempdir().unwrap();
    let (html, text) = written_page(dir.path(), &args, "--report", "figures.html");
    for chart in charts {
        assert!(html.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
    }
    assert!(html.contains("echarts") && html.contains("HP.renderCharts"));
    // The printed figures are on the page too (its first line, as the terminal shows it).
    let first = text.lines().next().unwrap().replace('&', "&amp;");
    assert!(html.contains(&first), "{first}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(dir.path(), &[&args[..], &["--json"]].concat())).unwrap();
    let data = page_data(&html);
    assert_eq!(data, json);
    (html, data)
}

#[test]
fn power_bid_writes_its_bid_curves() {
    let (html, d) = figures_page(
        "power bid --hub HB_WEST --year 2025",
        &["bid_curve", "bid_hours", "bid_stop_prices"],
    );
    let b = &d["bid"];
    let lease = b["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "hosting_lease")
        .unwrap();
    // The lease's WTP as measured (`power bid --hub HB_WEST --year 2025 --json`), and the curve every
    // twentieth of the hours with each tier's stop price on each of the year's 365 UTC days (+ the first hours
    // of 2026-01-01 UTC, which are 2025-12-31 in Central time).
    assert!((lease["wtp_usd_per_mwh"].as_f64().unwrap() - 45.18).abs() < 0.01);
    assert_eq!(b["hours"], 8760);
    assert_eq!(b["price_percentiles"].as_array().unwrap().len(), 21);
    assert_eq!(b["mining_daily_wtp"].as_array().unwrap().len(), 366);
    assert!(html.contains("Who outbids whom for power — HB_WEST (rt), 2025"));
}

#[test]
fn network_exodus_writes_its_fans() {
    let (_, d) = figures_page(
        "network exodus --eh-s 100 --from 2026-01-31 --months 6 --paths 100",
        &["exodus_hashprice", "exodus_network"],
    );
    let months = d["exodus"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 6);
    // Fewer machines, a higher hashprice for the rest: the exodus's P50 is above the baseline's each month.
    for m in months {
        assert!(
            m["hashprice_usd_per_ph_day"]["p50"].as_f64().unwrap()
                > m["baseline_hashprice_usd_per_ph_day"]["p50"]
                    .as_f64()
                    .unwrap()
        );
    }
}

#[test]
fn network_energy_and_concentration_write_their_pages() {
    let (_, d) = figures_page("network energy", &["energy_twh"]);
    let years = d["years"].as_array().unwrap();
    assert_eq!(years.len(), 10);
    assert!(
        years
            .iter()
            .any(|y| !y["published"].as_array().unwrap().is_empty())
    );
    let (_, c) = figures_page(
        "network concentration --date 2026-08-17",
        &["concentration_listed", "concentration_pools"],
    );
    assert!(c["pool_history"].as_array().unwrap().len() >= 4);
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        dir.path(),
        "network energy --date 2024-01-01 --report x.html",
        "cannot be used with",
    );
}

#[test]
fn external_urls_are_found() {
    assert_eq!(
        external_urls("<img src=\"https://x\"> <a href='//y'>").len(),
        2
    );
    assert!(
        external_urls("<link rel=\"icon\" href=\"data:,\"> xmlns=\"http://www.w3.org/2000/svg\"")
            .is_empty()
    );
}

#[test]
fn serve_refuses_a_non_loopback_bind_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "serve --bind 0.0.0.0 --port 0", None)
        .failure()
        .stderr(
            contains("refusing to serve on 0.0.0.0: not a loopback address")
                .and(contains("--allow-remote")),
        );
}

#[test]
fn dispatch_writes_its_heatmap_report() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = written_page(
        dir.path(),
        &[
            "dispatch",
            "--hub",
            "HB_WEST",
            "--from",
            "2024-03-09",
            "--to",
            "2024-03-11",
            "--mw",
            "10",
            "--asic",
            "Antminer S21",
        ],
        "--report",
        "d.html",
    );
    assert!(
        html.contains("data-chart=\"dispatch_heatmap\"")
            && html.contains("data-chart=\"dispatch_margin\"")
    );
    // Three Central days, the middle one the spring-forward day (23 hours): 71 hours, 71 cells.
    let v = page_data(&html);
    let d = &v["dispatch"];
    assert_eq!(d["days"].as_array().unwrap().len(), 3);
    assert_eq!(d["cells"].as_array().unwrap().len(), 71);
}
