#!/usr/bin/env bash
# Entrypoint of the citus-deploy test images (citus-deploy-test:*), shared by
# all PostgreSQL majors.
#
# The product's compose files target the documented contract of the official
# `postgres` image (and of citusdata/citus, which reuses it). No registry is
# reachable where the tests run, so the test image is built locally and this
# script re-implements that contract:
#
#   * `docker run IMAGE -c x=y` means `postgres -c x=y`;
#   * started as root, it prepares $PGDATA and /var/run/postgresql, then runs
#     itself again as user postgres (uid/gid 999, like the official image);
#   * on an empty $PGDATA it runs initdb with POSTGRES_USER/POSTGRES_PASSWORD,
#     appends "host all all all <method>" to pg_hba.conf, starts a server that
#     only listens on its unix socket, creates POSTGRES_DB and runs
#     /docker-entrypoint-initdb.d/* (*.sh, *.sql, *.sql.gz|xz|zst), then stops it;
#   * a $PGDATA that holds a cluster (PG_VERSION) is never initialised again;
#   * PostgreSQL 18+ (as postgres:18): PGDATA defaults to
#     /var/lib/postgresql/18/docker below the volume /var/lib/postgresql; with
#     PGDATA left at that default, it refuses to initialise while data or a
#     mount sits in the pre-18 place /var/lib/postgresql/data (or a cluster of
#     another major below /var/lib/postgresql), rather than start an empty
#     cluster beside it;
#   * finally it execs the command, so `postgres -c config_file=...` is honoured.
#
# Variables: POSTGRES_PASSWORD, POSTGRES_USER (default postgres), POSTGRES_DB
# (default: the user), POSTGRES_INITDB_ARGS, each also as NAME_FILE (read from
# a file, e.g. a Docker secret), POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_WALDIR,
# PGDATA, PGPORT; PG_MAJOR is set by the image.
#
# Like the official image, initdb keeps its default "trust" for local socket
# and loopback (127.0.0.1/::1) connections unless POSTGRES_INITDB_ARGS says
# otherwise (e.g. --auth-host=scram-sha-256).
#
# Not implemented: nss_wrapper for arbitrary --user uids that have no passwd entry.

# No -u: every variable of the contract is optional.
set -Eeo pipefail

# The image sets PGDATA; these defaults only matter if it is unset.
if [[ ${PG_MAJOR:-} =~ ^[0-9]+$ ]] && ((PG_MAJOR >= 18)); then
    : "${PGDATA:=/var/lib/postgresql/$PG_MAJOR/docker}"
else
    : "${PGDATA:=/var/lib/postgresql/data}"
fi
export PGDATA
INITDB_DIR=/docker-entrypoint-initdb.d
SOCKET_DIR=/var/run/postgresql

say() { printf '%s: %s\n' "${0##*/}" "$*"; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# load_var NAME [DEFAULT]
# Sets and exports NAME from $NAME, else from the file named by $NAME_FILE,
# else DEFAULT. Setting both is an error. NAME_FILE is unset afterwards so the
# step-down to postgres (which may not be able to read the file) keeps the value.
load_var() {
    local name=$1 default=${2-} file_var="$1_FILE" value
    if [[ -n ${!name:-} && -n ${!file_var:-} ]]; then
        die "both $name and $file_var are set, but they are exclusive"
    fi
    if [[ -n ${!name:-} ]]; then
        value=${!name}
    elif [[ -n ${!file_var:-} ]]; then
        [[ -r ${!file_var} ]] || die "$file_var: cannot read '${!file_var}'"
        value=$(<"${!file_var}")
    else
        value=$default
    fi
    export "$name=$value"
    unset "$file_var"
}

load_settings() {
    load_var POSTGRES_PASSWORD
    load_var POSTGRES_USER postgres
    load_var POSTGRES_DB "$POSTGRES_USER"
    load_var POSTGRES_INITDB_ARGS
    : "${POSTGRES_HOST_AUTH_METHOD:=}"
}

# True when the postgres arguments only ask for help/version (no server, no init).
only_asks_for_info() {
    local arg
    for arg; do
        case $arg in
            '-?' | --help | --describe-config | -V | --version) return 0 ;;
        esac
    done
    return 1
}

