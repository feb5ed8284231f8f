"""E-mail address validation, shared by the configuration, owners and the mail layer."""

from __future__ import annotations

import re

from tracker.core.text import safe_text
from tracker.errors import InvalidInput

# Deliberately plain: one @, a dot in the domain, no whitespace or control characters.
# Stricter RFC 5322 parsing accepts quoted forms nobody at the municipality uses.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


def normalise_email(value: str) -> str:
    """Lower-cased address; InvalidInput naming the value when it is not an address."""
    value = value.strip()
    if not is_email(value):
        raise InvalidInput(f"invalid e-mail address {value!r}")
    return value.lower()


def clean_header_text(value: str) -> str:
    """Text safe for a header: CR, LF, other control and bidi-override characters go."""
    return " ".join(safe_text(value).split())
