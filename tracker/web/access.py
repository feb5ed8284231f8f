"""What a valid link may reach, judged by the database as it is now, and the forms' tokens.

A link signed for owner A opens only what A owns now: the owner must still be active and have
the address the link was made for, an action link's action must still be A's. So deactivating
an owner, changing their address or giving the action to someone else closes the old links at
once (rotating the secret closes all of them: tracker.web.links). A coordinator's link opens the
overview while its address is among `coordinators` in the configuration.

A form carries a token (CSRF) signed for the link it came from and for the state of what it
changes (an action's last event): a form posted without it, from another link, or after the
action changed since it was shown changes nothing."""

from __future__ import annotations

import hashlib

from tracker.config import Config
from tracker.core.database import Connection
from tracker.core.state import ActionRow
from tracker.web.links import ALL, OVERVIEW, Link, address_digest

# A form shown this long ago is refused (the link from the mail opens a fresh one).
FORM_HOURS = 12


class NoLonger(Exception):
    """A valid link whose owner, address or action has changed since: it opens nothing."""


class BadForm(Exception):
    """A form without a valid token: missing, altered, from another link, or too old."""


class Visitor:
    """Whom a link speaks for: an owner (owner_id set) or a coordinator."""

    __slots__ = ("owner_id", "name", "email", "language")

    def __init__(self, owner_id: int | None, name: str, email: str, language: str):
        self.owner_id, self.name, self.email, self.language = owner_id, name, email, language


def owner_of(conn: Connection, link: Link) -> Visitor:
    """The active owner a link was made for, at the address it was made for."""
    if link.owner_id is None:
        raise NoLonger
    row = conn.execute("SELECT id, name, email, language, active FROM owners WHERE id = :id",
                       {"id": link.owner_id}).fetchone()
    if row is None or not row[4] or address_digest(row[2]) != link.who:
        raise NoLonger
    return Visitor(row[0], row[1], row[2], row[3])


def owner_page(conn: Connection, link: Link) -> Visitor:
    """The owner of an "all my actions" link."""
    if link.purpose != ALL:
        raise NoLonger
    return owner_of(conn, link)


def owner_action(conn: Connection, link: Link, today) -> tuple[Visitor, ActionRow]:
    """The owner and the action of an action link: the action must still be theirs (open or
    closed: a closed one shows how it was closed)."""
    from tracker.core.actions import get_action
    from tracker.errors import NotFound

    if link.purpose in (ALL, OVERVIEW) or link.action_id is None:
        raise NoLonger
    visitor = owner_of(conn, link)
    try:
        action = get_action(conn, link.action_id, today)
    except NotFound:
        raise NoLonger from None
    if action.owner_id != visitor.owner_id:
        raise NoLonger
    return visitor, action


def coordinator(config: Config, link: Link) -> Visitor:
    """The coordinator of an overview link, while the configuration still names them."""
    if link.purpose != OVERVIEW or link.who not in {c.lower() for c in config.coordinators}:
        raise NoLonger
    return Visitor(None, link.who, link.who, config.language)


def action_version(conn: Connection, action_id: int) -> int:
    """Changes with every change of the action: each writes an event."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM events WHERE action_id = :id",
                        {"id": action_id}).fetchone()[0]


def _forms(secret: str):
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(secret, salt="tracker.web.form",
                                  signer_kwargs={"digest_method": hashlib.sha256})


def _link_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def form_token(secret: str, link_token: str, target: str, version: int) -> str:
    """The token of a form that changes `target` ("action:12", "proposal:3") as it stood at
    `version`, shown through the link `link_token`."""
    return _forms(secret).dumps([_link_digest(link_token), target, version])


def read_form(secret: str, token: str | None, link_token: str, target: str) -> int:
    """The version the form was shown at; BadForm unless the token was made for this link and
    this target within FORM_HOURS."""
    from itsdangerous import BadData

    if not token or len(token) > 500:
        raise BadForm
    try:
        digest, signed_target, version = _forms(secret).loads(token,
                                                              max_age=FORM_HOURS * 3600)
    except (BadData, ValueError, TypeError):
        raise BadForm from None
    if digest != _link_digest(link_token) or signed_target != target \
            or not isinstance(version, int):
        raise BadForm
    return version