# Creates the data, WAL and socket directories; as root also hands them to postgres.
prepare_directories() {
    mkdir -p "$PGDATA"
    chmod 0700 "$PGDATA" || :          # PostgreSQL refuses a group/world-readable PGDATA
    mkdir -p "$SOCKET_DIR" || :
    chmod 3775 "$SOCKET_DIR" || :
    if [[ -n ${POSTGRES_INITDB_WALDIR:-} ]]; then
        mkdir -p "$POSTGRES_INITDB_WALDIR"
        chmod 0700 "$POSTGRES_INITDB_WALDIR"
    fi
    if [[ $(id -u) == 0 ]]; then
        # Only touch what is not postgres' yet: cheap on restarts with big data dirs.
        local dir
        for dir in "$PGDATA" "$SOCKET_DIR" ${POSTGRES_INITDB_WALDIR:+"$POSTGRES_INITDB_WALDIR"}; do
            find "$dir" ! -user postgres -exec chown postgres:postgres '{}' +
        done
    fi
}

refuse_unsafe_settings() {
    if [[ -z $POSTGRES_PASSWORD && $POSTGRES_HOST_AUTH_METHOD != trust ]]; then
        cat >&2 <<'EOF'
Error: the database is not initialised yet and no superuser password is set.
       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) to a non-empty value,
       or POSTGRES_HOST_AUTH_METHOD=trust to accept every connection without a
       password (not recommended).
