from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import InvalidInput
from tracker.reports.dates import (
    DateContext,
    find_dates,
    infer_year_from_weekdays,
    parse_user_date,
)

TODAY = date(2026, 11, 23)
TRIP = DateContext(year=2024, anchor=date(2024, 6, 21), today=TODAY)
NO_YEAR = DateContext(today=TODAY)


@pytest.mark.parametrize("phrase, kind, start, end", [
    ("18 juni 2024", "day", date(2024, 6, 18), date(2024, 6, 18)),
    ("dinsdag 18 juni t/m vrijdag 21 juni 2024", "range", date(2024, 6, 18), date(2024, 6, 21)),
    ("1-4 december", "range", date(2024, 12, 1), date(2024, 12, 4)),
    ("1 – 4 december", "range", date(2024, 12, 1), date(2024, 12, 4)),
    ("24 tot 27 september", "range", date(2024, 9, 24), date(2024, 9, 27)),
    ("14 tm 17 juni", "range", date(2024, 6, 14), date(2024, 6, 17)),
    ("van 3 t/m 5 oktober", "range", date(2024, 10, 3), date(2024, 10, 5)),
    ("30 november - 2 december 2024", "range", date(2024, 11, 30), date(2024, 12, 2)),
    ("30 december - 2 januari 2025", "range", date(2024, 12, 30), date(2025, 1, 2)),
    ("12-03-2025", "day", date(2025, 3, 12), date(2025, 3, 12)),
    ("12/3/2025", "day", date(2025, 3, 12), date(2025, 3, 12)),
    ("2025-03-12", "day", date(2025, 3, 12), date(2025, 3, 12)),
    ("maart 2025", "period", date(2025, 3, 31), date(2025, 3, 31)),
    ("februari 2028", "period", date(2028, 2, 29), date(2028, 2, 29)),
    ("eind 2024", "period", date(2024, 12, 31), date(2024, 12, 31)),
    ("medio 2025", "period", date(2025, 6, 30), date(2025, 6, 30)),
    ("Q2 2025", "period", date(2025, 6, 30), date(2025, 6, 30)),
    ("het derde kwartaal van 2025", "period", date(2025, 9, 30), date(2025, 9, 30)),
    ("voorjaar 2025", "period", date(2025, 5, 31), date(2025, 5, 31)),
    ("najaar 2025", "period", date(2025, 11, 30), date(2025, 11, 30)),
    ("winter 2025", "period", date(2026, 2, 28), date(2026, 2, 28)),
    ("begin volgend jaar", "period", date(2025, 3, 31), date(2025, 3, 31)),
    ("eind dit jaar", "period", date(2024, 12, 31), date(2024, 12, 31)),
    ("binnen zes weken", "relative", date(2024, 8, 2), date(2024, 8, 2)),
    ("binnen 3 maanden", "relative", date(2024, 9, 21), date(2024, 9, 21)),
    ("within two weeks", "relative", date(2024, 7, 5), date(2024, 7, 5)),
    ("week 14", "period", date(2024, 4, 7), date(2024, 4, 7)),  # the Sunday of ISO week 14
    ("week 2 van 2025", "period", date(2025, 1, 12), date(2025, 1, 12)),
    ("June 15th", "day", date(2024, 6, 15), date(2024, 6, 15)),
    ("June 15, 2022", "day", date(2022, 6, 15), date(2022, 6, 15)),
    ("vóór 1 maart", "day", date(2024, 3, 1), date(2024, 3, 1)),
    ("uiterlijk in september", "period", date(2024, 9, 30), date(2024, 9, 30)),
])
def test_phrases(phrase, kind, start, end):
    spans = find_dates(phrase, TRIP)
    assert len(spans) == 1, spans
    assert (spans[0].kind, spans[0].start, spans[0].end) == (kind, start, end)


def test_weekday_decides_a_missing_year():
    (span,) = find_dates("Wednesday June 15th", NO_YEAR)
    assert span.start == date(2022, 6, 15)
    (span,) = find_dates("woensdag 15 juni", NO_YEAR)
    assert span.start == date(2022, 6, 15)


def test_no_year_and_nothing_decides_stays_open():
    (span,) = find_dates("1-4 december", NO_YEAR)
    assert span.kind == "range" and span.start is None and not span.resolved


def test_year_inferred_from_all_weekday_pairs():
    text = "Wednesday June 15th ... Thursday June 16th"
    assert infer_year_from_weekdays(text, TODAY) == 2022
    assert infer_year_from_weekdays("no dates here", TODAY) is None
    # Contradicting weekdays decide nothing.
    assert infer_year_from_weekdays("Wednesday June 15th, Wednesday June 16th", TODAY) is None


