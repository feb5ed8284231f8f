"""Which actions go into whose mail for which ISO week. Plain data out; no templates here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from tracker.clock import week_start
from tracker.core.models import Action, Owner, Report

SOON_DAYS = 14
LIST_LIMIT = 50


@dataclass(frozen=True)
class Item:
    id: int
    title: str
    text: str
    due_date: date | None
    days_left: int | None
    report_id: int | None
    report_title: str | None
    owner: str | None = None  # for the coordinator: who has it
    owner_hint: str | None = None

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass(frozen=True)
class OwnerDigest:
    owner_id: int
    name: str
    email: str
    language: str
    period: str
    today: date
    overdue: list[Item] = field(default_factory=list)
    soon: list[Item] = field(default_factory=list)
    later: list[Item] = field(default_factory=list)
    undated: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.soon) + len(self.later) + len(self.undated)


@dataclass
class OwnerOverdue:
    owner: str  # "" for actions nobody (active) owns
    oldest: date  # the earliest deadline missed
    count: int = 0
    ids: list[int] = field(default_factory=list)  # the first ten


@dataclass(frozen=True)
class ReportProgress:
    id: int
    title: str
    open: int
    done: int
    dropped: int
    overdue: int


@dataclass(frozen=True)
class CoordinatorSummary:
    period: str
    today: date
    language: str
    open_count: int
    overdue_by_owner: list[OwnerOverdue]
    unassigned: list[Item]
    escalations: list[Item]
    escalate_after_days: int
    closed: list[tuple[Item, str]]  # the item and its new status
    created: list[Item]
    reports: list[ReportProgress]
    overdue_count: int = 0
    # Each list above holds at most LIST_LIMIT entries, the most urgent first; these are the
    # full counts, so the mail can say "and 950 more" instead of growing without bound.
    totals: dict[str, int] = field(default_factory=dict)

    def more(self, name: str) -> int:
        return self.totals.get(name, 0) - len(getattr(self, name))

    @property
    def is_empty(self) -> bool:
        return self.open_count == 0 and not self.closed and not self.created


def reference_day(period: str, today: date) -> date:
    """The day a week's digest is computed for: today within that week, else its Monday."""
    monday = week_start(period)
    return today if monday <= today < monday + timedelta(days=7) else monday


