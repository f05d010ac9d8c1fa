#!/usr/bin/env bash
# Builds the local test image citus-deploy-test:pg15 without any container
# registry (none is reachable where the tests run):
#
#   debootstrap --variant=minbase bookworm  ->  apt-get install postgresql-15
#   ->  (Citus files copied from this machine, if they fit)  ->  docker import
#
# The image follows the official postgres:15 image's layout and contract
# (uid/gid 999, PGDATA, docker-entrypoint.sh, initdb.d), so the product's
# compose files run against it unchanged.
#
# Citus is never built here: if this machine has Citus installed for
# PostgreSQL 15, built against the same PostgreSQL minor version the image
# gets, its files are copied in; otherwise the image has no Citus and the
# reason is printed and recorded in the image (label citus-deploy.citus-reason).
#
# Usage: build.sh [--force]
#   --force   rebuild even if an image built from the same inputs exists
#
# Environment: CITUS_DEPLOY_TEST_IMAGE (default citus-deploy-test:pg15),
#              CITUS_DEPLOY_TEST_CACHE (default /var/cache/citus-deploy-test),
#              PG_CONFIG (pg_config of the PostgreSQL 15 whose Citus to copy;
#              default: the Debian postgresql-15 one).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$HERE/../lib/apt-sources.sh"

IMAGE=${CITUS_DEPLOY_TEST_IMAGE:-citus-deploy-test:pg15}
CACHE_DIR=${CITUS_DEPLOY_TEST_CACHE:-/var/cache/citus-deploy-test}
PG_MAJOR=15
SUITE=bookworm
# Bump when the base rootfs recipe changes, to drop cached debootstrap tarballs.
BASE_RECIPE=1
BASE_MAX_AGE_DAYS=7

log() { printf '[build-image] %s\n' "$*" >&2; }
die() { printf '[build-image] error: %s\n' "$*" >&2; exit 1; }

FORCE=0
for arg; do
    case $arg in
        --force) FORCE=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg (try --help)" ;;
    esac
done

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot)"
for cmd in debootstrap docker chroot sha256sum; do
    command -v "$cmd" >/dev/null || die "$cmd not found; run test-env/setup.sh first"
done
docker info >/dev/null 2>&1 || die "the Docker daemon is not reachable; run test-env/setup.sh first"

# --- Mirrors: the ones this machine's apt already uses ----------------------
MAIN_URI=$(apt_source_uri "$SUITE")
UPDATES_URI=$(apt_source_uri "$SUITE-updates")
SECURITY_URI=$(apt_source_uri "$SUITE-security")
[[ -n $MAIN_URI ]] || die "no apt source for '$SUITE' in /etc/apt/sources.list{,.d}; cannot pick a mirror"
[[ -n $UPDATES_URI ]] || UPDATES_URI=$MAIN_URI
[[ -n $SECURITY_URI ]] || log "note: no apt source for $SUITE-security here; the image gets no security updates"

