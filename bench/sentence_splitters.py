"""Our sentence splitter against pysbd and syntok, on the evaluation corpus: the splitter
decides where one paragraph's agreements are cut and which sentences record an agreement
elsewhere, so the corpus figures are the measure.

    pip install pysbd syntok
    .venv/bin/python bench/sentence_splitters.py [--eval-dir tests/eval]

The evaluation corpus (tests/eval: score.py, build.py, corpus/, gold/) comes from its own
branch; point --eval-dir at a checkout of it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pysbd_spans(language: str):
    import pysbd

    segmenter = pysbd.Segmenter(language=language, clean=False, char_span=True)

    def spans(text: str) -> list[tuple[int, str]]:
        return [(s.start, s.sent.strip()) for s in segmenter.segment(text) if s.sent.strip()]
    return spans


def syntok_spans(text: str) -> list[tuple[int, str]]:
    from syntok import segmenter

    out = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            out.append((start, text[start:end].strip()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT / "tests" / "eval")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(arguments.eval_dir.absolute().parents[1]))  # its tests.eval
    from tests.eval import score
    from tracker.reports import sentences

    ours = sentences.spans
    candidates = {"ours (tracker/reports/sentences.py)": ours,
                  "pysbd (nl rules)": pysbd_spans("nl"),
                  "pysbd (en rules)": pysbd_spans("en"),
                  "syntok": syntok_spans}
    print(f"{'splitter':38}{'recall':>8}{'precision':>11}{'deadlines':>11}{'flags':>8}"
          f"{'seconds':>9}")
    for name, spans in candidates.items():
        sentences.spans = spans
        started = time.perf_counter()
        result = score.evaluate(arguments.eval_dir / "corpus", arguments.eval_dir / "gold")
        seconds = time.perf_counter() - started
        figures = result.groups["all"]
        print(f"{name:38}{100 * figures.recall:7.1f}%{100 * figures.precision:10.1f}%"
              f"{100 * figures.deadlines:10.1f}%{100 * figures.flags:7.1f}%{seconds:9.1f}")
    sentences.spans = ours


if __name__ == "__main__":
    main()
