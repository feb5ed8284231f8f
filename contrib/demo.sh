#!/usr/bin/env bash
# The main job on the embedded defaults (SQLite file, .eml files instead of SMTP), in a
# throw-away folder var/demo so that it never touches a real database: ingest the example
# reports, show what is open, and write this week's digests into the outbox. It ends with the
# line to paste into a shell to go on with the demo database.
# (TRACKER_DEMO_DIR and TRACKER_DEMO_BIN choose another folder and tracker, for the tests.)
set -euo pipefail
cd "$(dirname "$0")/.."
tracker="${TRACKER_DEMO_BIN:-$PWD/.venv/bin/tracker}"
demo="${TRACKER_DEMO_DIR:-$PWD/var/demo}"
rm -rf "$demo"
export TRACKER_CONFIG="$PWD/config.toml"
export TRACKER_DATABASE_URL="sqlite:///$demo/tracker.db"
export TRACKER_MAIL_OUTBOX="$demo/outbox"
export TRACKER_USER=demo
seeds=tests/fixtures/seeds

run() { echo; echo "\$ tracker $*"; $tracker "$@"; }

# Two reports get an owner at ingest; the Resilience team of report 001 is found through
# [teams] in config.toml; the rest stays unassigned for the coordinator. Agreements whose
# deadline had passed before they came in wait for the coordinator's review (`tracker review`)
# and stay out of the owners' mails until then.
run owner add "Anna de Vries" anna.devries@example.org
run owner add "Woonbeleid" woonbeleid@example.org
run ingest --owner anna.devries@example.org $seeds/000_*.txt
run ingest --owner woonbeleid@example.org $seeds/002_*.txt
run ingest $seeds
run open
run digest send
echo
echo "The week's mails are in $demo/outbox:"
ls -1 "$demo/outbox"
echo
echo "To go on with the demo database, paste this line into your shell (then e.g. tracker show 2):"
echo "export PATH=\"$(dirname "$tracker"):\$PATH\" TRACKER_CONFIG=\"$TRACKER_CONFIG\"" \
     "TRACKER_DATABASE_URL=\"$TRACKER_DATABASE_URL\" TRACKER_MAIL_OUTBOX=\"$TRACKER_MAIL_OUTBOX\""
