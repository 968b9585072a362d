#!/usr/bin/env bash
# Runs the whole test suite: unit, integration (real PostgreSQL) and browser (Debian's Chromium).
# Pass a filter to run one area: ./test.sh --filter-trait "Category=Isolation"
# Ends with the line "N passed, N failed[, N skipped]" and exits non-zero when any test fails.
set -uo pipefail
cd "$(dirname "$0")"
infra/pg.sh start >/dev/null || { echo "PostgreSQL did not start"; exit 1; }
log="$(mktemp)"
dotnet test Hidamari.slnx -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E "^\s*(total|failed|succeeded|skipped):" "$log" | tr -d ' ' | sort | uniq)
count() { grep -E "^\s*$1:\s*[0-9]+" "$log" | sed -E "s/.*$1:\s*([0-9]+).*/\1/" | awk '{s+=$1} END {print s+0}'; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build or runner failure counts as a failure
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$rc"
