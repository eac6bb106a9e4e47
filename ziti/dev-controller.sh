#!/usr/bin/env bash
# Stops or starts only the controller of the development network (to test how the site and its
# clients live through a controller restart: open circuits do not need it, new ones do).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF2
usage: ${0##*/} stop|start
Stops the development network's controller, or starts it and waits until the CLI can log in.
The network must exist (ziti/dev-network-up.sh); ZITI_DEV_HOME is $DEV_HOME.
EOF2
    exit 2
}
[[ $# -eq 1 && ("$1" == start || "$1" == stop) ]] || usage
[[ -f "$DEV_HOME/.controller-created" ]] || die "no development network in $DEV_HOME: run ziti/dev-network-up.sh"
dev_load_ports

case "$1" in
stop)
    if dev_stop controller "$CTRL_MARKER"; then
        say "stopped the controller"
    else
        say "the controller is not running, nothing to do"
    fi
    ;;
start)
    dev_start_controller
    say "controller up on 127.0.0.1:$CTRL_PORT"
    ;;
*) usage ;;
esac
