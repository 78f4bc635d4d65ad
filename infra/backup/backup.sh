#!/usr/bin/env bash
# Backs up a Sinergi deployment into one directory: every service database (pg_dump custom format),
# the cluster's roles, and through `sinergi backup` the JetStream streams, their durable consumers'
# positions and the directory bucket. Read infra/backup/README.md first.
#
#   infra/backup/backup.sh /var/backups/sinergi/$(date -u +%Y%m%dT%H%MZ)
#
# Order matters: consumer positions first, databases second, stream messages last (README: "Why this
# order"). Exit status: 0 when every part is saved; otherwise the first failure's.
set -euo pipefail

DIR=${1:?usage: infra/backup/backup.sh <backup directory>}
HERE=$(cd "$(dirname "$0")" && pwd)
PG=${SINERGI_POSTGRES_URL:-postgres://root@127.0.0.1:5432}
PG=${PG%/}
PREFIX=${SINERGI_DB_PREFIX:-sinergi_}
SERVICES=${SINERGI_SERVICES:-budgeting complaints licensing official-rating social-intake}
# how to run pg_dump and the CLI: plain commands by default, or e.g. through docker compose (README)
PG_DUMP=${PG_DUMP:-pg_dump}
PG_DUMPALL=${PG_DUMPALL:-pg_dumpall}
SINERGI=${SINERGI_CLI:-node $HERE/../../packages/cli/dist/main.js}

mkdir -p "$DIR/databases"
$SINERGI backup consumers "$DIR"

# roles (sinergi_app and the services' own) are cluster-wide: a fresh server needs them before pg_restore
if [ "${BACKUP_ROLES:-true}" = true ]; then
  $PG_DUMPALL --roles-only --no-role-passwords -d "$PG/postgres" > "$DIR/roles.sql"
fi
for service in $SERVICES; do
  db="${PREFIX}${service//-/_}"
  # custom format: compressed, restorable table by table; must run as a superuser or a BYPASSRLS role
  $PG_DUMP --format=custom --no-password -d "$PG/$db" > "$DIR/databases/$db.dump"
  echo "saved database $db: $(wc -c < "$DIR/databases/$db.dump") bytes"
done

$SINERGI backup streams "$DIR"
date -u +%Y-%m-%dT%H:%M:%SZ > "$DIR/COMPLETE"
echo "backup complete in $DIR"
