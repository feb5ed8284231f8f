"""Parse + extract of the five seeds in process, this tree against another checkout of tracker.

    git worktree add --detach /tmp/old 35c3248^     # e.g. the code before issue 10
    .venv/bin/python bench/ingest_against.py /tmp/old

Each tree runs in its own process (so neither imports the other's modules), five times,
interleaved; the best of each is printed, then their ratio. The machine is shared: read the
ratio, not the times.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

# Run inside the child: the tree to time is first on sys.path.
CHILD = """
import sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tracker.reports.extract import extract
from tracker.reports.parse import parse_report
today = date(2026, 11, 25)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
for text in texts:  # warm: imports and compiled patterns are not what is measured
    extract(parse_report(text, "x.txt", today), 42, today)
best = float("inf")
for _ in range(7):
    started = time.perf_counter()
    for _ in range(5):
        for text in texts:
            extract(parse_report(text, "x.txt", today), 42, today)
    best = min(best, (time.perf_counter() - started) / (5 * len(texts)))
print(best)
"""


def per_report(tree: Path) -> float:
    seeds = ROOT / "tests/fixtures/seeds"
    done = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(seeds)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def main() -> None:
    other = Path(sys.argv[1]).resolve()
    times: dict[Path, list[float]] = {ROOT: [], other: []}
    for _ in range(RUNS):
        for tree in times:
            times[tree].append(per_report(tree))
    here, there = min(times[ROOT]), min(times[other])
    print(f"{other}: {there * 1000:.2f} ms per report")
    print(f"{ROOT}: {here * 1000:.2f} ms per report")
    print(f"ratio (this tree / the other): {here / there:.2f}")


if __name__ == "__main__":
    main()
