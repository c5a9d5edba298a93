#!/usr/bin/env bash
# Runs a command with Debian's nginx available to the tests that put one in front of several bot workers:
# installs the `nginx` package when it is missing (as root), and exports TEST_NGINX, the binary's path. The
# tests start and stop their own nginx (not a daemon, on a free loopback port, its config in a temporary
# directory); the package's own service is never started. Usage: scripts/with-test-nginx.sh npm test
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

NGINX=/usr/sbin/nginx
if [ ! -x "$NGINX" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nginx is not installed: run 'apt-get install nginx' as root" >&2
    exit 1
  fi
  echo "Installing nginx from Debian's packages…" >&2
  # The package starts its service on port 80 unless policy-rc.d forbids it; the tests want none of that.
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=true
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  if [ "$added_policy" = true ]; then rm -f "$policy"; fi
fi

export TEST_NGINX="$NGINX"
echo "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') for the tests at $TEST_NGINX" >&2
exec "$@"
