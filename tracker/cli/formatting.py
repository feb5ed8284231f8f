"""Output for people (aligned columns as wide as the terminal) and for machines (JSON, CSV),
from the same rows. Streams: nothing here holds all rows in memory.

Every command writes the same shapes: an instant as local time of the configured zone (CSV
`2026-11-23 20:34`, JSON ISO 8601 with its offset, to the second), a date as ISO, a boolean as
`true`/`false`; text without control or bidi-override characters, and in CSV a cell that a
spreadsheet would evaluate (=, +, -, @ first) starts with a quote (OWASP's CSV injection rule)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo

from tracker.core.text import safe_text

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from typing import Any, TextIO

WIDTH = 100  # a table's line when stdout is no terminal and its text has no known longest
MIN_TEXT = 30  # the text column is not made narrower than this before other columns give way
COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, stream: Any) -> bool:
    """Whether to colour output on `stream` for `--color`: "auto" colours a terminal unless
    NO_COLOR is set to anything (https://no-color.org); an explicit choice beats NO_COLOR."""
    import os

    if choice != "auto":
        return choice == "always"
    return not os.environ.get("NO_COLOR") and stream.isatty()


def terminal_width() -> int | None:
    """The columns of the terminal: $COLUMNS when set, else the size of stdout's terminal;
    None when stdout is a pipe or a file (a table then cuts no text it knows the length of)."""
    import os
    import sys

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not sys.stdout.isatty():
        return None
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or None
    except (OSError, ValueError):  # no size to be had: treated as a pipe
        return None


class Column:
    def __init__(self, header: str, width: int, align: str = "<", least: int | None = None,
                 most: int | None = None):
        self.header = header
        self.width = width  # 0: the text column, which takes the rest of the line
        self.align = align
        self.least = least  # how narrow it may get on a narrow terminal; None: never (ids, dates)
        self.most = most  # the text column's longest value, if known (a title's 80)


def fit(text: str, width: int) -> str:
    """One line of at most `width` characters, without control or bidi characters."""
    text = " ".join(safe_text(str(text)).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class Table:
    """Fixed-width lines, so rows can be printed as they stream. The text column (width 0) takes
    what the terminal leaves; on a narrow one the columns with a `least` give way first, down to
    it, and the text is cut with "…". Without a terminal the text column is as wide as its
    longest value (no cut), or fills WIDTH when that is unknown."""

    def __init__(self, columns: list[Column]):
        self.columns = columns
        self.widths = [c.width for c in columns]
        text = next(i for i, c in enumerate(columns) if c.width == 0)
        most = columns[text].most
        fixed = sum(self.widths) + 2 * (len(columns) - 1)
        available = terminal_width()
        if available is None:  # a pipe or a file
            available = WIDTH if most is None else fixed + most
        room = available - fixed
        for i, column in enumerate(columns):
            if room >= MIN_TEXT:
                break
            if column.least is not None:
                give = min(column.width - column.least, MIN_TEXT - room)
                self.widths[i] -= give
                room += give
        self.widths[text] = min(max(room, 10), most or room)
        self.total = sum(self.widths) + 2 * (len(columns) - 1)
        self.template = "  ".join(f"{{:{c.align}{w}}}" for c, w in zip(columns, self.widths,
                                                                       strict=True))

    def line(self, values: list[Any]) -> str:
        # A listing may print 300,000 lines: only cells that need it are fitted. Numbers (the
        # right-aligned columns: ids, counts) are never cut; a wider one pushes the line.
        cells = []
        for value, width, column in zip(values, self.widths, self.columns, strict=True):
            if value is None:
                value = ""
            elif not isinstance(value, str):
                value = str(value)
            if not value.isprintable() or len(value) > width and column.align == "<":
                value = fit(value, width if column.align == "<" else len(value))
            cells.append(value)
        return self.template.format(*cells).rstrip()

    def header(self) -> str:
        return self.line([c.header for c in self.columns])


def table_writer(grid: Table, cells: Callable[[dict[str, Any]], list[Any]], empty: str,
                 out: TextIO, note: Callable[[dict[str, Any]], str | None] | None = None
                 ) -> Callable[[Iterable[dict[str, Any]]], int]:
    """The table side of emit(): the header before the first row, `empty` when there is none,
    and an optional indented note line under a row."""
    def write(records: Iterable[dict[str, Any]]) -> int:
        count = 0
        for record in records:
            if not count:
                out.write(grid.header() + "\n")
            out.write(grid.line(cells(record)) + "\n")
            if note is not None and (text := note(record)):
                out.write(f"    {text}\n")
            count += 1
        if not count:
            out.write(empty + "\n")
        return count

    return write


def plain(value: Any, tz: tzinfo) -> Any:
    """A value as JSON writes it: instants in the zone as ISO 8601 to the second, dates in ISO,
    text made safe, records and lists through."""
    if isinstance(value, str):
        return safe_text(value, multiline=True)
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v, tz) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, tz) for v in value]
    return value


# A spreadsheet evaluates a cell that starts with one of these (OWASP, CSV injection; a leading
# tab or CR is one too, and safe_text has turned those into spaces already).
_FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(value: Any, tz: tzinfo) -> Any:
    """A value as CSV writes it: local "YYYY-MM-DD HH:MM", true/false, safe text, and a text
    that would be a formula quoted with a leading apostrophe."""
    if isinstance(value, str):
        value = safe_text(value, multiline=True)
        return "'" + value if value.lstrip().startswith(_FORMULA_STARTS) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_json(out: TextIO, records: Iterable[dict[str, Any]], tz: tzinfo) -> int:
    """A JSON array, written record by record; returns the count."""
    import json

    count = 0
    out.write("[")
    for record in records:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(plain(record, tz), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_csv(out: TextIO, fields: list[str], records: Iterable[dict[str, Any]],
              tz: tzinfo) -> int:
    """CSV that Dutch Excel opens as columns with the accents intact: UTF-8 BOM, ';' separator."""
    import csv

    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: csv_cell(record.get(k), tz) for k in fields})
        count += 1
    return count


def emit(fmt: str, out: TextIO, fields: list[str], records: Iterable[dict[str, Any]],
         table: Callable[[Iterable[dict[str, Any]]], int] | None, tz: tzinfo) -> int:
    """Dispatch one record stream to json, csv or the caller's table writer; `tz` is the zone
    instants are shown in."""
    if fmt == "json":
        return write_json(out, records, tz)
    if fmt == "csv":
        return write_csv(out, fields, records, tz)
    return table(records)


def change_of(old: str | None, new: str | None) -> str:
    """An event's change on one line: "old -> new", or the one that is set."""
    return " -> ".join(v for v in (old, new) if v)


def full_values(old: str | None, new: str | None, note: str | None, indent: str,
                width: int = WIDTH) -> list[str]:
    """An event's old and new values and its note in full, wrapped, each labelled: for changes
    too long for one line (an edited text, a split)."""
    import textwrap

    lines = []
    for label, value in (("old", old), ("new", new), ("note", note)):
        if value:
            lines += textwrap.wrap(" ".join(safe_text(value).split()), width,
                                   initial_indent=f"{indent}{label + ':':<6}",
                                   subsequent_indent=indent + " " * 6)
    return lines
