"""A parsed report -> its agreements: the items of the follow-up section (list items, sub-items
of category lines, paragraphs cut into their distinct agreements, rows of a follow-up table),
plus sentences elsewhere that record one ("is afgesproken om ..."), each with a deadline, a
done flag and an owner hint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.reports import clauses, dates, sentences
from tracker.reports.blocks import HEADING, ITEM, ROW, Block
from tracker.reports.parse import ParsedReport, Section

_URL_ONLY = re.compile(r"\s*(?:<?https?://|www\.)\S+\s*")
_DEADLINE_CUE = re.compile(r"(?:uiterlijk|vóór|voor|deadline|by|before|no later than|"
                           r"not later than|uiterste datum|op zijn laatst|at the latest|tot)\W*$",
                           re.IGNORECASE)
# Table headers: which column holds the action, the owner, the date.
_ACTION_COLUMN = re.compile(r"afspraak|afspraken|actie|acties|actiepunt|wat|omschrijving|"
                            r"agreement|action|what|task|taak|item|onderwerp|topic", re.I)
_OWNER_COLUMN = re.compile(r"wie|trekker|eigenaar|verantwoordelijk\w*|door|owner|who|"
                           r"responsible|lead|contact", re.I)
_DATE_COLUMN = re.compile(r"wanneer|deadline|datum|termijn|gereed|planning|when|date|due|"
                          r"by when", re.I)


@dataclass(frozen=True)
class Agreement:
    text: str
    title: str
    line: int
    source: str  # followup | elsewhere
    status: str = "open"  # open | done
    done_reason: str | None = None
    owner_hint: str | None = None
    due_date: date | None = None
    due_source: str | None = None  # explicit | event | relative | default | None (open)
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Candidate:
    text: str
    line: int
    owner: str | None = None  # an owner column's text
    when: str | None = None  # a date column's text
    done: bool = False  # a table cell says so ("Done", "Afgerond")


def make_title(text: str, width: int = 80) -> str:
    """The first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    if len(first) <= width:
        return first
    return first[: width - 1].rsplit(" ", 1)[0] + "…"


# --- the follow-up section's items ------------------------------------------------------------

def _is_category(block: Block, children: list[Block]) -> bool:
    """A line that names a theme for the sub-items under it ("Samenwerking met Lyon:")."""
    if not children:
        return False
    text = block.text.rstrip()
    return text.endswith(":") or (len(text.split()) <= 8 and not text.endswith(".")
                                  and not clauses.has_action(text))


def _children(blocks: list[Block], index: int) -> list[int]:
    """Indexes of the items nested under blocks[index]."""
    parent = blocks[index]
    out: list[int] = []
    for j in range(index + 1, len(blocks)):
        child = blocks[j]
        if child.kind != ITEM:
            break
        if parent.kind == ITEM and child.level <= parent.level:
            break
        out.append(j)
    return out


def _row_candidate(block: Block) -> _Candidate | None:
    cells = list(block.cells)
    if block.header and block.cells == block.header:
        return None
    roles = [_column_role(h) for h in block.header] if block.header else []
    done = any(clauses.says_done(cell) for cell in cells[1:])
    if "action" in roles:
        get = {role: (cells[i] if i < len(cells) else "") for i, role in reversed(
            list(enumerate(roles)))}
        text = get.get("action", "")
        when = get.get("date") if not clauses.says_done(get.get("date", "")) else None
        return _Candidate(text, block.line, get.get("owner") or None, when or None,
                          done) if text.strip() else None
    text = " ".join(c for c in cells if c.strip())
    return _Candidate(text, block.line) if text else None


def _column_role(header: str) -> str:
    header = header.strip().lower()
    for role, pattern in (("date", _DATE_COLUMN), ("owner", _OWNER_COLUMN),
                          ("action", _ACTION_COLUMN)):
        if pattern.fullmatch(header.rstrip("?: ")) or pattern.match(header):
            return role
    return "other"


def followup_candidates(section: Section) -> list[_Candidate]:
    """The agreements of the follow-up section, each as written, before any judgement."""
    blocks = [b for b in section.blocks if not _URL_ONLY.fullmatch(b.text)]
    out: list[_Candidate] = []
    for index, block in enumerate(blocks):
        if block.kind == HEADING:
            continue  # a theme above agreements, not one itself
        if block.kind == ROW:
            if (candidate := _row_candidate(block)) is not None:
                out.append(candidate)
            continue
        nested = _children(blocks, index)
        if _is_category(block, [blocks[j] for j in nested]) or clauses.is_lead_in(block.text):
            continue  # its sub-items (or the paragraphs that follow) are the agreements
        out.extend(_split_paragraph(block, item=block.kind == ITEM))
    return out


