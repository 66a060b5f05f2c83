#!/bin/sh
# Creates (or brings up to date) Temporal's two databases on PostgreSQL. Run by the compose file's
# temporal-schema job (temporalio/admin-tools) before the server starts; safe to run again on every start.
set -eu
sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"; }
schema=/etc/temporal/schema/postgresql/v12

for db in temporal temporal_visibility; do
  # `create` fails when the database exists already; the schema steps below then bring it up to date.
  sql --db "$db" create || echo "database $db exists"
done
sql --db temporal setup-schema -v 0.0 2>/dev/null || echo 'temporal schema present'
sql --db temporal update-schema -d "$schema/temporal/versioned"
sql --db temporal_visibility setup-schema -v 0.0 2>/dev/null || echo 'visibility schema present'
sql --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo 'Temporal schema up to date'
