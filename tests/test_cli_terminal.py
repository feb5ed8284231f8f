"""The terminal (issue 14, point 5): a closed pipe, colour, the table width, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

LONG = "Een lange afspraak die over vele regels loopt. " * 40  # ~1,900 characters


def tracker_process(config_file, *args: str, **env: str) -> subprocess.Popen:
    """`tracker ...` as a real process (the console script's entry), stdout a pipe."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    return subprocess.Popen([sys.executable, "-m", "tracker", "--config", str(config_file),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**environ, **env})


@pytest.fixture
def long_output(cli):
    """Enough actions and events that every listing overflows a pipe's 64 KiB buffer."""
    for _ in range(40):
        cli("add", LONG)
    cli("note", "1-40", LONG)
    return cli


@pytest.mark.parametrize("args", [("history",), ("open",), ("open", "--format", "json"),
                                  ("export", "--format", "json"), ("show", "1")])
def test_a_closed_pipe_ends_the_command_quietly(long_output, config_file, args):
    """`tracker history | head -1` exited 1; now every command stops with 0 and says nothing."""
    process = tracker_process(config_file, *args)
    assert process.stdout.readline()
    process.stdout.close()  # what `head -1` does after its line
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
