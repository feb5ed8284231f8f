"""`tracker open` without click: people run it many times a day, and importing click, the ORM
and the command table costs more than the query. This parses the common forms of the command
itself; anything else (help, a Dutch date, an invalid value) returns None and the click command
handles it, errors included. Both paths print through tracker.cli.listing.write_open, and
tests/test_fastopen.py checks that they accept the same options and print the same output."""

from __future__ import annotations

import re
import sys

ROOT_OPTIONS = {"--config": "config_path", "--as": "actor", "--color": "color"}
FLAGS = {"--unassigned": "unassigned", "--overdue": "overdue", "--review": "review",
         "--proposals": "proposals"}
VALUES = {"--owner": "owner", "--due-within": "due_within", "--due-before": "due_before",
          "--report": "report_id", "--search": "search", "--sort": "sort", "--limit": "limit",
          "--format": "fmt", "--status": "status"}
CHOICES = {"sort": ("due", "id", "owner"), "fmt": ("table", "json", "csv"),
           "status": ("open", "done", "dropped", "all"), "color": ("auto", "always", "never")}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse(argv: list[str]) -> dict | None:
    """Options of `tracker [--config F] [--as X] open [OPTIONS]`; None when click should take it."""
    values: dict = {}
    args = iter(argv)
    table = ROOT_OPTIONS
    for arg in args:
        if arg == "open" and table is ROOT_OPTIONS:
            table = VALUES
            continue
        name, eq, value = arg.partition("=")
        if table is VALUES and arg in FLAGS:
            values[FLAGS[arg]] = True
            continue
        if name not in table:
            return None
        if not eq:
            value = next(args, None)
            if value is None:
                return None
        values[table[name]] = value
    if table is ROOT_OPTIONS:
        return None  # not the open command
    return _convert(values)


def _convert(values: dict) -> dict | None:
    from datetime import date

    from tracker.cli.ids import parse_id
    from tracker.core.context import ACTOR_MAX
    from tracker.core.listing import MAX_DAYS

    actor = values.get("actor")
    if actor is not None and not 0 < len(actor.strip()) <= ACTOR_MAX:
        return None  # click refuses it, as for every command
    try:
        for key, low, high in (("due_within", 0, MAX_DAYS), ("limit", 1, None)):
            if key in values:
                values[key] = int(values[key])
                if values[key] < low or (high is not None and values[key] > high):
                    return None
        if "report_id" in values:
            values["report_id"] = parse_id(values["report_id"])
        if "due_before" in values:
            if not _ISO.fullmatch(values["due_before"]):
                return None
            values["due_before"] = date.fromisoformat(values["due_before"])
    except ValueError:
        return None
    for key, allowed in CHOICES.items():
        if key in values and values[key] not in allowed:
            return None
    if "due_within" in values and "due_before" in values:
        return None
    return values


def fast_open(argv: list[str]) -> int | None:
    """Run `tracker open` when parse() understands it; the exit code, or None."""
    values = parse(argv)
    if values is None:
        return None
    from tracker.cli.formatting import use_color
    from tracker.cli.listing import write_open
    from tracker.clock import today
    from tracker.config import load_config
    from tracker.core.context import App
    from tracker.core.listing import OpenFilter
    from tracker.errors import TrackerError

    config_path = values.pop("config_path", None)
    values.pop("actor", None)  # listing changes nothing, so it has no actor
    fmt = values.pop("fmt", "table")
    color = use_color(values.pop("color", "auto"), sys.stdout)
    app = None
    try:
        config = load_config(config_path)
        for warning in config.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        app = App(config=config, actor="")
        try:
            write_open(app.raw(), OpenFilter(**values), today(config.tz), fmt, sys.stdout,
                       config.tz, red=(lambda line: f"\x1b[31m{line}\x1b[0m") if color
                       else (lambda line: line))
        except Exception as exc:  # a failure of the database itself is one line too
            from tracker.core.database import database_error

            raise database_error(exc, config.database.url) or exc from None
        sys.stdout.flush()
    except TrackerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        if app is not None:
            app.close()
    return 0
