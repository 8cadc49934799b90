"""The report, the dispatch report and the dashboard in a real browser (Debian's Chromium through Playwright):
every chart draws, nothing logs an error, nothing is fetched from outside, and moving a slider re-runs the
valuation. Fixtures (chromium, checked_page, dashboard) are in conftest.py."""

import re
import subprocess

# Charts with fewer SVG shapes than this have not drawn (an empty ECharts frame has none).
MIN_SHAPES = 10


def assert_all_drawn(page, expected):
    drawn = dict(page.charts_drawn())
    assert set(expected) <= set(drawn), drawn
    empty = {name: n for name, n in drawn.items() if n < MIN_SHAPES}
    assert not empty, f"charts that did not draw: {empty}"


def test_the_report_draws_every_chart_offline(hashpivot_bin, repo_root, tmp_path, checked_page):
    out = tmp_path / "report.html"
    subprocess.run(
        [str(hashpivot_bin), "report", str(repo_root / "examples/terawulf.toml"), "--paths", "300", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    html = out.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    checked_page.page.goto(out.as_uri())
    checked_page.page.wait_for_selector("[data-chart] svg")
    assert_all_drawn(checked_page, ["npv_hist", "ebitda_fan", "revenue_mix", "btc_fan", "hashprice_fan"])
    assert checked_page.errors == []
    # Only the file itself (and data: URLs) were requested.
    outside = [u for u in checked_page.requests if not u.startswith(("file:", "data:"))]
    assert outside == []
    p50 = checked_page.page.text_content("#npv-p50")
    assert p50 and p50.endswith(" M")


def test_the_plans_report_draws_the_tornado_and_the_differences(hashpivot_bin, repo_root, tmp_path, checked_page):
    out = tmp_path / "plans.html"
    subprocess.run(
        [
            str(hashpivot_bin), "report", str(repo_root / "examples/west_texas_50mw_plans.toml"),
            "--paths", "100", "--decision-paths", "40", "--out", str(out),
        ],
        check=True,
        capture_output=True,
    )
    checked_page.page.goto(out.as_uri())
    checked_page.page.wait_for_selector("[data-chart=tornado] svg")
    assert_all_drawn(checked_page, ["plans_npv", "delta_npv", "tornado", "power_years", "npv_hist"])
    assert checked_page.errors == []
    assert checked_page.page.locator("#plans table").count() >= 1


def test_the_dispatch_report_draws_its_heatmap(hashpivot_bin, tmp_path, checked_page):
    out = tmp_path / "dispatch.html"
    subprocess.run(
        [
            str(hashpivot_bin), "dispatch", "--hub", "HB_WEST", "--from", "2024-03-01", "--to", "2024-04-30",
            "--mw", "50", "--asic", "Antminer S21", "--report", str(out),
        ],
        check=True,
        capture_output=True,
    )
    checked_page.page.goto(out.as_uri())
    checked_page.page.wait_for_selector("[data-chart=dispatch_heatmap] svg")
    assert_all_drawn(checked_page, ["dispatch_heatmap", "dispatch_margin"])
    assert checked_page.errors == []


def draws_offline(hashpivot_bin, tmp_path, checked_page, args, charts):
    """Writes `hashpivot ARGS --report FILE` and checks that Chromium draws `charts` in it, with no error and no
    request outside the file."""
    out = tmp_path / "figures.html"
    subprocess.run([str(hashpivot_bin), *args, "--report", str(out)], check=True, capture_output=True)
    checked_page.page.goto(out.as_uri())
    checked_page.page.wait_for_selector(f"[data-chart={charts[0]}] svg")
    assert_all_drawn(checked_page, charts)
    assert checked_page.errors == []
    outside = [u for u in checked_page.requests if not u.startswith(("file:", "data:"))]
    assert outside == []


def test_the_bid_curves_draw(hashpivot_bin, tmp_path, checked_page):
    draws_offline(
        hashpivot_bin, tmp_path, checked_page,
        ["power", "bid", "--hub", "HB_WEST", "--year", "2025"],
        ["bid_curve", "bid_hours", "bid_stop_prices"],
    )


def test_the_network_pages_draw(hashpivot_bin, tmp_path, checked_page):
    pages = [
        (["network", "exodus", "--eh-s", "100", "--from", "2026-01-31", "--paths", "100"],
         ["exodus_hashprice", "exodus_network"]),
        (["network", "energy"], ["energy_twh"]),
        (["network", "concentration", "--date", "2026-08-17"], ["concentration_listed", "concentration_pools"]),
    ]
    for args, charts in pages:
        draws_offline(hashpivot_bin, tmp_path, checked_page, args, charts)


def test_the_dashboard_reruns_when_a_slider_moves(dashboard, checked_page):
    page = checked_page.page
    page.goto(dashboard)
    page.wait_for_selector("#npv-p50")
    page.wait_for_selector("[data-chart] svg")
    assert_all_drawn(checked_page, ["npv_hist", "ebitda_fan", "revenue_mix", "btc_fan", "hashprice_fan"])
    before = page.get_attribute("#npv-p50", "data-usd")
    # BTC drift from the example's 10%/yr to 30%/yr: the valuation moves up.
    page.locator("[data-input=btc_drift] input[type=range]").fill("0.3")
    page.wait_for_function(
        "before => { const e = document.querySelector('#npv-p50'); return e && e.dataset.usd !== before; }",
        arg=before,
        timeout=60_000,
    )
    after = page.get_attribute("#npv-p50", "data-usd")
    assert float(after) > float(before)
    assert "1 input(s) moved" in page.text_content("#status")
    assert_all_drawn(checked_page, ["npv_hist", "ebitda_fan"])
    assert checked_page.errors == []
    outside = [u for u in checked_page.requests if not u.startswith((dashboard, "data:"))]
    assert outside == []


def test_the_dashboard_shows_validate_s_messages_for_a_bad_upload(dashboard, checked_page, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[company]\nname = 1\n")
    page = checked_page.page
    page.goto(dashboard)
    page.wait_for_selector("#npv-p50")
    page.set_input_files("#upload", str(bad))
    page.wait_for_selector("#error:not([hidden])")
    text = page.text_content("#error")
    assert "bad.toml:2:8: company.name: found 1, expected a string" in text


def test_serve_refuses_a_public_bind_without_the_flag(hashpivot_bin):
    out = subprocess.run(
        [str(hashpivot_bin), "serve", "--bind", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode != 0
    assert "refusing to serve on 0.0.0.0" in out.stderr and "--allow-remote" in out.stderr
