#!/usr/bin/env bash
# Restores what infra/backup/backup.sh saved, with the services STOPPED: each service database is
# created and filled by pg_restore, then `sinergi restore` recreates the directory bucket, the
# streams (which must be deleted or empty) and the consumers at their saved positions. Then start the
# services. Read infra/backup/README.md first.
#
#   infra/backup/restore.sh /var/backups/sinergi/20261207T2300Z
set -euo pipefail

DIR=${1:?usage: infra/backup/restore.sh <backup directory>}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$DIR/COMPLETE" ] || { echo "$DIR is not a complete backup (no COMPLETE file): not restoring" >&2; exit 1; }
PG=${SINERGI_POSTGRES_URL:-postgres://root@127.0.0.1:5432}
PG=${PG%/}
PREFIX=${SINERGI_DB_PREFIX:-sinergi_}
SERVICES=${SINERGI_SERVICES:-budgeting complaints licensing official-rating social-intake}
PG_RESTORE=${PG_RESTORE:-pg_restore}
PSQL=${PSQL:-psql}
SINERGI=${SINERGI_CLI:-node $HERE/../../packages/cli/dist/main.js}

if [ "${RESTORE_ROLES:-true}" = true ] && [ -f "$DIR/roles.sql" ]; then
  # roles that already exist make harmless "already exists" errors; passwords are not in the backup
  $PSQL -q -d "$PG/postgres" -f "$DIR/roles.sql" > /dev/null 2>&1 || true
fi
for service in $SERVICES; do
  db="${PREFIX}${service//-/_}"
  exists=$($PSQL -tA -d "$PG/postgres" -c "select 1 from pg_database where datname = '$db'")
  if [ "$exists" = 1 ]; then
    echo "database $db exists: drop it first (restore never overwrites)" >&2
    exit 1
  fi
  $PSQL -q -d "$PG/postgres" -c "create database \"$db\""
  $PG_RESTORE --exit-on-error --no-password -d "$PG/$db" < "$DIR/databases/$db.dump"
  echo "restored database $db"
done

$SINERGI restore "$DIR"
echo "restore complete from $DIR: start the services"
