"""safe_text (every output's guard against control and bidi characters) and Babel's wording in
both languages."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.core.phrasing import phrasing
from tracker.core.text import safe_text


@pytest.mark.parametrize("raw, one_line, multiline", [
    ("gewoon tekst, één regel", "gewoon tekst, één regel", "gewoon tekst, één regel"),
    ("a\u202eb\u202cc \u2066d\u2069 \u061ce", "abc d e", "abc d e"),
    ("\x1b[31mrood\x1b[0m", "[31mrood[0m", "[31mrood[0m"),
    ("regel 1\r\nregel 2\rregel 3\nregel 4", "regel 1  regel 2 regel 3 regel 4",
     "regel 1\nregel 2\nregel 3\nregel 4"),
    ("tab\there\x00\x07\x7f\x85\x9b", "tab here", "tab here"),
    ("left\u200eright\u200f", "left\u200eright\u200f", "left\u200eright\u200f"),  # marks stay
])
def test_safe_text(raw, one_line, multiline):
    assert safe_text(raw) == one_line
    assert safe_text(raw, multiline=True) == multiline


@pytest.mark.parametrize("language, day, week, overdue1, overdue, today, in1, in8", [
    ("nl", "vr 2 aug 2024", "week 48 (23–29 nov)", "1 dag verlopen", "843 dagen verlopen",
     "vandaag", "over 1 dag", "over 8 dagen"),
    ("en", "Fri, 2 Aug 2024", "week 48 (23–29 Nov)", "1 day overdue", "843 days overdue",
     "today", "in 1 day", "in 8 days"),
])
def test_phrasing(language, day, week, overdue1, overdue, today, in1, in8):
    p = phrasing(language)
    assert p.day(date(2024, 8, 2)) == day
    assert p.week("2026-W48") == week
    assert [p.when(n) for n in (-1, -843, 0, 1, 8)] == [overdue1, overdue, today, in1, in8]
    assert p.when(None) == p.day(None) == ""
    forms = {"one": "{n} actie", "other": "{n} acties"}
    assert [p.plural(n, forms) for n in (0, 1, 2)] == ["0 acties", "1 actie", "2 acties"]


def test_weeks_across_months_and_years():
    assert phrasing("nl").week("2026-W49") == "week 49 (30 nov\u2009–\u20096 dec)"
    assert phrasing("en").week("2026-W53") == "week 53 (28 Dec\u2009–\u20093 Jan)"
