"""The signed links in the mails: a token (itsdangerous) that binds who may act, on which action
(or all of theirs), for what, and until when. The mails make them, `tracker serve` reads them;
no Flask here.

A token holds [purpose, owner id, action id, issued, expires, who]: `who` is a short digest of
the owner's address (an address changed since no longer opens the old mails' links) or, for
the coordinator's overview, the coordinator's address. The key is derived from the secret
(rotating it invalidates every link at once). What a valid token may do also depends on the
database as it is now (the owner still active, the action still theirs): tracker.web.access."""

from __future__ import annotations

import hashlib
from base64 import urlsafe_b64encode
from datetime import datetime, timedelta
from functools import cache

from tracker.config import Config
from tracker.errors import ConfigError

# What a link in an owner's mail is for: one of the four buttons of an action, their page.
ACTION_PURPOSES = ("close", "progress", "due", "notmine")
ALL = "all"
OVERVIEW = "overview"  # the coordinator's
_CODES = {"close": "c", "progress": "p", "due": "d", "notmine": "n", ALL: "a", OVERVIEW: "o"}
_PURPOSES = {code: purpose for purpose, code in _CODES.items()}
# Shorter secrets are refused: 32 random characters hold about 190 bits.
MIN_SECRET_LENGTH = 32
SECRET_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


class BadLink(Exception):
    """A token that does not open anything: `expired` (then `owner_id` says whose it was, for
    the page's language), or not one of ours (altered, cut short, signed with another
    secret)."""

    def __init__(self, expired: bool, owner_id: int | None = None):
        super().__init__("expired" if expired else "invalid")
        self.expired, self.owner_id = expired, owner_id


class Link:
    """A token's content."""

    __slots__ = ("purpose", "owner_id", "action_id", "issued", "expires", "who")

    def __init__(self, purpose: str, owner_id: int | None, action_id: int | None,
                 issued: int, expires: int, who: str):
        self.purpose, self.owner_id, self.action_id = purpose, owner_id, action_id
        self.issued, self.expires, self.who = issued, expires, who


def address_digest(email: str) -> str:
    """What an owner token holds of the address: enough to notice that it changed."""
    return urlsafe_b64encode(hashlib.sha256(email.lower().encode()).digest())[:8].decode()


def web_secret(config: Config) -> str:
    """The signing secret from the environment variable config names; ConfigError (exit 3)
    when it is unset or too short to be a secret."""
    name = config.web.secret_env
    secret = config.web_secret()
    if secret is None:
        raise ConfigError(f"environment {name} is empty: the web links are signed with a"
                          f" secret from it (make one with {SECRET_HINT})")
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(f"environment {name} holds {len(secret)} characters: a secret needs"
                          f" at least {MIN_SECRET_LENGTH} (make one with {SECRET_HINT})")
    return secret


@cache
def _serializer(secret: str):
    from itsdangerous import URLSafeSerializer

    return URLSafeSerializer(secret, salt="tracker.web.link",
                             signer_kwargs={"digest_method": hashlib.sha256})


def sign(secret: str, link: Link) -> str:
    return _serializer(secret).dumps([_CODES[link.purpose], link.owner_id or 0,
                                      link.action_id or 0, link.issued, link.expires, link.who])


def read(secret: str, token: str, now: datetime) -> Link:
    """The link a token holds; BadLink when it is not one of ours or has expired."""
    from itsdangerous import BadData

    if not token or len(token) > 1000:
        raise BadLink(expired=False)
    try:
        code, owner_id, action_id, issued, expires, who = _serializer(secret).loads(token)
        purpose = _PURPOSES[code]
        if not all(isinstance(n, int) for n in (owner_id, action_id, issued, expires)) \
                or not isinstance(who, str):
            raise ValueError
    except (BadData, ValueError, TypeError, KeyError):
        raise BadLink(expired=False) from None
    if now.timestamp() >= expires:
        raise BadLink(expired=True, owner_id=owner_id or None)
    return Link(purpose, owner_id or None, action_id or None, issued, expires, who)


class LinkMaker:
    """Makes the links of one mail (or one page): all issued now, all valid until `expires`."""

    def __init__(self, base_url: str, secret: str, issued: datetime, expires: datetime):
        self.base = base_url.rstrip("/")
        self.secret = secret
        self.issued, self.expires = int(issued.timestamp()), int(expires.timestamp())
        self.until = expires

    def _url(self, path: str, link: Link) -> str:
        return f"{self.base}/{path}?t={sign(self.secret, link)}"

    def action(self, owner_id: int, email: str, action_id: int, purpose: str) -> str:
        return self._url("action", Link(purpose, owner_id, action_id, self.issued,
                                        self.expires, address_digest(email)))

    def actions(self, owner_id: int, email: str, action_id: int) -> dict[str, str]:
        """The four buttons of an action, by purpose."""
        return {purpose: self.action(owner_id, email, action_id, purpose)
                for purpose in ACTION_PURPOSES}

    def mine(self, owner_id: int, email: str) -> str:
        return self._url("mine", Link(ALL, owner_id, None, self.issued, self.expires,
                                      address_digest(email)))

    def overview(self, coordinator: str) -> str:
        return self._url("overview", Link(OVERVIEW, None, None, self.issued, self.expires,
                                          coordinator.lower()))


def link_maker(config: Config, now: datetime) -> LinkMaker | None:
    """The links of a mail made now, valid for web.link_days; None without web.base_url (the
    mails then show the commands instead)."""
    if not config.web.base_url:
        return None
    return LinkMaker(config.web.base_url, web_secret(config), now,
                     now + timedelta(days=config.web.link_days))
