"""One report: everything about it (`tracker report show`), and withdrawing it (`tracker report
withdraw`): its open actions dropped with the reason, the report marked, nothing deleted. A
revised report replaces its predecessor at ingest (tracker.core.revisions). Plain SQL."""

from __future__ import annotations

from datetime import date, datetime

from tracker.core.actions import connection, drop
from tracker.core.database import Connection, is_id, to_date, to_utc
from tracker.core.state import SELECT_COLUMNS, ActionRow
from tracker.errors import Conflict, NotFound, required

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.core.actions import Database

REPORT_FIELDS = ("id", "title", "source_name", "sha256", "trip_start", "trip_end", "persons",
                 "ingested_at", "withdrawn_at", "withdrawn_by", "withdrawal_reason",
                 "replaced_by", "replaces")


def get_report(db: Database, report_id: int) -> dict:
    """A report's metadata (REPORT_FIELDS; `replaces`: the reports it replaced); NotFound names
    the id, whatever its size."""
    conn = connection(db)
    row = None if not is_id(report_id) else conn.execute(
        f"SELECT {', '.join(REPORT_FIELDS[:-1])} FROM reports WHERE id = :id",
        {"id": report_id}).fetchone()
    if row is None:
        raise NotFound(f"no report #{report_id}")
    report = dict(zip(REPORT_FIELDS, row, strict=False))
    report.update(trip_start=to_date(report["trip_start"]), trip_end=to_date(report["trip_end"]),
                  ingested_at=to_utc(report["ingested_at"]),
                  withdrawn_at=to_utc(report["withdrawn_at"]),
                  replaces=[r[0] for r in conn.execute(
                      "SELECT id FROM reports WHERE replaced_by = :id ORDER BY id",
                      {"id": report_id})])
    return report


def report_actions(conn: Connection, report_id: int, today: date) -> list[ActionRow]:
    """Every action of the report, in any status, in the report's order."""
    return [ActionRow(row, today) for row in conn.execute(
        f"SELECT {SELECT_COLUMNS} FROM action_states WHERE report_id = :id"
        " ORDER BY line IS NULL, line, id", {"id": report_id})]


def withdraw(db: Database, report_id: int, reason: str, actor: str, at: datetime
             ) -> tuple[dict, list[ActionRow]]:
    """Withdraw a report: its open actions are dropped with the reason, it is marked withdrawn;
    its closed actions and all history stay. Returns the report and the dropped actions."""
    reason = required(reason, "the reason (--reason)")
    conn = connection(db)
    report = get_report(conn, report_id)
    if report["replaced_by"] is not None:
        raise Conflict(f"report #{report_id} was replaced by report #{report['replaced_by']}"
                       " already")
    if report["withdrawn_at"] is not None:
        raise Conflict(f"report #{report_id} was withdrawn already"
                       f" ({report['withdrawal_reason']})")
    open_ids = [row[0] for row in conn.execute(
        "SELECT id FROM actions WHERE report_id = :id AND status = 'open' ORDER BY line, id",
        {"id": report_id})]
    dropped = drop(conn, open_ids, f"report #{report_id} withdrawn: {reason}", actor, at)
    conn.execute("UPDATE reports SET withdrawn_at = :at, withdrawn_by = :actor,"
                 " withdrawal_reason = :reason WHERE id = :id",
                 {"at": conn.timestamp(at), "actor": actor, "reason": reason, "id": report_id})
    return get_report(conn, report_id), dropped
