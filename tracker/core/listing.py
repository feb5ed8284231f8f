"""What `tracker open` and `tracker export` list: rows of the action_states view (owned by the
migrations) read through plain DB-API and streamed, so a listing starts and runs without
SQLAlchemy. The output is tracker.cli.listing's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from tracker.core.database import LIKE_ESCAPE, Connection, is_id, like_pattern
from tracker.core.owner_match import find_owner_id
from tracker.core.state import (
    BRIEF_COLUMNS,
    SELECT_COLUMNS,
    SQL_OPEN,
    SQL_OVERDUE,
    SQL_TO_REVIEW,
    SQL_UNASSIGNED,
    ActionRow,
)
from tracker.errors import NotFound
from tracker.record import Record

STATUSES = ("open", "done", "dropped", "all")
# --due-within beyond a century reaches past the last date Python has; nothing is due so late.
MAX_DAYS = 36500
# The largest LIMIT both databases take (a signed 64-bit integer); no table holds more rows.
MAX_LIMIT = 2**63 - 1


class OpenFilter(Record):
    status: str = "open"
    review: bool = False
    proposals: bool = False
    owner: str | None = None
    unassigned: bool = False
    overdue: bool = False
    due_within: int | None = None
    due_before: date | None = None
    report_id: int | None = None
    search: str | None = None
    sort: str = "due"
    limit: int | None = None


def report_exists(conn: Connection, report_id: int) -> bool:
    return is_id(report_id) and conn.execute(
        "SELECT 1 FROM reports WHERE id = :id", {"id": report_id}).fetchone() is not None


# What --search looks in besides the text: the title, the owner hint, the report's title, and
# the notes and reasons of the action's history (`tracker note`, close/drop/due --note).
_LIKE = f"LIKE :pattern {LIKE_ESCAPE}"
_SEARCH = (f"(lower(text) {_LIKE} OR lower(title) {_LIKE} OR lower(owner_hint) {_LIKE}"
           f" OR lower(report_title) {_LIKE} OR EXISTS (SELECT 1 FROM events"
           " WHERE events.action_id = action_states.id AND events.kind <> 'created'"
           f" AND lower(events.note) {_LIKE}))")


# A deadline proposed by its owner waits for the coordinator (tracker.core.proposals).
SQL_PROPOSED = ("EXISTS (SELECT 1 FROM due_proposals WHERE due_proposals.action_id ="
                " action_states.id AND due_proposals.status = 'pending')")


def _where(conn: Connection, spec: OpenFilter, today: date) -> tuple[list[str], dict]:
    if spec.status not in STATUSES:
        raise ValueError(f"unknown status {spec.status!r}")
    clauses: list[str] = [] if spec.status == "all" else [f"status = '{spec.status}'"]
    params: dict = {}
    if spec.review:
        clauses.append(SQL_TO_REVIEW)
    if spec.proposals:
        clauses.append(SQL_PROPOSED)
    if spec.owner:
        clauses.append("owner_id = :owner")
        params["owner"] = find_owner_id(conn, spec.owner)
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
        if not report_exists(conn, spec.report_id):
            raise NotFound(f"no report #{spec.report_id}")
        clauses.append("report_id = :report")
        params["report"] = spec.report_id
    if spec.search:
        clauses.append(_SEARCH)
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
        statements.append(f"SELECT {columns} FROM action_states{_where_sql(where)}"
                          f" ORDER BY {order}")
    return statements, params


def _where_sql(clauses: list[str]) -> str:
    return f" WHERE {' AND '.join(clauses)}" if clauses else ""


def list_open(conn: Connection, spec: OpenFilter, today: date,
              brief: bool = False) -> Iterator[ActionRow]:
    """Actions matching the filter (open ones unless it says otherwise), streamed in batches;
    `brief` reads only what the table shows."""
    statements, params = open_queries(conn, spec, today,
                                      BRIEF_COLUMNS if brief else SELECT_COLUMNS)
    make = ActionRow.brief if brief else ActionRow
    remaining = spec.limit
    for sql in statements:
        if remaining is not None:
            if remaining <= 0:
                return
            sql += f" LIMIT {min(int(remaining), MAX_LIMIT)}"
        cursor = conn.execute(sql, params)
        while batch := cursor.fetchmany(500):
            if remaining is not None:
                remaining -= len(batch)
            for row in batch:
                yield make(row, today)


class Counts:
    """How many actions a listing holds: by status, and of the open ones how many are overdue,
    unassigned, waiting for review."""

    FIELDS = ("open", "done", "dropped", "overdue", "unassigned", "review")

    def __init__(self, **counts: int):
        for name in self.FIELDS:
            setattr(self, name, int(counts.get(name, 0)))

    @property
    def total(self) -> int:
        return self.open + self.done + self.dropped

    def add(self, row: ActionRow) -> None:
        """Count one listed row (the table counts as it streams)."""
        if row.status == "open":
            self.open += 1
            self.overdue += row.overdue
            self.unassigned += row.unassigned
            self.review += row.needs_review
        elif row.status == "done":
            self.done += 1
        else:
            self.dropped += 1


def _sum(condition: str) -> str:
    return f"coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


def count_open(conn: Connection, spec: OpenFilter, today: date) -> Counts:
    """The counts over the whole filtered set, ignoring --limit."""
    clauses, params = _where(conn, spec, today)
    conditions = [SQL_OPEN, "status = 'done'", "status = 'dropped'", SQL_OVERDUE,
                  f"({SQL_OPEN} AND {SQL_UNASSIGNED})", SQL_TO_REVIEW]
    sql = (f"SELECT {', '.join(_sum(c) for c in conditions)} FROM action_states"
           f"{_where_sql(clauses)}")
    row = conn.execute(sql, params).fetchone()
    return Counts(**dict(zip(Counts.FIELDS, row, strict=True)))


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
    return [ActionRow(row, today) for row in conn.execute(
        f"SELECT {SELECT_COLUMNS} FROM action_states{_where_sql(clauses)} ORDER BY id", params)]

