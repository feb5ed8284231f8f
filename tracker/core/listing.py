"""What `tracker open` lists: the open_actions view (owned by the migrations) read through plain
DB-API, streamed, so the listing starts and runs without SQLAlchemy. The output is
tracker.cli.listing's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from tracker.core.database import LIKE_ESCAPE, Connection, like_pattern
from tracker.core.owner_match import resolve_owner_ids
from tracker.record import Record

SORTS = ("due", "id", "owner")


class OpenFilter(Record):
    owner: str | None = None
    unassigned: bool = False
    overdue: bool = False
    due_within: int | None = None
    due_before: date | None = None
    report_id: int | None = None
    search: str | None = None
    sort: str = "due"
    limit: int | None = None


class OpenRow:
    """One listed action; a plain slotted class because a listing may stream 300,000."""

    __slots__ = ("id", "due_date", "days_left", "owner_name", "owner_email", "owner_hint",
                 "title", "text", "report_id", "report_title", "due_source")

    def __init__(self, id: int, due_date: date | None, days_left: int | None,
                 owner_name: str | None, owner_email: str | None, owner_hint: str | None,
                 title: str, text: str, report_id: int | None, report_title: str | None,
                 due_source: str | None):
        self.id, self.due_date, self.days_left = id, due_date, days_left
        self.owner_name, self.owner_email, self.owner_hint = owner_name, owner_email, owner_hint
        self.title, self.text, self.report_id = title, text, report_id
        self.report_title, self.due_source = report_title, due_source

    @property
    def overdue(self) -> bool:
        # A deadline is the end of its day: overdue from the day after.
        return self.days_left is not None and self.days_left < 0

    @property
    def unassigned(self) -> bool:
        return self.owner_email is None

    def record(self) -> dict:
        """The row for json/csv: every field, the full text, and whether it is overdue."""
        return {"id": self.id, "due_date": self.due_date, "days_left": self.days_left,
                "overdue": self.overdue, "owner_name": self.owner_name,
                "owner_email": self.owner_email, "owner_hint": self.owner_hint,
                "title": self.title, "text": self.text, "report_id": self.report_id,
                "report_title": self.report_title, "due_source": self.due_source}


_BRIEF_COLUMNS = ("id, due_date, title, owner_hint, report_id, owner_name, owner_email,"
                  " owner_active")
_COLUMNS = ("id, due_date, due_source, title, text, owner_hint, report_id, owner_name,"
            " owner_email, owner_active, report_title")


def _where(conn: Connection, spec: OpenFilter, today: date) -> tuple[list[str], dict]:
    clauses: list[str] = []
    params: dict = {}
    if spec.owner:
        ids = resolve_owner_ids(conn, spec.owner)
        names = [f":owner{i}" for i in range(len(ids))]
        clauses.append(f"owner_id IN ({', '.join(names)})")
        params.update({n[1:]: i for n, i in zip(names, ids, strict=True)})
    if spec.unassigned:
        clauses.append("(owner_id IS NULL OR NOT owner_active)")
    if spec.overdue:
        clauses.append("due_date < :today")
    if spec.due_within is not None:
        clauses.append("due_date <= :within")
        params["within"] = today + timedelta(days=spec.due_within)
    if spec.due_before is not None:
        clauses.append("due_date < :before")
        params["before"] = spec.due_before
    if spec.report_id is not None:
        clauses.append("report_id = :report")
        params["report"] = spec.report_id
    if spec.search:
        clauses.append(f"(lower(text) LIKE :pattern {LIKE_ESCAPE}"
                       f" OR lower(owner_hint) LIKE :pattern {LIKE_ESCAPE})")
        params["pattern"] = like_pattern(spec.search.lower())
    params["today"] = today
    return clauses, params


def _to_date(value) -> date | None:
    # sqlite3 returns the ISO text SQLAlchemy stored; psycopg returns a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def open_queries(conn: Connection, spec: OpenFilter, today: date,
                 columns: str = _COLUMNS) -> tuple[list[str], dict]:
    """The SQL behind a listing (one or two statements, run in order) and its parameters.
    Sort 'due' puts overdue first by reading the deadline index in order, actions without a
    deadline after it: two index-ordered scans, no sort."""
    clauses, params = _where(conn, spec, today)
    if spec.sort == "due":
        parts = [(clauses + ["due_date IS NOT NULL"], "due_date, id"),
                 (clauses + ["due_date IS NULL"], "id")]
        if spec.overdue or spec.due_within is not None or spec.due_before is not None:
            parts = parts[:1]
    elif spec.sort == "owner":
        parts = [(clauses, "owner_email IS NULL, owner_email, due_date IS NULL, due_date, id")]
    else:
        parts = [(clauses, "id")]
    statements = []
    for where, order in parts:
        sql = f"SELECT {columns} FROM open_actions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        statements.append(f"{sql} ORDER BY {order}")
    return statements, params


def list_open(conn: Connection, spec: OpenFilter, today: date,
              brief: bool = False) -> Iterator[OpenRow]:
    """Open actions matching the filter, streamed in batches. `brief` leaves out what the
    table does not show (the full text above all): at a million actions it halves the time."""
    statements, params = open_queries(conn, spec, today, _BRIEF_COLUMNS if brief else _COLUMNS)
    make = _brief_row if brief else _row
    remaining = spec.limit
    for sql in statements:
        if remaining is not None:
            if remaining <= 0:
                return
            sql += f" LIMIT {int(remaining)}"
        cursor = conn.execute(sql, params)
        while batch := cursor.fetchmany(500):
            if remaining is not None:
                remaining -= len(batch)
            for row in batch:
                yield make(row, today)


def _row(row, today: date) -> OpenRow:
    (id_, due, due_source, title, text, hint, report_id, owner_name, owner_email, owner_active,
     report_title) = row
    due = _to_date(due)
    active = bool(owner_active) and owner_email is not None
    return OpenRow(id=id_, due_date=due, days_left=None if due is None else (due - today).days,
                   owner_name=owner_name if active else None,
                   owner_email=owner_email if active else None, owner_hint=hint, title=title,
                   text=text, report_id=report_id, report_title=report_title,
                   due_source=due_source)


def _brief_row(row, today: date) -> OpenRow:
    id_, due, title, hint, report_id, owner_name, owner_email, owner_active = row
    return _row((id_, due, None, title, "", hint, report_id, owner_name, owner_email,
                 owner_active, None), today)


def count_open(conn: Connection, spec: OpenFilter, today: date) -> tuple[int, int, int]:
    """(open, overdue, unassigned) over the whole filtered set, ignoring --limit."""
    clauses, params = _where(conn, spec, today)
    sql = ("SELECT count(*), coalesce(sum(CASE WHEN due_date < :today THEN 1 ELSE 0 END), 0),"
           " coalesce(sum(CASE WHEN owner_id IS NULL OR NOT owner_active THEN 1 ELSE 0 END), 0)"
           " FROM open_actions")
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    total, overdue, unassigned = conn.execute(sql, params).fetchone()
    return int(total), int(overdue), int(unassigned)
