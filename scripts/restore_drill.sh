#!/usr/bin/env bash
# The backup and restore drill (docs/deploy.md#backups), performed for real on a PostgreSQL
# server: a demo district is written into a scratch database, dumped with pg_dump (the custom
# format a nightly backup uses), restored with pg_restore into another database, and the two are
# compared table by table (every table's row count, and a checksum of the cases' and events'
# rows); then civicgrid itself reads the restored copy: a person's ID number decrypts with the
# keys, a case opens with its history. Both databases are dropped at the end.
#   scripts/restore_drill.sh [postgres://user@host:port]   (default: postgres://postgres@127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-postgres://postgres@127.0.0.1:5432}
src="civicgrid_drill_src_$$"
dst="civicgrid_drill_dst_$$"
dump="$(mktemp -d)/civicgrid.dump"
civicgrid=.venv/bin/civicgrid

cleanup() {
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $src" >/dev/null 2>&1 || true
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $dst" >/dev/null 2>&1 || true
  rm -rf "$(dirname "$dump")"
}
trap cleanup EXIT

# every table's row count and a checksum of the case history, as one sorted listing
census() {
  psql "$server/$1" -Atq <<'SQL'
SELECT table_name || ' ' || (xpath('/row/n/text()', query_to_xml(
         format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
 ORDER BY table_name;
SELECT 'cases checksum ' || md5(string_agg(c::text, '|' ORDER BY c.id)) FROM cases_case c;
SELECT 'events checksum ' || md5(string_agg(e::text, '|' ORDER BY e.id)) FROM cases_caseevent e;
SQL
}

echo "drill: writing a demo district into $src"
psql "$server/postgres" -qc "CREATE DATABASE $src"
DATABASE_URL="$server/$src" $civicgrid migrate --no-input -v 0
DATABASE_URL="$server/$src" $civicgrid demo --scale tiny >/dev/null 2>&1

echo "drill: pg_dump"
started=$SECONDS
pg_dump --format=custom --file="$dump" "$server/$src"
echo "drill: pg_restore into $dst"
psql "$server/postgres" -qc "CREATE DATABASE $dst"
pg_restore --exit-on-error --no-owner --dbname="$server/$dst" "$dump"
took=$((SECONDS - started))

census "$src" > "$(dirname "$dump")/src.txt"
census "$dst" > "$(dirname "$dump")/dst.txt"
if ! diff -u "$(dirname "$dump")/src.txt" "$(dirname "$dump")/dst.txt"; then
  echo "drill FAILED: the restored database differs from the original" >&2
  exit 1
fi
tables=$(grep -vc checksum "$(dirname "$dump")/dst.txt")
rows=$(grep -v checksum "$(dirname "$dump")/dst.txt" | awk '{s+=$2} END {print s}')

DATABASE_URL="$server/$dst" $civicgrid shell -c "
from civicgrid.cases.models import Case
from civicgrid.core.idnumber import parse
from civicgrid.registry.models import Person
person = Person.objects.exclude(id_number_enc='').order_by('pk').first()
parse(person.reveal('id_number'))  # decrypts with the keys, and is a valid number
case = Case.objects.filter(events__isnull=False).order_by('pk').first()
assert case.events.count() >= 1
print('drill: the restored copy decrypts a person and opens', case.number, 'with its history')
"
echo "drill passed: $tables tables, $rows rows identical; dump $(du -h "$dump" | cut -f1), dump and restore ${took} s"
