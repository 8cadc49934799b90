"""The CLI binary that the Python suites drive answers `--version`."""

import subprocess


def test_version(hashpivot_bin):
    out = subprocess.run([str(hashpivot_bin), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("hashpivot ")
