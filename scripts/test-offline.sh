#!/usr/bin/env bash
# Runs the test suite in a network namespace that has only loopback, so that a test or a
# library that tries to reach any other host fails instead of reaching it. Where the machine
# does not allow a new namespace (unshare needs root or user namespaces), it says so and runs
# the suite on the normal network. Ends with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp)
vitest=(npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@")
if unshare -n true 2>/dev/null; then
  echo "Running the tests in a loopback-only network namespace."
  unshare -n bash -c 'ip link set lo up && exec "$@"' bash "${vitest[@]}"
else
  echo "NOTE: cannot create a network namespace here; running the tests on the normal network."
  "${vitest[@]}"
fi
status=$?
node -e '
  const report = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
' "$report" 2>/dev/null || echo "No test report was written."
rm -f "$report"
exit "$status"
