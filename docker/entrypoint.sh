#!/bin/sh
# Entry point of the Tally image: the first argument picks the role.
set -eu

cli=dist/apps/api/apps/api/src/database/database.cli.js
role="${1:-api}"
[ $# -gt 0 ] && shift

# The HEALTHCHECK reads this to know which endpoint to ask.
echo "$role" > /tmp/tally-role 2>/dev/null || true

case "$role" in
  api) exec node dist/apps/api/apps/api/src/main.js "$@" ;;
  worker) exec node dist/apps/worker/apps/worker/src/main.js "$@" ;;
  migrate) exec node "$cli" up ;;
  seed) exec node "$cli" seed ;;
  # Other database commands: db status | db down [--all]
  db) exec node "$cli" "$@" ;;
  -h | --help | help)
    echo "usage: tally api | worker | migrate | seed | db <status|down> | <any command>"
    ;;
  *) exec "$role" "$@" ;;
esac
