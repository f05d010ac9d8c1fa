#!/usr/bin/env bash
# Checks, for real, that a test image (default citus-deploy-test:14.0.1-pg18)
# and the Docker set-up behave the way citus-deploy uses them: the official
# image's settings and data layout for its PostgreSQL major, host networking,
# a password from a mounted secret file, `postgres -c ...` arguments, data
# kept across restarts, docker compose v2 with a healthcheck and a named
# volume, and Citus. For PostgreSQL 18+ also the postgres:18 layout: the
# volume at /var/lib/postgresql, data checksums on by default, a mount at the
# old /var/lib/postgresql/data refused unless PGDATA is set to it.
# Leaves no container or volume behind.
#
# Usage: bash test-env/smoke-test.sh     (after test-env/setup.sh)
#        for i in 13.2.2-pg15 13.2.2-pg17 14.0.1-pg17 14.0.1-pg18; do
#            CITUS_DEPLOY_TEST_IMAGE=citus-deploy-test:$i bash test-env/smoke-test.sh; done
# Environment: CITUS_DEPLOY_TEST_IMAGE, CITUS_DEPLOY_SMOKE_PORT (first of 4
#              consecutive loopback ports to use, default 25433).
set -euo pipefail

IMAGE=${CITUS_DEPLOY_TEST_IMAGE:-citus-deploy-test:14.0.1-pg18}
PORT=${CITUS_DEPLOY_SMOKE_PORT:-25433}
RUN_ID=citus-deploy-smoke-$$
TMP=$(mktemp -d)
PASSED=0
FAILED=0

log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { printf '[smoke] FAILED: %s\n' "$*" >&2; FAILED=1; exit 1; }
ok() { PASSED=$((PASSED + 1)); log "ok: $*"; }

