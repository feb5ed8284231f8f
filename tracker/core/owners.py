"""The verbs on owners, and finding an owner by what a user typed (address, name, part of one)."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.addresses import is_email, normalise_email
from tracker.core.models import Owner
from tracker.errors import Conflict, InvalidInput, NotFound, required


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
