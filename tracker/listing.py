"""What `tracker open` lists: the open_actions view (owned by the migrations) read through plain
DB-API, streamed, so the listing starts and runs without SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.dbapi import Connection
from tracker.errors import NotFound

SORTS = ("due", "id", "owner")


@dataclass(frozen=True)
class OpenFilter:
    owner: str | None = None
    unassigned: bool = False
    overdue: bool = False
    due_within: int | None = None
    due_before: date | None = None
    report_id: int | None = None
    search: str | None = None
    sort: str = "due"
    limit: int | None = None


@dataclass(frozen=True)
class OpenRow:
    id: int
    due_date: date | None
    days_left: int | None
    owner_name: str | None
    owner_email: str | None
    owner_hint: str | None
    title: str
    text: str
    report_id: int | None
    report_title: str | None
    due_source: str | None

    @property
    def overdue(self) -> bool:
        # A deadline is the end of its day: overdue from the day after.
        return self.days_left is not None and self.days_left < 0

    @property
    def unassigned(self) -> bool:
        return self.owner_email is None


_COLUMNS = ("id, due_date, due_source, title, text, owner_hint, report_id, owner_name,"
            " owner_email, owner_active, report_title")


def resolve_owner_ids(conn: Connection, owner: str) -> list[int]:
    """Owner ids matching an e-mail address or a (case-insensitive) name; failing those, every
    owner whose name or address contains the text ("anna" finds Anna de Vries)."""
    text = owner.strip().lower()
    rows = conn.execute("SELECT id FROM owners WHERE email = :text OR lower(name) = :text",
                        {"text": text}).fetchall()
    if not rows:
        rows = conn.execute("SELECT id FROM owners WHERE lower(name) LIKE :pattern"
                            " OR email LIKE :pattern", {"pattern": f"%{text}%"}).fetchall()
    if not rows:
        raise NotFound(f"no owner {owner!r} (see `tracker owner list`)")
    return [row[0] for row in rows]


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
        clauses.append("(lower(text) LIKE :pattern OR lower(owner_hint) LIKE :pattern)")
        escaped = spec.search.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        params["pattern"] = f"%{escaped}%"
    params["today"] = today
    return clauses, params


def _to_date(value) -> date | None:
    # sqlite3 returns the ISO text SQLAlchemy stored; psycopg returns a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def list_open(conn: Connection, spec: OpenFilter, today: date) -> Iterator[OpenRow]:
    """Open actions matching the filter, streamed. Sort 'due': by deadline (so overdue first),
    actions without deadline last; each part is one index-ordered scan."""
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
    remaining = spec.limit
    for where, order in parts:
        if remaining is not None and remaining <= 0:
            return
        sql = f"SELECT {_COLUMNS} FROM open_actions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order}"
        if remaining is not None:
            sql += f" LIMIT {int(remaining)}"
        cursor = conn.execute(sql, params)
        while batch := cursor.fetchmany(500):
            for row in batch:
                if remaining is not None:
                    remaining -= 1
                yield _row(row, today)


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
