"""E-mail address validation, shared by the configuration, owners and the mail layer."""

from __future__ import annotations

import re

from tracker.core.text import safe_text
from tracker.errors import InvalidInput

# One rule for every address tracker takes in (`owner add`, --owner, [teams], coordinators,
# mail.sender) and puts in a header: what this accepts, the mail library accepts too
# (tests/test_addresses.py holds it to that). Deliberately plain: an ASCII dot-atom before the
# '@' (no leading, trailing or double dot: `jan..jansen@` is refused), host names of letters,
# digits and inner hyphens after it, a top-level domain that starts with a letter. Quoted and
# non-ASCII forms, which RFC 5322 allows and nobody at the municipality uses, are refused.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TOP = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+{_TOP}")


def is_email(value: str) -> bool:
    local, _, _ = value.partition("@")
    return len(value) <= 254 and len(local) <= 64 and _EMAIL.fullmatch(value) is not None


def normalise_email(value: str) -> str:
    """Lower-cased address; InvalidInput naming the value when it is not an address."""
    value = value.strip()
    if not is_email(value):
        raise InvalidInput(f"invalid e-mail address {value!r}")
    return value.lower()


def clean_header_text(value: str) -> str:
    """Text safe for a header: CR, LF, other control and bidi-override characters go."""
    return " ".join(safe_text(value).split())
