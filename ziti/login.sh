#!/usr/bin/env bash
# Signs the ziti CLI in to a controller; the other scripts then use that session.
# The session is kept in ZITI_CONFIG_DIR (default .ziti/cli), apart from any other ziti login.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [-y] CONTROLLER[:PORT] [USER]
Signs the ziti CLI in to the controller (default port 1280, default user admin).
The password comes from ZITI_PASSWORD, else ziti asks for it.
  -y   accept the controller's CA without asking (a development network's self-signed CA)
The login is kept in ZITI_CONFIG_DIR (now $ZITI_CONFIG_DIR).
EOF
    exit 2
}

yes=()
args=()
for arg in "$@"; do
    case "$arg" in
    -y | --yes) yes=(-y) ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) args+=("$arg") ;;
    esac
done
[[ ${#args[@]} -ge 1 && ${#args[@]} -le 2 ]] || usage

controller="${args[0]}"
user="${args[1]:-admin}"
[[ "$controller" == *:* ]] || controller="$controller:1280"
mkdir -p "$ZITI_CONFIG_DIR"
chmod 700 "$ZITI_CONFIG_DIR"

if [[ -n "${ZITI_PASSWORD:-}" ]]; then
    if ! out="$(zt edge login "$controller" -u "$user" -p "$ZITI_PASSWORD" "${yes[@]}" </dev/null 2>&1)"; then
        echo "$out" >&2
        die "could not log in to $controller as $user"
    fi
else
    [[ -t 0 ]] || die "no ZITI_PASSWORD and no terminal to ask for the password on"
    zt edge login "$controller" -u "$user" "${yes[@]}" || die "could not log in to $controller as $user"
fi
say "logged in to $controller as $user (session in $ZITI_CONFIG_DIR)"
