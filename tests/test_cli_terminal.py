"""The terminal (issue 14, point 5): a closed pipe, colour, the table width, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from freezegun import freeze_time

LONG = "Een lange afspraak die over vele regels loopt. " * 40  # ~1,900 characters
RED = "\x1b[31m"


def tracker_process(config_file, *args: str, stdout=subprocess.PIPE, **env: str
                    ) -> subprocess.Popen:
    """`tracker ...` as a real process (the console script's entry), stdout a pipe."""
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("TRACKER_") and k not in ("NO_COLOR", "COLUMNS")}
    return subprocess.Popen([sys.executable, "-m", "tracker", "--config", str(config_file),
                             *args], stdout=stdout, stderr=subprocess.PIPE,
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


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("open", "--help"), ("open",),
                                  ("history",), ("show", "1"), ("note", "1", "x")])
def test_a_pipe_closed_before_the_first_line_is_no_failure_either(cli, config_file, args):
    """The reader is gone before tracker writes anything: help, a listing, a verb's line."""
    cli("add", "Iets")
    reader, writer = os.pipe()
    os.close(reader)
    process = tracker_process(config_file, *args, stdout=writer)
    os.close(writer)
    assert process.communicate(timeout=60) == (None, b"")
    assert process.returncode == 0


def on_terminal(config_file, *args: str, columns: int = 80, **env: str) -> str:
    """What `tracker ...` writes to a terminal: a pseudo-terminal `columns` wide."""
    import fcntl
    import pty
    import struct
    import termios

    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = tracker_process(config_file, *args, stdout=side, **env)
    os.close(side)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.fixture
def overdue(cli):
    cli("add", "Al verlopen", "--due", "2020-01-01")
    cli("add", "Nog niet", "--due", "2098-01-01")
    return cli


# `open` takes the fast path; with a Dutch date click's command prints the same.
OPEN_FORMS = [("open",), ("open", "--due-before", "1 januari 2099")]


@pytest.mark.parametrize("args", OPEN_FORMS)
@pytest.mark.parametrize("color, no_color, red", [
    ("auto", "", True), ("auto", "1", False), ("never", "", False), ("always", "1", True)])
def test_colour_follows_the_option_and_no_color(overdue, config_file, args, color, no_color,
                                                red):
    out = on_terminal(config_file, "--color", color, *args, NO_COLOR=no_color)
    assert "Al verlopen" in out
    assert (RED in out) == red


@pytest.mark.parametrize("args", OPEN_FORMS)
def test_auto_colours_no_pipe(overdue, config_file, args):
    process = tracker_process(config_file, *args)
    out, _ = process.communicate(timeout=60)
    assert b"Al verlopen" in out and b"\x1b" not in out
    assert tracker_process(config_file, "--color", "always", *args).communicate()[0].count(
        RED.encode()) == 1


@pytest.fixture
def listed(cli):
    cli("owner", "add", "Wilhelmina van der Steenhoven-Oudshoorn", "wilhelmina@example.org")
    cli("add", LONG, "--owner", "wilhelmina@example.org", "--due", "2098-12-31")
    cli("add", "Kort", "--due", "2099-01-01")
    return cli


def title_of_1(sql) -> str:
    return sql("SELECT title FROM actions WHERE id = 1")[0][0]


@pytest.mark.parametrize("columns", [80, 60, 120])
def test_the_table_fits_the_terminal(listed, config_file, columns):
    """Every row wrapped at 80 columns; now the owner gives way first, then the title is cut
    with "…", and ids and deadlines stay whole."""
    out = on_terminal(config_file, "open", columns=columns)
    lines = out.splitlines()
    assert max(map(len, lines)) <= columns
    assert "    1  2098-12-31" in lines[1] and "…" in lines[1]
    assert "    2  2099-01-01" in lines[2] and "Kort" in lines[2]


def test_columns_is_honoured_and_a_pipe_cuts_no_title(listed, monkeypatch, sql):
    monkeypatch.setenv("COLUMNS", "80")
    with freeze_time("2026-11-23 10:00"):
        narrow = listed("open").output.splitlines()
    assert narrow[0] == ("   ID  DEADLINE      LEFT  OWNER          TITLE"
                         "                           REPORT")
    assert narrow[1] == f"    1  2098-12-31   26336  Wilhelmina v…  {title_of_1(sql)[:29]}…  -"
    monkeypatch.delenv("COLUMNS")
    piped = listed("open").output.splitlines()  # CliRunner's stdout is no terminal
    assert f"Wilhelmina van der …  {title_of_1(sql)}  " in piped[1]


def test_a_narrow_terminal_never_cuts_ids_or_dates(listed, config_file):
    out = on_terminal(config_file, "open", columns=40)
    assert "    1  2098-12-31" in out.splitlines()[1]



def complete(config_file, line: str, shell: str = "zsh") -> list[str]:
    """What `tracker --config FILE line` offers the shell for its last word, through click's
    protocol (zsh's: type, value and help on three lines each); checks it says nothing else."""
    words = ["tracker", "--config", str(config_file), *line.split(" ")]
    process = tracker_process(config_file, _TRACKER_COMPLETE=f"{shell}_complete",
                              COMP_WORDS=" ".join(words), COMP_CWORD=str(len(words) - 1))
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, b"")
    return [line for line in out.decode().splitlines() if line]  # zsh ends in an empty line


@pytest.fixture
def to_complete(cli):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Bram Jansen", "bram@example.org")
    for title in ("Eerste actie", "Tweede actie", "Derde actie"):
        cli("add", title)
    for _ in range(8):
        cli("add", "Nog een")
    cli("close", "2")
    return cli


def test_completion_offers_open_ids_with_their_titles(to_complete, config_file):
    assert complete(config_file, "close ")[:6] == [
        "plain", "1", "Eerste actie", "plain", "3", "Derde actie"]
    assert complete(config_file, "due 1", shell="bash") == ["plain,1", "plain,10", "plain,11"]
    assert complete(config_file, "show #3") == ["plain", "3", "Derde actie"]


def test_completion_offers_owners(to_complete, config_file):
    assert complete(config_file, "assign 1 --owner ", shell="bash") == [
        "plain,anna@example.org", "plain,bram@example.org"]
    assert complete(config_file, "open --owner jans") == [
        "plain", "bram@example.org", "Bram Jansen"]


@pytest.mark.parametrize("config_text", [
    '[database]\nurl = "sqlite:///{folder}/nothing-here.db"\n',
    'this is no toml\n',
    '[database]\nurl = "postgresql+psycopg://nobody@127.0.0.1:9/none"\n',
])
def test_completion_without_a_database_offers_nothing_quietly(tmp_path, config_text):
    """Completion must not crash, print a traceback, or create a database."""
    config_file = tmp_path / "tracker.toml"
    config_file.write_text(config_text.format(folder=tmp_path))
    assert complete(config_file, "close ") == []
    assert complete(config_file, "assign 1 --owner ", shell="bash") == []
    assert not (tmp_path / "nothing-here.db").exists()
