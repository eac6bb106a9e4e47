#!/usr/bin/env bash
# Creates the site's Ziti service with its intercept.v1 config: the address people's Ziti apps
# intercept (http://family.tools.ziti by default) and carry over the overlay to the service.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--host HOST] [--port PORT]
Creates the service $SERVICE (attribute #$SERVICE_ATTRIBUTE; name from ZITI_SERVICE) and its
intercept config $INTERCEPT_CONFIG: the address people type in their browser.
  --host HOST   intercepted host name (default \$FAMILY_TOOLS_HOST or family.tools.ziti)
  --port PORT   intercepted TCP port (default \$FAMILY_TOOLS_PORT or 80)
Changes the config's address when it differs. Needs a logged-in CLI (ziti/login.sh).
EOF
    exit 2
}

host="${FAMILY_TOOLS_HOST:-family.tools.ziti}"
port="${FAMILY_TOOLS_PORT:-80}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --host)
        [[ $# -ge 2 ]] || usage
        host="$2"
        shift 2
        ;;
    --port)
        [[ $# -ge 2 ]] || usage
        port="$2"
        shift 2
        ;;
    *) usage ;;
    esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    die "the port must be a TCP port number, not '$port'"
fi
[[ "$host" =~ ^[A-Za-z0-9.-]+$ ]] || die "the host must be a host name, not '$host'"

need_login

data="{\"protocols\":[\"tcp\"],\"addresses\":[\"$host\"],\"portRanges\":[{\"low\":$port,\"high\":$port}]}"
# How a config's address reads, for comparing and for messages.
describe='"\(.addresses | join(",")):\(.portRanges | map(if .low == .high then "\(.low)" else "\(.low)-\(.high)" end) | join(","))"'

if exists configs "$INTERCEPT_CONFIG"; then
    current="$(find_json configs "$INTERCEPT_CONFIG" | json_get ".data[0].data | $describe")"
    if [[ "$current" == "$host:$port" ]]; then
        say "config $INTERCEPT_CONFIG ($host:$port) already exists, nothing to do"
    else
        zt edge update config "$INTERCEPT_CONFIG" --data "$data" >/dev/null
        say "changed config $INTERCEPT_CONFIG to $host:$port (was $current)"
    fi
else
    zt edge create config "$INTERCEPT_CONFIG" intercept.v1 "$data" >/dev/null
    say "created config $INTERCEPT_CONFIG: $host:$port"
fi

if exists services "$SERVICE"; then
    say "service $SERVICE already exists, nothing to do"
else
    zt edge create service "$SERVICE" --configs "$INTERCEPT_CONFIG" \
        --role-attributes "$SERVICE_ATTRIBUTE" >/dev/null
    say "created service $SERVICE (#$SERVICE_ATTRIBUTE) with config $INTERCEPT_CONFIG"
fi
