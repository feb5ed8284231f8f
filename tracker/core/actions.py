"""The verbs on actions and owners. Each change writes an Event; nothing changes without one.
Functions take a session and never commit: the caller's transaction is the unit of work."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from tracker.addresses import is_email, normalise_email
from tracker.core.models import Action, Event, Owner
from tracker.errors import Conflict, InvalidInput, NotFound

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


def find_owner(session: Session, ident: str) -> Owner:
    """An owner by e-mail address or (case-insensitive) name."""
    ident = ident.strip()
    owner = session.scalar(select(Owner).where(Owner.email == ident.lower()))
    if owner is None:
        matches = session.scalars(select(Owner).where(func.lower(Owner.name) == ident.lower()))
        matches = list(matches)
        if len(matches) > 1:
            raise InvalidInput(f"{len(matches)} owners are named {ident!r}: use the e-mail address")
        if not matches:
            pattern = f"%{ident.lower()}%"
            matches = list(session.scalars(select(Owner).where(
                func.lower(Owner.name).like(pattern) | Owner.email.like(pattern))))
            if len(matches) > 1:
                names = ", ".join(o.email for o in matches[:4])
                raise InvalidInput(f"{ident!r} matches {len(matches)} owners ({names}):"
                                   " use the e-mail address")
        owner = matches[0] if matches else None
    if owner is None:
        hint = (f"`tracker owner add NAME {ident}`" if is_email(ident)
                else "`tracker owner add NAME EMAIL`")
        raise NotFound(f"no owner {ident!r}: add one with {hint}")
    return owner


def _note(note: str | None) -> str | None:
    return note.strip() if note and note.strip() else None


def _required(text: str | None, what: str) -> str:
    if not text or not text.strip():
        raise InvalidInput(f"{what} must not be empty")
    return text.strip()


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
    reason = _required(reason, "the reason (--reason)")
    action = get_action(session, action_id)
    if action.status != "open":
        raise Conflict(f"action #{action_id} is already {action.status}")
    record(session, action, "dropped", actor, at, old="open", new="dropped", note=reason)
    action.status, action.closed_at = "dropped", at
    return action


def add_note(session: Session, action_id: int, text: str, actor: str, at: datetime) -> Action:
    text = _required(text, "the note")
    action = get_action(session, action_id)
    record(session, action, "noted", actor, at, note=text)
    return action


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
        self.text = _required(text, "the action text")
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


def add_owner(session: Session, name: str, email: str, language: str = "nl") -> Owner:
    name = " ".join(_required(name, "the owner's name").split())
    email = normalise_email(email)
    if language not in ("nl", "en"):
        raise InvalidInput(f"unknown language {language!r} (use nl or en)")
    existing = session.scalar(select(Owner).where(Owner.email == email))
    if existing is not None:
        raise Conflict(f"owner {email} already exists ({existing.name})")
    owner = Owner(name=name, email=email, language=language, active=True)
    session.add(owner)
    session.flush()
    return owner


def owner_for(session: Session, ident: str, *, create: bool) -> tuple[Owner, bool]:
    """An existing owner by address or name; with create, a bare address makes a new owner
    named after its local part. Returns (owner, created)."""
    try:
        return find_owner(session, ident), False
    except NotFound:
        if not create or not is_email(ident.strip()):
            raise
    email = normalise_email(ident)
    name = " ".join(part.capitalize() for part in re.split(r"[._+-]+", email.split("@")[0]) if part)
    return add_owner(session, name or email, email), True


def deactivate_owner(session: Session, ident: str) -> Owner:
    owner = find_owner(session, ident)
    if not owner.active:
        raise Conflict(f"owner {owner.email} is already deactivated")
    owner.active = False
    return owner
