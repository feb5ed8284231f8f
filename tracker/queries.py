"""Read-only queries behind the listing commands that use the ORM (reports, owners, history)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from tracker.models import Action, Event, Owner, Report


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
    is_open = and_(Action.status == "open")
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
