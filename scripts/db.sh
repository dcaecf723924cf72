#!/usr/bin/env bash
# A local PostgreSQL cluster for development, tests and benchmarks.
#
#   scripts/db.sh start    create (once) and start the cluster; print the connection string
#   scripts/db.sh stop     stop it
#   scripts/db.sh status   say whether it runs
#   scripts/db.sh url      print the connection string
#
# When ConnectionStrings__Casework is set, that database is used and nothing is created or started.
# The cluster lives in .pg/ under the repository, or, when the postgres user cannot reach the
# repository (a clone in a private folder), in a per-checkout folder of the system's temp directory.
# initdb refuses to run as root, so as root every PostgreSQL binary runs as the postgres user.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=${1:-start}

if [ -n "${ConnectionStrings__Casework:-}" ]; then
  case "$command" in
    start|url|status) echo "$ConnectionStrings__Casework"; exit 0 ;;
    stop) exit 0 ;;
  esac
fi

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    bindir=$(pg_config --bindir)
  else
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
fi
[ -x "$bindir/initdb" ] || { echo "db.sh: PostgreSQL server binaries not found (set PG_BINDIR)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # From / : the postgres user may not be allowed into the caller's folder.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# The postgres user must be able to write the cluster folder; fall back to the temp directory.
home="$repo/.pg"
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$repo" 2>/dev/null; then
  home="${TMPDIR:-/tmp}/casework-pg-$(printf '%s' "$repo" | sha256sum | cut -c1-12)"
fi
data="$home/data"
socket="$home/socket"
portfile="$home/port"

url() {
  echo "Host=127.0.0.1;Port=$(cat "$portfile");Username=postgres;Database=casework;Maximum Pool Size=100"
}

running() {
  [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "db.sh: no free port between 54329 and 54429" >&2
  exit 1
}

start() {
  mkdir -p "$home"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$home"; fi
  chmod 700 "$home"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$home/initdb.log" 2>&1 \
      || { cat "$home/initdb.log" >&2; exit 1; }
    as_owner mkdir -p "$socket"
  fi
  if ! running; then
    free_port >"$portfile"
    # Settings: enough connections for 32 benchmark writers plus the test suites; a writing
    # transaction left idle cannot stall the global feed for long (EVENT-STORE.md section 3).
    as_owner "$bindir/pg_ctl" -D "$data" -l "$home/server.log" -w -t 60 start -o "\
      -c listen_addresses=127.0.0.1 -c port=$(cat "$portfile") -c unix_socket_directories=$socket \
      -c max_connections=300 -c shared_buffers=256MB \
      -c idle_in_transaction_session_timeout=60s" >/dev/null \
      || { tail -n 20 "$home/server.log" >&2; exit 1; }
  fi
  local port; port=$(cat "$portfile")
  if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
      "select 1 from pg_database where datname = 'casework'" | grep -q 1; then
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres casework
  fi
  url
}

case "$command" in
  start) start ;;
  stop) if running; then as_owner "$bindir/pg_ctl" -D "$data" -w stop -m fast >/dev/null; fi ;;
  status) if running; then echo "running: $(url)"; else echo "stopped"; exit 3; fi ;;
  url) [ -f "$portfile" ] || { echo "db.sh: not started" >&2; exit 1; }; url ;;
  *) echo "usage: scripts/db.sh start|stop|status|url" >&2; exit 2 ;;
esac
