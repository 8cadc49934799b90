"""Screenshots of the report, the dashboard and the bid curves for the README and the docs (docs/img/report.png,
docs/img/dashboard.png, docs/img/power-bid.png).

Usage, from the repository root, with Playwright installed (`cargo xtask test` puts it in target/py) and
Debian's Chromium at /usr/bin/chromium:

    cargo build --release -p hashpivot-cli
    target/py/bin/python scripts/screenshots.py [path/to/hashpivot [NAME ...]]

NAME is `report` (the report and the dashboard) or `power-bid` (default: both). The report is examples/terawulf.toml at 2,000
paths; the dashboard shows the same example with BTC drift moved to 20%/yr; the bid curves are
`power bid --hub HB_WEST --year 2025 --report`.
"""

import pathlib
import socket
import subprocess
import sys
import tempfile

from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/release/hashpivot"
IMG = ROOT / "docs/img"
VIEW = {"width": 1360, "height": 1000}


def port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NAMES = ["report", "power-bid"]


def power_bid(browser, tmp: str) -> None:
    """docs/img/power-bid.png: the page's charts (the figures below them cut)."""
    page_file = pathlib.Path(tmp) / "power-bid.html"
    subprocess.run(
        [str(BIN), "power", "bid", "--hub", "HB_WEST", "--year", "2025", "--report", str(page_file)],
        check=True,
        capture_output=True,
    )
    page = browser.new_page(viewport={"width": 1360, "height": 1460})
    page.goto(page_file.as_uri())
    page.wait_for_selector("[data-chart=bid_stop_prices] svg")
    page.screenshot(path=str(IMG / "power-bid.png"))


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    names = sys.argv[2:] or NAMES
    unknown = set(names) - set(NAMES)
    if unknown:
        sys.exit(f"unknown screenshot(s) {sorted(unknown)}: expected some of {NAMES}")
    if "power-bid" in names:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
            power_bid(browser, tmp)
            browser.close()
        print(f"wrote {IMG / 'power-bid.png'}")
    if "report" not in names:
        return
    with tempfile.TemporaryDirectory() as tmp:
        report = pathlib.Path(tmp) / "report.html"
        subprocess.run([str(BIN), "report", str(ROOT / "examples/terawulf.toml"), "--out", str(report)], check=True)
        p = port()
        server = subprocess.Popen([str(BIN), "serve", "--port", str(p)], stdout=subprocess.PIPE, text=True)
        try:
            server.stdout.readline()
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium")
                page = browser.new_page(viewport=VIEW)
                page.goto(report.as_uri())
                page.wait_for_selector("[data-chart] svg")
                page.screenshot(path=str(IMG / "report.png"))
                page.goto(f"http://127.0.0.1:{p}/")
                page.wait_for_selector("#npv-p50")
                before = page.get_attribute("#npv-p50", "data-usd")
                page.locator("[data-input=btc_drift] input[type=range]").fill("0.2")
                page.wait_for_function(
                    "b => document.querySelector('#npv-p50')?.dataset.usd !== b", arg=before, timeout=60_000
                )
                page.wait_for_timeout(300)
                page.screenshot(path=str(IMG / "dashboard.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(f"wrote {IMG / 'report.png'} and {IMG / 'dashboard.png'}")


if __name__ == "__main__":
    main()
