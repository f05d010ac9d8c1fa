#!/bin/bash
# Written by citus-deploy. Runs as root before the image's own entrypoint.
# The secrets folder is bind-mounted read-only and readable by root only (0600 on the server);
# copy the password where the postgres user can read it, and write the libpq password file
# that PostgreSQL uses for node-to-node connections (every node, and itself over localhost).
set -euo pipefail

secrets=/etc/citus-deploy/secrets
run=/run/citus-deploy
install -d -m 0700 -o postgres -g postgres "$run"
install -m 0600 -o postgres -g postgres "$secrets/password" "$run/password"

# .pgpass format: host:port:database:user:password, with \ and : escaped.
# The umask only for this file: the image's entrypoint creates PGDATA's parents (with PostgreSQL 18,
# /var/lib/postgresql/18), which postgres must be able to enter.
password=$(sed -e 's/\\/\\\\/g' -e 's/:/\\:/g' "$run/password")
(umask 077; printf '*:*:*:%s:%s\n' "$POSTGRES_USER" "$password" > "$run/pgpass")
unset password
chown postgres:postgres "$run/pgpass"

export POSTGRES_PASSWORD_FILE="$run/password" PGPASSFILE="$run/pgpass"
exec docker-entrypoint.sh "$@"
