#!/usr/bin/env bash
# A PostgreSQL primary and its streaming replica on this machine, for the read-replica tests and
# for trying the router by hand (docs/deploy.md#read-replicas):
#   scripts/replica_pair.sh start [DIR]   primary on 127.0.0.1:5440, replica on :5441 (trust auth)
#   scripts/replica_pair.sh stop [DIR]
# The replica is made from the primary with pg_basebackup and follows it by streaming
# replication. Needs PostgreSQL's server binaries (Debian: postgresql-15); run as root (the
# clusters run as the postgres user) or as the postgres user.
set -euo pipefail
action=${1:-start}
dir=${2:-/tmp/civicgrid-replica-pair}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "replica_pair: PostgreSQL's server binaries are not installed (Debian: postgresql-15)" >&2
  exit 1
fi
primary=5440
replica=5441
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }

if [ "$action" = stop ]; then
  for d in "$dir/replica" "$dir/primary"; do
    [ -f "$d/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$d" -m fast -w stop >/dev/null || true
  done
  exit 0
fi

"$0" stop "$dir"
rm -rf "$dir"
mkdir -p "$dir"
chown postgres: "$dir" 2>/dev/null || true
as_pg "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$dir/primary/postgresql.conf" <<CONF
port = $primary
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = off
CONF
echo "host replication all 127.0.0.1/32 trust" >> "$dir/primary/pg_hba.conf"
as_pg "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p $primary -U postgres -D "$dir/replica" -R -X stream
sed -i "s/^port = $primary/port = $replica/" "$dir/replica/postgresql.conf"
as_pg "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null
echo "primary: postgres://postgres@127.0.0.1:$primary  replica: postgres://postgres@127.0.0.1:$replica"
