#!/usr/bin/env bash
# Regenerates docs/catalog.md: the catalog of the built-in tools, from a fresh database, without dates
# (`--no-dates`), so the file changes only when the built-in definitions do.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product warden >/dev/null 2>&1 || swift build --product warden
bin="$(swift build --show-bin-path)/warden"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$bin" init --database "$dir/catalog.db" >/dev/null
"$bin" docs catalog --database "$dir/catalog.db" --no-dates --output docs/catalog.md
