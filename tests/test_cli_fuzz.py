"""Every command of the click group, with arguments hypothesis makes up (tests/arguments.py),
against a seeded database on SQLite and PostgreSQL. Whatever comes in, tracker answers with a
documented exit code, never a traceback, at most one error line, and a failed command leaves
the database as it was.

The commands and their options are read from the group itself, so a new one is fuzzed
without a change here. `make fuzz` runs many more examples (TRACKER_FUZZ_EXAMPLES)."""

from __future__ import annotations

import io
import os
import shutil
import signal
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout

import click
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.arguments import command_args, texts
from tests.conftest import SEEDS_DIR
from tracker.cli.fastopen import fast_open
from tracker.cli.main import cli as root

# Not fuzzed, and why: they run until stopped, or wait for a person at the keyboard.
SKIPPED = {("serve",): "a web server: runs until stopped",
           ("scheduler", "run"): "the scheduler: runs until stopped",
           ("review",): "interactive: asks a person about each action"}
EXIT_CODES = {0, 1, 2, 3, 4, 5, 6}  # README, "Commands"; 70 is a bug
EXAMPLES_PER_COMMAND = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "6"))  # make fuzz: 100
SECONDS_PER_EXAMPLE = 20  # far above any command's time: a hang fails, not blocks the run


def commands(group: click.Group = root, path: tuple[str, ...] = ()):
    """(path, command) of every command under the group, the skipped ones left out."""
    for name, command in sorted(group.commands.items()):
        here = (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, here)
        elif here not in SKIPPED:
            yield here, command


COMMANDS = list(commands())


def test_the_fuzzer_covers_every_command_but_the_skipped():
    assert len(COMMANDS) >= 30
    assert ("close",) in [path for path, _ in COMMANDS]
    assert ("digest", "send") in [path for path, _ in COMMANDS]
    assert not set(SKIPPED) & {path for path, _ in COMMANDS}


def _files(folder):
    """What path arguments point at (tests/arguments.py names them)."""
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    (folder / "reports").mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, folder / "reports" / seed.name)
    shutil.copy(seeds[2], folder / "seed.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.pdf").write_bytes(bytes(range(256)) * 8)
    (folder / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return seeds


def dump(sql, backend: str) -> dict[str, list[str]]:
    """Every row of every table, in an order that does not depend on the plan."""
    if backend == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return {table: sorted(repr(row) for row in sql(f'SELECT * FROM "{table}"'))
            for (table,) in sql(query)}


class TookTooLong(Exception):
    pass


def _alarm(signum, frame):
    raise TookTooLong(f"a command ran for more than {SECONDS_PER_EXAMPLE} s")


def test_any_arguments_give_a_documented_exit_and_change_nothing_on_failure(
        db, cli, config_file, sql, tmp_path, monkeypatch):
    # config_file's mail transport is "file": digest send writes .eml files, never blocks.
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # what a command writes lands here
    seeds = _files(work)
    for name, email in (("Anna de Vries", "anna@example.org"), ("Bert Jansen", "bert@example.org"),
                        ("Resilience team", "resilience@example.org")):
        cli("owner", "add", name, email)
    cli("ingest", str(seeds[3]), "--owner", "anna@example.org")
    cli("ingest", str(seeds[4]))
    cli("add", "Bel de ambassade", "--owner", "bert@example.org", "--due", "2026-12-01")
    cli("close", "1")
    previous = signal.signal(signal.SIGALRM, _alarm)

    exits: Counter[int] = Counter()

    def check(args, actor):
        before = dump(sql, db.backend)
        signal.alarm(SECONDS_PER_EXAMPLE)
        try:
            result = cli(*(["--as", actor] if actor is not None else []), *args, ok=False)
        finally:
            signal.alarm(0)
        exits[result.exit_code] += 1
        said = f"tracker {args!r} -> {result.exit_code}\n{result.output}"
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            said + repr(result.exception)
        assert result.exit_code in EXIT_CODES, said
        assert "Traceback" not in result.output, said
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        if args[0] != "ingest":  # ingest says one line for each file it could not take
            assert len(errors) <= 1, said
        if result.exit_code != 0 and not (args[0] == "ingest" and _stored_some(result)):
            assert dump(sql, db.backend) == before, said
        if db.backend == "sqlite":
            assert sql("PRAGMA integrity_check") == [("ok",)]
        if args[0] == "open":  # the console script's own parser: the same answers
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = fast_open(["--config", str(config_file), *args])
            assert code is None or [code, out.getvalue(), err.getvalue()] == [
                result.exit_code, result.stdout_bytes.decode(), result.stderr], said

    # Each command its share of the examples: one sampled among all gets too few.
    fuzz = settings(max_examples=EXAMPLES_PER_COMMAND, deadline=None, derandomize=True,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    try:
        for path, command in COMMANDS:
            fuzz(given(command_args(path, command, str(work)),
                       st.none() | texts.filter(str.strip))(check))()
    finally:
        signal.signal(signal.SIGALRM, previous)
    # `make fuzz` shows it (pytest -s): how the examples ended.
    print(f"\n{db.backend}: {sum(exits.values())} examples over {len(COMMANDS)} commands,"
          f" exit codes {dict(sorted(exits.items()))}")


def _stored_some(result) -> bool:
    """Ingest takes the good files of a batch and fails for the bad ones (exit 1)."""
    last = result.stdout.strip().splitlines()[-1:] or [""]
    return not last[0].startswith("0 reports")
