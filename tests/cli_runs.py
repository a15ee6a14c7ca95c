"""Running the ``tvaerblik`` command in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from toolkit import cli


def run_cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``tvaerblik`` with ``args`` (each turned into text): its exit code, stdout and stderr."""
    code = cli.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err
