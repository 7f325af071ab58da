#!/usr/bin/env bash
# Runs the whole test suite: installs what it needs (PostgreSQL, Redis, Chromium, a Chinese font,
# Node.js) from apt, starts private PostgreSQL and Redis servers, builds, runs the tests on SQLite
# and PostgreSQL plus the browser tests, and ends with the line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# shellcheck source=services.sh
. scripts/services.sh || { echo "could not start the test services"; echo "0 passed, 1 failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/screenshots"
mkdir -p "$results"
export KEFUDESK_ARTIFACTS="$root/artifacts"

echo "[test] building (Release)…"
if ! dotnet build KefuDesk.slnx -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"; then
  echo "[test] the build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
for project in tests/KefuDesk.Tests tests/KefuDesk.BrowserTests; do
  name=$(basename "$project")
  log="$results/$name.log"
  echo "[test] $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$log" \
    | awk '
        # a failed test: its name and the first lines of its message (the stack trace is in the log)
        /^[[:space:]]+Failed / { print; shown = 1; next }
        shown && /^[[:space:]]+Stack Trace:/ { shown = 0; next }
        shown && shown <= 12 { print; shown++; next }
        /Passed!|Failed!|Test Run Aborted|error/ { print }' || true
  summary=$(grep -a -E "^(Passed|Failed)! +- " "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "[test] $name did not report a result (crashed?); see $log"
    failed=$((failed + 1))
    continue
  fi
  p=$(echo "$summary" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
  f=$(echo "$summary" | sed -E 's/.*Failed: +([0-9]+),.*/\1/')
  passed=$((passed + p))
  failed=$((failed + f))
done

echo "[test] logs and results: $results; screenshots: $root/artifacts/screenshots"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
