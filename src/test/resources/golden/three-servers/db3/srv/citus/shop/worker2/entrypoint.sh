#!/bin/bash
# Written by citus-deploy. Runs as root: before the image's own entrypoint when the container
# starts, and as "entrypoint.sh --refresh-password" in the running container when the password or
# the cluster's nodes change (no restart needed: PostgreSQL reads the password file at each new
# node-to-node connection).
# The secrets folder is bind-mounted read-only and readable by root only (0600 on the server); the
# copies the postgres user reads live in /run/citus-deploy, a tmpfs: they never reach a disk.
set -euo pipefail

secrets=/etc/citus-deploy/secrets
run=/run/citus-deploy

# libpq password file: host:port:database:user:password, with \ and : escaped; one line per node of
# the cluster (its cluster address and port) and one for this node over localhost, never a wildcard host.
escape() { sed -e 's/\\/\\\\/g' -e 's/:/\\:/g'; }
write_password_files() {
  install -d -m 0700 -o postgres -g postgres "$run"
  install -m 0600 -o postgres -g postgres "$secrets/password" "$run/password.new"
  mv -f "$run/password.new" "$run/password"
  local user password
  user=$(printf '%s' "$POSTGRES_USER" | escape)
  password=$(escape < "$run/password")
  (
    umask 077
    {
      printf '%s:%s:*:%s:%s\n' '10.0.0.11' '5432' "$user" "$password"
      printf '%s:%s:*:%s:%s\n' '10.0.0.12' '5432' "$user" "$password"
      printf '%s:%s:*:%s:%s\n' '10.0.0.13' '5433' "$user" "$password"
      printf '%s:%s:*:%s:%s\n' 'localhost' '5433' "$user" "$password"
    } > "$run/pgpass.new"
  )
  chown postgres:postgres "$run/pgpass.new"
  mv -f "$run/pgpass.new" "$run/pgpass"
}

write_password_files
if [ "${1:-}" = --refresh-password ]; then
  exit 0
fi
export POSTGRES_PASSWORD_FILE="$run/password" PGPASSFILE="$run/pgpass"
exec docker-entrypoint.sh "$@"
