"""Score `tracker ingest --dry-run --format json` against the gold labels of tests/eval/.

    python tests/eval/score.py [--split dev|holdout|blind] [--only r07] [--verbose]

Every corpus file is ingested in-process (click's CliRunner) with the clock frozen at
2026-11-25 12:00 Europe/Amsterdam and a fresh config without [teams]. Per report, predicted
actions are matched one-to-one to gold agreements, greedily by text similarity (normalised
text; the larger of difflib's ratio and the share of the gold's words the prediction holds),
threshold 0.6. Then:
    recall     matched gold / all gold
    precision  matched predictions / all predictions
    deadlines  matched pairs whose due_date equals the gold due (null == null) / matched pairs
    flags      matched pairs whose done and outside flags both equal the gold's / matched pairs

The "shift" split holds non-blind reports printed to PDF by Chromium and LibreOffice
(sources/make-shifted.sh, make-loshift.sh), scored against their original's gold, each ingested
in a run of its own (it duplicates its original).

The "blind" split holds reports written after the extractor was tuned, by another hand, as an
estimate of the hidden set: their figures are printed, but their misses only as counts per kind,
so that nobody tunes to their wording (--reveal-blind prints them, once the tuning is over).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: make `tests.eval` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.eval.build import CORPUS_DIR, EVAL_DIR, build_all  # noqa: E402

GOLD_DIR = EVAL_DIR / "gold"
TODAY = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
THRESHOLD = 0.6


@dataclass
class Figures:
    reports: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    due_right: int = 0
    flags_right: int = 0

    def add(self, other: Figures) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def recall(self) -> float | None:
        return self._share(self.matched, self.gold)

    @property
    def precision(self) -> float | None:
        return self._share(self.matched, self.predicted)

    @property
    def deadlines(self) -> float | None:
        return self._share(self.due_right, self.matched)

    @property
    def flags(self) -> float | None:
        return self._share(self.flags_right, self.matched)


@dataclass
class Result:
    groups: dict[str, Figures]  # "all", "split dev", "format pdf", "language en", ...
    misses: list[str] = field(default_factory=list)  # one line per miss, for --verbose
    blind_misses: Counter[str] = field(default_factory=Counter)  # kind -> count, no texts


MISS_KINDS = {"missed": "missed agreement", "not an agreement": "extra prediction",
              "deadline": "wrong deadline", "flags": "wrong flag", "ERROR": "error"}


def miss_kind(line: str) -> str:
    """The kind of one miss line of score_report ('<file>: missed: ...' -> 'missed agreement')."""
    detail = line.split(": ", 1)[1]
    return next(kind for prefix, kind in MISS_KINDS.items() if detail.startswith(prefix))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def similarity(gold: str, predicted: str) -> float:
    a, b = normalise(gold), normalise(predicted)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    gold_words = set(a.split())
    held = len(gold_words & set(b.split())) / len(gold_words) if gold_words else 0.0
    return max(ratio, held)


def match(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best similarity first."""
    candidates = sorted(((similarity(g["text"], p["text"]), i, j)
                         for i, g in enumerate(gold) for j, p in enumerate(predicted)),
                        reverse=True)
    pairs, used_gold, used_predicted = [], set(), set()
    for score, i, j in candidates:
        if score >= THRESHOLD and i not in used_gold and j not in used_predicted:
            pairs.append((i, j))
            used_gold.add(i)
            used_predicted.add(j)
    return sorted(pairs)


def score_report(gold: dict, predicted: list[dict], misses: list[str]) -> Figures:
    name = gold["file"]
    pairs = match(gold["agreements"], predicted)
    figures = Figures(reports=1, gold=len(gold["agreements"]), predicted=len(predicted),
                      matched=len(pairs))
    for i, j in pairs:
        want, got = gold["agreements"][i], predicted[j]
        if got["due_date"] == want["due"]:
            figures.due_right += 1
        else:
            misses.append(f"{name}: deadline {got['due_date']} ({got['due_source']}), gold "
                          f"{want['due']} ({want['due_source']}): {_short(want['text'])}")
        flags = (got["status"] == "done", got["source"] == "elsewhere")
        if flags == (want["done"], want["outside"]):
            figures.flags_right += 1
        else:
            misses.append(f"{name}: flags done={flags[0]} outside={flags[1]}, gold "
                          f"done={want['done']} outside={want['outside']}: "
                          f"{_short(want['text'])}")
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    misses += [f"{name}: missed: {_short(g['text'])}"
               for i, g in enumerate(gold["agreements"]) if i not in matched_gold]
    misses += [f"{name}: not an agreement (line {p['line']}): {_short(p['text'])}"
               for j, p in enumerate(predicted) if j not in matched_predicted]
    return figures


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def load_gold(gold_dir: Path = GOLD_DIR, split: str | None = None,
              only: str | None = None, ids: Collection[str] | None = None) -> list[dict]:
    """The gold files of one split, of reports whose name contains `only`, of reports whose
    number ('r07') is in `ids`; each filter applies when given."""
    golds = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if ((split is None or gold["split"] == split) and (only is None or only in path.stem)
                and (ids is None or path.stem.split("-")[0] in ids)):
            golds.append(gold)
    return golds


