"""How an id is typed, one rule for every command and for the fast `tracker open`: digits (a `#`
in front allowed), and where a command takes several, ranges such as 7-9. Any number of digits
is an id here; whether it names anything is the core's question ("no action #99999999999999"),
never the driver's (an OverflowError). Click-free: tracker.cli.options wraps it for click."""

from __future__ import annotations

import re

_ID = re.compile(r"#?([0-9]+)")
_RANGE = re.compile(r"#?([0-9]+)-#?([0-9]+)")


def parse_id(text: str) -> int:
    """An id; ValueError with a sentence for anything else."""
    match = _ID.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not an id (a number such as 12)")
    return int(match.group(1))


def parse_ids(text: str) -> range:
    """An id or a range of them ("7-9": 7, 8 and 9) as a range, which stays lazy however wide."""
    match = _RANGE.fullmatch(text.strip())
    if match is None:
        try:
            first = parse_id(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an id or a range (such as 12 or 7-9)") from None
        return range(first, first + 1)
    first, last = int(match.group(1)), int(match.group(2))
    if last < first:
        raise ValueError(f"the range {text.strip()} runs backwards (write {last}-{first})")
    return range(first, last + 1)
