#!/usr/bin/env bash
# Recovery targets (docs/operations.md, "Backup and restore"): on a throwaway cluster of its own (never the local
# one), stores N events (default 1,000,000) with the benchmark's pre-fill, takes a full backup, marks a restore
# point, then measures the RTO: the restore into a fresh cluster, WAL replay and promotion, `migrate`, and the
# service answering /health/ready. Then one RPO sample: how long a committed write waits before its WAL is archived.
#
#   benchmarks/restore-rto.sh [EVENTS] [--replay]
#
# --replay takes the full backup before the events are stored, so the restore replays all of them from the
# archived WAL: the worst case, a backup as old as the whole store.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
events=${1:-1000000}
replay=${2:-}
export ASPNETCORE_ENVIRONMENT=Development
work=$(mktemp -d "${TMPDIR:-/tmp}/casework-rto-XXXXXX")
chmod 755 "$work"
primary="$work/primary" restored="$work/restored"
service_pid=""
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; fi
  CASEWORK_PG_HOME=$restored scripts/db.sh stop 2>/dev/null || true
  CASEWORK_PG_HOME=$primary scripts/db.sh stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
seconds() { date +%s.%N; }
took() { printf '%.1f' "$(echo "$(seconds) - $1" | bc)"; }

dotnet build src/Casework -v q -nologo >/dev/null
export CASEWORK_PG_HOME=$primary
service=$(scripts/db.sh start)
owner=$(scripts/db.sh owner)
scripts/backup.sh setup
ConnectionStrings__Casework=$service ConnectionStrings__CaseworkOwner=$owner dotnet run --no-build --project src/Casework -- migrate >/dev/null
port=$(cat "$primary/port")
if [ "$replay" = --replay ]; then
  t=$(seconds); scripts/backup.sh full; echo "full backup of the empty store: $(took "$t") s"
fi

t=$(seconds)
sed -e "s/{schema}/casework/g" -e "s/{count}/$events/g" benchmarks/Casework.Http.Benchmarks/Prefill/marten.sql \
  | psql -h 127.0.0.1 -p "$port" -U casework_owner -d casework -v ON_ERROR_STOP=1 -1 -q -f - >/dev/null
echo "stored $events events in $(took "$t") s"
psql -h 127.0.0.1 -p "$port" -U postgres -d casework -Atqc "checkpoint"
echo "database size: $(psql -h 127.0.0.1 -p "$port" -U postgres -d casework -Atqc "select pg_size_pretty(pg_database_size('casework'))")"

if [ "$replay" != --replay ]; then
  t=$(seconds); scripts/backup.sh full; echo "full backup into both repositories: $(took "$t") s"
fi
scripts/backup.sh mark rto-target >/dev/null
t=$(seconds); scripts/backup.sh check; echo "check (WAL switched and archived): $(took "$t") s"
scripts/backup.sh info | grep -E "backup set size|database size" | head -2

t=$(seconds)
restored_service=$(scripts/backup.sh restore --name rto-target --repo 1 --into "$restored")
echo "restore, WAL replay and promotion: $(took "$t") s"
ConnectionStrings__Casework=$restored_service \
  ConnectionStrings__CaseworkOwner=$(CASEWORK_PG_HOME=$restored scripts/db.sh owner) \
  dotnet run --no-build --project src/Casework -- migrate >/dev/null
echo "  + migrate: $(took "$t") s"
ConnectionStrings__Casework=$restored_service \
  dotnet run --no-build --project src/Casework -- --urls http://127.0.0.1:5391 >"$work/service.log" 2>&1 &
service_pid=$!
until curl -fsS http://127.0.0.1:5391/health/ready >/dev/null 2>&1; do sleep 0.2; done
echo "RTO (restore to the service ready): $(took "$t") s"
echo "events in the restored store: $(psql -h 127.0.0.1 -p "$(cat "$restored/port")" -U postgres -d casework -Atqc "select count(*) from casework.mt_events")"

# RPO: one committed write, timed until the archiver has the segment holding it (archive_timeout bounds it).
segment=$(psql -h 127.0.0.1 -p "$port" -U postgres -d casework -Atqc \
  "select pg_walfile_name(pg_current_wal_insert_lsn()) from (select txid_current()) t")
t=$(seconds)
until [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc "select coalesce(last_archived_wal, '') >= '$segment' from pg_stat_archiver")" = t ]; do sleep 1; done
echo "RPO sample (a write on an otherwise idle store, until archived): $(took "$t") s"
