"""The verbs on owners, and finding an owner by what a user typed (address, name, part of one)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.addresses import is_email, normalise_email
from tracker.core.database import Connection
from tracker.core.models import Owner
from tracker.core.owner_match import find_owner_id
from tracker.errors import Conflict, InvalidInput, NotFound, required


def find_owner(session: Session, ident: str) -> Owner:
    """The one owner meant by an address, a name or part of one (see owner_match)."""
    return session.get(Owner, find_owner_id(Connection.of_session(session), ident))


def add_owner(session: Session, name: str, email: str, language: str = "nl") -> Owner:
    name = " ".join(required(name, "the owner's name").split())
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
