#!/usr/bin/env bash
# Continuous backup of the local cluster (scripts/db.sh) with pgBackRest (ADR 22): WAL archived as it fills and at
# least every 60 s (archive_timeout), base backups, both encrypted (AES-256-CBC) into two repositories.
#
#   scripts/backup.sh setup     install pgBackRest when missing, write its configuration, turn on WAL archiving
#                               (restarts the cluster), create the stanza and check that archiving works
#   scripts/backup.sh full      a full backup into every repository
#   scripts/backup.sh diff      a differential backup (changes since the last full) into every repository
#   scripts/backup.sh mark NAME a named restore point (before a migration, say) to restore to with --name
#   scripts/backup.sh check     switch WAL and wait until it is archived in every repository; verify the configuration
#   scripts/backup.sh verify    read back every file of every backup and archived WAL segment and check its checksum
#   scripts/backup.sh info      the backups and the archived WAL each repository holds
#   scripts/backup.sh restore (--time 'YYYY-MM-DD HH:MM:SS+00' | --name NAME | --latest) --into DIR [--archive] [--repo N]
#                               restore into the cluster folder DIR (DIR/data must not exist), start it there, wait
#                               until it has replayed to the target and been promoted, print the service's connection
#                               string. Without --archive the copy does not archive its WAL (it must not write into
#                               the original's archive); with --archive it is the new primary (failing over).
#
# The cluster is scripts/db.sh's (scripts/db.sh home), or the one in CASEWORK_PG_HOME. Its pgBackRest files live in
# its folder's pgbackrest/ (the repository's ignored .pg/ by default): the configuration, log, and both repositories,
# unless CASEWORK_BACKUP_REPO1 / CASEWORK_BACKUP_REPO2 name other folders (another disk; production uses object
# storage, docs/operations.md). The repositories' passphrase is CASEWORK_BACKUP_PASSPHRASE or, when unset, one
# generated once into pgbackrest/passphrase (mode 600). Losing it loses every backup: keep a copy apart from them.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command=${1:-}
[ $# -gt 0 ] && shift
stanza=casework

# db.sh for this cluster, whatever the caller's ConnectionStrings__* name.
db() { env -u ConnectionStrings__Casework -u ConnectionStrings__CaseworkOwner "$repo/scripts/db.sh" "$@"; }

home=${CASEWORK_PG_HOME:-$(db home)}
home=$(cd "$home" 2>/dev/null && pwd || echo "$home")
export CASEWORK_PG_HOME=$home
dir="$home/pgbackrest"
conf="$dir/pgbackrest.conf"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

install() {
  command -v pgbackrest >/dev/null 2>&1 && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's pgbackrest..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbackrest; } >&2
  else
    echo "backup.sh: pgBackRest is not installed: run 'sudo apt-get install -y pgbackrest' and try again." >&2
    exit 1
  fi
}

# pgBackRest as the cluster's owner, on the repositories only (info, verify, restore)...
pgbr_repo() {
  as_owner test -f "$conf" || { echo "backup.sh: not set up: run scripts/backup.sh setup" >&2; exit 1; }
  as_owner pgbackrest --config="$conf" --stanza="$stanza" "$@"
}

# ... or connecting to the running cluster through its socket, on today's port (db.sh picks one at each start).
pgbr() { pgbr_repo --pg1-port="$(cat "$home/port")" "$@"; }

# A command to every repository, one after the other.
each_repo() {
  local run=$1 n
  shift
  for n in 1 2; do
    "$run" --repo="$n" "$@"
  done
}

setup() {
  install
  db start >/dev/null
  as_owner mkdir -p "$dir/log" "$dir/lock" "$dir/spool"
  local repo1=${CASEWORK_BACKUP_REPO1:-$dir/repo1} repo2=${CASEWORK_BACKUP_REPO2:-$dir/repo2}
  as_owner mkdir -p "$repo1" "$repo2"
  local pass=${CASEWORK_BACKUP_PASSPHRASE:-}
  if [ -z "$pass" ]; then
    if ! as_owner test -s "$dir/passphrase"; then
      as_owner sh -c "umask 077; openssl rand -base64 48 | tr -d '\n' >'$dir/passphrase'"
    fi
    pass=$(as_owner cat "$dir/passphrase")
  fi
  # The configuration holds the passphrase: written readable by its owner only.
  as_owner sh -c "umask 077; cat >'$conf'" <<CONF
[global]
repo1-path=$repo1
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$pass
repo1-retention-full=2
repo2-path=$repo2
repo2-cipher-type=aes-256-cbc
repo2-cipher-pass=$pass
repo2-retention-full=2
compress-type=lz4
process-max=2
start-fast=y
archive-timeout=600
log-path=$dir/log
lock-path=$dir/lock
spool-path=$dir/spool
log-level-console=warn
log-level-file=info

[$stanza]
pg1-path=$home/data
pg1-socket-path=$home/socket
pg1-user=postgres
CONF
  local port; port=$(cat "$home/port")
  # Archive each WAL segment as it fills, and at least every 60 s (the RPO, docs/operations.md); a restart applies archive_mode.
  as_owner psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq >/dev/null <<SQL
alter system set wal_level = replica;
alter system set archive_mode = on;
alter system set archive_timeout = '60s';
alter system set archive_command = 'pgbackrest --config=$conf --stanza=$stanza archive-push %p';
SQL
  if [ "$(as_owner psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'show archive_mode')" != on ]; then
    db stop
    db start >/dev/null
  fi
  pgbr stanza-create
  pgbr check
  echo "backup.sh: archiving to $repo1 and $repo2; take a first backup with: scripts/backup.sh full" >&2
}

restore() {
  local type="" target="" into="" archive=off repo_option=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --time) type=time; target=${2:?--time needs a timestamp}; shift 2 ;;
      --name) type=name; target=${2:?--name needs a restore point}; shift 2 ;;
      --latest) type=default; shift ;;
      --into) into=${2:?--into needs a folder}; shift 2 ;;
      --archive) archive=preserve; shift ;;
      --repo) repo_option=(--repo="${2:?--repo needs 1 or 2}"); shift 2 ;;
      *) echo "backup.sh: unknown restore option '$1'" >&2; exit 2 ;;
    esac
  done
  [ -n "$type" ] && [ -n "$into" ] || { echo "usage: scripts/backup.sh restore (--time T | --name N | --latest) --into DIR [--archive] [--repo N]" >&2; exit 2; }
  install
  mkdir -p "$into"
  into=$(cd "$into" && pwd)
  if [ -e "$into/data" ]; then
    echo "backup.sh: $into/data exists: restore into a new folder, or move the old data aside first" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$into"; fi
  chmod 700 "$into"
  as_owner mkdir -m 700 "$into/data"
  local targets=(--type="$type")
  if [ "$type" != default ]; then targets+=(--target="$target" --target-action=promote); fi
  # The restore reads the configuration only; it needs no running cluster.
  pgbr_repo --pg1-path="$into/data" "${repo_option[@]}" \
    --archive-mode="$archive" "${targets[@]}" restore
  # db.sh starts the copy in its folder and waits until the WAL is replayed to the target and it is promoted.
  CASEWORK_PG_HOME=$into db start
}

case "$command" in
  setup) setup ;;
  full) each_repo pgbr --type=full backup ;;
  diff) each_repo pgbr --type=diff backup ;;
  mark)
    name=${1:?usage: scripts/backup.sh mark NAME}
    # psql quotes the name (:'name'), which it does only in what it reads, not in -c.
    echo "select pg_create_restore_point(:'name')" \
      | as_owner psql -h 127.0.0.1 -p "$(cat "$home/port")" -U postgres -d postgres -v ON_ERROR_STOP=1 -v name="$name" -Atq >/dev/null
    echo "$name" ;;
  check) pgbr check ;;
  verify) each_repo pgbr_repo verify ;;
  info) pgbr_repo info ;;
  restore) restore "$@" ;;
  *) echo "usage: scripts/backup.sh setup|full|diff|mark NAME|check|verify|info|restore (--time T | --name N | --latest) --into DIR [--archive]" >&2; exit 2 ;;
esac
