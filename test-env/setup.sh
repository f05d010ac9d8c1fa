#!/usr/bin/env bash
# Prepares a Debian 12 (bookworm) machine, as root, to run citus-deploy's
# integration tests: Docker engine with Compose v2, sshd, debootstrap, and the
# four local test images citus-deploy-test:{13.2.2-pg15,13.2.2-pg17,
# 14.0.1-pg17,14.0.1-pg18} (built by image/build.sh from Debian packages and
# the prebuilt Citus tarballs in the shared folder, since no container
# registry is reachable).
#
# Idempotent and non-interactive (CI runs it with no stdin); when everything
# is in place it only checks and returns within seconds.
#
# A missing or corrupt Citus tarball fails the set-up when CI=true; otherwise
# that image is skipped with a warning (its tests then skip) and the others
# are built.
#
# Usage: bash test-env/setup.sh [--force-image | --refresh-image]
#   --force-image     rebuild the test images even if they are up to date
#   --refresh-image   also rebuild their base systems (newest Debian packages)
#
# Environment: CITUS_DEPLOY_DOCKERD_FLAGS  extra flags for dockerd when this
#              script has to start it (default: none); CITUS_DEPLOY_CITUS_DIR
#              and the others of image/build.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib/apt-sources.sh"

# Another process may hold the dpkg lock (e.g. a concurrent install): wait for it.
APT=(apt-get -o DPkg::Lock::Timeout=900)
export DEBIAN_FRONTEND=noninteractive
DOCKERD_LOG=/var/log/citus-deploy-dockerd.log
DOCKERD_WAIT_SECONDS=60
PACKAGES=(docker.io containerd runc iptables openssh-server debootstrap iproute2 procps
          openssl ca-certificates util-linux tar)

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

BUILD_ARGS=()
for arg; do
    case $arg in
        --force-image) BUILD_ARGS+=(--force) ;;
        --refresh-image) BUILD_ARGS+=(--refresh) ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg (try --help)" ;;
    esac
done

[[ $(id -u) == 0 ]] || die "must run as root"
if [[ -r /etc/os-release ]]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    [[ ${VERSION_CODENAME:-} == bookworm ]] || log "warning: written for Debian 12 (bookworm), this is ${PRETTY_NAME:-unknown}"
fi
START=$SECONDS

is_installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == ii* ]]; }

APT_UPDATED=0
apt_update_once() {
    if ((!APT_UPDATED)); then
        "${APT[@]}" update -qq
        APT_UPDATED=1
    fi
}

# --- 1. Debian packages -----------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt_update_once
    "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# sshd is not started here (no systemd; tests start their own), but it needs
# host keys and its privilege-separation directory to start at all.
ssh-keygen -A >/dev/null
install -d -m 0755 /run/sshd

