"""Has this report come in before? The same content (its hash: another encoding, line endings),
or a lookalike: the same title and trip dates, or most of the same text (another format, a
revised version), which is stored only when the user says it is new (--as-new) or that it
replaces the old one (--replace).

The fingerprints of all current reports are read once per ingest run (a sketch each, no text:
tracker.core.similarity); only a likely lookalike is then measured exactly. Reports planned
earlier in the same run join the index, so a dry run sees what a real run would."""

from __future__ import annotations

from datetime import date

from tracker.core.database import Connection
from tracker.core.similarity import Fingerprint, overlap, shingles

# "Most of the text": the share of the shorter report's word runs found in the other. Unrelated
# reports share about 10% (the template's headings); a revised one with a word changed 99%.
SAME_TEXT = 0.8
# Two sketches (64 hashes each) sharing fewer hashes than this are not worth estimating: on
# the seeds and the evaluation corpus unrelated reports share at most 4 (the template's
# headings), a report with a word changed 61, one with three times its text appended 11.
_SHARED = 8
# Estimates from the sketches below this cannot be SAME_TEXT (their error is about 0.06, and
# they err low when one text is several times the other).
_SCREEN = 0.5


def same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class Known:
    """A stored report (id set), or one planned earlier in this dry run (file set, its
    shingles kept)."""

    def __init__(self, id: int | None, sha256: str, title: str, trip_start: date | None,
                 trip_end: date | None, fingerprint: Fingerprint | None, current: bool = True,
                 file: str | None = None, hashes: set[int] | None = None):
        self.id, self.sha256, self.title = id, sha256, title
        self.trip_start, self.trip_end = trip_start, trip_end
        self.fingerprint, self.current, self.file, self.hashes = fingerprint, current, file, hashes
        self.sketch = frozenset(fingerprint.sketch) if fingerprint else frozenset()

    def name(self) -> str:
        """How a message names it: "report #3", or the file of this run."""
        return f"report #{self.id}" if self.id is not None else f"{self.file} (earlier in this run)"

    def same_trip(self, title: str, trip_start: date | None, trip_end: date | None) -> bool:
        """Same title and the same known trip dates (two reports of one summit by different
        people, without dates, are not alike by that alone)."""
        return (trip_start is not None and self.trip_start == trip_start
                and self.trip_end == trip_end and same_title(self.title, title))


class ReportIndex:
    def __init__(self, known: list[Known] | None = None):
        self.known = known or []

    @classmethod
    def load(cls, conn: Connection) -> ReportIndex:
        """Every stored report: the withdrawn ones only for their content hash."""
        from tracker.core.database import to_date

        return cls([Known(report_id, sha, title, to_date(start), to_date(end),
                          Fingerprint.parse(printed) if printed else None,
                          current=withdrawn is None)
                    for report_id, sha, title, start, end, printed, withdrawn in conn.execute(
                        "SELECT id, sha256, title, trip_start, trip_end, fingerprint,"
                        " withdrawn_at FROM reports ORDER BY id")])

    def add(self, known: Known) -> None:
        self.known.append(known)

    def same_content(self, sha256: str) -> Known | None:
        return next((k for k in self.known if k.sha256 == sha256), None)

    def lookalike(self, title: str, trip_start: date | None, trip_end: date | None,
                  hashes: set[int], conn: Connection | None,
                  other_than: int | None = None) -> tuple[Known, str] | None:
        """The current report this one looks like, and why ("same title and trip dates",
        "93% of the text"); None when it is new."""
        mine = Fingerprint.of(hashes)
        sketch = set(mine.sketch)
        for known in self.known:
            if not known.current or (other_than is not None and known.id == other_than):
                continue
            reasons = []
            if known.same_trip(title, trip_start, trip_end):
                reasons.append("same title and trip dates")
            share = self._text_share(known, mine, sketch, hashes, conn)
            if share >= SAME_TEXT:
                reasons.append(f"{share:.0%} of the text")
            if reasons:
                return known, ", ".join(reasons)
        return None

    @staticmethod
    def _text_share(known: Known, mine: Fingerprint, sketch: set[int], hashes: set[int],
                    conn: Connection | None) -> float:
        if known.hashes is not None:
            return overlap(known.hashes, hashes)
        # Screened in C first: this runs once per stored report for every file ingested.
        if len(known.sketch & sketch) < _SHARED \
                or known.fingerprint.estimated_overlap(mine) < _SCREEN or conn is None:
            return 0.0
        raw_text = conn.execute("SELECT raw_text FROM reports WHERE id = :id",
                                {"id": known.id}).fetchone()[0]
        return overlap(shingles(raw_text), hashes)
