"""Deadline proposals: an owner proposes a new deadline (from the web page), the coordinator
decides. Accepting is `tracker due ID DATE` (set_due settles the proposal, so accepting
through any path is the same change); refusing is `tracker due ID --refuse-proposal`. Each
step writes an event: due_proposed, due_changed ("as proposed by ..."), proposal_refused.

Plain SQL over DB-API like tracker.core.actions; verbs never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from tracker.core.actions import (
    clean_note,
    connection,
    get_action,
    get_actions,
    record,
    require_open,
    set_due,
)
from tracker.core.database import Connection, is_id, to_date, to_utc
from tracker.errors import Conflict, InvalidInput, NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.core.actions import Database

_COLUMNS = "id, action_id, due_date, reason, proposed_by, proposed_at, status"


class Proposal:
    """One proposal: which action, which date, who proposed it when and why, and its status."""

    __slots__ = ("id", "action_id", "due_date", "reason", "proposed_by", "proposed_at", "status")

    def __init__(self, row):
        (self.id, self.action_id, due, self.reason, self.proposed_by, at, self.status) = row
        self.due_date, self.proposed_at = to_date(due), to_utc(at)


def propose(db: Database, action_id: int, due: date, actor: str, at: datetime, today: date,
            reason: str | None = None) -> Proposal:
    """Record a proposed deadline for an open action; an earlier pending proposal of the same
    action is replaced by it."""
    conn = connection(db)
    action = get_action(conn, action_id)
    require_open([action])
    if due < today:
        raise InvalidInput(f"a new deadline cannot be in the past ({due.isoformat()})")
    if action.due_date == due:
        raise Conflict(f"action #{action.id} is already due {due.isoformat()}")
    _settle(conn, action.id, "replaced", actor, at)
    proposal_id = conn.execute(
        "INSERT INTO due_proposals (action_id, due_date, reason, proposed_by, proposed_at,"
        " status) VALUES (:action, :due, :reason, :by, :at, 'pending') RETURNING id",
        {"action": action.id, "due": due, "reason": clean_note(reason), "by": actor,
         "at": conn.timestamp(at)}).fetchone()[0]
    record(conn, action.id, "due_proposed", actor, at,
           old=action.due_date.isoformat() if action.due_date else None, new=due.isoformat(),
           note=clean_note(reason))
    return get_proposal(conn, proposal_id)


def get_proposal(db: Database, proposal_id: int) -> Proposal:
    conn = connection(db)
    row = None if not is_id(proposal_id) else conn.execute(
        f"SELECT {_COLUMNS} FROM due_proposals WHERE id = :id", {"id": proposal_id}).fetchone()
    if row is None:
        raise NotFound(f"no deadline proposal #{proposal_id}")
    return Proposal(row)


def pending(conn: Connection, action_ids: Iterable[int] | None = None) -> dict[int, Proposal]:
    """The pending proposals of open actions (of these actions), by action id, oldest first."""
    params: dict = {}
    among = ""
    if action_ids is not None:
        params = {f"a{i}": action_id for i, action_id in enumerate(action_ids)}
        if not params:
            return {}
        among = f" AND p.action_id IN ({', '.join(':' + name for name in params)})"
    rows = conn.execute(
        f"SELECT {', '.join('p.' + c for c in _COLUMNS.split(', '))} FROM due_proposals p"
        " JOIN actions a ON a.id = p.action_id WHERE p.status = 'pending'"
        f" AND a.status = 'open'{among} ORDER BY p.proposed_at, p.id", params)
    return {proposal.action_id: proposal for proposal in map(Proposal, rows)}


def accept(db: Database, proposal_id: int, actor: str, at: datetime,
           note: str | None = None) -> Proposal:
    """The proposed deadline becomes the action's deadline: set_due, as `tracker due` does."""
    conn = connection(db)
    proposal = _pending(conn, proposal_id)
    if get_action(conn, proposal.action_id).due_date == proposal.due_date:
        _settle(conn, proposal.action_id, "accepted", actor, at)  # nothing left to change
    else:
        set_due(conn, [proposal.action_id], proposal.due_date, actor, at, note=note)
    return get_proposal(conn, proposal.id)


def refuse(db: Database, proposal_id: int, actor: str, at: datetime,
           note: str | None = None) -> Proposal:
    """The deadline stays; the history says so, with why."""
    conn = connection(db)
    proposal = _pending(conn, proposal_id)
    record(conn, proposal.action_id, "proposal_refused", actor, at,
           old=proposal.due_date.isoformat(), note=clean_note(note))
    _settle(conn, proposal.action_id, "refused", actor, at)
    return get_proposal(conn, proposal.id)


def refuse_for(db: Database, ids: Iterable[int], actor: str, at: datetime,
               note: str | None = None) -> list[Proposal]:
    """`tracker due ID... --refuse-proposal`: the pending proposal of each action refused; if
    one of them has none, nothing changes."""
    conn = connection(db)
    actions = get_actions(conn, ids)
    found = pending(conn, [action.id for action in actions])
    for action in actions:
        if action.id not in found:
            raise Conflict(f"action #{action.id} has no pending deadline proposal")
    return [refuse(conn, found[action.id].id, actor, at, note) for action in actions]


def settle_for_new_deadline(conn: Connection, action_id: int, due: date | None, actor: str,
                            at: datetime) -> str | None:
    """A new deadline decides the action's pending proposal: accepted when it is the proposed
    date, else replaced. Returns who proposed it when accepted (for the event's note)."""
    row = conn.execute("SELECT due_date, proposed_by FROM due_proposals WHERE action_id = :id"
                       " AND status = 'pending'", {"id": action_id}).fetchone()
    if row is None:
        return None
    accepted = due is not None and to_date(row[0]) == due
    _settle(conn, action_id, "accepted" if accepted else "replaced", actor, at)
    return row[1] if accepted else None


def _pending(conn: Connection, proposal_id: int) -> Proposal:
    proposal = get_proposal(conn, proposal_id)
    if proposal.status != "pending":
        raise Conflict(f"the deadline proposal for action #{proposal.action_id} was"
                       f" {proposal.status} already")
    require_open([get_action(conn, proposal.action_id)])
    return proposal


def _settle(conn: Connection, action_id: int, status: str, actor: str, at: datetime) -> None:
    conn.execute("UPDATE due_proposals SET status = :status, decided_by = :actor,"
                 " decided_at = :at WHERE action_id = :id AND status = 'pending'",
                 {"status": status, "actor": actor, "at": conn.timestamp(at), "id": action_id})
