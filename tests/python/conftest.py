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
