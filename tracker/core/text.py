"""Text from reports and users made safe to show: every output (terminal, mail, ICS, CSV, JSON,
the web) passes it through `safe_text`, so that no control character moves a terminal's cursor
or colours it, and no bidirectional override reorders what a reader sees ("Trojan Source",
CVE-2021-42574)."""

from __future__ import annotations

# Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the Arabic
# letter mark: they reorder the characters around them. Left-to-right and right-to-left marks
# (U+200E, U+200F) only nudge neutral characters next to them and stay.
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C]
# C0 and C1 control characters and DEL: ESC starts terminal escape sequences, CR overwrites.
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]

_ONE_LINE = {code: None for code in (*_CONTROLS, *_BIDI_CONTROLS)}
_ONE_LINE.update({ord("\t"): " ", ord("\n"): " ", ord("\r"): " "})
_MULTILINE = {**_ONE_LINE, ord("\n"): "\n", ord("\r"): None}


def safe_text(value: str, multiline: bool = False) -> str:
    """`value` without control and bidirectional-override characters. A tab (and, unless
    `multiline`, a line break) becomes a space; with `multiline`, line breaks stay as "\\n"
    (CR LF and lone CR included)."""
    if value.isprintable():  # the common case, checked in C: nothing to do
        return value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.translate(_MULTILINE)
    return value.translate(_ONE_LINE)
