#!/usr/bin/env bash
# Runs every check and prints a summary whose last line is exactly `N passed, N failed`
# (`, N skipped` appended when some were skipped). Typecheck, lint and format count as one test each;
# the test count comes from vitest's JSON report. Exit 1 if anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# nats-server from apt lives in /usr/sbin, which is not on every user's PATH.
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

report=test-results/vitest.json
mkdir -p test-results
rm -f "$report"

passed=0
failed=0
check() {
  local name=$1
  shift
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1))
    echo "=== $name: passed"
  else
    failed=$((failed + 1))
    echo "=== $name: FAILED"
  fi
}

check typecheck npx tsc -p tsconfig.json --noEmit
check lint bash infra/scripts/lint.sh
check format npx prettier --check --log-level warn .

echo "=== tests: vitest run"
npx vitest run --reporter=default --reporter=json --outputFile="$report"
vitest_status=$?

# Counts from the JSON report (see vitest-summary.ts for how load failures and crashes count).
read -r v_passed v_failed v_skipped < <(npx tsx infra/scripts/vitest-summary.ts "$report" "$vitest_status")
: "${v_passed:=0}" "${v_failed:=1}" "${v_skipped:=0}"
if [ ! -f "$report" ]; then echo "=== tests: vitest wrote no report (exit status $vitest_status)"; fi

passed=$((passed + v_passed))
failed=$((failed + v_failed))
echo
echo "=== summary: typecheck + lint + format + vitest (${v_passed} passed, ${v_failed} failed, ${v_skipped} skipped)"
summary="$passed passed, $failed failed"
if [ "$v_skipped" -gt 0 ]; then summary="$summary, $v_skipped skipped"; fi
echo "$summary"
[ "$failed" -eq 0 ]