# --- 2. Docker Compose v2 ---------------------------------------------------
# bookworm only has Compose v1 (docker-compose 1.29). trixie's docker-compose
# (v2, Go, needs only libc6) installs on bookworm. It is fetched with a private
# apt state (own sources list, lists and cache directories) pointing at the
# machine's own mirror, so trixie never appears in the system's apt sources:
# nothing else can come from trixie, even for a concurrent apt run.
install_compose_v2() {
    local mirror tmp
    mirror=$(apt_source_uri bookworm)
    [[ -n $mirror ]] || die "no apt source for bookworm; cannot derive the mirror for trixie's docker-compose"
    tmp=$(mktemp -d)
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/parts" "$tmp/deb"
    printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" >"$tmp/sources.list"
    local private=(-o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts="$tmp/parts"
                   -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache"
                   -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
    log "fetching docker-compose (v2) from trixie on $mirror"
    apt-get "${private[@]}" update -qq
    (cd "$tmp/deb" && apt-get "${private[@]}" download -qq docker-compose)
    dpkg -i "$tmp"/deb/docker-compose_*.deb >/dev/null
    rm -rf "$tmp"
}

compose_version() { docker compose version --short 2>/dev/null || true; }

if [[ $(dpkg-query -W -f='${Version}' docker-compose 2>/dev/null || true) != 2.* ]]; then
    install_compose_v2
fi
# The package puts the plugin in /usr/libexec/docker/cli-plugins. Whichever
# docker CLI is first on PATH (there may be another one in /usr/local/bin)
# must find it; /usr/local/lib/docker/cli-plugins is searched by all of them.
if [[ $(compose_version) != v2.* && $(compose_version) != 2.* ]]; then
    install -d /usr/local/lib/docker/cli-plugins
    ln -sf /usr/libexec/docker/cli-plugins/docker-compose /usr/local/lib/docker/cli-plugins/docker-compose
fi
COMPOSE_VERSION=$(compose_version)
[[ $COMPOSE_VERSION == v2.* || $COMPOSE_VERSION == 2.* ]] ||
    die "'docker compose version' does not report v2 (got '${COMPOSE_VERSION:-nothing}', docker is $(command -v docker))"

# --- 3. Docker daemon -------------------------------------------------------
# No systemd here: start dockerd ourselves, detached, logging to $DOCKERD_LOG.
# The defaults (overlay2, iptables via nftables, docker0 bridge) work on a
# Debian 12 kernel; CITUS_DEPLOY_DOCKERD_FLAGS can add more.
start_dockerd() {
    local flags=()
    read -r -a flags <<<"${CITUS_DEPLOY_DOCKERD_FLAGS:-}"
    log "starting dockerd${flags[*]:+ ${flags[*]}} (log: $DOCKERD_LOG)"
    printf '\n==== %s: dockerd %s\n' "$(date -u +%FT%TZ)" "${flags[*]}" >>"$DOCKERD_LOG"
    setsid nohup dockerd "${flags[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null &
    local pid=$! waited=0
    until docker info >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$DOCKERD_LOG" >&2
            die "dockerd exited; see $DOCKERD_LOG"
        fi
        if ((waited >= DOCKERD_WAIT_SECONDS)); then
            tail -n 20 "$DOCKERD_LOG" >&2
            die "dockerd not ready after ${DOCKERD_WAIT_SECONDS}s; see $DOCKERD_LOG"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

if ! docker info >/dev/null 2>&1; then
    start_dockerd
fi

# --- 4. Test images ---------------------------------------------------------
# In CI a missing Citus tarball is a failure, never a silently smaller test run.
if [[ ${CI:-} != true ]]; then
    BUILD_ARGS+=(--keep-going)
fi
bash "$HERE/image/build.sh" "${BUILD_ARGS[@]}"

REPOSITORY=${CITUS_DEPLOY_TEST_REPOSITORY:-citus-deploy-test}
IMAGES=()
for spec in 13.2.2-pg15 13.2.2-pg17 14.0.1-pg17 14.0.1-pg18; do
    IMAGES+=("$REPOSITORY:$spec")
done
label() { docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
present=()
for image in "${IMAGES[@]}"; do
    [[ -z $(label "$image" citus-deploy.inputs) ]] || present+=("$image")
done
if ((${#present[@]})); then
    # Containers must be able to share the host's network (the product uses network_mode: host).
    docker run --rm --network host --entrypoint /bin/true "${present[-1]}" ||
        die "cannot run a container of ${present[-1]} with --network host"
else
    log "WARNING: no test image could be built; the integration tests will be skipped"
fi

# --- Summary ----------------------------------------------------------------
cat <<EOF
[setup] ready in $((SECONDS - START)) s
  docker client    $(docker version -f '{{.Client.Version}}') ($(command -v docker))
  docker server    $(docker version -f '{{.Server.Version}}'), storage driver $(docker info -f '{{.Driver}}')
  docker compose   $COMPOSE_VERSION
EOF
heading="test images"
for image in "${IMAGES[@]}"; do
    if [[ " ${present[*]} " == *" $image "* ]]; then
        line="postgresql $(label "$image" citus-deploy.postgresql), citus $(label "$image" citus-deploy.citus)"
    else
        line="MISSING (see the warnings above)"
    fi
    printf '  %-16s %-30s %s\n' "$heading" "$image" "$line"
    heading=""
done
