"""Read-only queries behind `reports`, `owner list`, `history`, `show` and the coordinator's
summary: plain SQL over DB-API (or an ORM session's connection, see Connection.of_session), so
these commands start without SQLAlchemy."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.core.database import Connection, is_id, to_date, to_utc
from tracker.core.state import SQL_OPEN, SQL_OVERDUE
from tracker.errors import NotFound


def _count(condition: str) -> str:
    return f"coalesce(sum(CASE WHEN {condition} THEN 1 ELSE 0 END), 0)"


# Open, done, dropped and overdue actions per report, for `tracker reports` and the summary.
_REPORT_COUNTS = f"""
SELECT r.id, r.title, r.source_name, r.trip_start, r.trip_end, r.persons, r.ingested_at,
       r.withdrawn_at, r.replaced_by,
       {_count(SQL_OPEN)} AS open, {_count("status = 'done'")} AS done,
       {_count("status = 'dropped'")} AS dropped, {_count(SQL_OVERDUE)} AS overdue
FROM reports r LEFT JOIN actions a ON a.report_id = r.id
GROUP BY r.id, r.title, r.source_name, r.trip_start, r.trip_end, r.persons, r.ingested_at,
         r.withdrawn_at, r.replaced_by
ORDER BY r.id
"""
REPORT_COUNT_FIELDS = ("id", "title", "source_name", "trip_start", "trip_end", "persons",
                       "ingested_at", "withdrawn_at", "replaced_by", "open", "done", "dropped",
                       "overdue")


def report_counts(conn: Connection, today: date) -> list[dict]:
    """Every report with its counts of open, done, dropped and overdue actions (a withdrawn
    one with withdrawn_at, a replaced one also with replaced_by)."""
    rows = []
    for row in conn.execute(_REPORT_COUNTS, {"today": today}):
        record = dict(zip(REPORT_COUNT_FIELDS, row, strict=True))
        record.update(trip_start=to_date(record["trip_start"]),
                      trip_end=to_date(record["trip_end"]),
                      ingested_at=to_utc(record["ingested_at"]),
                      withdrawn_at=to_utc(record["withdrawn_at"]))
        rows.append(record)
    return rows


def owner_counts(conn: Connection, today: date) -> list[dict]:
    """Every owner (deactivated ones too) with the open and overdue actions assigned to them."""
    sql = (f"SELECT o.id, o.name, o.email, o.language, o.active, {_count(SQL_OPEN)}"
           f" AS open, {_count(SQL_OVERDUE)} AS overdue FROM owners o"
           " LEFT JOIN actions a ON a.owner_id = o.id"
           " GROUP BY o.id, o.name, o.email, o.language, o.active ORDER BY o.name")
    fields = ("id", "name", "email", "language", "active", "open", "overdue")
    return [{**dict(zip(fields, row, strict=True)), "active": bool(row[4])}
            for row in conn.execute(sql, {"today": today})]


EVENT_FIELDS = ("at", "action", "actor", "kind", "old", "new", "note")


class EventRow:
    """One event of the history: who changed what, when (UTC) and why."""

    __slots__ = ("at", "action", "actor", "kind", "old", "new", "note")

    def __init__(self, row):
        at, self.action, self.actor, self.kind, self.old, self.new, self.note = row
        self.at = to_utc(at)

    def record(self, tz: ZoneInfo) -> dict:
        """The event for JSON and CSV, its time in the configured zone."""
        return {"at": self.at.astimezone(tz),
                "action": self.action, "actor": self.actor, "kind": self.kind,
                "old": self.old, "new": self.new, "note": self.note}


def history(conn: Connection, action_id: int | None = None,
            since: datetime | None = None) -> list[EventRow]:
    """The event log, oldest first: of one action (NotFound when there is no such action), from
    an instant on, or all of it."""
    clauses, params = [], {}
    if action_id is not None:
        if not is_id(action_id) or conn.execute(
                "SELECT 1 FROM actions WHERE id = :id", {"id": action_id}).fetchone() is None:
            raise NotFound(f"no action #{action_id}")
        clauses.append("action_id = :action")
        params["action"] = action_id
    if since is not None:
        clauses.append("at >= :since")
        params["since"] = conn.timestamp(since)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return [EventRow(row) for row in conn.execute(
        "SELECT at, action_id, actor, kind, old_value, new_value, note FROM events"
        f"{where} ORDER BY at, id", params)]


# Events that change nothing a calendar task shows (its text, status, deadline, owner).
NOT_IN_EXPORT = ("created", "noted", "reviewed")


def file_changes(conn: Connection) -> dict[int, tuple[int, datetime]]:
    """Per action, how often what an exported task shows has changed and when it last did: its
    SEQUENCE and LAST-MODIFIED, so that a re-import updates the task, and a note does not."""
    skipped = ", ".join(f"'{kind}'" for kind in NOT_IN_EXPORT)
    return {action: (count, to_utc(last)) for action, count, last in conn.execute(
        "SELECT action_id, count(*), max(at) FROM events"
        f" WHERE kind NOT IN ({skipped}) GROUP BY action_id")}


def open_ids(conn: Connection, prefix: str, limit: int = 200) -> list[tuple[int, str]]:
    """Open actions whose id starts with `prefix` (digits), lowest first, with their titles:
    what shell completion offers for an ID."""
    if prefix and not prefix.isdigit():
        return []
    return [(int(i), title) for i, title in conn.execute(
        "SELECT id, title FROM actions WHERE status = 'open' AND CAST(id AS TEXT) LIKE :prefix"
        " ORDER BY id LIMIT :limit", {"prefix": prefix + "%", "limit": limit})]


def active_owners(conn: Connection) -> list[tuple[str, str]]:
    """(email, name) of every active owner, by address: what shell completion offers."""
    return [tuple(row) for row in conn.execute(
        "SELECT email, name FROM owners WHERE active ORDER BY email")]
