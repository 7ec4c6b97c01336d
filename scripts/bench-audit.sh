#!/usr/bin/env bash
# Benchmarks durable audit appends through AuditWriter (group commit) from 1, 16 and 256 concurrent tasks, and the
# verification of a log of one million events. Prints a table and a JSON line.
# Usage: scripts/bench-audit.sh [seconds-per-measurement] [extra AuditBenchmark flags, e.g. --database-dir /dev/shm]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_RUN="${1:-3}"
shift || true
swift build -c release --package-path "$ROOT" --product AuditBenchmark >/dev/null
BIN="$(swift build -c release --package-path "$ROOT" --show-bin-path)/AuditBenchmark"
"$BIN" --seconds "$SECONDS_PER_RUN" "$@"
