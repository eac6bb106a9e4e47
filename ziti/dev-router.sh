#!/usr/bin/env bash
# Stops or starts one edge router of the development network (to test how the site and its
# clients live through a router restart while the other router keeps running).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} stop|start [1|2]
Stops one edge router of the development network, or starts it and waits until it is online:
router 1 ($DEV_ROUTER, the default) or router 2 ($DEV_ROUTER2).
The network must exist (ziti/dev-network-up.sh); ZITI_DEV_HOME is $DEV_HOME.
EOF
    exit 2
}
[[ $# -ge 1 && $# -le 2 && ("$1" == start || "$1" == stop) ]] || usage
n="${2:-1}"
[[ "$n" == 1 || "$n" == 2 ]] || usage
[[ -f "$DEV_HOME/.router-created" ]] || die "no development network in $DEV_HOME: run ziti/dev-network-up.sh"
if ! dev_router_created "$n"; then
    die "the network in $DEV_HOME has one edge router (it was created before the second one was added): run ziti/dev-network-up.sh once to add router 2"
fi
dev_load_ports
file="$(dev_router_file "$n")"

case "$1" in
stop)
    if dev_stop "$file" "$(dev_router_marker "$n")"; then
        say "stopped router $n ($(dev_router_name "$n"))"
    else
        say "router $n is not running, nothing to do"
    fi
    ;;
start)
    dev_alive controller "$CTRL_MARKER" || die "the controller is not running: run ziti/dev-network-up.sh"
    dev_login || die "could not log in to the controller on 127.0.0.1:$CTRL_PORT"
    dev_start_router "$n"
    say "router $n online on 127.0.0.1:$(dev_router_port "$n")"
    ;;
*) usage ;;
esac
