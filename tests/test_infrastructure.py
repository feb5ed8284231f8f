"""The test infrastructure itself: real durations under a frozen clock, and an SMTP server
whose port nobody can take first."""

from __future__ import annotations

import re
import smtplib
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_durations_are_real_times_under_a_frozen_clock():
    """freezegun patched pytest's timer: --durations printed 1795427549.45s for a test that
    froze time at 2026-11-23."""
    frozen_in_setup = "tests/test_cli_ingest.py::test_dry_run_text_shows_lines"
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                          "--durations=3", frozen_in_setup],
                         capture_output=True, text=True, cwd=ROOT).stdout
    times = [float(t) for t in re.findall(r"^(\d+\.\d+)s ", out, re.MULTILINE)]
    assert times and all(t < 600 for t in times), out


def test_smtp_sink_binds_the_port_it_reports():
    """The sink used to pick a port by binding and closing a probe socket, and bind it again
    later; another process could take it in between (here: a socket bound to that port)."""
    from tests.conftest import SmtpSink

    sink = SmtpSink()
    taken = socket.socket()
    taken.bind(("127.0.0.1", sink.port))  # whatever it chose before starting
    taken.listen()
    try:
        sink.start()
        assert sink.port not in (0, taken.getsockname()[1])
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
            client.sendmail("a@example.org", ["b@example.org"], "Subject: x\r\n\r\nhallo\r\n")
        assert sink.recipients() == ["b@example.org"]
        sink.stop()
        sink.start()  # a restart keeps the port, as the retry tests need
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
            assert client.noop()[0] == 250
    finally:
        sink.stop()
        taken.close()
