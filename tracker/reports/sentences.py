"""Sentences of Dutch and English report text, with the offset each starts at.

Our own splitter: a full stop, "!" or "?" ends a sentence when the next word starts with a
capital, a digit or a quote, except after the abbreviations of the genre ("o.a.", "bijv.",
"i.v.m.", "e.g.", "a.s."), an initial ("J. Jansen") or a number in a list. Measured against
pysbd and syntok on the evaluation corpus (bench/README.md): as good or better, and linear.
"""

from __future__ import annotations

import re

from tracker.reports.clauses import word_set

ABBREVIATIONS = word_set("""
o.a ca bijv bv d.w.z i.v.m t.b.v m.b.t i.p.v z.s.m a.s jl dhr mevr mr dr ir drs ing prof
nr no resp incl excl etc e.g i.e vs cf approx mrs ms st t.a.v i.o.m n.a.v m.u.v e.d enz
vgl zgn evt mln mld min max afd gem a.i wo.
""")
# A candidate end: the punctuation, closing quotes or brackets, then spaces.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_WORD_BEFORE = re.compile(r"(\S{1,20})$")


def spans(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of every sentence of text, in order."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        following = text[end:end + 1]
        if not following or not (following.isupper() or following.isdigit() or
                                 following in "\"'“‘(["):
            continue
        if m.group().startswith(".") and _is_abbreviation(text[max(start, m.start() - 20):
                                                               m.start()]):
            continue
        sentence = text[start:m.end()].strip()
        if sentence:
            out.append((start, sentence))
        start = end
    rest = text[start:].strip()
    if rest:
        out.append((start, rest))
    return out


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lstrip("(\"'").lower()
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return True
    # An initial ("J. Jansen"), or the number of a list item inside a paragraph ("stap 2. De").
    return (len(word) == 1 and word.isalpha()) or ("." in word and len(word) <= 6
                                                   and word.replace(".", "").isalpha())


def split(text: str) -> list[str]:
    return [sentence for _, sentence in spans(text)]
