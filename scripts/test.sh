#!/usr/bin/env bash
# The whole test suite: unit, integration (SQLite, and PostgreSQL when IMHOST_TEST_DATABASE_URL is
# set), XMPP conversations with real clients, and browser journeys in Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-packages.sh

# The browser tests drive the built dashboard.
npm run --silent build:web > /dev/null

# Node 20 does not expand globs for --test: list the files ourselves.
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
# A hung test fails instead of holding the suite: each test gets a deadline of its own
# (test/support/test-timeout.ts, 120 s unless it sets one), and each file one for all its tests
# together, as Node 20 applies --test-timeout per file (the slowest, the CLI's, takes about 4 min).
exec node --import tsx --import ./test/support/test-timeout.ts --test --test-reporter=spec \
  --test-timeout=900000 --test-concurrency="${IMHOST_TEST_CONCURRENCY:-2}" "${files[@]}"
