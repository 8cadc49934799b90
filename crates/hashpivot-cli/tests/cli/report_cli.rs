//! `hashpivot report` (one self-contained HTML file) and `hashpivot serve`'s refusal of a non-loopback bind.

use crate::common::{examples, fails_with, hashpivot, stdout_of};

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

#[test]
fn the_report_is_one_offline_file_whose_p50_is_run_json_s() {
    let dir = tempfile::tempdir().unwrap();
    let file = examples().join("terawulf.toml");
    let out = dir.path().join("r.html");
    let f = file.to_str().unwrap();
    hashpivot(dir.path())
        .args([
            "report",
            f,
            "--paths",
            "200",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
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
    assert!(
        external_urls(&html).is_empty(),
        "{:?}",
        external_urls(&html)
    );
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
    let again = dir.path().join("r2.html");
    hashpivot(dir.path())
        .args([
            "report",
            f,
            "--paths",
            "200",
            "--threads",
            "1",
            "--out",
            again.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read(&again).unwrap(), html.as_bytes());
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
    fails_with(
        dir.path(),
        "serve --bind 0.0.0.0 --port 0",
        "refusing to serve on 0.0.0.0: not a loopback address",
    );
    fails_with(
        dir.path(),
        "serve --bind 0.0.0.0 --port 0",
        "--allow-remote",
    );
}

#[test]
fn dispatch_writes_its_heatmap_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.html");
    hashpivot(dir.path())
        .args([
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
            "--report",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("data-chart=\"dispatch_heatmap\"")
            && html.contains("data-chart=\"dispatch_margin\"")
    );
    // Three Central days, the middle one the spring-forward day (23 hours): 71 hours, 71 cells.
    let data = &html[html.find("id=\"hp-data\">").unwrap() + 13..];
    let v: serde_json::Value =
        serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    let d = &v["dispatch"];
    assert_eq!(d["days"].as_array().unwrap().len(), 3);
    assert_eq!(d["cells"].as_array().unwrap().len(), 71);
    assert!(external_urls(&html).is_empty());
}
