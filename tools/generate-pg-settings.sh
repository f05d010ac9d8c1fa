#!/usr/bin/env bash
# Regenerates the catalog of PostgreSQL settings that citus-deploy validates the inventory
# against: src/main/resources/pg-settings/<major>.tsv, one file per supported major.
#
# Each file is what one local test image's server says about itself, with Citus and
# pg_stat_statements preloaded (as citus-deploy's nodes run them):
#   * every row of pg_settings (core, citus.*, columnar.*, pg_stat_statements.*);
#   * the settings those libraries hide from pg_settings (GUC_NO_SHOW_ALL, e.g.
#     citus.enable_ddl_propagation): their names come from the libraries' strings, their
#     existence from current_setting(name, true), and their type, unit, range and context
#     from the server's own answers to ALTER SYSTEM SET / set_config() probes;
#   * the enum spellings PostgreSQL accepts but does not list in pg_settings.enumvals
#     (e.g. synchronous_commit = yes, wal_level = hot_standby), found the same way.
# ALTER SYSTEM only writes postgresql.auto.conf inside a throwaway container (--network
# none), which is removed afterwards.
#
# PostgreSQL 16 has no test image (no Debian suite ships postgresql-16), so 16.tsv is the
# union of 15.tsv and 17.tsv (17's row where both have a setting); its header says so.
#
# Usage: tools/generate-pg-settings.sh   (Docker running, the images below built by
# test-env/image/build.sh). Every wait is bounded; containers are removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=src/main/resources/pg-settings
# major -> image (the image's Citus version is recorded in the file's header)
IMAGES=("15 citus-deploy-test:13.2.2-pg15" "17 citus-deploy-test:14.0.1-pg17" "18 citus-deploy-test:14.0.1-pg18")
PRELOAD=citus,pg_stat_statements
READY_SECONDS=180
EXEC_SECONDS=60
PROBE_ROLE=citus_deploy_probe
# Enum spellings to try beyond enumvals: the hidden entries of PostgreSQL's enum tables are
# boolean spellings, the old wal_level names and "debug" (= debug2) for message levels.
ALIASES="on off true false yes no 1 0 archive hot_standby debug"
COLUMNS="name	vartype	unit	min_val	max_val	enumvals	context	hidden_enumvals"

containers=()
cleanup() {
    for c in "${containers[@]}"; do
        docker rm -f -v "$c" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

die() {
    echo "generate-pg-settings: $*" >&2
    exit 1
}

# psql in the container, failing on the first error.
sql() {
    timeout "$EXEC_SECONDS" docker exec -i "$cid" psql -XAtq -v ON_ERROR_STOP=1 -U postgres "$@"
}

# One statement whose error is an answer: prints the server's messages on one line.
ask() {
    timeout "$EXEC_SECONDS" docker exec "$cid" psql -XAtq -U postgres -c "$1" 2>&1 | tr '\n\t' '  ' || true
}

start() {
    local major=$1 image=$2 name deadline
    name="citus-deploy-pg-settings-$major-$$"
    docker image inspect "$image" >/dev/null 2>&1 || die "image $image is missing (test-env/image/build.sh builds it)"
    containers+=("$name")
    cid=$(docker run -d --network none --name "$name" -e POSTGRES_PASSWORD=probe "$image" \
        -c shared_preload_libraries="$PRELOAD")
    # Wait for the final server, not the entrypoint's init server (that one listens on its
    # unix socket only).
    deadline=$((SECONDS + READY_SECONDS))
    until [ "$(timeout 10 docker exec "$cid" psql -XAtq -U postgres -c \
        "SELECT current_setting('shared_preload_libraries') || '/' || (current_setting('listen_addresses') <> '')" \
        2>/dev/null)" = "$PRELOAD/true" ]; do
        if [ "$(docker inspect -f '{{.State.Running}}' "$cid")" != true ]; then
            docker logs "$cid" >&2 || true
            die "$image stopped before it was ready"
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "$image not ready after ${READY_SECONDS}s"
        sleep 1
    done
}

shown_settings() {
    sql -c "COPY (SELECT name, vartype, coalesce(unit, ''), coalesce(min_val, ''), coalesce(max_val, ''),
                         coalesce(array_to_string(enumvals, ','), ''), context
                  FROM pg_settings ORDER BY name) TO STDOUT"
}

