"""Blocks -> ParsedReport: the template's seven sections, trip dates, persons and a short title.

Sections start at the template's headings (see template.py: Dutch and English, full and short
forms, numbered, wrapped, as Word styles or bold lines, or the left column of a table). A report
whose first page is missing still parses; a text with none of the headings is not a trip report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from tracker.errors import InvalidInput
from tracker.reports import dates, template
from tracker.reports.blocks import HEADING, ITEM, PARAGRAPH, Block, Document, text_blocks

EVENT_WORDS = ("summit", "festival", "expo", "conferentie", "conference", "congres", "congress",
               "forum", "week", "meeting", "bijeenkomst", "top", "award", "awards", "europe",
               "biennale", "biennial", "fair", "beurs")
# Headings after which nothing belongs to the template any more.
_END_HEADINGS = re.compile(r"(?:bijlage|bijlagen|annex|annexes|appendix|appendices|attachments?"
                           r"|ondertekening|handtekening|signature|disclaimer)(?: \w+){0,3}")


@dataclass(frozen=True)
class Section:
    key: str
    heading_line: int  # 1-based line number of the heading in the text
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class ParsedReport:
    title: str
    trip_start: date | None
    trip_end: date | None
    persons: int | None
    year: int | None  # the year missing years are taken from
    sections: dict[str, Section]
    text: str
    preamble: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def split_sections(blocks: list[Block]) -> tuple[dict[str, Section], list[Block]]:
    """Sections by key, and the blocks before the first heading."""
    found: list[tuple[str, int, list[Block]]] = []
    preamble: list[Block] = []
    for block in blocks:
        key = None
        if block.kind in (HEADING, PARAGRAPH, ITEM):
            key = template.heading_key(block.text, short=block.kind != ITEM)
            if key is None and block.kind == HEADING and found and \
                    _END_HEADINGS.fullmatch(template.fold(block.text)):
                key = "end"
        if key is None and block.kind == PARAGRAPH and (inline := template.split_inline(
                block.text)):
            key, answer = inline
            found.append((key, block.line, [Block(PARAGRAPH, answer, block.line)]))
            continue
        if key is not None:
            found.append((key, block.line, []))
        elif found:
            found[-1][2].append(block)
        else:
            preamble.append(block)
    sections: dict[str, Section] = {}
    for key, line, body in found:
        if key == "end":
            continue
        if key not in sections:
            sections[key] = Section(key, line, tuple(body))
        else:  # a repeated heading (a page header, a second follow-up list) adds to the first
            old = sections[key]
            sections[key] = Section(key, old.heading_line, old.blocks + tuple(body))
    return sections, preamble


def parse_persons(text: str) -> int | None:
    match = re.search(r"\b(\d{1,3})\b", text)
    if match:
        return int(match.group(1))
    for word in re.findall(r"[a-zé]+", text.lower()):
        if word in dates.NUMBERS and word not in ("a", "een", "one"):
            return dates.NUMBERS[word]
    return None


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w&'’-]*)\.?\s+$")


def named_year(texts: list[str]) -> int | None:
    """The year a report names for its trip or event ("Biennale 2025", "juni 2024"): the most
    frequent one next to a name or month, else the only year the texts name."""
    named: Counter[int] = Counter()
    years: set[int] = set()
    for text in texts:
        for match in _YEAR.finditer(text):
            years.add(int(match.group()))
            before = _WORD_BEFORE.search(text[max(0, match.start() - 40):match.start()])
            if before and (before.group(1)[0].isupper() or
                           before.group(1).lower() in dates.MONTHS):
                named[int(match.group())] += 1
    if named:
        return named.most_common(1)[0][0]
    return years.pop() if len(years) == 1 else None


def parse_trip_dates(duration: str, full_text: str, today: date, year: int | None = None,
                     named: int | None = None) -> tuple[date | None, date | None, int | None]:
    """Start, end and the year that missing years take: from the duration answer; a year
    missing there comes from --year, else the year the report names for the trip or its event,
    else from weekday names anywhere in the report."""
    spans = dates.find_dates(duration, dates.DateContext(today=today, year=year))
    explicit_years = [s.start.year for s in spans if s.year_given and s.start]
    if year is None and not explicit_years and spans:
        year = named or dates.infer_year_from_weekdays(full_text, today)
        spans = dates.find_dates(duration, dates.DateContext(today=today, year=year))
    days = [s for s in spans if s.kind in ("day", "range") and s.resolved]
    if not days:
        return None, None, year or (explicit_years[0] if explicit_years else named)
    start = min(s.start for s in days)
    end = max(s.end or s.start for s in days)
    return start, end, start.year


_CAPITALISED_RUN = re.compile(r"\b[A-Z0-9][\w'’&-]*(?:(?:\s+(?:of|for|de|van|der))?\s+"
                              r"[A-Z0-9][\w'’&-]*)+")


def _capitalised_runs(text: str) -> list[str]:
    runs = (m.group() for m in _CAPITALISED_RUN.finditer(text))
    return [r.strip() for r in runs if "Den Haag" not in r and not r.strip().isdigit()]


def make_title(sections: dict[str, Section], fallback: str) -> str:
    """Event and place, where the text names them: 'Brussels Urban Summit 2023, Brussel'."""
    purpose = " ".join(sections["purpose"].text.split())[:5000] if "purpose" in sections else ""
    runs = [r for r in _capitalised_runs(purpose) if len(r.split()) >= 2]
    runs.sort(key=lambda r: not any(w.lower().strip(".") in EVENT_WORDS or w[:2].isdigit()
                                    or re.search(r"\d", w) for w in r.split()))
    event = runs[0] if runs else ""
    place = ""
    if "locations" in sections:
        match = re.search(r"\b(?:in|te|stad|city of)\s+([A-Z][\w'’-]+)",
                          " ".join(sections["locations"].text.split())[:5000])
        if match:
            place = match.group(1)
    if event and place and place.lower() not in event.lower():
        return f"{event}, {place}"
    return event or place or fallback


def parse_report(source: str | Document, name: str, today: date,
                 year: int | None = None) -> ParsedReport:
    """Parse a trip report (its text, or the blocks a reader made of it); InvalidInput naming
    `name` when it is not one."""
    document = source if isinstance(source, Document) else Document(source, text_blocks(source))
    sections, preamble = split_sections(document.blocks)
    if not sections:
        raise InvalidInput(f"{name}: not a trip report: none of the template's headings"
                           " (e.g. 'ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?') found")
    warnings: list[str] = []
    if "followup" not in sections:
        warnings.append("no follow-up section ('ZIJN ER VERVOLGAFSPRAKEN?') found")
    duration = sections["duration"].text if "duration" in sections else ""
    named = named_year([b.text for b in preamble] + [
        sections[key].text[:5000] for key in ("duration", "purpose", "locations")
        if key in sections])
    start, end, trip_year = parse_trip_dates(duration, document.text, today, year, named)
    if start is None:
        warnings.append("no trip dates found in 'HOELANG DUURDE DE REIS?'")
    persons = parse_persons(sections["persons"].text) if "persons" in sections else None
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ParsedReport(title=make_title(sections, stem)[:300], trip_start=start, trip_end=end,
                        persons=persons, year=trip_year, sections=sections,
                        text=document.text, preamble=tuple(preamble), warnings=tuple(warnings))
