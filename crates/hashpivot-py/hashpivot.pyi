"""What a megawatt is worth: Bitcoin mining, AI/HPC leases and GPU cloud on one footing.

The `hashpivot` CLI's commands as functions. Each calls the same code as the command; keyword arguments are the
command's flags (`power_usd_per_mwh=50` is `--power-usd-per-mwh 50`, `True` a bare flag, a trailing
underscore dropped: `from_=` is `--from`). Results are what the command prints with `--json`, parsed; `run`
returns Arrow tables besides. A refusal raises `HashpivotError` with the CLI's message.
"""

import os
from typing import Any, Optional, Sequence, Union, overload

import pandas
import polars
import pyarrow

__version__: str

Scenario = Union[str, "os.PathLike[str]", dict[str, Any]]
"""A scenario: a file path, TOML text (a `str` holding a newline or `=`) or a dict of the file's tables."""

class HashpivotError(ValueError):
    """A refusal of hashpivot: the message the CLI prints after `error: `."""

class Table:
    """A table of named, typed columns held as Arrow; readers of the Arrow PyCapsule interface take it as is
    (`pyarrow.table(t)`, `polars.DataFrame(t)`)."""

    @property
    def num_rows(self) -> int:
        """Number of rows."""
    @property
    def column_names(self) -> list[str]:
        """Column names, in order."""
    def __len__(self) -> int: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The table as an Arrow C stream capsule (one record batch)."""
    def __arrow_c_schema__(self) -> object:
        """The table's schema as an Arrow C schema capsule."""
    def to_pyarrow(self) -> pyarrow.Table:
        """The table as a `pyarrow.Table` (zero-copy)."""
    def to_pandas(self) -> pandas.DataFrame:
        """The table as a `pandas.DataFrame`, through pyarrow."""
    def to_polars(self) -> polars.DataFrame:
        """The table as a `polars.DataFrame` (zero-copy)."""

class RunResult:
    """A run's results."""

    @property
    def summary(self) -> dict[str, Any]:
        """The summary: the keys and values of `hashpivot run --json` (e.g. `summary["npv_usd"]["p50"]`)."""
    @property
    def paths(self) -> Table:
        """One row per Monte Carlo path: the columns of `paths.parquet` (`path`, `npv_usd`, `irr`, ...)."""
    @property
    def monthly(self) -> Table:
        """One row per site and month of the base case: the columns of `cashflows_base.csv`."""

@overload
def run(
    scenario: Scenario,
    paths: int = 2000,
    seed: int = 42,
    threads: Optional[int] = None,
    deterministic: bool = False,
    shard: None = None,
    out: Optional[Union[str, "os.PathLike[str]"]] = None,
    force: bool = False,
) -> RunResult:
    """Runs a scenario as `hashpivot run FILE --json` does; the same result for any thread count. With `out=`,
    also writes `run --out`'s files there."""
@overload
def run(
    scenario: Union[str, "os.PathLike[str]"],
    paths: int = 2000,
    seed: int = 42,
    threads: Optional[int] = None,
    deterministic: bool = False,
    *,
    shard: Union[tuple[int, int], str],
    out: Union[str, "os.PathLike[str]"],
    force: bool = False,
) -> str:
    """`hashpivot run FILE --paths N --shard k/K --out DIR` (`shard=(k, K)` or `"k/K"`): shard k's paths only;
    returns the shard folder."""

def merge(
    shards: Sequence[Union[str, "os.PathLike[str]"]],
    out: Union[str, "os.PathLike[str]"],
    force: bool = False,
) -> RunResult:
    """`hashpivot merge DIR... --out DIR`: the K shards of one run merged into the single run of N paths (its
    files written to `out` byte for byte, its result equal to `run(file, paths=N)`'s)."""

def validate(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's problems as `hashpivot validate` lists them, in file order: dicts with `line`, `column`,
    `path`, `found`, `expected` and `message` (the CLI's line). Empty: the scenario is valid."""

def network(date: Optional[str] = None, **flags: Any) -> Any:
    """`hashpivot network --date DATE --json`: a dict; with `from_=` and `to=` instead, a list of days."""

def mining(**flags: Any) -> dict[str, Any]:
    """`hashpivot mining ... --json`, e.g. `mining(date="2024-04-19", asic="S21", power_usd_per_mwh=50)`."""

def compare(**flags: Any) -> dict[str, Any]:
    """`hashpivot compare ... --json`: self-mining vs hosting lease vs GPU cloud, each default with its basis."""

def deals(id: Optional[str] = None, **flags: Any) -> Any:
    """`hashpivot deals --json` (a list of deals) or, with `id`, `hashpivot deals show ID --json` (a dict)."""

def dispatch(**flags: Any) -> dict[str, Any]:
    """`hashpivot dispatch ... --json`, e.g. `dispatch(hub="HB_WEST", from_="2024-01-01", to="2024-01-31",
    mw=50, asic="S21")`."""

def decide(files: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]], **flags: Any) -> dict[str, Any]:
    """`hashpivot decide FILE... --json`: plans side by side on the same paths (`baseline=`, `paths=`, ...)."""

def value(file: Union[str, "os.PathLike[str]"], **flags: Any) -> dict[str, Any]:
    """`hashpivot value FILE --json`: equity value per share (`company=`, `without_deal=`, `paths=`, ...)."""
