#!/usr/bin/env bash
# Stops the development network: the tunneler, run_ziti.py, the edge routers and the controller.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--purge]
Stops the development network's processes started by ziti/dev-network-up.sh (tunneler,
run_ziti.py, edge routers, controller): SIGTERM, then SIGKILL after 15 s.
  --purge   also delete the network (\$ZITI_DEV_HOME, now $DEV_HOME) and the dev identities
            ($DEV_SERVER_IDENTITY, $DEV_PERSON_IDENTITY in $ZITI_IDENTITIES_DIR); the CLI login in
            ZITI_CONFIG_DIR stays (it points at a controller that is gone)
EOF
    exit 2
}

purge=0
case "${1:-}" in
"") ;;
--purge) purge=1 ;;
*) usage ;;
esac
[[ $# -le 1 ]] || usage

stopped=0
stop() {
    if dev_stop "$1" "$2"; then
        say "stopped $1"
        stopped=$((stopped + 1))
    fi
}
if [[ -d "$DEV_HOME" ]]; then
    stop proxy "tunnel proxy -i"
    stop runner "run_ziti.py"
    stop router "$(dev_router_marker 1)"
    stop router2 "$(dev_router_marker 2)"
    stop controller "$CTRL_MARKER"
fi
((stopped > 0)) || say "nothing was running"

if ((purge)); then
    if [[ -d "$DEV_HOME" ]]; then
        rm -rf "$DEV_HOME"
        say "deleted $DEV_HOME"
    fi
    for name in "$DEV_SERVER_IDENTITY" "$DEV_PERSON_IDENTITY"; do
        for file in "$ZITI_IDENTITIES_DIR/$name".{json,jwt,qr.svg}; do
            if [[ -e "$file" ]]; then
                rm -f "$file"
                say "deleted $file"
            fi
        done
    done
fi
