"""The package parses the bundled data once per process; the user's imports are still read on every call, so a
`data import` (or `data remove`) made while Python runs is seen by the next call."""

import subprocess

import hashpivot

DAY = "2024-04-19"


def _price(**flags) -> float:
    return hashpivot.mining(date=DAY, **flags)["inputs"]["price_usd"]


def test_an_import_made_meanwhile_is_seen_by_the_next_call(hashpivot_bin, tmp_path, monkeypatch):
    monkeypatch.setenv("HASHPIVOT_DATA_DIR", str(tmp_path / "data"))
    bundled = _price()
    assert _price() == bundled  # the second call is served from the parsed bundle
    assert bundled != 123456.0
    f = tmp_path / "price.csv"
    f.write_text(f"date,price_usd\n{DAY},123456\n")

    def cli(*args):
        subprocess.run([str(hashpivot_bin), "data", *args], check=True, capture_output=True)

    cli("import", "--kind", "network", "--override", str(f))
    assert _price() == 123456.0
    cli("remove", "1")
    assert _price() == bundled
