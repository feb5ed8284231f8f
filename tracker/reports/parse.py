"""Text -> ParsedReport: the template's seven sections, trip dates, persons and a short title.

The headings are matched after folding case, accents and punctuation, with or without numbering
("6. Zijn er vervolgafspraken?"), and may be wrapped over two lines. A report whose first page is
missing still parses; a text with none of the headings is not a trip report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from tracker.errors import InvalidInput
from tracker.reports import dates

# key -> (the heading's words, optional trailing words some templates add)
HEADINGS: dict[str, tuple[str, str]] = {
    "persons": ("hoeveel personen hebben de reis gemaakt", ""),
    "duration": ("hoelang duurde de reis", ""),
    "purpose": ("wat was het doel van de reis", ""),
    "locations": ("welke locaties zijn bezocht", ""),
    "met": ("wie heb je ontmoet", "benoem de functieomschrijving"),
    "results": ("wat heeft de reis de gemeente opgeleverd", ""),
    "followup": ("zijn er vervolgafspraken", "zo ja welke"),
}
TITLE_LINE = "verslag buitenlandse dienstreis"
EVENT_WORDS = ("summit", "festival", "expo", "conferentie", "conference", "congres", "congress",
               "forum", "week", "meeting", "bijeenkomst", "top", "award", "awards", "europe")


_NUMBERING = re.compile(r"^\s*(?:vraag\s*)?(?:\d{1,2}|[ivx]{1,4}|[a-g])\s*[.):-]\s*")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
# Words of which every heading has one; long lines without any are body text, not headings.
_HEADING_WORDS = ("personen", "duurde", "doel", "locaties", "ontmoet", "opgeleverd",
                  "vervolgafspraken")


def _maybe_heading(line: str) -> bool:
    return len(line) < 80 or any(word in line.lower() for word in _HEADING_WORDS)


def fold(text: str) -> str:
    """Lower case, no accents, no numbering or punctuation, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("hoe lang", "hoelang")
    return " ".join(_NOT_WORD.sub(" ", _NUMBERING.sub("", text)).split())


def _heading_match(folded: str) -> str | None:
    for key, (words, extra) in HEADINGS.items():
        if folded == words:
            return key
        if folded.startswith(words + " ") and extra:
            rest = folded[len(words) + 1:]
            if extra.startswith(rest):
                return key
    return None


def _is_heading_prefix(folded: str) -> bool:
    return len(folded.split()) >= 2 and any(
        (words + " " + extra).startswith(folded + " ") for words, extra in HEADINGS.values())


@dataclass(frozen=True)
class Section:
    key: str
    heading_line: int  # 1-based line number of the heading in the text
    lines: tuple[tuple[int, str], ...]  # (line number, text) of the body

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


@dataclass(frozen=True)
class ParsedReport:
    title: str
    trip_start: date | None
    trip_end: date | None
    persons: int | None
    year: int | None  # the year missing years are taken from
    sections: dict[str, Section]
    text: str
    warnings: tuple[str, ...] = field(default=())

    def section_text(self, key: str) -> str:
        return self.sections[key].text if key in self.sections else ""


def split_sections(text: str) -> tuple[dict[str, Section], list[tuple[int, str]]]:
    """Sections by key, and the lines before the first heading."""
    lines = text.split("\n")
    found: list[tuple[str, int, int, str]] = []  # key, heading line, first body index, inline
    i = 0
    while i < len(lines):
        # Folding every paragraph line would triple the parse time.
        folded = fold(lines[i]) if _maybe_heading(lines[i]) else ""
        key = _heading_match(folded) if folded and len(folded) < 120 else None
        if key:
            found.append((key, i + 1, i + 1, ""))
        elif folded and _is_heading_prefix(folded):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and (key := _heading_match(f"{folded} {fold(lines[j])}")):
                found.append((key, i + 1, j + 1, ""))
                i = j
        elif "?" in lines[i]:
            # "6. Zijn er vervolgafspraken? Nee" - a heading with its answer on the same line.
            head, _, tail = lines[i].partition("?")
            tail_head, _, tail_rest = tail.partition("?")
            for candidate, inline in ((f"{head} {tail_head}", tail_rest), (head, tail)):
                if (key := _heading_match(fold(candidate))) and inline.strip(" ?:,"):
                    found.append((key, i + 1, i + 1, inline.strip(" ?:,")))
                    break
        i += 1
    sections: dict[str, Section] = {}
    for n, (key, heading_line, body_start, inline) in enumerate(found):
        body_end = found[n + 1][1] - 1 if n + 1 < len(found) else len(lines)
        body = [(heading_line, inline)] if inline else []
        body += [(k + 1, lines[k]) for k in range(body_start, body_end)]
        if key not in sections:  # a repeated heading (page header) adds to the first
            sections[key] = Section(key, heading_line, tuple(body))
        else:
            old = sections[key]
            sections[key] = Section(key, old.heading_line, old.lines + tuple(body))
    preamble = [(k + 1, lines[k]) for k in range(found[0][1] - 1 if found else len(lines))]
    return sections, preamble


