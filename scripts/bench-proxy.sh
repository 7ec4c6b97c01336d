#!/usr/bin/env bash
# Benchmarks tools/call through Warden's MCP endpoint against the same call made directly to a minimal upstream
# MCP server, on loopback, in one process: added latency (p50, p99) and throughput at 1, 8 and 64 concurrent clients.
# Usage: scripts/bench-proxy.sh [seconds-per-measurement] [extra ProxyBenchmark flags, e.g. --database-dir /dev/shm]
# (PACKAGE_DIR overrides the Swift package to build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PACKAGE_DIR="${PACKAGE_DIR:-$ROOT}"
SECONDS_PER_RUN="${1:-5}"
shift || true

swift build -c release --package-path "$PACKAGE_DIR" --product ProxyBenchmark >/dev/null
BIN="$(swift build -c release --package-path "$PACKAGE_DIR" --show-bin-path)/ProxyBenchmark"

"$BIN" --seconds "$SECONDS_PER_RUN" "$@"
