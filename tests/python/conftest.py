"""Shared fixtures of the pytest suites run by `cargo xtask test` (files `test_*.py` in this folder)."""

import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def hashpivot_bin() -> pathlib.Path:
    """The debug `hashpivot` binary that `cargo xtask test` built (env HASHPIVOT_BIN)."""
    return pathlib.Path(os.environ["HASHPIVOT_BIN"])


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    """The repository root (env HASHPIVOT_ROOT, else two folders up from this file)."""
    return pathlib.Path(os.environ.get("HASHPIVOT_ROOT", pathlib.Path(__file__).resolve().parents[2]))


# --- Browser fixtures (test_browser.py): Debian's Chromium driven by Playwright, never a downloaded browser. ---

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium (/usr/bin/chromium, installed by `cargo xtask test` when root). Skips without it,
    except under CI, where a missing browser is a failure."""
    import shutil

    if not pathlib.Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: `cargo xtask test` installs Debian's chromium when run as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    assert shutil.which(CHROMIUM)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


class CheckedPage:
    """A page that records console errors, page errors, failed requests and every URL requested."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        self.requests = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def charts_drawn(self):
        """Each `[data-chart]` element and the number of SVG shapes ECharts drew in it."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-chart]')).map(e => [
                e.getAttribute('data-chart'),
                e.querySelectorAll('svg path, svg rect, svg circle, svg polyline, svg text').length])"""
        )


@pytest.fixture
def checked_page(chromium):
    """A fresh 1400×900 page of the session's Chromium, recording errors (see CheckedPage)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = CheckedPage(context.new_page())
    yield page
    context.close()


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dashboard(hashpivot_bin):
    """`hashpivot serve` on a free loopback port (200 paths a run); yields its URL, stops it after the test."""
    import subprocess
    import time

    port = free_port()
    proc = subprocess.Popen(
        [str(hashpivot_bin), "serve", "--port", str(port), "--paths", "200"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "dashboard on http://127.0.0.1:" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
