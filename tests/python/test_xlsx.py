"""`--xlsx` workbooks of `run`, `decide` and `value`, read back with openpyxl as an analyst's Excel would."""

import json
import subprocess

import openpyxl
import pytest

PATHS = "200"


def hashpivot(bin_path, *args, cwd):
    return subprocess.run([str(bin_path), *map(str, args)], capture_output=True, text=True, check=True, cwd=cwd)


def rows(ws):
    return list(ws.iter_rows(values_only=True))


def by_figure(ws):
    """A Summary sheet as {figure: value}."""
    return {r[0]: r[1] for r in rows(ws)[1:]}


@pytest.fixture(scope="module")
def run_book(hashpivot_bin, repo_root, tmp_path_factory):
    d = tmp_path_factory.mktemp("run")
    scenario = repo_root / "examples" / "terawulf.toml"
    hashpivot(hashpivot_bin, "run", scenario, "--paths", PATHS, "--seed", "7", "--xlsx", "r.xlsx", cwd=d)
    js = json.loads(hashpivot(hashpivot_bin, "run", scenario, "--paths", PATHS, "--seed", "7", "--json", cwd=d).stdout)
    return openpyxl.load_workbook(d / "r.xlsx"), js


def test_run_workbook_has_the_five_sheets_with_their_headers(run_book):
    wb, js = run_book
    assert wb.sheetnames == ["Summary", "Assumptions", "Yearly", "Monthly", "Paths"]
    assert rows(wb["Summary"])[0] == ("figure", "value", "note")
    assert rows(wb["Assumptions"])[0] == ("name", "value", "unit", "basis", "source")
    assert rows(wb["Yearly"])[0][:3] == ("year", "EBITDA P5 (USD)", "EBITDA P50")
    monthly = rows(wb["Monthly"])
    assert monthly[0][:3] == ("month_index", "month", "site")
    assert "equity_flow_usd" in monthly[0]
    paths = rows(wb["Paths"])
    assert paths[0][:4] == ("path", "npv_usd", "npv_without_terminal_usd", "irr")
    assert len(paths) == int(PATHS) + 1
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title


def test_summary_p50_npv_is_run_jsons(run_book):
    wb, js = run_book
    s = by_figure(wb["Summary"])
    assert isinstance(s["NPV P50"], float)
    assert s["NPV P50"] == js["npv_usd"]["p50"]
    assert s["NPV mean"] == js["npv_usd"]["mean"]
    assert s["P(NPV < 0)"] == js["prob_npv_negative"]
    assert wb["Summary"]["B9"].number_format == "$#,##0;-$#,##0"


def test_numbers_are_numbers_and_missing_values_empty(run_book):
    wb, js = run_book
    a = rows(wb["Assumptions"])[1:]
    assert len(a) == len(js["assumptions"])
    assert [r[0] for r in a] == [x["name"] for x in js["assumptions"]]
    assert all(isinstance(r[1], (int, float)) for r in a)
    for ws in wb:
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str):
                    assert c.value.lower() not in ("nan", "inf", "-inf", "n/a"), (ws.title, c.coordinate)
    # Paths of the Yearly sheet: EBITDA quantiles are the json's, the total row sums with formulas.
    y = wb["Yearly"]
    years = len(js["ebitda_usd_by_year"])
    assert [y.cell(row=2 + i, column=3).value for i in range(years)] == [e["p50"] for e in js["ebitda_usd_by_year"]]
    total = y.cell(row=years + 2, column=9)
    assert y.cell(row=years + 2, column=1).value == "total"
    assert total.value == f"=SUM(I2:I{years + 1})"


def test_decide_and_value_workbooks_open_with_their_sheets(hashpivot_bin, repo_root, tmp_path):
    ex = repo_root / "examples"
    hashpivot(hashpivot_bin, "decide", ex / "west_texas_50mw_plans.toml", "--paths", "100", "--xlsx", "d.xlsx", cwd=tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    assert wb.sheetnames == ["Summary", "Plans", "Assumptions"]
    plans = rows(wb["Plans"])
    assert plans[0][:3] == ("plan", "kind", "NPV mean (USD)")
    assert len(plans) > 2 and all(isinstance(r[2], (int, float)) for r in plans[1:])
    assert rows(wb["Assumptions"])[0][0] == "plan"

    hashpivot(hashpivot_bin, "value", ex / "terawulf.toml", "--paths", "100", "--xlsx", "v.xlsx", cwd=tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "v.xlsx")
    assert wb.sheetnames == ["Summary", "Bridge", "Assumptions"]
    bridge = rows(wb["Bridge"])
    assert bridge[0] == ("part", "item", "USD", "basis")
    total = next(i for i, r in enumerate(bridge) if r[0] == "total")
    assert bridge[total][2] == f"=SUM(C2:C{total})"
