#!/usr/bin/env bash
# Benchmarks the JSONSchema module against Python's `jsonschema` on the same corpus.
# Usage: scripts/bench-schema.sh [seconds-per-measurement]   (PACKAGE_DIR overrides the Swift package to build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PACKAGE_DIR="${PACKAGE_DIR:-$ROOT}"
SECONDS_PER_RUN="${1:-3}"

swift build -c release --package-path "$PACKAGE_DIR" --product SchemaBenchmark >/dev/null
BIN="$(swift build -c release --package-path "$PACKAGE_DIR" --show-bin-path)/SchemaBenchmark"

VENV="$ROOT/.venv-bench"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" install -q --disable-pip-version-check jsonschema

CORPUS="$(mktemp -d)"
trap 'rm -rf "$CORPUS"' EXIT
"$BIN" --write-corpus "$CORPUS"

"$BIN" --corpus "$CORPUS" --seconds "$SECONDS_PER_RUN" | tee "$CORPUS/swift.txt"
SWIFT_RATE="$(sed -n 's/^swift validate(): \([0-9]*\) .*/\1/p' "$CORPUS/swift.txt")"

PY_RATE="$("$VENV/bin/python" - "$CORPUS" "$SECONDS_PER_RUN" <<'PY'
import json, os, sys, time
from importlib.metadata import version
from jsonschema import Draft202012Validator

corpus, seconds = sys.argv[1], float(sys.argv[2])
cases = []
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".json"):
        continue
    with open(os.path.join(corpus, name)) as f:
        doc = json.load(f)
    validator = Draft202012Validator(doc["schema"])
    for inst in doc["instances"]:
        if validator.is_valid(inst["data"]) != inst["valid"]:
            sys.exit(f"python disagrees with the corpus on {name}")
    cases.append((validator, [i["data"] for i in doc["instances"]]))
per_round = sum(len(i) for _, i in cases)

def measure(fn):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for validator, instances in cases:
            for inst in instances:
                fn(validator, inst)
        count += per_round
    return count / (time.perf_counter() - start)

full = measure(lambda v, i: list(v.iter_errors(i)))
fast = measure(lambda v, i: v.is_valid(i))
print(f"python jsonschema {version('jsonschema')} iter_errors(): {full:.0f} validations/s", file=sys.stderr)
print(f"python jsonschema is_valid():    {fast:.0f} validations/s", file=sys.stderr)
print(f"{full:.0f}")
PY
)"

awk -v s="$SWIFT_RATE" -v p="$PY_RATE" 'BEGIN { printf "ratio (swift validate() / python iter_errors()): %.1fx\n", s / p }'
