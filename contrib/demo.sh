#!/usr/bin/env bash
# The main job on the embedded defaults: SQLite file and .eml outbox under ./var (config.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
tracker=.venv/bin/tracker
export TRACKER_CONFIG=config.toml

echo "== tracker ingest tests/fixtures/seeds (the five example reports)"
$tracker ingest tests/fixtures/seeds
echo
echo "== tracker open"
$tracker open