cleanup() {
    local status=$?
    ((status == 0)) || FAILED=1
    if [[ -f $TMP/compose.yaml ]]; then
        docker compose -p "$RUN_ID" -f "$TMP/compose.yaml" down -v --timeout 5 >/dev/null 2>&1 || true
    fi
    local ids=()
    mapfile -t ids < <(docker ps -aq --filter "label=$RUN_ID")
    ((${#ids[@]} == 0)) || docker rm -fv "${ids[@]}" >/dev/null 2>&1 || true
    rm -rf "$TMP"
    printf 'smoke: %d passed, %d failed\n' "$PASSED" "$FAILED"
}
trap cleanup EXIT

label() { docker image inspect -f "{{ index .Config.Labels \"$1\" }}" "$IMAGE"; }
docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "image $IMAGE not found; run test-env/setup.sh"
MAJOR=$(label citus-deploy.pg-major)
CITUS=$(label citus-deploy.citus)
[[ $MAJOR =~ ^[0-9]+$ ]] || fail "$IMAGE has no label citus-deploy.pg-major; not built by test-env/image/build.sh?"
[[ -n $CITUS ]] || fail "$IMAGE has no label citus-deploy.citus"
# The official image's layout for this major.
if ((MAJOR >= 18)); then
    VOLUME_DIR=/var/lib/postgresql
    DEFAULT_PGDATA=/var/lib/postgresql/$MAJOR/docker
    DEFAULT_CHECKSUMS=on
else
    VOLUME_DIR=/var/lib/postgresql/data
    DEFAULT_PGDATA=/var/lib/postgresql/data
    DEFAULT_CHECKSUMS=off
fi
log "$IMAGE: PostgreSQL $MAJOR ($(label citus-deploy.postgresql)), Citus $CITUS; volume $VOLUME_DIR, PGDATA $DEFAULT_PGDATA"

# The ports must be free on loopback (host networking shares them with the machine).
for p in "$PORT" $((PORT + 1)) $((PORT + 2)) $((PORT + 3)); do
    if [[ -n $(ss -Hltn "sport = :$p") ]]; then
        fail "port $p is in use; set CITUS_DEPLOY_SMOKE_PORT"
    fi
done

# exited CONTAINER: waits (up to 30 s) until it has stopped; prints "EXITCODE".
exited() {
    local _
    for _ in $(seq 30); do
        [[ $(docker inspect -f '{{.State.Running}}' "$1") == false ]] && break
        sleep 1
    done
    docker inspect -f '{{if .State.Running}}running{{else}}{{.State.ExitCode}}{{end}}' "$1"
}

# start NAME ARGS...: docker run -d, labelled for cleanup, on the host's network.
start() {
    local name=$1
    shift
    docker run -d --name "$RUN_ID-$name" --label "$RUN_ID" --network host "$@" >/dev/null
}

# wait_ready CONTAINER PORT: until the server accepts TCP connections on loopback.
wait_ready() {
    local _
    for _ in $(seq 60); do
        docker exec "$1" pg_isready -q -h 127.0.0.1 -p "$2" -U postgres && return 0
        [[ $(docker inspect -f '{{.State.Running}}' "$1") == true ]] || break
        sleep 1
    done
    docker logs "$1" 2>&1 | tail -n 30 >&2
    fail "$1 did not get ready on 127.0.0.1:$2"
}

# sql CONTAINER PORT USER PASSWORD DB SQL: one query over TCP, unaligned output.
sql() {
    docker exec -e PGPASSWORD="$4" "$1" \
        psql -h 127.0.0.1 -p "$2" -U "$3" -d "$5" -v ON_ERROR_STOP=1 -XAtq -c "$6"
}

# --- (0) the image as built ---------------------------------------------------------
log "(0) settings of the official postgres:$MAJOR image, Citus libraries resolve"
config=$(docker image inspect -f '{{json .Config.Env}} {{json .Config.Volumes}} {{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.StopSignal}}' "$IMAGE")
for want in "\"PGDATA=$DEFAULT_PGDATA\"" "\"PG_MAJOR=$MAJOR\"" '"LANG=en_US.utf8"' "/usr/lib/postgresql/$MAJOR/bin\"" \
        "{\"$VOLUME_DIR\":{}}" '["docker-entrypoint.sh"] ["postgres"] SIGINT'; do
    [[ $config == *"$want"* ]] || fail "image config lacks $want: $config"
done
unresolved=$(docker run --rm --network none --entrypoint bash "$IMAGE" -c '
    for f in /usr/lib/postgresql/$PG_MAJOR/lib/citus*.so /usr/lib/postgresql/$PG_MAJOR/lib/citus_decoders/*.so; do
        [[ -f $f ]] || { echo "$f: missing"; continue; }
        ldd "$f" 2>&1 | sed -n "s|^|$f: |; /not found/p"
    done
    [[ $(id -u postgres):$(id -g postgres) == 999:999 ]] || echo "postgres is not uid/gid 999"
    grep -qx "shared_preload_libraries = '"'citus'"'" /usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample ||
        echo "sample config does not preload citus"')
[[ -z $unresolved ]] || fail "in $IMAGE: $unresolved"
ok "PGDATA=$DEFAULT_PGDATA, VOLUME $VOLUME_DIR, entrypoint/cmd/stop signal, uid 999, every Citus .so resolves (ldd)"

# --- (a) docker run as the product does ----------------------------------------
log "(a) docker run --network host, password file, postgres -c arguments"
printf 'pw-from-file\n' >"$TMP/pw"
chmod 0600 "$TMP/pw"      # readable by root only: the entrypoint reads it before stepping down
A=$RUN_ID-a
start a -v "$TMP/pw:/run/secrets/pw:ro" -e POSTGRES_PASSWORD_FILE=/run/secrets/pw -e PGPORT="$PORT" \
    "$IMAGE" postgres -c port="$PORT" -c listen_addresses=127.0.0.1
wait_ready "$A" "$PORT"
version=$(sql "$A" "$PORT" postgres pw-from-file postgres 'select version()')
[[ $version == "PostgreSQL $MAJOR."* ]] || fail "select version() gave '$version'"
ok "select version() over TCP: ${version%% on *}"
[[ $(sql "$A" "$PORT" postgres pw-from-file postgres \
    "select rolpassword like 'SCRAM-SHA-256%' from pg_authid where rolname = 'postgres'") == t ]] ||
    fail "the password from POSTGRES_PASSWORD_FILE was not set"
docker exec "$A" sh -c 'grep -qx "host all all all scram-sha-256" "$PGDATA/pg_hba.conf"' ||
    fail "pg_hba.conf lacks 'host all all all scram-sha-256'"
[[ $(docker exec "$A" awk '/^Uid:/ {print $2}' /proc/1/status) == 999 ]] ||
    fail "the server (pid 1) does not run as uid 999"
ok "password set from the file (SCRAM), pg_hba as upstream, server is pid 1 as postgres"
datadir=$(sql "$A" "$PORT" postgres pw-from-file postgres 'show data_directory')
[[ $datadir == "$DEFAULT_PGDATA" ]] || fail "data directory is $datadir, expected $DEFAULT_PGDATA"
mounts=$(docker inspect -f '{{range .Mounts}}{{.Destination}} {{end}}' "$A")
[[ $mounts == *"$VOLUME_DIR "* ]] || fail "no volume at $VOLUME_DIR (mounts: $mounts)"
checksums=$(sql "$A" "$PORT" postgres pw-from-file postgres 'show data_checksums')
[[ $checksums == "$DEFAULT_CHECKSUMS" ]] || fail "data_checksums is $checksums by default, expected $DEFAULT_CHECKSUMS (PostgreSQL $MAJOR's initdb default)"
ok "data in $datadir on the image's volume $VOLUME_DIR; data checksums $checksums by default"
sql "$A" "$PORT" postgres pw-from-file postgres "create table kept(v text); insert into kept values ('before restart')"
docker restart "$A" >/dev/null
wait_ready "$A" "$PORT"
[[ $(sql "$A" "$PORT" postgres pw-from-file postgres 'select v from kept') == 'before restart' ]] ||
    fail "data lost across restart"
logs=$(docker logs "$A" 2>&1)
[[ $(grep -c 'init process complete' <<<"$logs") == 1 ]] || fail "initialisation ran more than once"
grep -q 'skipping initialisation' <<<"$logs" || fail "restart did not skip initialisation"
ok "restart keeps the data and does not initialise again"

# --- (c) the rest of the documented contract -----------------------------------
log "(c) POSTGRES_USER_FILE, POSTGRES_DB, POSTGRES_INITDB_ARGS, init scripts"
mkdir "$TMP/initdb.d"
printf 'app\n' >"$TMP/user"
# Sourced (not executable), as upstream: runs with the temporary server up.
cat >"$TMP/initdb.d/10-schema.sh" <<'EOF'
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<<'create table from_sh(id int)'
EOF
printf 'create table from_sql_gz(id int);\n' | gzip >"$TMP/initdb.d/20-more.sql.gz"
printf 'not run\n' >"$TMP/initdb.d/30-ignored.txt"
C=$RUN_ID-c
start c -v "$TMP/user:/run/secrets/user:ro" -v "$TMP/initdb.d:/docker-entrypoint-initdb.d:ro" \
    -e POSTGRES_USER_FILE=/run/secrets/user -e POSTGRES_DB=appdb -e POSTGRES_PASSWORD=app-pw \
    -e POSTGRES_INITDB_ARGS='--auth-host=scram-sha-256 --data-checksums' \
    "$IMAGE" -c port=$((PORT + 1)) -c listen_addresses=127.0.0.1
wait_ready "$C" $((PORT + 1))
[[ $(sql "$C" $((PORT + 1)) app app-pw appdb \
    "select count(*) from pg_tables where tablename in ('from_sh', 'from_sql_gz')") == 2 ]] ||
    fail "init scripts (*.sh, *.sql.gz) did not run in POSTGRES_DB"
[[ $(sql "$C" $((PORT + 1)) app app-pw appdb 'show data_checksums') == on ]] ||
    fail "POSTGRES_INITDB_ARGS not applied"
if sql "$C" $((PORT + 1)) app wrong-pw appdb 'select 1' >/dev/null 2>&1; then
    fail "a wrong password was accepted although --auth-host=scram-sha-256"
fi
ok "user from file, POSTGRES_DB, initdb args, *.sh and *.sql.gz init scripts, wrong password refused"

log "(d) no password: refuses to initialise"
start d "$IMAGE" -c port=$((PORT + 3))
[[ $(exited "$RUN_ID-d") == 1 ]] || fail "started without any password"
# Not "docker logs | grep -q": with pipefail, grep quitting early fails the pipe.
dlogs=$(docker logs "$RUN_ID-d" 2>&1)
grep -q 'no superuser password' <<<"$dlogs" || fail "no clear error without a password: $dlogs"
ok "no password and no trust: exits 1 with an explanation"

# --- (b) docker compose v2 ---------------------------------------------------------
log "(b) docker compose up -d --wait: network_mode host, named volume, healthcheck, secret"
B_PORT=$((PORT + 2))
cat >"$TMP/compose.yaml" <<EOF
services:
  db:
    image: $IMAGE
    network_mode: host
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/pgpw
      PGPORT: "$B_PORT"
    command: ["postgres", "-c", "port=$B_PORT", "-c", "listen_addresses=127.0.0.1"]
    labels: ["$RUN_ID"]
    secrets: [pgpw]
    volumes: ["pgdata:$VOLUME_DIR"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -h 127.0.0.1 -p $B_PORT -U postgres"]
      interval: 1s
      timeout: 5s
      retries: 60
volumes:
  pgdata: {}
secrets:
  pgpw:
    file: ./pw
EOF
timeout 120 docker compose -p "$RUN_ID" -f "$TMP/compose.yaml" up -d --wait --quiet-pull 2>&1 | tail -n 5 >&2 ||
    fail "docker compose up -d --wait"
B=$(docker compose -p "$RUN_ID" -f "$TMP/compose.yaml" ps -q db)
[[ $(docker inspect -f '{{.State.Health.Status}}' "$B") == healthy ]] || fail "compose service not healthy"
[[ $(sql "$B" "$B_PORT" postgres pw-from-file postgres 'select 1') == 1 ]] || fail "query through compose service"
ok "compose v2 service healthy on the host network, password from a compose secret"

# --- Citus ------------------------------------------------------------------------
log "(e) Citus $CITUS: extension, single-node distributed table"
# Port (a) is reused: that container is removed first.
docker rm -fv "$A" >/dev/null
E=$RUN_ID-e
start e -e POSTGRES_PASSWORD=citus-pw "$IMAGE" \
    postgres -c port="$PORT" -c listen_addresses=127.0.0.1 -c shared_preload_libraries=citus
wait_ready "$E" "$PORT"
q() { sql "$E" "$PORT" postgres citus-pw postgres "$1"; }
[[ $(q "select citus_version()") == "Citus $CITUS"* ]] || fail "citus_version() is not $CITUS: $(q "select citus_version()")"
q "select citus_set_coordinator_host('127.0.0.1', $PORT)" >/dev/null
q "select citus_set_node_property('127.0.0.1', $PORT, 'shouldhaveshards', true)" >/dev/null
q "create table dist(id int primary key); select create_distributed_table('dist', 'id')" >/dev/null
q "insert into dist select generate_series(1, 100)"
[[ $(q "select count(*) from dist") == 100 ]] || fail "distributed table query"
ok "Citus $CITUS: created at init, distributed table works"

# --- PostgreSQL 18+ layout ------------------------------------------------------------
if ((MAJOR >= 18)); then
    log "(f) postgres:18 layout: a mount at the old /var/lib/postgresql/data is refused"
    F=$RUN_ID-f
    start f --mount type=volume,dst=/var/lib/postgresql/data -e POSTGRES_PASSWORD=pw "$IMAGE" -c port=$((PORT + 3))
    [[ $(exited "$F") == 1 ]] || fail "started although a volume is mounted at /var/lib/postgresql/data"
    flogs=$(docker logs "$F" 2>&1)
    if ! grep -q '/var/lib/postgresql/data (unused mount/volume)' <<<"$flogs" || ! grep -q 'PostgreSQL 18' <<<"$flogs"; then
        fail "no clear error for the old-layout mount: $flogs"
    fi
    docker exec "$E" true  # (e) still up: the refusal touched nothing else
    ok "old-layout mount refused (exit 1, 'unused mount/volume', explains the 18+ layout)"

    log "(g) PGDATA=/var/lib/postgresql/data set explicitly keeps the old layout working"
    G=$RUN_ID-g
    start g --mount type=volume,dst=/var/lib/postgresql/data -e PGDATA=/var/lib/postgresql/data \
        -e POSTGRES_PASSWORD=pw "$IMAGE" -c port=$((PORT + 3)) -c listen_addresses=127.0.0.1
    wait_ready "$G" $((PORT + 3))
    [[ $(sql "$G" $((PORT + 3)) postgres pw postgres 'show data_directory') == /var/lib/postgresql/data ]] ||
        fail "explicit PGDATA not used"
    ok "explicit PGDATA=/var/lib/postgresql/data starts as before"
fi
