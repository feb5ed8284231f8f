"""The `tracker` console script: the fast path for `tracker open`, click for everything else."""

from __future__ import annotations

import sys


def main() -> None:
    from tracker.cli.fastopen import fast_open

    try:
        code = fast_open(sys.argv[1:])
    except BrokenPipeError:  # `tracker open | head -1`; the root group does the same for click
        from tracker.errors import pipe_closed

        code = pipe_closed()
    except Exception:  # the root group says the same for the click commands
        import traceback

        from tracker import __version__
        from tracker.errors import BUG_EXIT_CODE, bug_report

        traceback.print_exc()
        print(bug_report(__version__), file=sys.stderr)
        sys.exit(BUG_EXIT_CODE)
    if code is not None:
        sys.exit(code)
    from tracker.cli.main import main as click_main

    click_main()
