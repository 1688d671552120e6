#!/usr/bin/env bash
# Runs the test suite in a network namespace that has only loopback, so that a test or a
# library that tries to reach any other host fails instead of reaching it. Where the machine
# does not allow a new namespace (unshare needs root or user namespaces), it says so and runs
# the suite on the normal network.
set -euo pipefail
cd "$(dirname "$0")/.."
if unshare -n true 2>/dev/null; then
  echo "Running the tests in a loopback-only network namespace."
  exec unshare -n bash -c 'ip link set lo up && exec npx vitest run "$@"' bash "$@"
fi
echo "NOTE: cannot create a network namespace here; running the tests on the normal network."
exec npx vitest run "$@"