@pytest.mark.parametrize("text", ["zomer vol plannen", "sinds 2024 zijn er 12 steden", "Jan Smit",
                                  "mei", "3 dagen", "2 nachten", "de G4 steden"])
def test_ordinary_words_are_not_dates(text):
    assert find_dates(text, TRIP) == []


@pytest.mark.parametrize("typed, expected", [
    ("2025-03-01", date(2025, 3, 1)),
    ("2025-3-1", date(2025, 3, 1)),
    ("1 maart 2025", date(2025, 3, 1)),
    ("1 maart", date(2027, 3, 1)),  # the next 1 March after today
    ("30 november", date(2026, 11, 30)),
    ("binnen twee weken", date(2026, 12, 7)),
    ("eind 2026", date(2026, 12, 31)),
    ("vandaag", TODAY),
    ("morgen", date(2026, 11, 24)),
    ("31-12-2026", date(2026, 12, 31)),
])
def test_user_dates(typed, expected):
    assert parse_user_date(typed, TODAY) == expected


# Issue 14: what a coordinator types for `tracker due ID WHEN`, counted from Monday 23 November
# 2026. A weekday is the next such day, never today; "volgende week" is next week's Friday.
@pytest.mark.parametrize("typed, expected", [
    ("overmorgen", date(2026, 11, 25)),
    ("the day after tomorrow", date(2026, 11, 25)),
    ("vrijdag", date(2026, 11, 27)),
    ("friday", date(2026, 11, 27)),
    ("vr", date(2026, 11, 27)),
    ("Fri.", date(2026, 11, 27)),
    ("maandag", date(2026, 11, 30)),  # today is a Monday: the next one
    ("zondag", date(2026, 11, 29)),
    ("a.s. dinsdag", date(2026, 11, 24)),
    ("woensdag a.s.", date(2026, 11, 25)),
    ("volgende week", date(2026, 12, 4)),
    ("next week", date(2026, 12, 4)),
    ("over 2 weken", date(2026, 12, 7)),
    ("in 2 weeks", date(2026, 12, 7)),
    ("over 3 dagen", date(2026, 11, 26)),
    ("in 3 days", date(2026, 11, 26)),
    ("eind deze maand", date(2026, 11, 30)),
    ("eind van de maand", date(2026, 11, 30)),
    ("end of this month", date(2026, 11, 30)),
    ("eind volgende maand", date(2026, 12, 31)),
    ("End of next month", date(2026, 12, 31)),
    ("12 mei 2027", date(2027, 5, 12)),
    ("1900-01-01", date(1900, 1, 1)),
    ("2200-12-31", date(2200, 12, 31)),
])
def test_user_phrases(typed, expected):
    assert parse_user_date(typed, TODAY) == expected


@pytest.mark.parametrize("today, typed, expected", [
    (date(2026, 11, 29), "volgende week", date(2026, 12, 4)),  # a Sunday: the week from tomorrow
    (date(2026, 11, 28), "maandag", date(2026, 11, 30)),
    (date(2026, 11, 27), "vrijdag", date(2026, 12, 4)),  # never today
    (date(2026, 12, 31), "eind volgende maand", date(2027, 1, 31)),
    (date(2027, 1, 31), "eind volgende maand", date(2027, 2, 28)),
    (date(2026, 12, 31), "morgen", date(2027, 1, 1)),
])
def test_user_phrases_across_week_month_and_year_ends(today, typed, expected):
    assert parse_user_date(typed, today) == expected


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_user_dates_outside_1900_2200_are_refused(typed):
    """Issue 15: year 1 and year 9999 were accepted as deadlines."""
    with pytest.raises(InvalidInput, match=f"^date '{typed}' is outside 1900-2200$"):
        parse_user_date(typed, TODAY)


@pytest.mark.parametrize("typed, message", [
    ("volgende vrijdag", "unreadable date 'volgende vrijdag'"),  # this week's or next? not guessed
    ("2025-02-30", "impossible date '2025-02-30'"),
    ("31 februari 2025", "impossible date '31 februari 2025'"),
    ("soon", "unreadable date 'soon'"),
    ("1 maart 2025 en 2 april", "unreadable date"),
    ("", "unreadable date"),
])
def test_bad_user_dates(typed, message):
    with pytest.raises(InvalidInput, match=message):
        parse_user_date(typed, TODAY)


@given(st.text(max_size=200))
def test_any_text_never_crashes(text):
    for span in find_dates(text, TRIP):
        assert span.start is None or isinstance(span.start, date)
    with contextlib.suppress(InvalidInput):
        parse_user_date(text, TODAY)


# The DESIGN.md deadline rules and issue 10's list, each phrase inside a sentence, read against
# a trip of 4-6 March 2025 (start, year and anchor as extract passes them).
TRIP_2025 = DateContext(today=TODAY, start=date(2025, 3, 4), year=2025, anchor=date(2025, 3, 6))