# Debian version -> upstream version: 1:15.20-0+deb12u1 -> 15.20
upstream_version() { local v=${1#*:}; printf '%s' "${v%%-*}"; }

# The postgresql-15 version the image will get: the newest this machine's apt
# lists know from the same mirrors and suites. Only used as a cache key; the
# version actually installed is recorded after the build.
expected_pg_version() {
    local best="" ver src
    while IFS='|' read -r _ ver src; do
        ver=${ver// /}
        case $src in
            *" $SUITE/"* | *" $SUITE-updates/"* | *" $SUITE-security/"*) ;;
            *) continue ;;
        esac
        if [[ -z $best ]] || dpkg --compare-versions "$ver" gt "$best"; then best=$ver; fi
    done < <(apt-cache madison "postgresql-$PG_MAJOR" 2>/dev/null || true)
    printf '%s' "${best:-unknown}"
}

# --- Citus on this machine? ------------------------------------------------
# Sets PG_CONFIG, HOST_LIBDIR, HOST_SHAREDIR, HOST_PG (upstream version Citus
# was built against), CITUS_FILES (absolute paths), CITUS_VERSION, CITUS_ABSENT_REASON.
find_host_citus() {
    local c candidates=("${PG_CONFIG:-}")
    PG_CONFIG="" HOST_LIBDIR="" HOST_SHAREDIR="" HOST_PG="" CITUS_FILES=() CITUS_VERSION="" CITUS_ABSENT_REASON=""
    # $PG_CONFIG (the PGXS convention) may name another PostgreSQL installation.
    if [[ -z ${candidates[0]} ]]; then
        candidates=("/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" "$(command -v pg_config || true)")
    fi
    for c in "${candidates[@]}"; do
        if [[ -n $c && -x $c ]] && "$c" --version 2>/dev/null | grep -q "^PostgreSQL $PG_MAJOR\."; then
            PG_CONFIG=$c
            break
        fi
    done
    if [[ -z $PG_CONFIG ]]; then
        CITUS_ABSENT_REASON="no pg_config for PostgreSQL $PG_MAJOR on this machine, so no Citus installed for it"
        return 0
    fi
    HOST_LIBDIR=$("$PG_CONFIG" --pkglibdir)
    HOST_SHAREDIR=$("$PG_CONFIG" --sharedir)
    local libdir=$HOST_LIBDIR sharedir=$HOST_SHAREDIR
    if [[ ! -f $libdir/citus.so ]]; then
        CITUS_ABSENT_REASON="Citus is not installed on this machine ($libdir/citus.so does not exist)"
        return 0
    fi
    if ! compgen -G "$sharedir/extension/citus--*.sql" >/dev/null || [[ ! -f $sharedir/extension/citus.control ]]; then
        CITUS_ABSENT_REASON="$libdir/citus.so exists but citus.control / citus--*.sql are missing in $sharedir/extension"
        return 0
    fi
    # Everything Citus installs next to PostgreSQL: citus.so, citus_columnar.so,
    # citus_decoders/, citus_pgoutput.so, ..., their JIT bitcode, and the
    # extension scripts of citus and citus_columnar.
    local tops=()
    mapfile -t tops < <(find "$libdir" "$libdir/bitcode" "$sharedir/extension" \
        -mindepth 1 -maxdepth 1 -name 'citus*' 2>/dev/null)
    mapfile -t CITUS_FILES < <(find "${tops[@]}" \( -type f -o -type l \) | LC_ALL=C sort)

    # The version Citus was compiled against: for Debian's PostgreSQL the
    # server headers' package (postgresql-server-dev-15) if installed,
    # otherwise what pg_config says.
    HOST_PG=$("$PG_CONFIG" --version | awk '{print $2}')
    if [[ $PG_CONFIG == "/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" &&
          $(dpkg-query -W -f='${db:Status-Abbrev}' "postgresql-server-dev-$PG_MAJOR" 2>/dev/null || true) == ii* ]]; then
        HOST_PG=$(upstream_version "$(dpkg-query -W -f='${Version}' "postgresql-server-dev-$PG_MAJOR")")
    fi

    # Release version as citus_version() reports it; the control file's
    # default_version (e.g. 12.1-1) is the fallback.
    CITUS_VERSION=$(grep -aoE -m1 'Citus [0-9]+\.[0-9]+(\.[0-9]+)?(devel|[-.a-z0-9]*)?' "$libdir/citus.so" | head -n1 | awk '{print $2}' || true)
    if [[ -z $CITUS_VERSION ]]; then
        CITUS_VERSION=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$sharedir/extension/citus.control")
    fi
}

find_host_citus
EXPECTED_PG=$(expected_pg_version)

# --- Cache key: everything that changes the image ---------------------------
# Contents only (no paths), so a checkout elsewhere (CI) hits the same key.
inputs_hash() {
    {
        echo "recipe=$BASE_RECIPE"
        sha256sum <"$HERE/build.sh"
        sha256sum <"$HERE/docker-entrypoint.sh"
        sha256sum <"$HERE/../lib/apt-sources.sh"
        echo "mirrors=$MAIN_URI $UPDATES_URI $SECURITY_URI"
        echo "postgresql=$EXPECTED_PG host_postgresql=$HOST_PG"
        local f
        for f in "${CITUS_FILES[@]}"; do
            printf '%s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$f"
        done
    } | sha256sum | cut -c1-20
}
INPUTS=$(inputs_hash)

image_label() { docker image inspect -f "{{ index .Config.Labels \"$1\" }}" "$IMAGE" 2>/dev/null || true; }

# One build at a time per machine (a developer and CI may share it); checked
# under the lock so a build that just finished elsewhere is reused.
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/build.lock"
flock 9

if ((!FORCE)) && [[ $(image_label citus-deploy.inputs) == "$INPUTS" ]]; then
    log "$IMAGE is up to date (inputs $INPUTS; postgresql $(image_label citus-deploy.postgresql), citus $(image_label citus-deploy.citus))"
    exit 0
fi

log "building $IMAGE (inputs $INPUTS, expected postgresql-$PG_MAJOR $EXPECTED_PG)"
START=$SECONDS

WORK=$(mktemp -d /var/tmp/citus-deploy-test-build.XXXXXX)
ROOTFS=$WORK/rootfs
mkdir -p "$ROOTFS"

# Unmounts whatever this build mounted below $WORK, then deletes it. Never
# deletes while something is still mounted (that would reach into the host).
cleanup() {
    local m
    while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m" || true
    done < <(findmnt -rn -o TARGET | grep -F "$WORK/" | LC_ALL=C sort -r)
    if findmnt -rn -o TARGET | grep -qF "$WORK/"; then
        log "warning: mounts remain below $WORK; leaving it in place"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every change to the image's files goes through chroot: the rootfs has
# absolute symlinks (e.g. /var/run -> /run) that, followed from the host,
# would modify the host's own directories.
in_chroot() {
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive \
        chroot "$ROOTFS" "$@"
}

# put PATH MODE < CONTENT: writes a file in the image.
put() {
    in_chroot sh -c 'mkdir -p "$(dirname "$1")" && cat >"$1" && chmod "$2" "$1"' put "$1" "$2"
}

# mount_in_rootfs MOUNT-ARGS... DIR: mounts on DIR of the image after checking
# that DIR really lies inside the rootfs (no symlink leading out of it).
mount_in_rootfs() {
    local dir=${*: -1} real
    real=$(realpath -e "$ROOTFS$dir")
    [[ $real == "$ROOTFS$dir" ]] || die "refusing to mount on $ROOTFS$dir (resolves to $real)"
    mount "${@:1:$#-1}" "$real"
}

# Runs a noisy command with its output in a log file; shows the tail if it fails.
quietly() {
    local logfile=$WORK/$1.log
    shift
    if ! "$@" >"$logfile" 2>&1; then
        tail -n 40 "$logfile" >&2
        die "failed: $*"
    fi
}

# --- 1. Base system: debootstrap minbase, cached as a tarball ---------------
ARCH=$(dpkg --print-architecture)
BASE_KEY=$(printf '%s\n' "$BASE_RECIPE" "$SUITE" "$ARCH" "$MAIN_URI" "$(dpkg-query -W -f='${Version}' debootstrap)" | sha256sum | cut -c1-16)
BASE_TAR=$CACHE_DIR/$SUITE-minbase-$ARCH-$BASE_KEY.tar
if [[ -f $BASE_TAR && -z $(find "$BASE_TAR" -mtime +"$BASE_MAX_AGE_DAYS") ]]; then
    log "base system from cache ($BASE_TAR)"
    tar -C "$ROOTFS" -xf "$BASE_TAR"
else
    log "debootstrap --variant=minbase $SUITE from $MAIN_URI (a few minutes)"
    quietly debootstrap debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$ROOTFS" "$MAIN_URI"
    rm -f "$CACHE_DIR/$SUITE-minbase-"*.tar
    tar -C "$ROOTFS" --numeric-owner -cf "$BASE_TAR.tmp" .
    mv "$BASE_TAR.tmp" "$BASE_TAR"
fi

# --- 2. Packages ------------------------------------------------------------
in_chroot rm -f /etc/apt/sources.list
{
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' "$MAIN_URI" "$SUITE"
    printf 'Types: deb\nURIs: %s\nSuites: %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$UPDATES_URI" "$SUITE"
    if [[ -n $SECURITY_URI ]]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$SECURITY_URI" "$SUITE"
    fi
} | put /etc/apt/sources.list.d/debian.sources 0644
# Build-time only: reach the mirror the way the host does (proxy, snapshot validity).
apt_host_acquire_conf | put /etc/apt/apt.conf.d/99citus-deploy-build 0644
put /etc/resolv.conf 0644 </etc/resolv.conf
# Package scripts must not start services inside the chroot (they would run on the host).
printf '#!/bin/sh\nexit 101\n' | put /usr/sbin/policy-rc.d 0755
# Slimmer image: no manuals or docs (copyright files are kept).
put /etc/dpkg/dpkg.cfg.d/citus-deploy-nodoc 0644 <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
EOF

# Same ids as the official image, created before the packages would pick others:
# volumes made by one image stay readable by the other.
in_chroot groupadd --system --gid 999 postgres
in_chroot useradd --system --gid postgres --uid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres
in_chroot install -d -o postgres -g postgres -m 1777 /var/lib/postgresql

# Downloaded .debs survive between builds; proc for package scripts.
mkdir -p "$CACHE_DIR/apt-archives/partial"
mount_in_rootfs --bind "$CACHE_DIR/apt-archives" /var/cache/apt/archives
mount_in_rootfs -t proc proc /proc

APT_INSTALL=(apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
log "installing postgresql-$PG_MAJOR in the image"
quietly apt-update in_chroot apt-get update
quietly apt-upgrade in_chroot apt-get -y dist-upgrade
quietly apt-common in_chroot "${APT_INSTALL[@]}" postgresql-common locales ca-certificates tzdata
# No "main" cluster from the package: the entrypoint creates the only one, in $PGDATA.
in_chroot sed -ri 's/^#? *(create_main_cluster) *=.*/\1 = false/' /etc/postgresql-common/createcluster.conf
in_chroot grep -qx 'create_main_cluster = false' /etc/postgresql-common/createcluster.conf ||
    die "could not disable create_main_cluster"
# libcurl4/liblz4-1/libzstd1: what Citus links to; xz-utils/zstd: *.sql.xz|zst init files.
quietly apt-postgresql in_chroot "${APT_INSTALL[@]}" \
    "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR" libcurl4 liblz4-1 libzstd1 xz-utils zstd
quietly apt-autoclean in_chroot apt-get autoclean
umount "$ROOTFS/var/cache/apt/archives"

IMAGE_PG_DEB=$(in_chroot dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")
IMAGE_PG=$(upstream_version "$IMAGE_PG_DEB")
log "image has postgresql-$PG_MAJOR $IMAGE_PG_DEB"

# Belt and braces: no package-made cluster may remain.
in_chroot rm -rf "/etc/postgresql/$PG_MAJOR" "/var/lib/postgresql/$PG_MAJOR"

# UTF-8 by default, as in the official image (LANG=en_US.utf8).
in_chroot sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
quietly locale-gen in_chroot locale-gen

# Official image default: listen on all addresses unless told otherwise.
SAMPLE_CONF=/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample
in_chroot sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" "$SAMPLE_CONF"
in_chroot grep -q "^listen_addresses = '\*'" "$SAMPLE_CONF" || die "could not set listen_addresses in $SAMPLE_CONF"

in_chroot install -d -o postgres -g postgres -m 3777 /var/run/postgresql
in_chroot install -d -o postgres -g postgres -m 1777 /var/lib/postgresql/data
in_chroot install -d -m 0755 /docker-entrypoint-initdb.d
put /usr/local/bin/docker-entrypoint.sh 0755 <"$HERE/docker-entrypoint.sh"

# --- 3. Citus, if this machine has a matching build -------------------------
IMAGE_CITUS=none
if [[ -z $CITUS_ABSENT_REASON && $HOST_PG != "$IMAGE_PG" ]]; then
    CITUS_ABSENT_REASON="Citus $CITUS_VERSION on this machine was built for PostgreSQL $HOST_PG, the image has $IMAGE_PG (version mismatch)"
fi
if [[ -z $CITUS_ABSENT_REASON ]]; then
    log "copying Citus $CITUS_VERSION (${#CITUS_FILES[@]} files) from this machine"
    # Into the image's PostgreSQL directories, at the same relative paths (for
    # Debian's postgresql-15 on this machine, the very same paths).
    IMAGE_FILES=()
    copy_citus_files() {
        local from=$1 to=$2 f rel=()
        for f in "${CITUS_FILES[@]}"; do
            [[ $f == "$from"/* ]] && rel+=("${f#"$from"/}")
        done
        ((${#rel[@]})) || return 0
        tar -C "$from" -cf - "${rel[@]}" | in_chroot tar -C "$to" -xf -
        IMAGE_FILES+=("${rel[@]/#/$to/}")
    }
    copy_citus_files "$HOST_LIBDIR" "/usr/lib/postgresql/$PG_MAJOR/lib"
    copy_citus_files "$HOST_SHAREDIR" "/usr/share/postgresql/$PG_MAJOR"
    ((${#IMAGE_FILES[@]} == ${#CITUS_FILES[@]})) ||
        die "some Citus files are outside $HOST_LIBDIR and $HOST_SHAREDIR"
    # Its shared libraries must all resolve inside the image.
    missing=""
    for f in "${IMAGE_FILES[@]}"; do
        [[ $f == *.so ]] || continue
        missing+=$(in_chroot ldd "$f" 2>&1 | grep 'not found' || true)
    done
    if [[ -n $missing ]]; then
        log "Citus libraries need what the image lacks:"$'\n'"$missing"
        in_chroot rm -f "${IMAGE_FILES[@]}"
        CITUS_ABSENT_REASON="Citus $CITUS_VERSION links to libraries missing in the image: $(tr -s ' \t\n' ' ' <<<"$missing" | cut -c1-200)"
    else
        IMAGE_CITUS=$CITUS_VERSION
        # As in citusdata/citus: preloaded by default, extension created at init.
        printf "\nshared_preload_libraries = 'citus'\n" | in_chroot tee -a "$SAMPLE_CONF" >/dev/null
        printf 'CREATE EXTENSION citus;\n' | put /docker-entrypoint-initdb.d/001-create-citus-extension.sql 0644
    fi
fi
if [[ $IMAGE_CITUS == none ]]; then
    log "NOTE: the image has NO Citus: $CITUS_ABSENT_REASON"
fi

# --- 4. Clean up and import -------------------------------------------------
umount "$ROOTFS/proc"
in_chroot sh -c 'rm -rf /etc/apt/apt.conf.d/99citus-deploy-build /var/lib/apt/lists/* /var/cache/apt/*.bin \
    /var/cache/apt/archives/*.deb /var/log/apt/* /var/log/dpkg.log /var/cache/debconf/*-old /tmp/*'
put /etc/resolv.conf 0644 </dev/null          # Docker provides it at run time
printf 'postgresql=%s\ncitus=%s\ncitus_reason=%s\ninputs=%s\n' \
    "$IMAGE_PG_DEB" "$IMAGE_CITUS" "${CITUS_ABSENT_REASON:-}" "$INPUTS" | put /etc/citus-deploy-test-image 0644

# Label values go into Dockerfile syntax: keep them free of double quotes.
REASON=${CITUS_ABSENT_REASON//\"/\'}
OLD_ID=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
ROOTFS_TAG=citus-deploy-test-rootfs:$INPUTS
log "importing into Docker as $IMAGE"
tar -C "$ROOTFS" --numeric-owner -cf - . | docker import - "$ROOTFS_TAG" >/dev/null
# The image settings come from a Dockerfile on top of the imported rootfs:
# the Docker 20.10 engine's "import --change" rejects STOPSIGNAL. BuildKit is
# off because it needs the buildx plugin; the classic builder only writes
# configuration here (no RUN), which takes a second.
quietly docker-build env DOCKER_BUILDKIT=0 docker build --quiet --tag "$IMAGE" - <<EOF
FROM $ROOTFS_TAG
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/$PG_MAJOR/bin
ENV LANG=en_US.utf8 PG_MAJOR=$PG_MAJOR PG_VERSION=$IMAGE_PG_DEB PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
STOPSIGNAL SIGINT
EXPOSE 5432
LABEL citus-deploy.inputs="$INPUTS" \\
      citus-deploy.postgresql="$IMAGE_PG_DEB" \\
      citus-deploy.citus="$IMAGE_CITUS" \\
      citus-deploy.citus-reason="$REASON"
EOF
# Only drops the tag: the imported layer stays, as the new image's parent.
docker image rm "$ROOTFS_TAG" >/dev/null

NEW_ID=$(docker image inspect -f '{{.Id}}' "$IMAGE")
if [[ -n $OLD_ID && $OLD_ID != "$NEW_ID" ]]; then
    docker image rm "$OLD_ID" >/dev/null 2>&1 || true   # still used by a container: keep it
fi
log "built $IMAGE in $((SECONDS - START)) s: postgresql $IMAGE_PG_DEB, citus $IMAGE_CITUS"
