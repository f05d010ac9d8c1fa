#!/usr/bin/env bash
# Builds citus-deploy's local test images without any container registry
# (none is reachable where the tests run):
#
#   image                          Debian   PostgreSQL      Citus
#   citus-deploy-test:13.2.2-pg15  bookworm postgresql-15   13.2.2
#   citus-deploy-test:13.2.2-pg17  trixie   postgresql-17   13.2.2
#   citus-deploy-test:14.0.1-pg17  trixie   postgresql-17   14.0.1
#   citus-deploy-test:14.0.1-pg18  forky    postgresql-18   14.0.1
#
# Each image is a base system (base-rootfs.sh: debootstrap + postgresql-NN,
# cached per suite and major, so both trixie images share one) plus Citus from
# the prebuilt tarballs in the shared folder, docker-entrypoint.sh and the
# settings of the official postgres:NN image (Dockerfile). Citus is never
# built here; each tarball is checked against the sha256 list in that folder's
# README.md before use, and neither it nor anything from it enters the
# repository.
#
# An image is skipped while up to date: its label citus-deploy.inputs matches
# the hash of its inputs (these scripts, the Dockerfile, the entrypoint, the
# mirrors, the Citus tarball) and its base system is less than
# BASE_MAX_AGE_DAYS old. Bases missing from the cache are built in parallel.
#
# Usage: build.sh [--force] [--refresh] [--keep-going] [SPEC...]
#   SPEC          13.2.2-pg15, 13.2.2-pg17, 14.0.1-pg17 or 14.0.1-pg18 (or the
#                 full image name); default: all four
#   --force       rebuild the images even if up to date (cached bases reused)
#   --refresh     also rebuild their base systems (newest Debian packages)
#   --keep-going  a missing or corrupt Citus tarball skips that image with a
#                 warning instead of failing before anything is built
#
# Environment: CITUS_DEPLOY_CITUS_DIR   the Citus tarballs and their README.md
#                                       (default: shared/citus beside the repository)
#              CITUS_DEPLOY_TEST_CACHE  base systems and .debs
#                                       (default /var/cache/citus-deploy-test)
#              CITUS_DEPLOY_TEST_REPOSITORY  image name (default citus-deploy-test;
#                                       bases go to NAME-base), e.g. to try a change
#                                       without replacing the images tests use
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR
. "$HERE/../lib/apt-sources.sh"

REPOSITORY=${CITUS_DEPLOY_TEST_REPOSITORY:-citus-deploy-test}
BASE_REPOSITORY=$REPOSITORY-base
CITUS_DIR=${CITUS_DEPLOY_CITUS_DIR:-$REPO/../shared/citus}
CACHE_DIR=${CITUS_DEPLOY_TEST_CACHE:-/var/cache/citus-deploy-test}
BASE_MAX_AGE_DAYS=7

# SPEC -> Debian suite. The tarball is citus-CITUS-pgNN-SUITE.tar.gz.
declare -A SPEC_SUITE=(
    [13.2.2-pg15]=bookworm
    [13.2.2-pg17]=trixie
    [14.0.1-pg17]=trixie
    [14.0.1-pg18]=forky
)
ALL_SPECS=(13.2.2-pg15 13.2.2-pg17 14.0.1-pg17 14.0.1-pg18)
# What Citus needs beyond postgresql-NN's own dependencies (shared/citus/README.md).
declare -A SUITE_PACKAGES=([bookworm]=libcurl4 [trixie]=libcurl4t64 [forky]=libcurl4t64)
# Debian testing: no -updates/-security suites, and the mirror's Release file
# may be past its Valid-Until date.
declare -A SUITE_IS_TESTING=([forky]=1)

log() { printf '[build-image] %s\n' "$*" >&2; }
warn() { printf '[build-image] WARNING: %s\n' "$*" >&2; }
die() { printf '[build-image] error: %s\n' "$*" >&2; exit 1; }

