#!/usr/bin/env bash
# eslint over the whole tree with Nx module boundaries enforced. @nx/enforce-module-boundaries
# reads the cached project graph and, when there is none (a fresh clone, CI), prints a warning
# and skips itself: the lint passed without checking a single boundary. So the graph is computed
# first, and a run that still reports the rule skipped fails.
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! NX_DAEMON=false npx nx show projects > /dev/null; then
  echo "lint: nx could not compute the project graph" >&2
  exit 1
fi
output=$(npx eslint . 2>&1)
status=$?
printf '%s\n' "$output"
if grep -q 'No cached ProjectGraph' <<< "$output"; then
  echo "lint: @nx/enforce-module-boundaries was skipped (no project graph)" >&2
  exit 1
fi
exit "$status"
