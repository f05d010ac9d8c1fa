# shellcheck shell=bash
# Sourced by setup.sh and image/build.sh.
#
# Finds the Debian archive URIs this machine's apt already uses, so the
# scripts never hard-code a mirror: CI and developer machines may each point
# at a different mirror or snapshot, and only those are reachable.

# apt_source_uri SUITE
# Prints the URI of the first enabled "deb" source for SUITE (e.g. bookworm,
# bookworm-security), read from /etc/apt/sources.list, sources.list.d/*.list
# (one-line format) and sources.list.d/*.sources (deb822 format).
# Prints nothing (and still succeeds) when no source has that suite.
apt_source_uri() {
    local suite=$1 f out
    local files=()
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] && files+=("$f")
    done
    out=$(
        for f in "${files[@]}"; do
            case $f in
                *.sources) _apt_uris_deb822 "$suite" <"$f" ;;
                *) _apt_uris_oneline "$suite" <"$f" ;;
            esac
        done
    )
    # First match wins, like apt's own ordering; trailing slashes dropped.
    out=${out%%$'\n'*}
    printf '%s' "${out%/}"
}

# deb822: stanzas separated by blank lines; fields may continue on indented lines.
_apt_uris_deb822() {
    awk -v want="$1" '
        function flush(   n, i, m, j, s, u) {
            if (types ~ /(^|[ \t])deb([ \t]|$)/ && tolower(enabled) != "no") {
                n = split(suites, s, /[ \t]+/)
                for (i = 1; i <= n; i++) if (s[i] == want) {
                    m = split(uris, u, /[ \t]+/)
                    for (j = 1; j <= m; j++) if (u[j] != "") { print u[j]; break }
                    break
                }
            }
            types = uris = suites = field = ""; enabled = "yes"
        }
        BEGIN { enabled = "yes" }
        /^[ \t]*#/  { next }
        /^[ \t]*$/  { flush(); next }
        /^[ \t]/    { if (field == "types") types = types " " $0
                      else if (field == "uris") uris = uris " " $0
                      else if (field == "suites") suites = suites " " $0
                      next }
        {
            field = tolower(substr($0, 1, index($0, ":") - 1))
            value = substr($0, index($0, ":") + 1)
            if (field == "types") types = value
            else if (field == "uris") uris = value
            else if (field == "suites") suites = value
            else if (field == "enabled") { gsub(/[ \t]/, "", value); enabled = value }
        }
        END { flush() }
    '
}

# One-line format: "deb [options] URI SUITE COMPONENT..."
_apt_uris_oneline() {
    awk -v want="$1" '
        { sub(/#.*/, ""); gsub(/\[[^]]*\]/, "") }
        $1 == "deb" && $3 == want { print $2 }
    '
}

# apt_host_acquire_conf
# Prints the host apt settings a second apt (in a chroot) needs to reach the
# same mirror the same way: proxies and validity-check relaxations (e.g. a
# snapshot mirror whose Release files are past their Valid-Until date).
apt_host_acquire_conf() {
    apt-config dump 2>/dev/null |
        grep -E '^Acquire::(Check-Valid-Until|Check-Date|Retries|https?::Proxy|ForceIPv4|ForceIPv6)[ :]' || true
}
