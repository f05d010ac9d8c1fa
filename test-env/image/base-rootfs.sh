#!/usr/bin/env bash
# Builds the base system of citus-deploy's test images, as one tar archive:
#
#   debootstrap --variant=minbase SUITE  ->  apt-get install postgresql-NN
#
# set up the way the official postgres:NN image is (user/group postgres
# 999, en_US.UTF-8, listen_addresses = '*' in the sample config, the data
# directory of that major's layout), but without Citus, the entrypoint or any
# Docker setting: image/build.sh adds those. Images with the same suite and
# PostgreSQL major share one base (e.g. Citus 13.2.2 and 14.0.1 on trixie's
# PostgreSQL 17).
#
# Called by image/build.sh, which decides when a base is needed, which mirror
# and packages it gets, and where it is cached.
#
# Usage: base-rootfs.sh --suite SUITE --pg-major NN --mirror URI --output FILE.tar
#            [--updates-uri URI] [--security-uri URI] [--ignore-valid-until]
#            [--package PKG]...
#   --mirror              Debian archive with SUITE
#   --updates-uri         archive with SUITE-updates (none if omitted)
#   --security-uri        archive with SUITE-security (none if omitted)
#   --ignore-valid-until  accept a Release file past its Valid-Until date (the
#                         mirror's forky index is); build time only
#   --package             one more package to install (repeatable)
#   --output              the tar to write; FILE.tar.info gets KEY=VALUE facts
#                         (postgresql version, build time); written last, so its
#                         presence means the tar is complete
#
# Environment: CITUS_DEPLOY_TEST_CACHE (default /var/cache/citus-deploy-test):
#              downloaded .debs are kept in its debs/SUITE/ between builds.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$HERE/../lib/apt-sources.sh"

CACHE_DIR=${CITUS_DEPLOY_TEST_CACHE:-/var/cache/citus-deploy-test}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

SUITE="" PG_MAJOR="" MIRROR="" UPDATES_URI="" SECURITY_URI="" OUTPUT="" IGNORE_VALID_UNTIL=0
PACKAGES=()

die() { printf '[base %s] error: %s\n' "${SUITE:-?}-pg${PG_MAJOR:-?}" "$*" >&2; exit 1; }
log() { printf '[base %s-pg%s] %s\n' "$SUITE" "$PG_MAJOR" "$*" >&2; }

while (($#)); do
    case $1 in
        --suite) SUITE=${2:?}; shift 2 ;;
        --pg-major) PG_MAJOR=${2:?}; shift 2 ;;
        --mirror) MIRROR=${2:?}; shift 2 ;;
        --updates-uri) UPDATES_URI=${2:?}; shift 2 ;;
        --security-uri) SECURITY_URI=${2:?}; shift 2 ;;
        --ignore-valid-until) IGNORE_VALID_UNTIL=1; shift ;;
        --package) PACKAGES+=("${2:?}"); shift 2 ;;
        --output) OUTPUT=${2:?}; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
