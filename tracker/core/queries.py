"""Read-only queries behind the listing commands that use the ORM (reports, owners, history)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from tracker.core.models import Action, Event, Owner, Report


def report_rows(session: Session) -> list[dict[str, Any]]:
    counts = {status: func.coalesce(func.sum(case((Action.status == status, 1), else_=0)), 0)
              for status in ("open", "done", "dropped")}
    query = (select(Report.id, Report.title, Report.source_name, Report.trip_start,
                    Report.trip_end, Report.persons, Report.ingested_at,
                    *[c.label(s) for s, c in counts.items()])
             .outerjoin(Action, Action.report_id == Report.id)
             .group_by(Report.id).order_by(Report.id))
    return [dict(row._mapping) for row in session.execute(query)]


def owner_rows(session: Session, today: date) -> list[dict[str, Any]]:
    is_open = Action.status == "open"
    query = (select(Owner.id, Owner.name, Owner.email, Owner.language, Owner.active,
                    func.coalesce(func.sum(case((is_open, 1), else_=0)), 0).label("open"),
                    func.coalesce(func.sum(case((and_(is_open, Action.due_date < today), 1),
                                                else_=0)), 0).label("overdue"))
             .outerjoin(Action, Action.owner_id == Owner.id)
             .group_by(Owner.id).order_by(Owner.name))
    return [dict(row._mapping) for row in session.execute(query)]


def history_rows(session: Session, action_id: int | None = None,
                 since: datetime | None = None) -> list[Event]:
    query = select(Event).order_by(Event.at, Event.id)
    if action_id is not None:
        query = query.where(Event.action_id == action_id)
    if since is not None:
        query = query.where(Event.at >= since)
    return list(session.scalars(query))


def action_rows(session: Session, owner_id: int | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
    """Every action with its owner, report and number of events (the ICS SEQUENCE)."""
    events = (select(Event.action_id, func.count().label("n")).group_by(Event.action_id)
              .subquery())
    query = (select(Action.id, Action.title, Action.text, Action.status, Action.due_date,
                    Action.original_due_date, Action.due_source, Action.created_at,
                    Action.closed_at, Action.report_id, Action.line, Action.source,
                    Action.owner_hint, Owner.name.label("owner_name"),
                    Owner.email.label("owner_email"), Report.title.label("report_title"),
                    func.coalesce(events.c.n, 0).label("sequence"))
             .outerjoin(Owner, Owner.id == Action.owner_id)
             .outerjoin(Report, Report.id == Action.report_id)
             .outerjoin(events, events.c.action_id == Action.id)
             .order_by(Action.id))
    if owner_id is not None:
        query = query.where(Action.owner_id == owner_id)
    if status is not None:
        query = query.where(Action.status == status)
    return [dict(row._mapping) for row in session.execute(query)]
