"""Which actions go into whose mail for which ISO week. Plain data out; no templates here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from tracker.clock import week_start
from tracker.core.actions import connection
from tracker.core.database import Connection, to_utc
from tracker.core.models import Owner
from tracker.core.proposals import Proposal, pending
from tracker.core.queries import report_counts
from tracker.core.state import SELECT_COLUMNS, SQL_OPEN, SQL_TO_REVIEW, SQL_UNASSIGNED, ActionRow
from tracker.core.text import safe_text

LIST_LIMIT = 50
# What an owner's digest holds: their open actions, minus those waiting for review.
SQL_IN_DIGESTS = f"{SQL_OPEN} AND NOT {SQL_UNASSIGNED} AND NOT {SQL_TO_REVIEW}"


@dataclass(frozen=True)
class OwnerDigest:
    owner_id: int
    name: str
    email: str
    language: str
    period: str
    today: date
    overdue: list[ActionRow] = field(default_factory=list)
    soon: list[ActionRow] = field(default_factory=list)
    later: list[ActionRow] = field(default_factory=list)
    undated: list[ActionRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.soon) + len(self.later) + len(self.undated)


@dataclass
class OwnerOverdue:
    owner: str  # "Name <address>", "" for actions nobody (active) owns
    count: int = 0
    items: list[ActionRow] = field(default_factory=list)  # the first ten, most overdue first


# The summary's sections of open actions, most urgent first: each action is shown once, in the
# first section it belongs to. What came in overdue waits for review first: it is in no
# escalation and no owner's digest until the coordinator has looked at it. Then what owners
# asked of the coordinator from the web page: a new deadline, or a new owner ("not mine").
SECTIONS = ("review", "proposals", "handed_back", "escalations", "overdue_by_owner",
            "unassigned", "created")


@dataclass(frozen=True)
class HandedBack:
    """Who took the owner off an action this week, and why ("not mine" on the web page)."""

    by: str
    reason: str | None
    at: datetime


@dataclass(frozen=True)
class Undelivered:
    """A mail that no round sends any more (refused too often, or unbuildable)."""

    id: int
    period: str
    recipient: str
    kind: str
    reason: str


@dataclass(frozen=True)
class CoordinatorSummary:
    period: str
    today: date
    language: str
    open_count: int
    review: list[ActionRow]  # came in overdue, not looked at yet
    proposals: list[tuple[ActionRow, Proposal]]  # a new deadline proposed, to decide
    handed_back: list[tuple[ActionRow, HandedBack]]  # owner taken off this week ("not mine")
    escalations: list[ActionRow]  # overdue by more than escalate_after_days
    overdue_by_owner: list[OwnerOverdue]  # the other overdue actions
    unassigned: list[ActionRow]  # not overdue
    created: list[ActionRow]  # new this week, still open, in none of the sections above
    escalate_after_days: int
    closed: list[tuple[ActionRow, str]]  # the item and its new status
    reports: list[dict]  # report_counts rows with open actions, most overdue first
    overdue_count: int = 0
    unassigned_count: int = 0  # in any section
    # Given-up deliveries no earlier week's summary named: a week given up is never silent.
    undelivered: list[Undelivered] = field(default_factory=list)
    # Each list above holds at most LIST_LIMIT entries, the most urgent first; these are the
    # full counts, so the mail can say "and 950 more" instead of growing without bound.
    totals: dict[str, int] = field(default_factory=dict)

    def more(self, name: str) -> int:
        shown = getattr(self, name)
        if name == "overdue_by_owner":
            return self.totals[name] - sum(len(o.items) for o in shown)
        return self.totals.get(name, 0) - len(shown)

    @property
    def is_empty(self) -> bool:
        return self.open_count == 0 and not self.closed and not self.undelivered


def reference_day(period: str, today: date) -> date:
    """The day a week's digest is computed for: today within that week, else its Monday."""
    monday = week_start(period)
    return today if monday <= today < monday + timedelta(days=7) else monday