def ingest_dry_run(paths: list[Path], work_dir: Path) -> dict:
    """`tracker ingest --dry-run --format json PATHS` in-process, on the frozen day."""
    from click.testing import CliRunner
    from freezegun import freeze_time

    from tracker.cli.main import cli

    config = work_dir / "config.toml"
    config.write_text('timezone = "Europe/Amsterdam"\n'
                      f'[database]\nurl = "sqlite:///{work_dir / "eval.db"}"\n', encoding="utf-8")
    env = {name: None for name in os.environ if name.startswith("TRACKER_")}
    with freeze_time(TODAY):
        result = CliRunner().invoke(
            cli, ["--config", str(config), "ingest", "--dry-run", "--format", "json",
                  *map(str, paths)], env=env, catch_exceptions=False)
    # Exit code 1 only says some file failed; those are in "errors".
    return json.loads(result.stdout)


def evaluate(corpus_dir: Path = CORPUS_DIR, gold_dir: Path = GOLD_DIR,
             split: str | None = None, only: str | None = None,
             build_dir: Path | None = None, reveal_blind: bool = False,
             ids: Collection[str] | None = None) -> Result:
    """Build the corpus, ingest it and score it; the figures per group and the misses."""
    golds = load_gold(gold_dir, split, only, ids)
    with tempfile.TemporaryDirectory() as scratch:
        work_dir = Path(scratch)
        built = build_dir or work_dir / "built"
        build_all(corpus_dir, built)
        paths = [corpus_dir / g["file"] if (corpus_dir / g["file"]).exists()
                 else built / g["file"] for g in golds]
        # A shifted report is the same report as its original (and as other prints of it): in
        # one run the second would be refused as a duplicate, so each is ingested on its own.
        runs = [[p for p, g in zip(paths, golds, strict=True) if g["split"] != "shift"]]
        runs += [[p] for p, g in zip(paths, golds, strict=True) if g["split"] == "shift"]
        output: dict = {"reports": [], "errors": []}
        for n, part in enumerate(run for run in runs if run):
            (work_dir / str(n)).mkdir()
            run = ingest_dry_run(part, work_dir / str(n))
            output["reports"] += run["reports"]
            output["errors"] += run["errors"]
    by_file = {Path(r["file"]).name: r["actions"] for r in output["reports"]}
    result = Result(groups={})
    errors = {Path(e["file"]).name: e["error"] for e in output["errors"]}
    for gold in golds:
        name = gold["file"]
        misses: list[str] = []
        if name in errors:
            misses.append(f"{name}: ERROR {errors[name]}")
        figures = score_report(gold, by_file.get(name, []), misses)
        if gold["split"] == "blind" and not reveal_blind:
            result.blind_misses.update(map(miss_kind, misses))
        else:
            result.misses += misses
        fmt = name.rsplit(".", 1)[-1]
        for group in ("all", f"split {gold['split']}", f"format {fmt}",
                      f"language {gold['language']}"):
            result.groups.setdefault(group, Figures()).add(figures)
    return result


def table(result: Result) -> str:
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}%"

    lines = [f"{'':18}{'reports':>8}{'gold':>6}{'found':>7}{'recall':>9}{'precision':>11}"
             f"{'deadlines':>11}{'flags':>9}"]
    for name in sorted(result.groups, key=lambda g: (g != "all", g)):
        f = result.groups[name]
        lines.append(f"{name:18}{f.reports:>8}{f.gold:>6}{f.predicted:>7}{pct(f.recall):>9}"
                     f"{pct(f.precision):>11}{pct(f.deadlines):>11}{pct(f.flags):>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "holdout", "blind", "shift"])
    parser.add_argument("--only", metavar="ID", help="only reports whose id contains this")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument("--reveal-blind", action="store_true",
                        help="list the misses of the blind reports too (only once tuning is over)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--gold", type=Path, default=GOLD_DIR)
    arguments = parser.parse_args(argv)
    result = evaluate(arguments.corpus, arguments.gold, arguments.split, arguments.only,
                      reveal_blind=arguments.reveal_blind)
    if arguments.verbose:
        print("\n".join(result.misses) or "no misses", end="\n\n")
        if result.blind_misses:
            counts = ", ".join(f"{n} {kind}" for kind, n in sorted(result.blind_misses.items()))
            print(f"blind reports (texts withheld): {counts}", end="\n\n")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
