"""The `tracker` console script: the fast path for `tracker open`, click for everything else."""

from __future__ import annotations

import sys


def main() -> None:
    from tracker.cli.fastopen import fast_open

    code = fast_open(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from tracker.cli.main import main as click_main

    click_main()
