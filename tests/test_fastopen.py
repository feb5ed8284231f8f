"""The fast `tracker open` path and the click command accept the same options and print the
same bytes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from tracker.cli import fastopen
from tracker.cli.main import cli as root

NOW = "2026-11-23 10:00:00"


def test_due_within_has_the_same_bound_on_both_paths():
    from tracker.core.listing import MAX_DAYS

    param = next(p for p in root.commands["open"].params if p.name == "due_within")
    assert (param.type.min, param.type.max) == (0, MAX_DAYS)
    assert fastopen.parse(["open", "--due-within", str(MAX_DAYS)]) == {"due_within": MAX_DAYS}


def test_fast_parser_knows_exactly_the_click_options():
    command = root.commands["open"]
    click_options = {opt for param in command.params for opt in param.opts
                     if opt.startswith("--")}
    assert click_options == set(fastopen.FLAGS) | set(fastopen.VALUES)
    root_options = {opt for param in root.params for opt in param.opts
                    if opt.startswith("--") and opt not in ("--version",)} - {"--help"}
    assert root_options == set(fastopen.ROOT_OPTIONS)
    for key, allowed in fastopen.CHOICES.items():
        param = next(p for p in (*command.params, *root.params) if p.name == key)
        assert tuple(param.type.choices) == allowed


@pytest.mark.parametrize("argv", [
    ["open", "-h"], ["open", "--help"], ["owner", "list"], ["--version"], [],
    ["open", "--due-before", "1 maart 2027"], ["open", "--limit", "0"], ["open", "--limit", "x"],
    ["open", "--sort", "size"], ["open", "--colour"], ["open", "--owner"],
    ["open", "--due-within", "3", "--due-before", "2027-01-01"], ["open", "--overdue=yes"],
    ["open", "--status", "closed"], ["open", "--report", "-1"], ["open", "--report", "x"],
    ["open", "--due-within", "99999999999"],
    ["--config"], ["--verbose", "open"], ["open", "extra"],
    # Found by tests/test_cli_fuzz.py: click refuses these names of who acts, so click says so.
    ["--as", "", "open"], ["--as", " ", "open"], ["--as", "a" * 201, "open"],
])
def test_unusual_forms_go_to_click(argv):
    assert fastopen.parse(argv) is None


def test_parse():
    assert fastopen.parse(["--config=c.toml", "--as", "me", "open", "--owner", "anna",
                           "--overdue", "--limit=5", "--format", "json"]) == {
        "config_path": "c.toml", "actor": "me", "owner": "anna", "overdue": True, "limit": 5,
        "fmt": "json"}


@pytest.mark.parametrize("args", [
    [], ["--owner", "anna"], ["--unassigned"], ["--overdue", "--sort", "owner"],
    ["--due-within", "60"], ["--due-before", "2024-09-01"], ["--report", "1"],
    ["--search", "bauhaus"], ["--limit", "2"], ["--sort", "id", "--format", "json"],
    ["--format", "csv"], ["--owner", "nobody"], ["--search", "zzz"],
    ["--status", "all"], ["--status", "done"], ["--status", "dropped", "--format", "json"],
    ["--review"], ["--review", "--limit", "3"], ["--report", "99"],
    ["--report", "99999999999999999999"], ["--report", "#1"], ["--search", "Trenčin"],
    ["--search", "gebeld"], ["--status", "all", "--limit", "2"], ["--owner", "a"],
    # Found by tests/test_cli_fuzz.py: a LIMIT beyond 64 bits failed in both databases.
    ["--limit", "9223372036854775808"], ["--limit", "99999999999999999999999"],
])
def test_both_paths_print_the_same(cli, config_file, seeds, capsys, args):
    with freeze_time(NOW):
        cli("ingest", *map(str, seeds))
        cli("owner", "add", "Anna de Vries", "anna@example.org")
        cli("assign", "1", "2", "--owner", "anna@example.org")
        cli("owner", "add", "Bram Jansen", "bram@example.org")
        cli("close", "3")
        cli("drop", "4", "--reason", "gaat niet door")
        cli("note", "5", "gebeld met Lyon")
        argv = ["--config", str(config_file), "open", *args]
        slow = CliRunner().invoke(root, argv)
        capsys.readouterr()
        code = fastopen.fast_open(argv)
        fast = capsys.readouterr()
    assert code == slow.exit_code
    assert fast.out == slow.stdout_bytes.decode()  # .stdout would turn CSV's CRLF into LF
    assert fast.err == slow.stderr


def test_listing_imports_neither_click_nor_the_orm(cli, config_file):
    import subprocess
    import sys

    cli("open")  # creates and migrates the database
    probe = ("import sys\n"
             f"sys.argv = ['tracker', '--config', {str(config_file)!r}, 'open']\n"
             "from tracker.entry import main\n"
             "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
             "heavy = [m for m in ('click', 'sqlalchemy', 'jinja2', 'alembic', 'flask',"
             " 'werkzeug', 'waitress', 'itsdangerous') if m in sys.modules]\n"
             "print(code, heavy)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out == "No open actions.\n0 []\n"
