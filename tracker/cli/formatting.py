"""Output for people (aligned columns within 100 characters) and for machines (JSON, CSV), from
the same rows. Streams: nothing here holds all rows in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

TYPE_CHECKING = False  # importing typing costs 5 ms of every start-up
if TYPE_CHECKING:
    from typing import Any, TextIO

WIDTH = 100


class Column:
    def __init__(self, header: str, width: int, align: str = "<"):
        self.header = header
        self.width = width  # 0: takes the rest of the line
        self.align = align


def fit(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class Table:
    """Fixed-width lines, so rows can be printed as they stream; one column (width 0) flexes to
    fill WIDTH."""

    def __init__(self, columns: list[Column]):
        self.columns = columns
        fixed = sum(c.width for c in columns) + 2 * (len(columns) - 1)
        self.widths = [c.width or max(WIDTH - fixed, 10) for c in columns]
        self.template = "  ".join(f"{{:{c.align}{w}}}" for c, w in zip(columns, self.widths,
                                                                       strict=True))

    def line(self, values: list[Any]) -> str:
        # A listing may print 300,000 lines: only cells that need it are fitted.
        cells = []
        for value, width in zip(values, self.widths, strict=True):
            if value is None:
                value = ""
            elif not isinstance(value, str):
                value = str(value)
            if len(value) > width or "\n" in value or "\t" in value:
                value = fit(value, width)
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


def plain(value: Any) -> Any:
    """A value as JSON and CSV write it: dates and instants in ISO 8601, records and lists
    through."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def write_json(out: TextIO, records: Iterable[dict[str, Any]]) -> int:
    """A JSON array, written record by record; returns the count."""
    import json

    count = 0
    out.write("[")
    for record in records:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps({k: plain(v) for k, v in record.items()}, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_csv(out: TextIO, fields: list[str], records: Iterable[dict[str, Any]]) -> int:
    """CSV that Dutch Excel opens as columns with the accents intact: UTF-8 BOM, ';' separator."""
    import csv

    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=fields, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: plain(record.get(k)) for k in fields})
        count += 1
    return count


def emit(fmt: str, out: TextIO, fields: list[str], records: Iterable[dict[str, Any]],
         table: Callable[[Iterable[dict[str, Any]]], int] | None) -> int:
    """Dispatch one record stream to json, csv or the caller's table writer."""
    if fmt == "json":
        return write_json(out, records)
    if fmt == "csv":
        return write_csv(out, fields, records)
    return table(records)
