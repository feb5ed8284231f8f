"""The verbs on owners: add, edit, activate, deactivate. Which owner a user means is
tracker.core.owner_match's one rule."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.addresses import normalise_email
from tracker.core.database import Connection
from tracker.core.models import Owner
from tracker.core.owner_match import find_owner_id, owners_named
from tracker.errors import Conflict, InvalidInput, required

LANGUAGES = ("nl", "en")


def find_owner(session: Session, ident: str) -> Owner:
    """The one owner meant by an address or a name (see owner_match)."""
    return session.get(Owner, find_owner_id(Connection.of_session(session), ident))


NAME_MAX = 200  # owners.name is a String(200)


def _name(name: str) -> str:
    return " ".join(required(name, "the owner's name", NAME_MAX).split())


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r} (use nl or en)")
    return language


def _check_name(session: Session, name: str, allow_same_name: bool,
                other_than: int | None = None) -> None:
    """Two owners of one name make every `--owner NAME` ambiguous: refused unless asked for."""
    if allow_same_name:
        return
    same = [row for row in owners_named(Connection.of_session(session), name)
            if row[0] != other_than]
    if same:
        raise Conflict(f"an owner named {same[0][1]!r} exists already ({same[0][2]}):"
                       " use --allow-same-name to have two")


def _check_email_free(session: Session, email: str) -> None:
    existing = session.scalar(select(Owner).where(Owner.email == email))
    if existing is not None:
        raise Conflict(f"owner {email} already exists ({existing.name})")


def add_owner(session: Session, name: str, email: str, language: str = "nl",
              allow_same_name: bool = False) -> Owner:
    name, email, language = _name(name), normalise_email(email), _language(language)
    _check_email_free(session, email)
    _check_name(session, name, allow_same_name)
    owner = Owner(name=name, email=email, language=language, active=True)
    session.add(owner)
    session.flush()
    return owner


def edit_owner(session: Session, ident: str, name: str | None = None, email: str | None = None,
               language: str | None = None, allow_same_name: bool = False) -> Owner:
    """A new name, address or mail language; the history keeps the address each event saw."""
    if name is None and email is None and language is None:
        raise InvalidInput("nothing to change: give --name, --email or --language")
    owner = find_owner(session, ident)
    changes = {}
    if name is not None and _name(name) != owner.name:
        changes["name"] = _name(name)
        _check_name(session, changes["name"], allow_same_name, other_than=owner.id)
    if email is not None and normalise_email(email) != owner.email:
        changes["email"] = normalise_email(email)
        _check_email_free(session, changes["email"])
    if language is not None and _language(language) != owner.language:
        changes["language"] = language
    if not changes:
        raise Conflict(f"owner {owner.email} already has these values")
    for key, value in changes.items():
        setattr(owner, key, value)
    session.flush()
    return owner


def activate_owner(session: Session, ident: str) -> Owner:
    owner = find_owner(session, ident)
    if owner.active:
        raise Conflict(f"owner {owner.email} is already active")
    owner.active = True
    return owner


def deactivate_owner(session: Session, ident: str) -> Owner:
    owner = find_owner(session, ident)
    if not owner.active:
        raise Conflict(f"owner {owner.email} is already deactivated")
    owner.active = False
    return owner
