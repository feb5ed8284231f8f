"""The layout keeps its promises: the core, mail, reports and exports never import click (the
web calls them unchanged), and the package list of the wheel names every package."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "tracker"


def modules(*folders: str) -> list[str]:
    return sorted(f"tracker.{folder}.{path.stem}" for folder in folders
                  for path in (PACKAGE / folder).glob("*.py") if path.stem != "__init__")


def test_the_core_is_click_free():
    names = [*modules("core", "mail", "reports", "exports"), "tracker.scheduler"]
    probe = (f"import importlib, sys\nfor name in {names!r}:\n    importlib.import_module(name)\n"
             "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('click.')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out == "[]\n"


def test_every_package_is_in_the_wheel_list():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"]
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("*.py")}
    assert found <= set(packages), found - set(packages)


def test_ingest_dry_run_is_a_flag(config, seeds):
    from datetime import date

    import pytest

    from tracker.core.ingest import ingest

    results = list(ingest(seeds[:1], config, date(2026, 11, 23), dry_run=True))
    assert [len(r.agreements) for r in results] == [4] and results[0].report_id is None
    with pytest.raises(ValueError, match="storing needs sessions"):
        list(ingest(seeds[:1], config, date(2026, 11, 23)))


def test_daily_commands_start_without_the_orm(cli, config_file, seeds):
    """show, close, reports, export and the corrections run over the plain DB-API connection
    (bench/: 0.06 s instead of 0.4 s from cold), and nothing but `tracker serve` imports the
    web's Flask, Werkzeug, waitress or itsdangerous."""
    cli("add", "Verslag delen met de raad")
    cli("ingest", str(seeds[0]))
    for argv in (["show", "1"], ["close", "1"], ["reports"], ["export", "--format", "json"],
                 ["history", "1"], ["owner", "list"], ["edit", "2", "--title", "Leerprogramma"],
                 ["review", "5", "--accept"], ["assign", "2", "--none"],
                 ["due", "3-4", "2027-01-01"], ["due", "3", "--clear"], ["split", "3"],
                 ["merge", "4", "5"], ["report", "show", "1"],
                 ["open", "--review", "--status", "all"], ["--help"], ["serve", "--help"]):
        probe = ("import sys\n"
                 f"sys.argv = ['tracker', '--config', {str(config_file)!r}, *{argv!r}]\n"
                 "from tracker.entry import main\n"
                 "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
                 "print([m for m in ('sqlalchemy', 'jinja2', 'alembic', 'flask', 'werkzeug',"
                 " 'waitress', 'itsdangerous') if m in sys.modules])\n")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             check=True).stdout
        assert out.splitlines()[-1] == "[]", (argv, out)