FORCE=0 REFRESH=0 KEEP_GOING=0
SPECS=()
for arg; do
    case $arg in
        --force) FORCE=1 ;;
        --refresh) FORCE=1 REFRESH=1 ;;
        --keep-going) KEEP_GOING=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option: $arg (try --help)" ;;
        *)
            spec=${arg#"$REPOSITORY:"}
            [[ -n ${SPEC_SUITE[$spec]:-} ]] || die "unknown image '$arg'; known: ${ALL_SPECS[*]}"
            [[ " ${SPECS[*]} " == *" $spec "* ]] || SPECS+=("$spec")
            ;;
    esac
done
((${#SPECS[@]})) || SPECS=("${ALL_SPECS[@]}")
[[ $REPOSITORY =~ ^[a-z0-9][a-z0-9._/-]*$ ]] || die "CITUS_DEPLOY_TEST_REPOSITORY '$REPOSITORY' is not a valid image name"

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot)"
for cmd in debootstrap docker chroot sha256sum flock setsid; do
    command -v "$cmd" >/dev/null || die "$cmd not found; run test-env/setup.sh first"
done
docker info >/dev/null 2>&1 || die "the Docker daemon is not reachable; run test-env/setup.sh first"

# One build at a time per machine (a developer and CI may share it); what is
# up to date is decided under the lock, so a build that just finished
# elsewhere is reused.
mkdir -p "$CACHE_DIR/base"
exec 9>"$CACHE_DIR/build.lock"
if ! flock -n 9; then
    log "waiting for another build (lock $CACHE_DIR/build.lock)"
    flock 9
fi

WORK=$(mktemp -d /var/tmp/citus-deploy-test-build.XXXXXX)
declare -A BASE_PIDS=()
cleanup() {
    local pid
    for pid in "${BASE_PIDS[@]}"; do
        # Each base build runs in its own session: end it with everything it started.
        if kill -0 "$pid" 2>/dev/null; then kill -TERM -- "-$pid" 2>/dev/null || true; fi
    done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# --- Mirrors: the ones this machine's apt already uses --------------------
HOST_SUITE=$( (. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}") || true)
HOST_SUITE=${HOST_SUITE:-bookworm}
HOST_MAIN_URI=$(apt_source_uri "$HOST_SUITE")
[[ -n $HOST_MAIN_URI ]] || die "no apt source for '$HOST_SUITE' in /etc/apt/sources.list{,.d}; cannot pick a mirror"

# suite_uri SUITE KIND: the archive for SUITE ("main"), SUITE-updates or
# SUITE-security: this machine's own source for it if it has one, else the
# one it uses for its own suite of that kind. Empty for a kind Debian testing
# lacks, and for security when this machine has no security source.
suite_uri() {
    local suite=$1 kind=$2 uri
    case $kind in
        main) uri=$(apt_source_uri "$suite"); printf '%s' "${uri:-$HOST_MAIN_URI}" ;;
        *)
            [[ -n ${SUITE_IS_TESTING[$suite]:-} ]] && return 0
            uri=$(apt_source_uri "$suite-$kind")
            [[ -n $uri ]] || uri=$(apt_source_uri "$HOST_SUITE-$kind")
            [[ -n $uri || $kind != updates ]] || uri=$HOST_MAIN_URI
            printf '%s' "$uri"
            ;;
    esac
}

# base_args SUITE MAJOR: base-rootfs.sh's arguments (without --output).
base_args() {
    local suite=$1 major=$2 updates security pkg
    printf '%s\n' --suite "$suite" --pg-major "$major" --mirror "$(suite_uri "$suite" main)"
    updates=$(suite_uri "$suite" updates)
    security=$(suite_uri "$suite" security)
    [[ -z $updates ]] || printf '%s\n' --updates-uri "$updates"
    [[ -z $security ]] || printf '%s\n' --security-uri "$security"
    [[ -z ${SUITE_IS_TESTING[$suite]:-} ]] || printf '%s\n' --ignore-valid-until
    for pkg in ${SUITE_PACKAGES[$suite]}; do printf '%s\n' --package "$pkg"; done
}

ARCH=$(dpkg --print-architecture)
DEBOOTSTRAP_VERSION=$(dpkg-query -W -f='${Version}' debootstrap)

# --- Cache keys: contents only (no paths), so a checkout elsewhere (CI) hits the same key
hash_of() { sha256sum | cut -c"1-$1"; }

# base_key SUITE MAJOR: what makes a base system.
base_key() {
    {
        sha256sum <"$HERE/base-rootfs.sh"
        sha256sum <"$HERE/../lib/apt-sources.sh"
        apt_host_acquire_conf
        base_args "$1" "$2"
        echo "arch=$ARCH debootstrap=$DEBOOTSTRAP_VERSION"
    } | hash_of 16
}

# image_key SPEC BASE_KEY CITUS_SHA256: what makes an image.
image_key() {
    {
        sha256sum <"$HERE/build.sh"
        sha256sum <"$HERE/Dockerfile"
        sha256sum <"$HERE/docker-entrypoint.sh"
        echo "spec=$1 base=$2 citus=$3"
    } | hash_of 20
}

# --- Citus tarballs, checked against the shared README's sha256 list -------
# readme_sha256 FILE: the sha256 the README lists for FILE, from the first
# fenced block after its "sha256:" line.
readme_sha256() {
    awk -v want="$1" '
        /^sha256:/ { armed = 1; next }
        armed && /^```/ { if (inside) exit; inside = 1; next }
        inside { name = $2; sub(/^\*/, "", name)
                 if (name == want && length($1) == 64 && $1 ~ /^[0-9a-f]+$/) { print $1; exit } }
    ' "$CITUS_DIR/README.md" 2>/dev/null || true
}

# check_tarball FILE: prints the sha256, or fails with the reason.
check_tarball() {
    local file=$1 name expected actual
    name=$(basename "$file")
    [[ -f $CITUS_DIR/README.md ]] || { echo "$CITUS_DIR/README.md (with the tarballs' sha256) not found"; return 1; }
    expected=$(readme_sha256 "$name")
    [[ -n $expected ]] || { echo "$CITUS_DIR/README.md lists no sha256 for $name"; return 1; }
    [[ -f $file ]] || { echo "$file not found"; return 1; }
    actual=$(sha256sum <"$file" | cut -d' ' -f1)
    [[ $actual == "$expected" ]] || { echo "checksum mismatch for $file: sha256 $actual, README.md says $expected"; return 1; }
    printf '%s' "$actual"
}

image_label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
info_value() { sed -n "s/^$2=//p" "$1" 2>/dev/null; }
base_tar() { printf '%s/base/%s-pg%s-%s-%s.tar' "$CACHE_DIR" "$1" "$2" "$ARCH" "$3"; }
now=$(date +%s)
MAX_AGE=$((BASE_MAX_AGE_DAYS * 86400))

# A base in the cache is usable while its .info exists (written last) and it is young enough.
base_is_fresh() {
    local tar=$1 built
    built=$(info_value "$tar.info" built)
    [[ -f $tar && -n $built ]] && ((now - built < MAX_AGE))
}

# Files of the previous single-image layout, not used any more.
if [[ -d $CACHE_DIR/apt-archives ]] || compgen -G "$CACHE_DIR/bookworm-minbase-*.tar" >/dev/null; then
    log "removing the previous layout's cache ($CACHE_DIR/apt-archives, bookworm-minbase-*.tar)"
    rm -rf "$CACHE_DIR/apt-archives" "$CACHE_DIR"/bookworm-minbase-*.tar
fi

# --- What to build ------------------------------------------------------------
declare -A IMG_CITUS_SHA=() IMG_BASE_KEY=() IMG_KEY=() BASE_OF=()
TODO=() SKIPPED=()
for spec in "${SPECS[@]}"; do
    image=$REPOSITORY:$spec
    suite=${SPEC_SUITE[$spec]} major=${spec##*-pg} citus=${spec%-pg*}
    tarball=$CITUS_DIR/citus-$citus-pg$major-$suite.tar.gz
    if ! sha=$(check_tarball "$tarball"); then
        ((KEEP_GOING)) || die "cannot build $image: $sha"
        warn "skipping $image: $sha"
        SKIPPED+=("$spec")
        continue
    fi
    IMG_CITUS_SHA[$spec]=$sha
    bkey=$(base_key "$suite" "$major")
    IMG_BASE_KEY[$spec]=$bkey
    IMG_KEY[$spec]=$(image_key "$spec" "$bkey" "$sha")
    BASE_OF[$spec]=$suite-pg$major

    tar=$(base_tar "$suite" "$major" "$bkey")
    reason=""
    built=$(image_label "$image" citus-deploy.base-built)
    if ((FORCE)); then
        reason="--force"
    elif ! docker image inspect "$image" >/dev/null 2>&1; then
        reason="not built yet"
    elif [[ $(image_label "$image" citus-deploy.inputs) != "${IMG_KEY[$spec]}" ]]; then
        reason="inputs changed"
    elif [[ -z $built ]] || ((now - built >= MAX_AGE)); then
        reason="its base system is over $BASE_MAX_AGE_DAYS days old"
    elif [[ -f $tar.info && $(info_value "$tar.info" built) != "$built" ]]; then
        reason="its cached base system changed"
    fi
    if [[ -n $reason ]]; then
        log "$image: to build ($reason)"
        TODO+=("$spec")
    else
        log "$image is up to date (postgresql $(image_label "$image" citus-deploy.postgresql), citus $(image_label "$image" citus-deploy.citus), inputs ${IMG_KEY[$spec]})"
    fi
done

# --- Base systems: the missing ones built in parallel (mostly network and dpkg
# bound), each imported into Docker as soon as it is ready -------------------
declare -A BASE_TAR=() BASE_SUITE=() BASE_MAJOR=()
for spec in "${TODO[@]}"; do
    b=${BASE_OF[$spec]}
    BASE_SUITE[$b]=${SPEC_SUITE[$spec]}
    BASE_MAJOR[$b]=${spec##*-pg}
    BASE_TAR[$b]=$(base_tar "${BASE_SUITE[$b]}" "${BASE_MAJOR[$b]}" "${IMG_BASE_KEY[$spec]}")
done

# ensure_base_image BASE: imports its archive unless the same one is already in Docker.
ensure_base_image() {
    local b=$1 tar=${BASE_TAR[$1]} tag=$BASE_REPOSITORY:$1 built
    built=$(info_value "$tar.info" built)
    if [[ $(image_label "$tag" citus-deploy.base-built) == "$built" &&
          $(image_label "$tag" citus-deploy.base-archive) == "$(basename "$tar")" ]]; then
        return 0
    fi
    log "importing base $b into Docker as $tag"
    docker import \
        --change "LABEL citus-deploy.base-archive=$(basename "$tar")" \
        --change "LABEL citus-deploy.base-built=$built" \
        --change "LABEL citus-deploy.suite=${BASE_SUITE[$b]}" \
        --change "LABEL citus-deploy.postgresql=$(info_value "$tar.info" postgresql)" \
        "$tar" "$tag" >/dev/null || die "docker import of $tar failed"
}

START=$SECONDS
CACHED_BASES=()
for b in "${!BASE_TAR[@]}"; do
    tar=${BASE_TAR[$b]}
    if ((!REFRESH)) && base_is_fresh "$tar"; then
        log "base $b from cache ($tar, postgresql $(info_value "$tar.info" postgresql))"
        CACHED_BASES+=("$b")
        continue
    fi
    mapfile -t args < <(base_args "${BASE_SUITE[$b]}" "${BASE_MAJOR[$b]}")
    rm -f "$tar.info"
    # Own session, so that cleanup can end it with all it started (debootstrap, apt, dpkg).
    setsid bash "$HERE/base-rootfs.sh" "${args[@]}" --output "$tar" </dev/null &
    BASE_PIDS[$b]=$!
done
for b in "${CACHED_BASES[@]}"; do ensure_base_image "$b"; done
while ((${#BASE_PIDS[@]})); do
    finished="" status=0
    wait -n -p finished "${BASE_PIDS[@]}" || status=$?
    [[ -n $finished ]] || continue
    for b in "${!BASE_PIDS[@]}"; do
        [[ ${BASE_PIDS[$b]} == "$finished" ]] && break
    done
    unset "BASE_PIDS[$b]"
    # The others are ended by cleanup: no point in finishing them.
    ((status == 0)) || die "base system $b failed (see above)"
    for old in "$CACHE_DIR/base/$b-$ARCH-"*.tar; do      # this base's older archives (other keys)
        [[ $old == "${BASE_TAR[$b]}" || ! -e $old ]] || rm -f "$old" "$old.info"
    done
    ensure_base_image "$b"
done
((${#BASE_TAR[@]} == 0)) || log "base systems ready in Docker after $((SECONDS - START)) s"

# --- The images ------------------------------------------------------------------
# build_image SPEC
build_image() {
    local spec=$1 image=$REPOSITORY:$1 suite=${SPEC_SUITE[$1]} major=${1##*-pg} citus=${1%-pg*}
    local b=${BASE_OF[$1]} ctx=$WORK/context-$1 start=$SECONDS
    local tar=${BASE_TAR[$b]} tarball_name="citus-$citus-pg$major-$suite.tar.gz" pg built sha pgdata volume libs
    pg=$(info_value "$tar.info" postgresql)
    built=$(info_value "$tar.info" built)
    mkdir -p "$ctx"
    # The copy is what Docker gets: check that one (the shared file might have changed since).
    cp "$CITUS_DIR/$tarball_name" "$ctx/citus.tar.gz"
    sha=$(sha256sum <"$ctx/citus.tar.gz" | cut -d' ' -f1)
    [[ $sha == "${IMG_CITUS_SHA[$spec]}" ]] || die "cannot build $image: $tarball_name changed while building"
    cp "$HERE/docker-entrypoint.sh" "$HERE/Dockerfile" "$ctx/"
    libs=$(tar -tzf "$ctx/citus.tar.gz" | sed -n 's|^\./||; /\.so$/s|^|/|p' | tr '\n' ' ')
    [[ $libs == *"/usr/lib/postgresql/$major/lib/citus.so "* ]] ||
        die "cannot build $image: $tarball_name has no usr/lib/postgresql/$major/lib/citus.so"
    if ((major >= 18)); then
        pgdata=/var/lib/postgresql/$major/docker volume=/var/lib/postgresql
    else
        pgdata=/var/lib/postgresql/data volume=/var/lib/postgresql/data
    fi
    cat >"$ctx/citus-deploy-test-image" <<EOF
image=$image
citus=$citus
citus_tarball=$tarball_name
citus_sha256=$sha
postgresql=$pg
pg_major=$major
suite=$suite
base_built=$(date -u -d "@$built" +%FT%TZ)
inputs=${IMG_KEY[$spec]}
EOF
    log "building $image: $suite, postgresql-$major $pg, Citus $citus"
    # Classic builder: BuildKit needs the buildx plugin, which is not here.
    if ! DOCKER_BUILDKIT=0 docker build --network none --force-rm --tag "$image" \
            --build-arg BASE="$BASE_REPOSITORY:$b" --build-arg PG_MAJOR="$major" --build-arg PG_VERSION="$pg" \
            --build-arg PGDATA="$pgdata" --build-arg DATA_VOLUME="$volume" --build-arg CITUS_LIBS="$libs" \
            --label citus-deploy.citus="$citus" \
            --label citus-deploy.postgresql="$pg" \
            --label citus-deploy.pg-major="$major" \
            --label citus-deploy.suite="$suite" \
            --label citus-deploy.citus-sha256="$sha" \
            --label citus-deploy.base-built="$built" \
            --label citus-deploy.inputs="${IMG_KEY[$spec]}" \
            "$ctx" >"$WORK/build-$spec.log" 2>&1; then
        grep -v '^DEPRECATED\|^ *Install the buildx\|^ *BuildKit is currently\|^ *environment-variable' \
            "$WORK/build-$spec.log" | tail -n 25 | sed 's/^/[build-image]   /' >&2
        die "docker build of $image failed"
    fi
    log "built $image in $((SECONDS - start)) s"
}
for spec in "${TODO[@]}"; do build_image "$spec"; done

# The images and bases replaced above (and any left by earlier runs), unless a
# container still uses them. Only untagged images of these scripts are touched.
docker image prune -f --filter label=citus-deploy.base-built >/dev/null || true

if ((${#SKIPPED[@]})); then
    warn "not built: ${SKIPPED[*]/#/$REPOSITORY:} (see above)"
fi
exit 0
