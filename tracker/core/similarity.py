"""How alike two texts are: a report ingested twice (another format, a revised version) and the
agreements of a revised report against the actions they already are.

Reports are compared by word shingles (runs of SHINGLE words, case and punctuation ignored, so
hard wraps, another encoding or PDF layout change little). Each stored report keeps a
fingerprint: its shingle count and the SKETCH smallest shingle hashes (a bottom-k sketch), from
which the overlap with a new report is estimated without reading any stored text; only a
likely match is then measured exactly. Agreements, a sentence or three, are compared word by
word (difflib)."""

from __future__ import annotations

import re
from hashlib import blake2b

SHINGLE = 5
SKETCH = 64

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE words (a shorter text is one run)."""
    tokens = words(text)
    runs = [tokens[i:i + SHINGLE] for i in range(max(len(tokens) - SHINGLE + 1, 1))]
    return {int.from_bytes(blake2b(" ".join(run).encode(), digest_size=8).digest(), "big")
            for run in runs if run}


def overlap(a: set[int], b: set[int]) -> float:
    """The share of the shorter text's shingles that the other text has too (0..1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Fingerprint:
    """A report's shingle count and its SKETCH smallest shingle hashes."""

    __slots__ = ("count", "sketch")

    def __init__(self, count: int, sketch: tuple[int, ...]):
        self.count, self.sketch = count, sketch

    @classmethod
    def of(cls, hashes: set[int]) -> Fingerprint:
        return cls(len(hashes), tuple(sorted(hashes)[:SKETCH]))

    @classmethod
    def parse(cls, stored: str) -> Fingerprint:
        count, *sketch = stored.split()
        return cls(int(count), tuple(int(h, 16) for h in sketch))

    def __str__(self) -> str:
        """As stored in reports.fingerprint: the count, then the hashes in hex."""
        return " ".join([str(self.count), *(f"{h:x}" for h in self.sketch)])

    def estimated_overlap(self, other: Fingerprint) -> float:
        """overlap() of the two texts, estimated from the sketches: the smallest hashes of the
        union are a random sample of it, and the share found in both estimates the Jaccard
        index, from which the intersection follows (an error of about 0.06 at SKETCH 64)."""
        if not self.count or not other.count:
            return 0.0
        mine, theirs = set(self.sketch), set(other.sketch)
        sample = sorted(mine | theirs)[:SKETCH]
        jaccard = sum(h in mine and h in theirs for h in sample) / len(sample)
        both = jaccard * (self.count + other.count) / (1 + jaccard)
        return min(both / min(self.count, other.count), 1.0)


def fingerprint(text: str) -> Fingerprint:
    return Fingerprint.of(shingles(text))


def agreement_similarity(a: str, b: str) -> float:
    """How alike two agreements are, word by word in order (0..1)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def contained(part: str, whole: str) -> float:
    """The share of part's words that whole has too, in order (0..1): a part split off an
    agreement is contained in it, an agreement merged into an action in the action."""
    from difflib import SequenceMatcher

    mine = words(part)
    if not mine:
        return 0.0
    blocks = SequenceMatcher(None, mine, words(whole), autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(mine)


def pair_up(old: list[str], new: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (index in old, index in new, similarity) of texts at least `threshold`
    alike, the most alike first; ties go to the pair closest in order."""
    candidates = [(agreement_similarity(a, b), -abs(i - j), i, j)
                  for i, a in enumerate(old) for j, b in enumerate(new)]
    pairs, used_old, used_new = [], set(), set()
    for score, _, i, j in sorted(candidates, reverse=True):
        if score < threshold:
            break
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, score))
    return pairs