@pytest.mark.parametrize("sentence, deadline", [
    # a full date; numeric dates are dd-mm-yyyy
    ("De notitie volgt op 12-03-2025.", date(2025, 3, 12)),
    ("We send it by 31 January 2026.", date(2026, 1, 31)),
    # vóór / uiterlijk / by / no later than: the day itself
    ("Het verslag komt vóór 1 april.", date(2025, 4, 1)),
    ("Reactie uiterlijk 15 mei.", date(2025, 5, 15)),
    ("Reply no later than 1 July 2025.", date(2025, 7, 1)),
    ("uiterlijk maandag 9 maart", date(2026, 3, 9)),  # Monday: 2026, not 2025 (a Sunday)
    ("op 12 mei a.s.", date(2025, 5, 12)),
    # a month: its last day; before the trip's start: the next year's
    ("Terugkoppeling in januari 2026.", date(2026, 1, 31)),
    ("Het bezoek volgt in mei.", date(2025, 5, 31)),
    ("De raad besluit in februari.", date(2026, 2, 28)),
    # mid-month: the 15th
    ("Half maart volgt de planning.", date(2025, 3, 15)),
    ("We reply by mid-April.", date(2025, 4, 15)),
    # a quarter, with or without a year
    ("Afronding eind Q2 2025.", date(2025, 6, 30)),
    ("Een evaluatie in het derde kwartaal.", date(2025, 9, 30)),
    ("Een bezoek in Q4.", date(2025, 12, 31)),
    ("Results by the end of Q1.", date(2025, 3, 31)),  # ends after the trip's start
    # seasons
    ("Een tegenbezoek in het voorjaar.", date(2025, 5, 31)),
    ("A workshop in the summer.", date(2025, 8, 31)),
    ("Een conferentie in het najaar van 2025.", date(2025, 11, 30)),
    ("A visit in the autumn.", date(2025, 11, 30)),
    ("Een verkenning in de herfst.", date(2025, 11, 30)),
    ("A report in the spring.", date(2025, 5, 31)),
    # parts of a year
    ("Een besluit medio 2026.", date(2026, 6, 30)),
    ("Een besluit medio volgend jaar.", date(2026, 6, 30)),
    ("Start begin 2026.", date(2026, 3, 31)),
    ("Start begin volgend jaar.", date(2026, 3, 31)),
    ("Afronding eind 2025.", date(2025, 12, 31)),
    ("Afronding eind dit jaar.", date(2025, 12, 31)),
    ("In de loop van 2026 volgt een pilot.", date(2026, 12, 31)),
    ("A decision before the end of this year.", date(2025, 12, 31)),
    # ISO week: its Sunday
    ("Overleg in week 14.", date(2025, 4, 6)),
    ("Overleg in week 2 van 2026.", date(2026, 1, 11)),
    # relative terms count from the trip's end
    ("Binnen zes weken een verslag.", date(2025, 4, 17)),
    ("Binnen 3 dagen een bericht.", date(2025, 3, 9)),
    ("Over twee maanden een voorstel.", date(2025, 5, 6)),
    ("Within two weeks a note.", date(2025, 3, 20)),
    ("Binnen een maand de toolkit.", date(2025, 4, 6)),
    # events and enumerations: the first day
    ("De bijeenkomst van 1-4 december in Gent.", date(2025, 12, 1)),
    ("De conferentie op 9 en 10 oktober.", date(2025, 10, 9)),
    ("The forum on 9, 10 and 11 October.", date(2025, 10, 9)),
    ("Het festival van 30 november t/m 2 december.", date(2025, 11, 30)),
])
def test_deadline_rules(sentence, deadline):
    spans = [s for s in find_dates(sentence, TRIP_2025) if s.kind != "vague"]
    assert spans and spans[0].start == deadline, spans


@pytest.mark.parametrize("sentence", [
    "Na de zomer bekijken we of een vervolg zinvol is.",
    "Voor de kerstvakantie komt er een notitie.",
    "We nemen binnenkort contact op.",
    "Na de verkiezingen wordt dit opgepakt.",
    "Malmö sends the evaluation before the summer.",
    "After the elections the council decides.",
    "We will reply as soon as possible.",
])
def test_vague_times_give_no_date(sentence):
    spans = find_dates(sentence, TRIP_2025)
    assert spans and all(s.kind == "vague" and s.start is None for s in spans)


def test_every_rule_has_its_resolver_beside_its_pattern():
    from tracker.reports.dates import RULES

    names = [entry.name for entry in RULES]
    assert len(names) == len(set(names))
    assert all(entry.pattern.pattern and callable(entry.resolve) for entry in RULES)