done
[[ -n $SUITE && -n $MIRROR && -n $OUTPUT ]] || die "--suite, --pg-major, --mirror and --output are required"
[[ $PG_MAJOR =~ ^[0-9]+$ ]] || die "--pg-major must be a number, got '$PG_MAJOR'"
[[ $OUTPUT == /* ]] || die "--output must be an absolute path"
[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot)"

# debootstrap knows the suites that existed when it was released: bookworm's
# has no script for forky. Debian's later suites all bootstrap like sid.
SCRIPT=/usr/share/debootstrap/scripts/$SUITE
if [[ ! -e $SCRIPT ]]; then
    SCRIPT=/usr/share/debootstrap/scripts/sid
    [[ -e $SCRIPT ]] || die "debootstrap has no script for $SUITE, nor sid's"
fi

# The .deb cache is per suite; one build per suite at a time uses it.
DEBS=$CACHE_DIR/debs/$SUITE
mkdir -p "$DEBS/partial"
exec 8>"$CACHE_DIR/debs/$SUITE.lock"
flock 8

WORK=$(mktemp -d /var/tmp/citus-deploy-test-base.XXXXXX)
ROOTFS=$WORK/rootfs
mkdir -p "$ROOTFS"

# Unmounts whatever this build (or debootstrap) mounted below $WORK, then
# deletes it. Never deletes while something is still mounted there (that
# would reach into the host).
cleanup() {
    local m
    while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m" || true
    done < <(findmnt -rn -o TARGET | grep -F "$WORK/" | LC_ALL=C sort -r)
    if findmnt -rn -o TARGET | grep -F "$WORK/" >/dev/null; then
        log "warning: mounts remain below $WORK; leaving it in place"
    else
        rm -rf "$WORK"
    fi
    rm -f "$OUTPUT.tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

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

# quietly STEP COMMAND...: runs a noisy command with its output in a log
# file; shows the end of it if the command fails.
quietly() {
    local logfile=$WORK/$1.log
    shift
    if ! "$@" >"$logfile" 2>&1; then
        tail -n 40 "$logfile" | sed "s/^/[base $SUITE-pg$PG_MAJOR]   /" >&2
        die "failed: $*"
    fi
}

START=$SECONDS

# --- 1. debootstrap -----------------------------------------------------------
ARCH=$(dpkg --print-architecture)
note=""
[[ $SCRIPT == */scripts/"$SUITE" ]] || note=" (with debootstrap's script for ${SCRIPT##*/})"
log "debootstrap --variant=minbase $SUITE from $MIRROR$note"
if ! debootstrap --variant=minbase --arch="$ARCH" --keyring="$KEYRING" --cache-dir="$DEBS" \
        "$SUITE" "$ROOTFS" "$MIRROR" "$SCRIPT" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 30 "$WORK/debootstrap.log" | sed "s/^/[base $SUITE-pg$PG_MAJOR]   /" >&2
    if grep -qiE 'NO_PUBKEY|unknown key|EXPKEYSIG|Release signed by' "$WORK/debootstrap.log"; then
        die "debootstrap could not verify $SUITE's Release file with $KEYRING" \
            "($(dpkg-query -W -f='debian-archive-keyring ${Version}' debian-archive-keyring 2>/dev/null || echo 'keyring package missing')):" \
            "a newer debian-archive-keyring is needed"
    fi
    die "debootstrap of $SUITE from $MIRROR failed"
fi
log "debootstrap done in $((SECONDS - START)) s"

