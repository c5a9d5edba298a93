#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server of its own: installs Debian's postgresql-15 when it is
# missing (as root), initdb's a cluster in a temporary directory as a non-root user, starts it on a free loopback
# port, exports TEST_DATABASE_URL for the command, and stops the server and deletes the cluster when the command
# ends, however it ends. Usage: scripts/with-test-postgres.sh npm test
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/postgres" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL 15 is not installed: run 'apt-get install postgresql-15' as root" >&2
    exit 1
  fi
  echo "Installing PostgreSQL 15 from Debian's packages…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

# The server refuses to run as root, so as root it runs as the postgres user the package created.
run_as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

CLUSTER_DIR=$(mktemp -d /tmp/verbatim-pg.XXXXXX)
chmod 755 "$CLUSTER_DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$CLUSTER_DIR"; fi

cleanup() {
  run_as_server_user "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$CLUSTER_DIR"
}
trap cleanup EXIT INT TERM

# A free port: the kernel picks one for a socket that is closed again at once.
PORT=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')

run_as_server_user "$PG_BIN/initdb" -D "$CLUSTER_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# Durability is worth nothing to a cluster deleted after the run; turning it off makes the tests' many small commits cheap.
run_as_server_user "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $CLUSTER_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$CLUSTER_DIR/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests at $TEST_DATABASE_URL" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
