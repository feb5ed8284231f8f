"""The verbs on actions and owners. Each change writes an Event; nothing changes without one.
Functions take a session and never commit: the caller's transaction is the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tracker.core.models import Action, Event, Owner
from tracker.core.owners import find_owner
from tracker.errors import Conflict, InvalidInput, NotFound, required

TITLE_WIDTH = 80


def record(session: Session, action: Action, kind: str, actor: str, at: datetime,
           old: str | None = None, new: str | None = None, note: str | None = None) -> Event:
    event = Event(action=action, at=at, actor=actor, kind=kind, old_value=old, new_value=new,
                  note=note)
    session.add(event)
    return event


def get_action(session: Session, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None:
        raise NotFound(f"no action #{action_id}")
    return action


def get_actions(session: Session, ids: Sequence[int]) -> list[Action]:
    return [get_action(session, i) for i in dict.fromkeys(ids)]


def _note(note: str | None) -> str | None:
    return note.strip() if note and note.strip() else None


def _describe_owner(owner: Owner | None) -> str | None:
    return None if owner is None else owner.email


def assign(session: Session, ids: Sequence[int], owner_ident: str, actor: str, at: datetime,
           note: str | None = None) -> list[Action]:
    owner = find_owner(session, owner_ident)
    if not owner.active:
        raise InvalidInput(f"owner {owner.email} is deactivated")
    actions = get_actions(session, ids)
    for action in actions:
        if action.owner_id == owner.id:
            continue
        record(session, action, "assigned", actor, at, old=_describe_owner(action.owner),
               new=owner.email, note=_note(note))
        action.owner = owner
    return actions


def set_due(session: Session, action_id: int, due: date, actor: str, at: datetime,
            note: str | None = None) -> Action:
    action = get_action(session, action_id)
    if action.due_date == due:
        raise Conflict(f"action #{action_id} is already due {due.isoformat()}")
    record(session, action, "due_changed", actor, at,
           old=action.due_date.isoformat() if action.due_date else None, new=due.isoformat(),
           note=_note(note))
    if action.original_due_date is None:
        action.original_due_date = due
    action.due_date = due
    action.due_source = "manual"
    return action


def close(session: Session, ids: Sequence[int], actor: str, at: datetime,
          note: str | None = None) -> list[Action]:
    actions = get_actions(session, ids)
    for action in actions:
        if action.status != "open":
            raise Conflict(f"action #{action.id} is already {action.status}"
                           f" (reopen it with `tracker reopen {action.id}`)")
    for action in actions:
        record(session, action, "closed", actor, at, old="open", new="done", note=_note(note))
        action.status, action.closed_at = "done", at
    return actions


def reopen(session: Session, action_id: int, actor: str, at: datetime,
           note: str | None = None) -> Action:
    action = get_action(session, action_id)
    if action.status == "open":
        raise Conflict(f"action #{action_id} is already open")
    record(session, action, "reopened", actor, at, old=action.status, new="open",
           note=_note(note))
    action.status, action.closed_at = "open", None
    return action


def drop(session: Session, action_id: int, reason: str, actor: str, at: datetime) -> Action:
    reason = required(reason, "the reason (--reason)")
    action = get_action(session, action_id)
    if action.status != "open":
        raise Conflict(f"action #{action_id} is already {action.status}")
    record(session, action, "dropped", actor, at, old="open", new="dropped", note=reason)
    action.status, action.closed_at = "dropped", at
    return action


def add_note(session: Session, action_id: int, text: str, actor: str, at: datetime) -> Action:
    text = required(text, "the note")
    action = get_action(session, action_id)
    record(session, action, "noted", actor, at, note=text)
    return action


def add(session: Session, text: str, actor: str, at: datetime, owner: str | None = None,
        due: date | None = None, report_id: int | None = None) -> Action:
    """An action made by hand (`tracker add`): owner by address or name, a manual deadline."""
    from tracker.core.models import Report

    if report_id is not None and session.get(Report, report_id) is None:
        raise NotFound(f"no report #{report_id}")
    new = NewAction(text, owner=find_owner(session, owner) if owner else None, due=due,
                    due_source="manual", report_id=report_id, source="manual")
    return get_action(session, create_actions(session, [new], actor, at)[0])


def title_of(text: str) -> str:
    from tracker.reports.extract import make_title

    return make_title(" ".join(text.split()), TITLE_WIDTH)


class NewAction:
    """What create_actions needs to know of one new action."""

    def __init__(self, text: str, *, owner: Owner | None = None, due: date | None = None,
                 due_source: str | None = None, report_id: int | None = None,
                 position: int = 0, source: str = "manual", owner_hint: str | None = None,
                 line: int | None = None, note: str | None = None,
                 done_reason: str | None = None):
        self.text = required(text, "the action text")
        self.owner, self.due, self.due_source = owner, due, due_source if due else None
        self.report_id, self.position, self.source = report_id, position, source
        self.owner_hint, self.line, self.note = owner_hint, line, note
        self.done_reason = done_reason  # written as already done: closed at once, saying why


def create_actions(session: Session, new: Sequence[NewAction], actor: str,
                   at: datetime) -> list[int]:
    """Insert open actions with their 'created' events (plus 'assigned' when they have an owner,
    'closed' when written as done), as two bulk statements; returns the ids in order."""
    if not new:
        return []
    ids = list(session.scalars(insert(Action).returning(Action.id, sort_by_parameter_order=True),
                               [{"text": n.text, "title": title_of(n.text),
                                 "owner_id": n.owner.id if n.owner else None,
                                 "due_date": n.due, "original_due_date": n.due,
                                 "due_source": n.due_source, "report_id": n.report_id,
                                 "position": n.position, "source": n.source,
                                 "owner_hint": n.owner_hint, "line": n.line,
                                 "status": "done" if n.done_reason else "open",
                                 "created_at": at, "closed_at": at if n.done_reason else None}
                                for n in new]))
    events = []
    for action_id, n in zip(ids, new, strict=True):
        base = {"action_id": action_id, "at": at, "actor": actor, "old_value": None,
                "note": None}
        events.append({**base, "kind": "created", "note": n.note, "new_value":
                       f"due {n.due.isoformat()} ({n.due_source})" if n.due else "no deadline"})
        if n.owner is not None:
            events.append({**base, "kind": "assigned", "new_value": n.owner.email})
        if n.done_reason:
            events.append({**base, "kind": "closed", "old_value": "open", "new_value": "done",
                           "note": n.done_reason})
    session.execute(insert(Event), events)
    return ids