# --- 2. apt inside the image --------------------------------------------------
in_chroot rm -f /etc/apt/sources.list
{
    stanza() { printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' "$1" "$2" "$KEYRING"; }
    stanza "$MIRROR" "$SUITE"
    if [[ -n $UPDATES_URI ]]; then echo; stanza "$UPDATES_URI" "$SUITE-updates"; fi
    if [[ -n $SECURITY_URI ]]; then echo; stanza "$SECURITY_URI" "$SUITE-security"; fi
} | put /etc/apt/sources.list.d/debian.sources 0644
# Build time only (removed below): reach the mirror the way the host does
# (proxy, snapshot validity), skip translations.
{
    apt_host_acquire_conf
    echo 'Acquire::Languages "none";'
    if ((IGNORE_VALID_UNTIL)); then echo 'Acquire::Check-Valid-Until "false";'; fi
} | put /etc/apt/apt.conf.d/99citus-deploy-build 0644
# No fsync per file while unpacking: the result is a tar, written at the end.
echo force-unsafe-io | put /etc/dpkg/dpkg.cfg.d/99citus-deploy-build 0644
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

# Same ids as the official image, created before the packages would pick
# others: volumes made by one image stay readable by the other.
in_chroot groupadd --system --gid 999 postgres
in_chroot useradd --system --gid postgres --uid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres
in_chroot install -d -o postgres -g postgres -m 1777 /var/lib/postgresql

# Downloaded .debs survive between builds; proc for package scripts.
mount_in_rootfs --bind "$DEBS" /var/cache/apt/archives
mount_in_rootfs -t proc proc /proc

APT_INSTALL=(apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
quietly apt-update in_chroot apt-get update
quietly apt-upgrade in_chroot apt-get -y dist-upgrade
quietly apt-common in_chroot "${APT_INSTALL[@]}" postgresql-common locales ca-certificates tzdata
# No "main" cluster from the package: the entrypoint creates the only one, in $PGDATA.
in_chroot sed -ri 's/^#? *(create_main_cluster) *=.*/\1 = false/' /etc/postgresql-common/createcluster.conf
in_chroot grep -qx 'create_main_cluster = false' /etc/postgresql-common/createcluster.conf ||
    die "could not disable create_main_cluster"
# From 18 on, Debian ships JIT apart (only recommended); the official image installs it.
if in_chroot apt-cache show "postgresql-$PG_MAJOR-jit" >/dev/null 2>&1; then
    PACKAGES+=("postgresql-$PG_MAJOR-jit")
fi
# xz-utils/zstd: for *.sql.xz|zst init files, as in the official image.
log "installing postgresql-$PG_MAJOR ${PACKAGES[*]}"
quietly apt-postgresql in_chroot "${APT_INSTALL[@]}" \
    "postgresql-$PG_MAJOR" "postgresql-client-$PG_MAJOR" xz-utils zstd "${PACKAGES[@]}"
quietly apt-autoclean in_chroot apt-get autoclean
umount "$ROOTFS/var/cache/apt/archives"

PG_DEB=$(in_chroot dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")
log "postgresql-$PG_MAJOR $PG_DEB installed"

# Belt and braces: no package-made cluster may remain.
in_chroot rm -rf "/etc/postgresql/$PG_MAJOR" "/var/lib/postgresql/$PG_MAJOR"

# UTF-8 by default, as in the official image (LANG=en_US.utf8).
in_chroot sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
quietly locale-gen in_chroot locale-gen
in_chroot locale -a | grep -x 'en_US.utf8' >/dev/null || die "locale en_US.utf8 was not generated"

# Official image default: listen on all addresses unless told otherwise.
SAMPLE_CONF=/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample
in_chroot sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" "$SAMPLE_CONF"
in_chroot grep -q "^listen_addresses = '\*'" "$SAMPLE_CONF" || die "could not set listen_addresses in $SAMPLE_CONF"

in_chroot install -d -o postgres -g postgres -m 3777 /var/run/postgresql
# The data directory's layout: up to 17 PGDATA is /var/lib/postgresql/data
# (the volume, pre-created world-writable as upstream); from 18 on it is
# /var/lib/postgresql/NN/docker, below the volume /var/lib/postgresql, and the
# entrypoint creates it.
if ((PG_MAJOR < 18)); then
    in_chroot install -d -o postgres -g postgres -m 1777 /var/lib/postgresql/data
fi
in_chroot install -d -m 0755 /docker-entrypoint-initdb.d

# --- 3. Clean up and write the archive ---------------------------------------
umount "$ROOTFS/proc"
in_chroot sh -c 'rm -rf /etc/apt/apt.conf.d/99citus-deploy-build /etc/dpkg/dpkg.cfg.d/99citus-deploy-build \
    /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb /var/log/apt/* /var/log/dpkg.log \
    /var/cache/debconf/*-old /tmp/*'
put /etc/resolv.conf 0644 </dev/null          # Docker provides it at run time

mkdir -p "$(dirname "$OUTPUT")"
tar -C "$ROOTFS" --numeric-owner -cf "$OUTPUT.tmp" .
mv -f "$OUTPUT.tmp" "$OUTPUT"
printf 'suite=%s\npg_major=%s\npostgresql=%s\nbuilt=%s\n' "$SUITE" "$PG_MAJOR" "$PG_DEB" "$(date +%s)" >"$OUTPUT.info.tmp"
mv -f "$OUTPUT.info.tmp" "$OUTPUT.info"
log "done in $((SECONDS - START)) s: $(du -h "$OUTPUT" | cut -f1) in $OUTPUT"