def week_bounds(period: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The week as UTC instants, from Monday 00:00 to the next Monday 00:00 in the zone."""
    monday = week_start(period)
    return (datetime.combine(monday, time(), tz),
            datetime.combine(monday + timedelta(days=7), time(), tz))


def _rows(conn: Connection, where: str, order: str, params: dict, day: date) -> Iterator[ActionRow]:
    """Rows of action_states, streamed (a summary may read 100,000)."""
    for row in conn.stream(f"SELECT {SELECT_COLUMNS} FROM action_states WHERE {where}"
                           f" ORDER BY {order}", params):
        yield ActionRow(row, day)


def _bucket(digest: OwnerDigest, item: ActionRow) -> None:
    if item.days_left is None:
        digest.undated.append(item)
    elif item.overdue:
        digest.overdue.append(item)
    elif item.due_soon:
        digest.soon.append(item)
    else:
        digest.later.append(item)


def owner_digest(session: Session, owner: Owner, period: str, today: date) -> OwnerDigest:
    """One owner's digest (possibly empty: the caller sends nothing then)."""
    return owner_digests(session, [owner.id], period, today)[owner.id]


def owner_digests(db: Connection | Session, owner_ids: list[int], period: str,
                  today: date) -> dict[int, OwnerDigest]:
    """The digests of several owners with two queries (a round renders them in batches; the
    web page shows one). A deactivated owner's digest is empty: their actions count as
    unassigned. Actions waiting for review stay out until the coordinator has looked at them."""
    day = reference_day(period, today)
    conn = connection(db)
    ids = {f"owner{i}": owner_id for i, owner_id in enumerate(owner_ids)}
    among = f"IN ({', '.join(':' + name for name in ids)})"
    digests = {oid: OwnerDigest(oid, name, email, language, period, day)
               for oid, name, email, language in conn.execute(
                   f"SELECT id, name, email, language FROM owners WHERE id {among}", ids)}
    for item in _rows(conn, f"{SQL_IN_DIGESTS} AND owner_id {among}",
                      "owner_id, due_date IS NULL, due_date, id", ids, day):
        _bucket(digests[item.owner_id], item)
    return digests


def owners_with_open_actions(session: Session) -> Iterator[tuple[int, str]]:
    """(owner id, e-mail) of the owners with at least one open action for their digest,
    streamed; deactivated owners have none (see action_states)."""
    yield from Connection.of_session(session).stream(
        "SELECT o.id, o.email FROM owners o WHERE EXISTS (SELECT 1 FROM action_states"
        f" WHERE owner_id = o.id AND {SQL_IN_DIGESTS}) ORDER BY o.id")


class _Bounded:
    """The first LIST_LIMIT items of a stream, and how many there were."""

    def __init__(self):
        self.items: list = []
        self.total = 0

    def add(self, item) -> None:
        self.total += 1
        if len(self.items) < LIST_LIMIT:
            self.items.append(item)


def section_of(item: ActionRow, escalate_after_days: int, week: tuple[datetime, datetime],
               proposed=(), handed_back=()) -> str | None:
    """The summary section an open action belongs in (see SECTIONS); None: in none.
    `proposed` and `handed_back` hold the ids of the actions with a pending deadline proposal
    and of those whose owner was taken off this week."""
    if item.needs_review:
        return "review"
    if item.id in proposed:
        return "proposals"
    if item.id in handed_back and item.unassigned:
        return "handed_back"
    if item.overdue:
        return "escalations" if item.days_overdue > escalate_after_days else "overdue_by_owner"
    if item.unassigned:
        return "unassigned"
    if week[0] <= item.created_at < week[1]:
        return "created"
    return None


def coordinator_summary(session: Session, period: str, today: date, tz: ZoneInfo,
                        language: str, escalate_after_days: int) -> CoordinatorSummary:
    """The week's summary, streamed: memory stays flat however many actions are open."""
    day = reference_day(period, today)
    week = week_bounds(period, tz)
    conn = Connection.of_session(session)
    by_owner: dict[str, OwnerOverdue] = {}
    lists = {name: _Bounded() for name in ("review", "proposals", "handed_back", "escalations",
                                           "unassigned", "created", "closed", "undelivered")}
    start, end = (conn.timestamp(moment) for moment in week)
    proposed = pending(conn)
    handed_back = _handed_back(conn, start, end)
    extra = {"proposals": proposed, "handed_back": handed_back}
    overdue_total = open_count = overdue_count = unassigned_count = 0
    # In deadline order, so the first items kept of each list are the most urgent ones.
    for item in _rows(conn, SQL_OPEN, "due_date IS NULL, due_date, id", {}, day):
        open_count += 1
        overdue_count += item.overdue
        unassigned_count += item.unassigned
        section = section_of(item, escalate_after_days, week, proposed, handed_back)
        if section in extra:
            lists[section].add((item, extra[section][item.id]))
        elif section == "overdue_by_owner":
            overdue_total += 1
            who = item.owner_address or ""
            entry = by_owner.setdefault(who, OwnerOverdue(who))
            entry.count += 1
            if len(entry.items) < 10:
                entry.items.append(item)
        elif section is not None:
            lists[section].add(item)
    for item in _rows(conn, "closed_at >= :start AND closed_at < :end", "closed_at",
                      {"start": start, "end": end}, day):
        lists["closed"].add((item, item.status))
    for row in conn.stream("SELECT id, period, recipient, kind, last_error FROM deliveries"
                           " WHERE status = 'given_up' AND period <= :period"
                           " AND (reported_in IS NULL OR reported_in = :period)"
                           " ORDER BY period, recipient", {"period": period}):
        lists["undelivered"].add(Undelivered(*row[:4], " ".join(safe_text(row[4] or "").split())))
    owners = sorted((o for o in by_owner.values() if o.owner), key=lambda o: (-o.count, o.owner))
    if "" in by_owner:
        owners.insert(0, by_owner[""])
    owners = _first_items(owners, LIST_LIMIT)
    reports = [r for r in report_counts(conn, day) if r["open"]]
    reports.sort(key=lambda r: (-r["overdue"], -r["open"], r["id"]))
    totals = {name: bounded.total for name, bounded in lists.items()}
    totals.update(overdue_by_owner=overdue_total, owners=len(by_owner), reports=len(reports))
    return CoordinatorSummary(period=period, today=day, language=language,
                              open_count=open_count, overdue_count=overdue_count,
                              unassigned_count=unassigned_count,
                              escalate_after_days=escalate_after_days, totals=totals,
                              overdue_by_owner=owners, reports=reports[:LIST_LIMIT],
                              **{name: bounded.items for name, bounded in lists.items()})


def _handed_back(conn: Connection, start, end) -> dict[int, HandedBack]:
    """The actions whose owner was taken off between start and end: the last time, by whom,
    why."""
    return {action_id: HandedBack(actor, note, to_utc(at)) for action_id, actor, note, at
            in conn.execute("SELECT action_id, actor, note, at FROM events WHERE kind ="
                            " 'unassigned' AND at >= :start AND at < :end ORDER BY at, id",
                            {"start": start, "end": end})}


def _first_items(owners: list[OwnerOverdue], limit: int) -> list[OwnerOverdue]:
    """The owners whose items fit in `limit` rows altogether (the last one cut short)."""
    kept: list[OwnerOverdue] = []
    for entry in owners:
        if limit <= 0:
            break
        kept.append(OwnerOverdue(entry.owner, entry.count, entry.items[:limit]))
        limit -= len(kept[-1].items)
    return kept