EOF
        exit 1
    fi
    if ((${#POSTGRES_PASSWORD} >= 100)); then
        say "WARNING: POSTGRES_PASSWORD has 100 or more characters; psql cannot send it via PGPASSWORD"
    fi
    if [[ $POSTGRES_HOST_AUTH_METHOD == trust ]]; then
        say "WARNING: POSTGRES_HOST_AUTH_METHOD=trust: every host may connect without a password"
    fi
}

# True when DIR is a mount point (a volume or bind mount), per this process' mount table.
is_mount_point() {
    mountpoint -q "$1" 2>/dev/null ||
        awk -v dir="$1" '$5 == dir { found = 1 } END { exit !found }' /proc/self/mountinfo
}

# PostgreSQL 18+ layout check (docker-library/postgres pull request 1259).
# Only with PGDATA at the image default: whoever sets PGDATA chose the layout.
refuse_old_layout() {
    [[ ${PG_MAJOR:-} =~ ^[0-9]+$ && $PGDATA == "/var/lib/postgresql/$PG_MAJOR/docker" ]] || return 0
    local found=() dir
    for dir in /var/lib/postgresql /var/lib/postgresql/data /var/lib/postgresql/*/docker; do
        [[ -s $dir/PG_VERSION ]] && found+=("$dir")
    done
    if ((${#found[@]} == 0 && PG_MAJOR >= 18)) && is_mount_point /var/lib/postgresql/data; then
        found+=("/var/lib/postgresql/data (unused mount/volume)")
    fi
    ((${#found[@]})) || return 0
    cat >&2 <<EOF
Error: PGDATA ($PGDATA) holds no cluster yet, but PostgreSQL data or a
       volume was found where this image does not look for it:
$(printf '         %s\n' "${found[@]}")
       From PostgreSQL 18 on, as in the official postgres:18 image, PGDATA
       defaults to /var/lib/postgresql/$PG_MAJOR/docker (a directory per major, as
       pg_ctlcluster uses) and the volume is /var/lib/postgresql; up to 17 both
       were /var/lib/postgresql/data. No empty cluster is created beside that
       data. Either
         - mount the volume at /var/lib/postgresql instead (a new node), or
         - upgrade the old data with pg_upgrade first (both majors needed), or
         - keep the old layout by setting PGDATA=/var/lib/postgresql/data.
       See https://github.com/docker-library/postgres/pull/1259
EOF
    exit 1
}

run_initdb() {
    local args=(--username="$POSTGRES_USER")
    local extra=()
    # POSTGRES_INITDB_ARGS is shell-quoted text (e.g. --locale="en_US.UTF-8"), as documented.
    eval "extra=($POSTGRES_INITDB_ARGS)"
    [[ -n ${POSTGRES_INITDB_WALDIR:-} ]] && args+=(--waldir="$POSTGRES_INITDB_WALDIR")
    if [[ -n $POSTGRES_PASSWORD ]]; then
        # The password goes through a pipe, never through argv (visible in ps).
        # initdb refuses an empty password file, hence the newline.
        initdb "${args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") "${extra[@]}"
    else
        initdb "${args[@]}" "${extra[@]}"
    fi
}

# write_hba [postgres ARGS...]
# Appends the rule for all non-loopback TCP clients. Without
# POSTGRES_HOST_AUTH_METHOD it follows the server's password_encryption
# (scram-sha-256 on PostgreSQL 14+), as the official image does.
write_hba() {
    [[ ${1-} == postgres ]] && shift
    local method=$POSTGRES_HOST_AUTH_METHOD
    if [[ -z $method ]]; then
        method=$(postgres -C password_encryption "$@" 2>/dev/null) || method=scram-sha-256
    fi
    {
        printf '\n# Added by docker-entrypoint.sh (POSTGRES_HOST_AUTH_METHOD)\n'
        [[ $method == trust ]] && printf '# WARNING: trust lets every host connect without a password\n'
        printf 'host all all all %s\n' "$method"
    } >>"$PGDATA/pg_hba.conf"
}

# start_temp_server [postgres ARGS...]
# Same arguments as the real server (so e.g. shared_preload_libraries applies
# to the init scripts), but reachable only through the unix socket.
start_temp_server() {
    [[ ${1-} == postgres ]] && shift
    set -- "$@" -c listen_addresses= -p "${PGPORT:-5432}"
    PGUSER=${PGUSER:-$POSTGRES_USER} pg_ctl -D "$PGDATA" -w -o "$(printf '%q ' "$@")" start
}

stop_temp_server() {
    pg_ctl -D "$PGDATA" -m fast -w stop
}

# psql_in DB [psql ARGS...]: psql over the unix socket as POSTGRES_USER, stopping at the first error.
psql_in() {
    local db=$1
    shift
    PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password \
        --username "$POSTGRES_USER" --dbname "$db" "$@"
}

# What init files run through; also under the official image's name, for
# sourced *.sh init scripts written for that image.
psql_init() { psql_in "$POSTGRES_DB" "$@"; }
docker_process_sql() { psql_init "$@"; }

create_database() {
    [[ $POSTGRES_DB == postgres ]] && return 0
    local exists
    exists=$(psql_in postgres --tuples-only --no-align --set db="$POSTGRES_DB" \
        <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
    if [[ -z $exists ]]; then
        psql_in postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
}

run_init_files() {
    local f
    for f; do
        case $f in
            *.sh)
                if [[ -x $f ]]; then
                    say "running $f"
                    "$f"
                else
                    say "sourcing $f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi
                ;;
            *.sql) say "running $f"; psql_init -f "$f" ;;
            *.sql.gz) say "running $f"; gunzip -c "$f" | psql_init ;;
            *.sql.xz) say "running $f"; xzcat "$f" | psql_init ;;
            *.sql.zst) say "running $f"; zstd -dc "$f" | psql_init ;;
            *) say "ignoring $f" ;;
        esac
    done
}

initialise_cluster() {
    refuse_unsafe_settings
    refuse_old_layout
    # Fail before initdb if the init scripts cannot be read: no half-made cluster.
    ls "$INITDB_DIR/" >/dev/null
    run_initdb
    write_hba "$@"
    # Needed by psql only if POSTGRES_INITDB_ARGS made local connections ask for one.
    export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}
    start_temp_server "$@"
    create_database
    local files=()
    shopt -s nullglob
    files=("$INITDB_DIR"/*)
    shopt -u nullglob
    run_init_files "${files[@]}"
    stop_temp_server
    unset PGPASSWORD
    say "PostgreSQL init process complete; ready for start up."
}

main() {
    # A first argument that looks like an option is meant for postgres.
    if [[ ${1:0:1} == - ]]; then
        set -- postgres "$@"
    fi

    if [[ ${1-} == postgres ]] && ! only_asks_for_info "$@"; then
        load_settings
        prepare_directories
        if [[ $(id -u) == 0 ]]; then
            # Step down to postgres and start over; setpriv is part of util-linux.
            HOME=$(getent passwd postgres | cut -d: -f6)
            export HOME
            exec setpriv --reuid=postgres --regid=postgres --init-groups -- "${BASH_SOURCE[0]}" "$@"
        fi
        if [[ -s $PGDATA/PG_VERSION ]]; then
            say "PostgreSQL data directory $PGDATA holds a cluster; skipping initialisation"
        else
            initialise_cluster "$@"
        fi
    fi

    exec "$@"
}

main "$@"