# Names of settings the preloaded libraries define but pg_settings does not show.
hidden_names() {
    local prefixes candidates
    prefixes=$(sql -c "SELECT string_agg(DISTINCT split_part(name, '.', 1), '|') FROM pg_settings WHERE name LIKE '%.%'")
    [ -n "$prefixes" ] || die "no extension settings in pg_settings: is $PRELOAD loaded?"
    candidates=$(timeout "$EXEC_SECONDS" docker exec "$cid" sh -c \
        "grep -ahoE '($prefixes)\\.[a-z0-9_]+' /usr/lib/postgresql/\$PG_MAJOR/lib/citus*.so /usr/lib/postgresql/\$PG_MAJOR/lib/pg_stat_statements.so | sort -u" |
        sed "s/.*/'&'/" | paste -sd, -)
    sql -c "SELECT n FROM unnest(ARRAY[$candidates]) AS n
            WHERE current_setting(n, true) IS NOT NULL
              AND n NOT IN (SELECT name FROM pg_settings) ORDER BY n"
}

# An out-of-range error -> min, unit, max. PostgreSQL 16+ say "-1 ms is outside the valid range
# for parameter "x" (0 ms .. 100 ms)"; 15 gives the unit only after the rejected value.
parse_range() {
    [[ $1 =~ \(([^\ ]+)(\ ([^\ ]+))?\ \.\.\ ([^\ \)]+)(\ [^\ \)]+)?\) ]] || die "no range in: $1"
    min=${BASH_REMATCH[1]} unit=${BASH_REMATCH[3]} max=${BASH_REMATCH[4]}
    [[ $1 =~ ERROR:\ +[^\ ]+\ ([^\ ]+)\ is\ outside ]] && unit=${BASH_REMATCH[1]}
    return 0
}

integer_range() {
    local n=$1 q="\"$1\"" r v
    for v in 2147483647 -2147483648; do
        r=$(ask "ALTER SYSTEM SET $q = '$v'")
        if [[ $r == *'outside the valid range'* ]]; then
            parse_range "$r"
            return
        fi
    done
    # The whole int range: fine without a unit, ambiguous with one (its base is unknown).
    r=$(ask "ALTER SYSTEM SET $q = '1kB'")
    [[ $r == *'invalid value for parameter'* && $r != *'Valid units'* ]] ||
        die "$n takes the whole integer range with a unit; add its row by hand"
    min=-2147483648 max=2147483647 unit=
}

hidden_context() {
    local n=$1 r
    r=$(ask "SELECT set_config('$n', current_setting('$n'), true)")
    case $r in
        *'without restarting the server'*) context=postmaster ;;
        *'cannot be changed now'*) context=sighup ;;
        *'after connection start'*) context=backend ;;
        *'cannot be changed'*) context=internal ;;
        *ERROR*) die "cannot tell the context of $n: $r" ;;
        *)
            r=$(ask "SET ROLE $PROBE_ROLE; SELECT set_config('$n', current_setting('$n'), true)")
            if [[ $r == *'permission denied'* ]]; then context=superuser; else context=user; fi
            ;;
    esac
}

# One catalog row for a hidden setting, from the server's answers.
hidden_row() {
    local n=$1 q="\"$1\"" r vartype unit= min= max= enumvals= context
    r=$(ask "ALTER SYSTEM SET $q = 'citus_deploy_probe'")
    case $r in
        *'requires a Boolean value'*) vartype=bool ;;
        *'Available values: '*)
            vartype=enum
            enumvals=$(sed -E 's/.*Available values: (.*)\.[[:space:]]*$/\1/; s/, /,/g' <<<"$r")
            ;;
        *'invalid value for parameter'*)
            r=$(ask "ALTER SYSTEM SET $q = '1e300'")
            case $r in
                *'Value exceeds integer range'*) vartype=integer; integer_range "$n" ;;
                *'outside the valid range'*) vartype=real; parse_range "$r" ;;
                *) vartype=string ;; # a check hook refused the probe text
            esac
            ;;
        *) vartype=string ;; # accepted, or refused by a check hook
    esac
    hidden_context "$n"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$vartype" "$unit" "$min" "$max" "$enumvals" "$context"
}

