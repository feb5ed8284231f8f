"""What `tracker open` and `tracker export` list: rows of the action_states view (owned by the
migrations) read through plain DB-API and streamed, so a listing starts and runs without
SQLAlchemy. The output is tracker.cli.listing's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from tracker.core.database import LIKE_ESCAPE, Connection, like_pattern
from tracker.core.owner_match import find_owner_id, resolve_owner_ids
from tracker.core.state import (
    BRIEF_COLUMNS,
    SELECT_COLUMNS,
    SQL_OPEN,
    SQL_OVERDUE,
    SQL_UNASSIGNED,
    ActionRow,
)
from tracker.record import Record


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


def _where(conn: Connection, spec: OpenFilter, today: date) -> tuple[list[str], dict]:
    clauses: list[str] = [SQL_OPEN]
    params: dict = {}
    if spec.owner:
        ids = resolve_owner_ids(conn, spec.owner)
        names = [f":owner{i}" for i in range(len(ids))]
        clauses.append(f"owner_id IN ({', '.join(names)})")
        params.update({n[1:]: i for n, i in zip(names, ids, strict=True)})
    if spec.unassigned:
        clauses.append(SQL_UNASSIGNED)
    if spec.overdue:
        clauses.append(SQL_OVERDUE)
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


def open_queries(conn: Connection, spec: OpenFilter, today: date,
                 columns: str = SELECT_COLUMNS) -> tuple[list[str], dict]:
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
        statements.append(f"SELECT {columns} FROM action_states WHERE {' AND '.join(where)}"
                          f" ORDER BY {order}")
    return statements, params


def list_open(conn: Connection, spec: OpenFilter, today: date,
              brief: bool = False) -> Iterator[ActionRow]:
    """Open actions matching the filter, streamed in batches; `brief` reads only what the table
    shows."""
    statements, params = open_queries(conn, spec, today,
                                      BRIEF_COLUMNS if brief else SELECT_COLUMNS)
    make = ActionRow.brief if brief else ActionRow
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


def count_open(conn: Connection, spec: OpenFilter, today: date) -> tuple[int, int, int]:
    """(open, overdue, unassigned) over the whole filtered set, ignoring --limit."""
    clauses, params = _where(conn, spec, today)
    sql = (f"SELECT count(*), coalesce(sum(CASE WHEN {SQL_OVERDUE} THEN 1 ELSE 0 END), 0),"
           f" coalesce(sum(CASE WHEN {SQL_UNASSIGNED} THEN 1 ELSE 0 END), 0)"
           f" FROM action_states WHERE {' AND '.join(clauses)}")
    total, overdue, unassigned = conn.execute(sql, params).fetchone()
    return int(total), int(overdue), int(unassigned)


def export_rows(conn: Connection, today: date, owner: str | None = None,
                everything: bool = False, closed_since: datetime | None = None
                ) -> list[ActionRow]:
    """What `tracker export` writes: open actions and those closed or dropped from
    `closed_since` on (every action with `everything`), of one owner (an address, a name or
    part of one) or of all, by id."""
    clauses: list[str] = []
    params: dict = {}
    if not everything:
        clauses.append(f"({SQL_OPEN} OR closed_at >= :since)" if closed_since else SQL_OPEN)
        if closed_since:
            params["since"] = conn.timestamp(closed_since)
    if owner:
        clauses.append("owner_id = :owner")
        params["owner"] = find_owner_id(conn, owner)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [ActionRow(row, today) for row in conn.execute(
        f"SELECT {SELECT_COLUMNS} FROM action_states{where} ORDER BY id", params)]

