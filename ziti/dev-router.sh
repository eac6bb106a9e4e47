#!/usr/bin/env bash
# Stops or starts only the edge router of the development network (to test how the site and its
# clients live through a router restart).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} stop|start
Stops the development network's edge router, or starts it and waits until it is online.
The network must exist (ziti/dev-network-up.sh); ZITI_DEV_HOME is $DEV_HOME.
EOF
    exit 2
}
[[ $# -eq 1 && ("$1" == start || "$1" == stop) ]] || usage
[[ -f "$DEV_HOME/.router-created" ]] || die "no development network in $DEV_HOME: run ziti/dev-network-up.sh"
dev_load_ports

case "$1" in
stop)
    if dev_stop router "$ROUTER_MARKER"; then
        say "stopped the router"
    else
        say "the router is not running, nothing to do"
    fi
    ;;
start)
    dev_alive controller "$CTRL_MARKER" || die "the controller is not running: run ziti/dev-network-up.sh"
    dev_login || die "could not log in to the controller on 127.0.0.1:$CTRL_PORT"
    dev_start_router
    say "router online on 127.0.0.1:$ROUTER_PORT"
    ;;
*) usage ;;
esac
