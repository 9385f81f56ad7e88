#!/usr/bin/env bash
# `make test`: lint, types, Django checks, then the whole suite on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=halte.settings.test

echo "== ruff"
$BIN/ruff check src tests benchmarks
$BIN/ruff format --check src tests benchmarks
echo "== dependency contracts (import-linter)"
$BIN/lint-imports --no-cache
echo "== mypy"
$BIN/mypy src tests benchmarks
echo "== django checks"
$BIN/python -m halte check --fail-level WARNING
$BIN/python -m halte makemigrations --check --dry-run >/dev/null
[ "${1:-}" = lint ] && exit 0

echo "== tests on SQLite"
$BIN/python -m pytest -q
echo "== tests on PostgreSQL"
scripts/pg.sh run $BIN/python -m pytest -q