def parse_persons(text: str) -> int | None:
    match = re.search(r"\b(\d{1,3})\b", text)
    if match:
        return int(match.group(1))
    for word in re.findall(r"[a-zé]+", text.lower()):
        if word in dates.NUMBERS and word not in ("a", "een"):
            return dates.NUMBERS[word]
    return None


def parse_trip_dates(duration: str, full_text: str, today: date,
                     year: int | None = None) -> tuple[date | None, date | None, int | None]:
    """Start, end and the year that missing years take: from the duration answer; a year
    missing there comes from --year, else from weekday names anywhere in the report."""
    spans = dates.find_dates(duration, dates.DateContext(year=year, today=today))
    explicit_years = [s.start.year for s in spans if s.year_given and s.start]
    if year is None and not explicit_years and spans:
        year = dates.infer_year_from_weekdays(full_text, today)
        spans = dates.find_dates(duration, dates.DateContext(year=year, today=today))
    days = [s for s in spans if s.kind in ("day", "range") and s.resolved]
    if not days:
        return None, None, year or (explicit_years[0] if explicit_years else None)
    start = min(s.start for s in days)
    end = max(s.end or s.start for s in days)
    return start, end, end.year


def _capitalised_runs(text: str) -> list[str]:
    runs = re.findall(r"(?:\b[A-Z0-9][\w'’&-]*(?:\s+(?:of|for|de|van|der)\s+|\s+))+"
                      r"\b[A-Z0-9][\w'’&-]*", text)
    return [r.strip() for r in runs if "Den Haag" not in r and not r.strip().isdigit()]


def make_title(sections: dict[str, Section], fallback: str) -> str:
    """Event and place, where the text names them: 'Brussels Urban Summit 2023, Brussel'."""
    purpose = " ".join(sections["purpose"].text.split()) if "purpose" in sections else ""
    runs = [r for r in _capitalised_runs(purpose) if len(r.split()) >= 2]
    runs.sort(key=lambda r: not any(w.lower().strip(".") in EVENT_WORDS or w[:2].isdigit()
                                    or re.search(r"\d", w) for w in r.split()))
    event = runs[0] if runs else ""
    place = ""
    if "locations" in sections:
        match = re.search(r"\b(?:in|te|stad|city of)\s+([A-Z][\w'’-]+)",
                          " ".join(sections["locations"].text.split()))
        if match:
            place = match.group(1)
    if event and place and place.lower() not in event.lower():
        return f"{event}, {place}"
    return event or place or fallback


def parse_report(text: str, name: str, today: date, year: int | None = None) -> ParsedReport:
    """Parse a trip report; InvalidInput naming `name` when the text is not one."""
    sections, _ = split_sections(text)
    if not sections:
        raise InvalidInput(f"{name}: not a trip report: none of the template's headings"
                           " (e.g. 'ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?') found")
    warnings: list[str] = []
    if "followup" not in sections:
        warnings.append("no follow-up section ('ZIJN ER VERVOLGAFSPRAKEN?') found")
    start, end, trip_year = parse_trip_dates(sections["duration"].text if "duration" in sections
                                             else "", text, today, year)
    if start is None:
        warnings.append("no trip dates found in 'HOELANG DUURDE DE REIS?'")
    persons = parse_persons(sections["persons"].text) if "persons" in sections else None
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ParsedReport(title=make_title(sections, stem)[:300], trip_start=start, trip_end=end,
                        persons=persons, year=trip_year, sections=sections, text=text,
                        warnings=tuple(warnings))