# Adds the 8th column: enum spellings the server accepts beyond enumvals.
with_hidden_enumvals() {
    local rows=$1 script accepted
    script=$(awk -F'\t' -v aliases="$ALIASES" '
        $2 == "enum" && $7 != "internal" {
            n = split(aliases, a, " "); split(tolower($6), listed, ",")
            for (i = 1; i <= n; i++) {
                known = 0
                for (j in listed) if (listed[j] == a[i]) known = 1
                if (!known) printf "ALTER SYSTEM SET \"%s\" = '\''%s'\'';\n\\echo ALIAS|%s|%s|:ERROR\n", $1, a[i], $1, a[i]
            }
        }' <<<"$rows")
    accepted=$(sql -v ON_ERROR_STOP=0 <<<"$script" 2>/dev/null | awk -F'|' '$1 == "ALIAS" && $4 == "false" { print $2 "\t" $3 }')
    awk -F'\t' -v OFS='\t' '
        NR == FNR { if ($1 != "") { e = ($1 in extra) ? extra[$1] "," $2 : $2; extra[$1] = e }; next }
        { print $0, ($1 in extra) ? extra[$1] : "" }' <(printf '%s\n' "$accepted") <(printf '%s\n' "$rows")
}

header() {
    local major=$1 image=$2 hidden=$3
    local version citus
    version=$(sql -c "SHOW server_version")
    citus=$(sql -c "SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname = 'citus'), 'unknown')")
    cat <<EOF
# PostgreSQL $major settings, generated by tools/generate-pg-settings.sh: do not edit.
# Source: image $image: PostgreSQL $version, Citus extension $citus.
# Started with shared_preload_libraries=$PRELOAD. Rows from pg_settings, plus $hidden settings
# the libraries hide from pg_settings (probed with ALTER SYSTEM SET and set_config()).
# hidden_enumvals: enum spellings the server accepts that pg_settings.enumvals does not list.
# Empty field = none (no unit, no range, no enum values).
EOF
}

generate() {
    local major=$1 image=$2 rows hidden names
    echo "PostgreSQL $major: starting $image" >&2
    start "$major" "$image"
    sql -c "CREATE ROLE $PROBE_ROLE" >/dev/null
    rows=$(shown_settings)
    names=$(hidden_names)
    hidden=0
    for n in $names; do
        rows+=$'\n'$(hidden_row "$n")
        hidden=$((hidden + 1))
    done
    rows=$(LC_ALL=C sort <<<"$rows")
    {
        header "$major" "$image" "$hidden"
        echo "$COLUMNS"
        with_hidden_enumvals "$rows"
    } >"$OUT/$major.tsv"
    echo "PostgreSQL $major: $(grep -vc '^#' "$OUT/$major.tsv") lines (with the column line), $hidden hidden" >&2
    docker rm -f -v "$cid" >/dev/null
}

# 16 = 15 and 17 together: 17's row where both have the setting.
union_16() {
    {
        cat <<EOF
# PostgreSQL 16 settings, generated by tools/generate-pg-settings.sh: do not edit.
# No test image runs PostgreSQL 16 (no Debian suite ships postgresql-16), so this is the
# union of 15.tsv and 17.tsv: 17's row where both have a setting, else 15's. A setting new
# in 16 is therefore known, but one removed in 16 is still accepted for 16.
# Sources: ${IMAGES[0]#* } (15.tsv) and ${IMAGES[1]#* } (17.tsv); each file's header has its versions.
# Empty field = none (no unit, no range, no enum values).
EOF
        echo "$COLUMNS"
        awk -F'\t' 'FNR == 1 { file++ } /^#/ || $1 == "name" { next }
            file == 1 { row[$1] = $0; next }
            !($1 in row) { row[$1] = $0 }
            END { for (n in row) print row[n] }' "$OUT/17.tsv" "$OUT/15.tsv" | LC_ALL=C sort
    } >"$OUT/16.tsv"
}

mkdir -p "$OUT"
for entry in "${IMAGES[@]}"; do
    read -r major image <<<"$entry"
    generate "$major" "$image"
done
union_16
for major in 15 16 17 18; do
    echo "$OUT/$major.tsv: $(grep -v '^#' "$OUT/$major.tsv" | tail -n +2 | wc -l) settings"
done
