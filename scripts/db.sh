#!/usr/bin/env bash
# A local PostgreSQL cluster for development, tests and benchmarks.
#
#   scripts/db.sh start    create (once) and start the cluster; print the service's connection string
#   scripts/db.sh stop     stop it
#   scripts/db.sh status   say whether it runs
#   scripts/db.sh url      print the service's connection string
#   scripts/db.sh owner    start it as start does; print the schema owner's connection string, for `migrate`
#   scripts/db.sh home     print the cluster's folder (data/, socket/, port), which scripts/backup.sh backs up
#
# Two roles (ADR 15): casework_owner owns the schema and runs migrations; casework_service, which the service
# connects as, owns nothing and has only the grants `migrate` gives it.
# When ConnectionStrings__Casework is set, that database is used and nothing is created or started; `owner`
# then prints ConnectionStrings__CaseworkOwner, which must be set unless ConnectionStrings__Casework is this cluster's.
# The cluster lives in .pg/ under the repository, or, when the postgres user cannot reach the
# repository (a clone in a private folder), in a per-checkout folder of the system's temp directory.
# CASEWORK_PG_HOME names another cluster folder (a restored copy, the backup test's own cluster): it is used
# whatever ConnectionStrings__* say.
# initdb refuses to run as root, so as root every PostgreSQL binary runs as the postgres user.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=${1:-start}

if [ -n "${CASEWORK_PG_HOME:-}" ]; then
  unset ConnectionStrings__Casework ConnectionStrings__CaseworkOwner
fi
if [ "$command" = owner ] && [ -n "${ConnectionStrings__CaseworkOwner:-}" ]; then
  echo "$ConnectionStrings__CaseworkOwner"
  exit 0
fi
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
home="${CASEWORK_PG_HOME:-$repo/.pg}"
if [ -z "${CASEWORK_PG_HOME:-}" ] && [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$repo" 2>/dev/null; then
  home="${TMPDIR:-/tmp}/casework-pg-$(printf '%s' "$repo" | sha256sum | cut -c1-12)"
fi
data="$home/data"
socket="$home/socket"
portfile="$home/port"

url() {
  echo "Host=127.0.0.1;Port=$(cat "$portfile");Username=${1:-casework_service};Database=casework;Maximum Pool Size=100"
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
  fi
  # Not in a restored copy (scripts/backup.sh restore): sockets are not backed up.
  as_owner mkdir -p "$socket"
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
  # A cluster restored from a backup replays the archived WAL to its target first; it takes writes once promoted.
  local waited=0
  until [ "$(as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select pg_is_in_recovery()')" = f ]; do
    [ "$waited" -lt 3600 ] || { echo "db.sh: the cluster is still recovering after an hour: see $home/server.log" >&2; exit 1; }
    sleep 1; waited=$((waited + 1))
  done
  if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
      "select 1 from pg_database where datname = 'casework'" | grep -q 1; then
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres casework
  fi
  # The service may create schemas of its own (the register replay's scratch schema, ADR 12), never objects in the owner's.
  as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d casework -v ON_ERROR_STOP=1 -Atq >/dev/null <<'SQL'
set client_min_messages = warning;
do $$ begin
  if not exists (select from pg_roles where rolname = 'casework_owner') then create role casework_owner login; end if;
  if not exists (select from pg_roles where rolname = 'casework_service') then create role casework_service login; end if;
end $$;
grant create on database casework to casework_owner, casework_service;
-- The benchmark harness settles a filled store (CHECKPOINT) and finds the cluster's folder, as the owner.
grant pg_checkpoint, pg_read_all_settings to casework_owner;
SQL
}

case "$command" in
  start) start; url ;;
  owner)
    start
    if [ -n "${ConnectionStrings__Casework:-}" ] && [ "$ConnectionStrings__Casework" != "$(url)" ]; then
      echo "db.sh: ConnectionStrings__Casework names another database: set ConnectionStrings__CaseworkOwner to its schema owner's connection string" >&2
      exit 1
    fi
    url casework_owner ;;
  home) echo "$home" ;;
  stop) if running; then as_owner "$bindir/pg_ctl" -D "$data" -w stop -m fast >/dev/null; fi ;;
  status) if running; then echo "running: $(url)"; else echo "stopped"; exit 3; fi ;;
  url) [ -f "$portfile" ] || { echo "db.sh: not started" >&2; exit 1; }; url ;;
  *) echo "usage: scripts/db.sh start|stop|status|url|owner|home" >&2; exit 2 ;;
esac