def week_bounds(period: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The week as UTC instants, from Monday 00:00 to the next Monday 00:00 in the zone."""
    monday = week_start(period)
    return (datetime.combine(monday, time(), tz),
            datetime.combine(monday + timedelta(days=7), time(), tz))


def _item_query():
    """The columns of an Item (plain rows, not ORM objects: a summary may read 100,000)."""
    return (select(Action.id, Action.title, Action.text, Action.due_date, Action.report_id,
                   Report.title, Action.owner_hint)
            .outerjoin(Report, Report.id == Action.report_id))


def _item_from(row, day: date, owner: str | None = None) -> Item:
    id_, title, text, due, report_id, report_title, hint = row[:7]
    left = None if due is None else (due - day).days
    return Item(id_, title, text, due, left, report_id, report_title, owner=owner,
                owner_hint=hint)


def _bucket(digest: OwnerDigest, item: Item) -> None:
    if item.days_left is None:
        digest.undated.append(item)
    elif item.days_left < 0:
        digest.overdue.append(item)
    elif item.days_left <= SOON_DAYS:
        digest.soon.append(item)
    else:
        digest.later.append(item)


def owner_digest(session: Session, owner: Owner, period: str, today: date) -> OwnerDigest:
    """One owner's digest (possibly empty: the caller sends nothing then)."""
    return owner_digests(session, [owner.id], period, today)[owner.id]


def owner_digests(session: Session, owner_ids: list[int], period: str,
                  today: date) -> dict[int, OwnerDigest]:
    """The digests of several owners with two queries (a round renders them in batches)."""
    day = reference_day(period, today)
    digests = {oid: OwnerDigest(oid, name, email, language, period, day)
               for oid, name, email, language in session.execute(
                   select(Owner.id, Owner.name, Owner.email, Owner.language)
                   .where(Owner.id.in_(owner_ids)))}
    query = (_item_query().add_columns(Action.owner_id)
             .where(Action.status == "open", Action.owner_id.in_(owner_ids))
             .order_by(Action.owner_id, Action.due_date.is_(None), Action.due_date, Action.id))
    for row in session.execute(query):
        _bucket(digests[row[-1]], _item_from(row, day))
    return digests


def owners_with_open_actions(session: Session) -> Iterator[tuple[int, str]]:
    """(owner id, e-mail) of active owners with at least one open action, streamed."""
    query = (select(Owner.id, Owner.email).where(Owner.active.is_(True)).where(
        select(Action.id).where(Action.owner_id == Owner.id, Action.status == "open").exists())
             .order_by(Owner.id))
    yield from session.execute(query.execution_options(yield_per=1000))


class _Bounded:
    """The first LIST_LIMIT items of a stream, and how many there were."""

    def __init__(self):
        self.items: list = []
        self.total = 0

    def add(self, item) -> None:
        self.total += 1
        if len(self.items) < LIST_LIMIT:
            self.items.append(item)


def coordinator_summary(session: Session, period: str, today: date, tz: ZoneInfo,
                        language: str, escalate_after_days: int) -> CoordinatorSummary:
    """The week's summary, streamed: memory stays flat however many actions are open."""
    day = reference_day(period, today)
    start, end = week_bounds(period, tz)
    by_owner: dict[str, OwnerOverdue] = {}
    lists = {name: _Bounded() for name in ("unassigned", "escalations", "closed", "created")}
    open_count = overdue_count = 0
    query = (_item_query().add_columns(Owner.name, Owner.email, Owner.active)
             .outerjoin(Owner, Owner.id == Action.owner_id).where(Action.status == "open")
             .order_by(Action.due_date.is_(None), Action.due_date, Action.id))
    # In deadline order, so the first items kept of each list are the most urgent ones.
    for row in session.execute(query.execution_options(yield_per=2000)):
        name, email, active = row[-3:]
        who = f"{name} <{email}>" if email and active else None
        item = _item_from(row, day, owner=who)
        open_count += 1
        if who is None:
            lists["unassigned"].add(item)
        if item.days_left is not None and item.days_left < 0:
            overdue_count += 1
            entry = by_owner.setdefault(who or "", OwnerOverdue(who or "", item.due_date))
            entry.count += 1
            if len(entry.ids) < 10:
                entry.ids.append(item.id)
            if item.days_overdue > escalate_after_days:
                lists["escalations"].add(item)
    for row in session.execute(_item_query().add_columns(Action.status)
                               .where(Action.closed_at >= start, Action.closed_at < end)
                               .order_by(Action.closed_at)):
        lists["closed"].add((_item_from(row, day), row[-1]))
    for row in session.execute(_item_query().where(Action.created_at >= start,
                                                   Action.created_at < end)
                               .order_by(Action.id)):
        lists["created"].add(_item_from(row, day))
    owners = sorted((o for o in by_owner.values() if o.owner), key=lambda o: (-o.count, o.owner))
    if "" in by_owner:
        owners.insert(0, by_owner[""])
    reports = [r for r in report_progress(session, day) if r.open]
    reports.sort(key=lambda r: (-r.overdue, -r.open, r.id))
    totals = {name: bounded.total for name, bounded in lists.items()}
    totals.update(overdue_by_owner=len(owners), reports=len(reports))
    return CoordinatorSummary(period=period, today=day, language=language,
                              open_count=open_count, overdue_count=overdue_count,
                              escalate_after_days=escalate_after_days, totals=totals,
                              overdue_by_owner=owners[:LIST_LIMIT], reports=reports[:LIST_LIMIT],
                              **{name: bounded.items for name, bounded in lists.items()})


def report_progress(session: Session, day: date) -> list[ReportProgress]:
    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (select(Report.id, Report.title,
                    count(Action.status == "open"), count(Action.status == "done"),
                    count(Action.status == "dropped"),
                    count(and_(Action.status == "open", Action.due_date < day)))
             .join(Action, Action.report_id == Report.id)
             .group_by(Report.id, Report.title)
             .order_by(Report.id))
    return [ReportProgress(*row) for row in session.execute(query)]
