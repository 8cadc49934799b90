"""The Python package (crates/hashpivot-py, installed into the venv by `cargo xtask test`) against the CLI: the
same summary, tables that pandas and polars read, validate's problems, the CLI's error messages."""

import json
import subprocess
import threading
import time
import tomllib

import pyarrow as pa
import pytest

import hashpivot

PATHS = 500


def cli_json(hashpivot_bin, repo_root, *args):
    """What `hashpivot ARGS --json` prints, parsed."""
    out = subprocess.run(
        [str(hashpivot_bin), *args, "--json"], cwd=repo_root, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def terawulf(repo_root):
    """examples/terawulf.toml, run through the package with 500 paths."""
    return hashpivot.run(str(repo_root / "examples/terawulf.toml"), paths=PATHS)


def test_run_summary_is_the_cli_json(terawulf, hashpivot_bin, repo_root):
    cli = cli_json(hashpivot_bin, repo_root, "run", "examples/terawulf.toml", "--paths", str(PATHS))
    assert terawulf.summary["npv_usd"]["p50"] == cli["npv_usd"]["p50"]
    assert terawulf.summary == cli


def test_paths_table_to_pandas_and_polars(terawulf):
    df = terawulf.paths.to_pandas()
    assert df.shape[0] == PATHS == len(terawulf.paths) == terawulf.paths.num_rows
    assert list(df.columns[:4]) == ["path", "npv_usd", "npv_without_terminal_usd", "irr"]
    assert "ebitda_usd_y10" in df.columns
    assert df["path"].tolist() == list(range(PATHS))
    # The P50 of the table's NPVs is the summary's.
    assert df["npv_usd"].quantile(0.5) == pytest.approx(terawulf.summary["npv_usd"]["p50"], rel=1e-3)
    pl = terawulf.paths.to_polars()
    assert pl.shape == df.shape
    assert pl.columns == terawulf.paths.column_names
    assert pl["npv_usd"].to_list() == df["npv_usd"].tolist()


@pytest.fixture(scope="module")
def cli_out(hashpivot_bin, repo_root, tmp_path_factory):
    """The folder `hashpivot run examples/terawulf.toml --paths 500 --out DIR` writes."""
    out = tmp_path_factory.mktemp("run") / "out"
    subprocess.run(
        [str(hashpivot_bin), "run", "examples/terawulf.toml", "--paths", str(PATHS), "--out", str(out)],
        cwd=repo_root, check=True, capture_output=True,
    )
    return out


def test_paths_table_is_the_cli_parquet(terawulf, cli_out):
    import pyarrow.parquet as pq

    assert pa.table(terawulf.paths).equals(pq.read_table(cli_out / "paths.parquet"))


def test_monthly_table_is_the_cli_csv(terawulf, cli_out):
    import pyarrow.csv as pacsv

    t = terawulf.monthly.to_pyarrow()
    cli = pacsv.read_csv(cli_out / "cashflows_base.csv")
    assert t.column_names == cli.column_names
    assert t.num_rows == cli.num_rows == 242  # months 0–120, one row for the site and one for the company
    assert t.schema.field("month").type == pa.string()
    assert t.column("equity_flow_usd").to_pylist() == cli.column("equity_flow_usd").to_pylist()
    m = terawulf.monthly.to_polars()
    assert set(m["site"].unique().to_list()) == {"lake_mariner", "company"}


def test_validate_lists_problems_with_line_and_column():
    text = '[company]\nname = "x"\nhorizon_years = 99\ndiscount_rate = 0.1\n\n[[sites]]\nname = "s"\n'
    problems = hashpivot.validate(text)
    assert problems, "a broken scenario has problems"
    years = [p for p in problems if p["path"] == "company.horizon_years"]
    assert len(years) == 1
    assert (years[0]["line"], years[0]["column"]) == (3, 17)
    assert years[0]["found"] == "99"
    assert years[0]["message"].startswith("<string>:3:17: company.horizon_years: found 99, expected")
    assert all(isinstance(p["line"], int) and isinstance(p["column"], int) for p in problems)


def test_validate_accepts_a_valid_file(repo_root):
    assert hashpivot.validate(repo_root / "examples/terawulf.toml") == []


def test_validate_message_is_the_cli_line(hashpivot_bin, repo_root, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[company]\nname = 3\n')
    out = subprocess.run([str(hashpivot_bin), "validate", str(bad)], capture_output=True, text=True)
    assert out.returncode != 0
    cli_lines = [line.strip() for line in out.stderr.splitlines()[1:]]
    assert [p["message"] for p in hashpivot.validate(bad)] == cli_lines


def test_errors_raise_with_the_cli_message(hashpivot_bin, repo_root):
    out = subprocess.run(
        [str(hashpivot_bin), "mining", "--date", "2024-04-19", "--asic", "Z99"], capture_output=True, text=True
    )
    assert out.stderr.startswith("error: ")
    with pytest.raises(hashpivot.HashpivotError) as e:
        hashpivot.mining(date="2024-04-19", asic="Z99")
    assert str(e.value) == out.stderr.strip().removeprefix("error: ")
    assert isinstance(e.value, ValueError)
    with pytest.raises(hashpivot.HashpivotError, match="cannot read no-such-file.toml"):
        hashpivot.run("no-such-file.toml")
    with pytest.raises(hashpivot.HashpivotError, match=r"invalid value '0' for '--paths <PATHS>'"):
        hashpivot.run(repo_root / "examples/terawulf.toml", paths=0)
    with pytest.raises(hashpivot.HashpivotError, match=r"^<string> has 4 problems:\n  <string>:2:8: company.name: found 3,"):
        hashpivot.run('[company]\nname = 3\nhorizon_years = 5\ndiscount_rate = 0.1\n[[sites]]\n')


def test_dict_and_toml_string_give_the_file_result(repo_root):
    path = repo_root / "examples/pure_miner.toml"
    by_file = hashpivot.run(path, paths=50, seed=7).summary
    assert hashpivot.run(path.read_text(), paths=50, seed=7).summary == by_file
    assert hashpivot.run(tomllib.loads(path.read_text()), paths=50, seed=7).summary == by_file


def test_threads_do_not_change_the_result(repo_root):
    path = repo_root / "examples/pure_miner.toml"
    one = hashpivot.run(path, paths=40, threads=1)
    two = hashpivot.run(path, paths=40, threads=2)
    assert one.summary == two.summary
    assert pa.table(one.paths).equals(pa.table(two.paths))


def test_the_gil_is_released_during_a_run(repo_root):
    done = threading.Event()
    ticks = 0

    def work():
        hashpivot.run(repo_root / "examples/terawulf.toml", paths=200, threads=1)
        done.set()

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    elapsed = time.perf_counter() - start
    # With the GIL held by the run, this loop would not get to tick until the run ended.
    assert elapsed > 0.2 and ticks > 20


def test_network_and_mining_match_the_cli(hashpivot_bin, repo_root):
    day = hashpivot.network("2024-04-19")
    assert day == cli_json(hashpivot_bin, repo_root, "network", "--date", "2024-04-19")
    assert day["height"] == 839998 and day["subsidy_btc"] == 6.25
    days = hashpivot.network(from_="2024-04-18", to="2024-04-20")
    assert [d["date"] for d in days] == ["2024-04-18", "2024-04-19", "2024-04-20"]
    m = hashpivot.mining(date="2024-04-19", asic="S21", power_usd_per_mwh=50)
    assert m == cli_json(hashpivot_bin, repo_root, "mining", "--date", "2024-04-19", "--asic", "S21",
                         "--power-usd-per-mwh", "50")
    assert m["usd_per_ph_day"] == day["usd_per_ph_day"]


def test_compare_deals_dispatch(hashpivot_bin, repo_root):
    c = hashpivot.compare(power_usd_per_mwh=40)
    assert [r["use"] for r in c["rows"]][0] == "self_mining"
    assert c == cli_json(hashpivot_bin, repo_root, "compare", "--power-usd-per-mwh", "40")
    deals = hashpivot.deals()
    assert len(deals) > 5 and all("id" in d for d in deals)
    one = hashpivot.deals(deals[0]["id"])
    assert one["id"] == deals[0]["id"]
    d = hashpivot.dispatch(hub="HB_WEST", from_="2024-01-01", to="2024-01-31", mw=50, asic="S21")
    assert d["hours"] == 744 and 0 < d["uptime"] <= 1
    assert d == cli_json(hashpivot_bin, repo_root, "dispatch", "--hub", "HB_WEST", "--from", "2024-01-01",
                         "--to", "2024-01-31", "--mw", "50", "--asic", "S21")


def test_decide_and_value(hashpivot_bin, repo_root):
    plans = hashpivot.decide(repo_root / "examples/west_texas_50mw_plans.toml", paths=50)
    assert plans["baseline"] == "keep mining" and len(plans["plans"]) >= 2
    assert plans == cli_json(hashpivot_bin, repo_root, "decide", "examples/west_texas_50mw_plans.toml",
                             "--paths", "50")
    v = hashpivot.value(repo_root / "examples/terawulf.toml", paths=50)
    assert v["company"] == "wulf"
    assert v == cli_json(hashpivot_bin, repo_root, "value", "examples/terawulf.toml", "--paths", "50")


@pytest.mark.parametrize("shards", [1, 3])
def test_sharded_run_merges_to_the_single_run(shards, hashpivot_bin, repo_root, tmp_path):
    scenario = str(repo_root / "examples/pure_miner.toml")
    dirs = [
        # (k, K), or the flag's text "k/K"
        hashpivot.run(scenario, paths=30, seed=5, shard=(k, shards) if shards == 1 else f"{k}/{shards}",
                      out=str(tmp_path / f"shard{k}"))
        for k in range(1, shards + 1)
    ]
    assert dirs == [str(tmp_path / f"shard{k}") for k in range(1, shards + 1)]
    merged = hashpivot.merge(list(reversed(dirs)), out=tmp_path / "merged")
    single = hashpivot.run(scenario, paths=30, seed=5)
    assert merged.summary == single.summary
    assert pa.table(merged.paths).equals(pa.table(single.paths))
    assert pa.table(merged.monthly).equals(pa.table(single.monthly))
    subprocess.run(
        [str(hashpivot_bin), "run", scenario, "--paths", "30", "--seed", "5", "--out", str(tmp_path / "cli")],
        check=True, capture_output=True,
    )
    for name in ["summary.json", "paths.csv", "paths.parquet", "cashflows_base.csv"]:
        assert (tmp_path / "merged" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_sharding_refusals(repo_root, tmp_path):
    scenario = str(repo_root / "examples/pure_miner.toml")
    with pytest.raises(hashpivot.HashpivotError, match=r"invalid value '4/3' for '--shard <k/K>'"):
        hashpivot.run(scenario, paths=30, shard=(4, 3), out=str(tmp_path / "s"))
    with pytest.raises(hashpivot.HashpivotError, match=r"invalid value '0/3' for '--shard <k/K>'"):
        hashpivot.run(scenario, paths=30, shard="0/3", out=str(tmp_path / "s"))
    with pytest.raises(hashpivot.HashpivotError, match="reads its scenario from a file"):
        hashpivot.run((repo_root / "examples/pure_miner.toml").read_text(), shard=(1, 2), out=str(tmp_path / "t"))
    one = hashpivot.run(scenario, paths=30, shard=(1, 2), out=str(tmp_path / "s1"))
    with pytest.raises(hashpivot.HashpivotError, match=r"missing 2/2"):
        hashpivot.merge([one], out=tmp_path / "m")