def _split_paragraph(block: Block, item: bool = False) -> list[_Candidate]:
    """One candidate per distinct agreement of a paragraph; supporting sentences stay. A list
    item is one agreement by its writer's choice: only "Daarnaast ..."/"In addition ..." or a
    remark splits it."""
    parts = sentences.spans(block.text)
    if len(parts) <= 1:
        return [_Candidate(block.text, block.line)]
    groups: list[list[tuple[int, str]]] = []
    after_alone = False
    for offset, sentence in parts:
        # A remark ("Ter info: ...") or a sentence announcing the agreements stands alone.
        alone = clauses.is_remark(sentence) or clauses.announces_agreements(sentence)
        new = clauses.adds_agreement(sentence) if item else \
            clauses.starts_new_agreement(sentence)
        if groups and not alone and not after_alone and not new:
            groups[-1].append((offset, sentence))
        else:
            groups.append([(offset, sentence)])
        after_alone = alone
    return [_Candidate(" ".join(s for _, s in group), block.line) for group in groups]


# --- judging a candidate ----------------------------------------------------------------------

def _is_agreement(text: str) -> bool:
    if not re.search(r"[^\W\d_]{3,}", text) or clauses.is_none(text) or \
            clauses.is_lead_in(text) or clauses.is_remark(text):
        return False
    parts = sentences.split(text)
    if len(parts) == 1 and clauses.announces_agreements(clauses.strip_yes(parts[0])):
        return False
    return not all(clauses.is_negation(s) for s in parts)


def deadline(text: str, report: ParsedReport, due_days: int, today: date,
             when: str | None = None) -> tuple[date | None, str | None, list[str]]:
    """(due date, due source, warnings) for one agreement; a date column's text comes first."""
    ctx = dates.DateContext(today=today, start=report.trip_start, year=report.year,
                            anchor=report.trip_end)
    unresolved: list[str] = []
    vague: list[str] = []
    for source_text in ((when, text) if when else (text,)):
        normal = dates.normalise(source_text)
        candidates = []
        for span in dates.find_dates(normal, ctx):
            if span.kind == "vague":
                vague.append(span.text)
            elif not span.resolved:
                unresolved.append(span.text)
            elif not (report.trip_start and span.start < report.trip_start
                      and span.kind != "relative"):
                candidates.append(span)  # a date before the trip ("gestart in 2023") is none
        if candidates:
            cued = [s for s in candidates if _DEADLINE_CUE.search(normal[max(0, s.pos - 30):
                                                                         s.pos])]
            span = (cued or candidates)[0]
            source = {"range": "event", "relative": "relative"}.get(span.kind, "explicit")
            return span.start, source, []
    if vague:
        return None, None, [f"vague time {vague[0]!r}: no deadline set"]
    if unresolved:
        return None, None, [f"date {unresolved[0]!r} has no year and nothing in the report"
                            " decides it; deadline left open"]
    if report.trip_end is not None:
        return report.trip_end + timedelta(days=due_days), "default", []
    return today + timedelta(days=due_days), "default", [
        f"no deadline in the text and no trip dates: default deadline {due_days} days from today"]


def _agreement(candidate: _Candidate, source: str, report: ParsedReport, due_days: int,
               today: date) -> Agreement:
    text = candidate.text
    due, due_source, warnings = deadline(text, report, due_days, today, candidate.when)
    reason = clauses.done_reason(text, sentences.split(text))
    if candidate.done and reason is None:
        reason = "marked done in the report's table"
    hint = candidate.owner or clauses.owner_hint(text)
    return Agreement(text=text, title=make_title(text), line=candidate.line, source=source,
                     status="done" if reason else "open", done_reason=reason,
                     owner_hint=hint, due_date=due, due_source=due_source,
                     warnings=tuple(warnings))


# --- agreements recorded elsewhere ------------------------------------------------------------

def _elsewhere(section: Section) -> list[_Candidate]:
    out = []
    for block in section.blocks:
        if block.kind == HEADING or not clauses.records_agreement(block.text):
            continue
        for offset, sentence in sentences.spans(block.text):
            if clauses.records_agreement(sentence):
                out.append(_Candidate(sentence, block.line_at(offset)))
    return out


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _repeats(text: str, known: list[Agreement]) -> bool:
    """Whether a sentence found elsewhere repeats an agreement of the follow-up section."""
    words = _words(text)
    return any(len(words & _words(a.text)) >= 0.8 * max(1, len(words)) for a in known)


def extract(report: ParsedReport, due_days: int, today: date) -> list[Agreement]:
    """All agreements of the report, follow-up items first, in text order."""
    agreements: list[Agreement] = []
    followup = report.sections.get("followup")
    if followup is not None:
        candidates = followup_candidates(followup)
        if candidates and clauses.is_none(sentences.split(candidates[0].text)[0]):
            candidates = []  # "Nee. Het bezoek had een formeel karakter; ...": none at all
        for candidate in candidates:
            text = clauses.strip_yes(candidate.text).strip()
            if _is_agreement(text):
                agreements.append(_agreement(
                    _Candidate(text, candidate.line, candidate.owner, candidate.when,
                               candidate.done),
                    "followup", report, due_days, today))
    found = list(agreements)
    for key, section in report.sections.items():
        if key == "followup":
            continue
        for candidate in _elsewhere(section):
            candidate = _Candidate(re.sub(r"^(?:[A-Za-z]|\d{1,2})\)\s+", "", candidate.text),
                                   candidate.line)
            if not _repeats(candidate.text, found):
                agreements.append(_agreement(candidate, "elsewhere", report, due_days, today))
    return agreements
