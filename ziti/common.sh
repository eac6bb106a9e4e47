# Shared settings and helpers for the ziti/ scripts. Sourced, never run:
#   . "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck shell=bash
# The variables are used by the scripts that source this file.
# shellcheck disable=SC2034

# The project root, from this file's own path: the scripts work from any current directory.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# The pinned CLI (see ziti/build-cli.sh for why v1.6.3).
ZITI_VERSION="v1.6.3"
ZITI_CACHE_DIR="${ZITI_CACHE_DIR:-$ROOT/.cache/ziti}"
ZITI_BUILT="$ZITI_CACHE_DIR/$ZITI_VERSION/ziti"

# The CLI's login lives here, not in ~/.config/ziti, so it never mixes with another network.
export ZITI_CONFIG_DIR="${ZITI_CONFIG_DIR:-$ROOT/.ziti/cli}"
ZITI_IDENTITIES_DIR="${ZITI_IDENTITIES_DIR:-$ROOT/.ziti/identities}"

# The project's Python (for `python -m openziti enroll`, segno and manage.py).
PYTHON="${FAMILY_TOOLS_PYTHON:-$ROOT/.venv/bin/python}"

# Names on the overlay (README: "Served dark").
SERVICE="${ZITI_SERVICE:-family.tools}"
SERVICE_ATTRIBUTE="family.tools"
SERVERS_ATTRIBUTE="family.tools.servers"
CLIENTS_ATTRIBUTE="family.tools.clients"
INTERCEPT_CONFIG="family.tools.intercept"
EDGE_ROUTER_POLICY="family.tools.edge-routers"
SERVICE_EDGE_ROUTER_POLICY="family.tools.service-edge-routers"

die() {
    echo "${0##*/}: error: $*" >&2
    exit 1
}

say() {
    echo "${0##*/}: $*"
}

# The ziti binary: $ZITI_BIN, else the project build, else `ziti` on PATH.
ziti_bin() {
    if [[ -n "${ZITI_BIN:-}" ]]; then
        [[ -x "$ZITI_BIN" ]] || die "ZITI_BIN=$ZITI_BIN is not an executable file"
        echo "$ZITI_BIN"
    elif [[ -x "$ZITI_BUILT" ]]; then
        echo "$ZITI_BUILT"
    elif command -v ziti >/dev/null 2>&1; then
        command -v ziti
    else
        die "no ziti CLI found: run ziti/build-cli.sh (or set ZITI_BIN)"
    fi
}

# Runs the ziti CLI.
zt() {
    local bin
    bin="$(ziti_bin)" || exit 1
    "$bin" "$@"
}

need_python() {
    [[ -x "$PYTHON" ]] || die "no project Python at $PYTHON: run 'make run' (or create .venv and pip install -r requirements.txt) first"
}

# Fails with a hint unless the CLI is logged in to a controller that answers.
need_login() {
    local out
    if ! out="$(zt edge list services 'limit 1' -j 2>&1)"; then
        die "the ziti CLI is not logged in to a reachable controller (ZITI_CONFIG_DIR=$ZITI_CONFIG_DIR): run ziti/login.sh first (${out##*$'\n'})"
    fi
}

# Prints the JSON list of KIND objects named NAME (KIND as in `ziti edge list KIND`).
find_json() {
    local kind="$1" name="$2"
    zt edge list "$kind" "name=\"$name\"" -j
}

# json_get [-R] FILTER: reads a JSON document (-R: a line of text) on stdin and prints what the
# jq FILTER makes of it, raw.
json_get() {
    command -v jq >/dev/null 2>&1 || die "jq reads the controller's answers: install it (apt-get install jq)"
    jq -r "$@"
}

# exists KIND NAME: true when an object of that kind and name exists on the controller.
exists() {
    local count
    count="$(find_json "$1" "$2" | json_get '.meta.pagination.totalCount')" \
        || die "could not list $1 (is the CLI logged in? run ziti/login.sh)"
    [[ "$count" != 0 ]]
}

# The enrolled-identity JSON for NAME in the identities folder.
identity_file() {
    echo "$ZITI_IDENTITIES_DIR/$1.json"
}

# enroll JWT OUT.json: enrolls with the Python SDK into a temporary file first (the SDK truncates
# its output file before it even tries), then moves it into place, readable by the owner only.
enroll() {
    local jwt="$1" out="$2" tmp
    need_python
    mkdir -p "$(dirname "$out")"
    tmp="$(mktemp "$(dirname "$out")/.enroll.XXXXXX")"
    if ! "$PYTHON" -m openziti enroll -j "$jwt" -i "$tmp"; then
        rm -f "$tmp"
        die "enrolling $jwt failed (an enrollment JWT works once and expires after 3 hours)"
    fi
    chmod 600 "$tmp"
    mv "$tmp" "$out"
}

# --- The development network (ziti/dev-*.sh) -------------------------------------------------
# A controller and two edge routers on 127.0.0.1 only, as separate background processes. The
# routers are numbered 1 and 2; router 1 keeps the names of the network's single router of old.
DEV_HOME="${ZITI_DEV_HOME:-$ROOT/.ziti/dev}"
CTRL_PORT="${ZITI_CTRL_PORT:-1280}"
ROUTER_PORT="${ZITI_ROUTER_PORT:-3022}"
ROUTER2_PORT="${ZITI_ROUTER2_PORT:-3023}"
DEV_ROUTER="family-tools-dev-router"
DEV_ROUTER2="family-tools-dev-router2"
DEV_SERVER_IDENTITY="family-tools-server"
DEV_PERSON_IDENTITY="dev-person"
DEV_USER="dev"

# A network keeps the ports it was created with (they are in its configs and certificates).
# The ports file reads "CTRL ROUTER1 ROUTER2"; a network created before the second router has
# only "CTRL ROUTER1" (dev-network-up.sh adds router 2 and its port).
dev_load_ports() {
    local created_ctrl created_router created_router2
    [[ -f "$DEV_HOME/ports" ]] || return 0
    read -r created_ctrl created_router created_router2 <"$DEV_HOME/ports"
    created_router2="${created_router2:-$ROUTER2_PORT}"
    if [[ "$created_ctrl $created_router $created_router2" != "$CTRL_PORT $ROUTER_PORT $ROUTER2_PORT" &&
        (-n "${ZITI_CTRL_PORT:-}" || -n "${ZITI_ROUTER_PORT:-}" || -n "${ZITI_ROUTER2_PORT:-}") ]]; then
        say "note: the network in $DEV_HOME uses ports $created_ctrl/$created_router/$created_router2 (to change them: ziti/dev-network-down.sh --purge)"
    fi
    CTRL_PORT="$created_ctrl"
    ROUTER_PORT="$created_router"
    ROUTER2_PORT="$created_router2"
}

dev_save_ports() {
    echo "$CTRL_PORT $ROUTER_PORT $ROUTER2_PORT" >"$DEV_HOME/ports"
}

# Router N (1 or 2) of the development network: its name on the controller, its port, and the
# base name of its files in DEV_HOME (router.yaml, router.pid, router.log, .router-created; and
# router2.* for the second).
dev_router_name() {
    if [[ "$1" == 2 ]]; then echo "$DEV_ROUTER2"; else echo "$DEV_ROUTER"; fi
}
dev_router_port() {
    if [[ "$1" == 2 ]]; then echo "$ROUTER2_PORT"; else echo "$ROUTER_PORT"; fi
}
dev_router_file() {
    if [[ "$1" == 2 ]]; then echo router2; else echo router; fi
}
dev_router_marker() {
    echo "router run $DEV_HOME/$(dev_router_file "$1").yaml"
}
dev_router_created() {
    [[ -f "$DEV_HOME/.$(dev_router_file "$1")-created" ]]
}

# dev_alive NAME MARKER: the process in DEV_HOME/NAME.pid is running and its command line
# contains MARKER (so a stale pid file never points at some unrelated process).
dev_alive() {
    local pidfile="$DEV_HOME/$1.pid" pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(<"$pidfile")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    ps -o args= -p "$pid" 2>/dev/null | grep -qF -- "$2"
}

# dev_start NAME COMMAND...: runs COMMAND in the background, detached from this script's
# terminal and output, logging to DEV_HOME/NAME.log; its pid goes to DEV_HOME/NAME.pid.
dev_start() {
    local name="$1"
    shift
    (
        cd "$DEV_HOME" || exit 1
        nohup "$@" >>"$DEV_HOME/$name.log" 2>&1 </dev/null &
        echo $! >"$DEV_HOME/$name.pid"
    )
}

# True when PID has exited (a zombie waiting for its parent to reap it counts as exited).
gone() {
    local state
    state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 0
    [[ -z "$state" || "$state" == Z* ]]
}

# dev_exited NAME: the process this script started as NAME (dev_start) has exited. Unlike
# dev_alive it does not look at the command line, which reads as this script's own until the
# forked child has exec'd the command (a while, on a busy machine).
dev_exited() {
    gone "$(<"$DEV_HOME/$1.pid")"
}

# dev_stop NAME MARKER: SIGTERM, up to 15 s to exit, then SIGKILL.
dev_stop() {
    local name="$1" marker="$2" pid i
    if ! dev_alive "$name" "$marker"; then
        rm -f "$DEV_HOME/$name.pid"
        return 1
    fi
    pid="$(<"$DEV_HOME/$name.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        gone "$pid" && break
        sleep 0.1
    done
    if ! gone "$pid"; then
        say "$name (pid $pid) did not stop within 15 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$DEV_HOME/$name.pid"
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

CTRL_MARKER="controller run $DEV_HOME/ctrl.yaml"

# Logs the CLI in to the development controller as admin; on failure the reason is in
# $DEV_LOGIN_ERROR (and on stderr unless the first argument is "quiet").
DEV_LOGIN_ERROR=""
dev_login() {
    if ! DEV_LOGIN_ERROR="$(ZITI_PASSWORD="$(<"$DEV_HOME/admin-password")" \
        "$ROOT/ziti/login.sh" -y "127.0.0.1:$CTRL_PORT" admin 2>&1)"; then
        [[ "${1:-}" == quiet ]] || echo "$DEV_LOGIN_ERROR" >&2
        return 1
    fi
}

# Starts the controller unless it runs; waits until the CLI can log in to it.
dev_start_controller() {
    local i
    if dev_alive controller "$CTRL_MARKER"; then
        say "controller already running (pid $(<"$DEV_HOME/controller.pid")), nothing to do"
    else
        port_open "$CTRL_PORT" && die "127.0.0.1:$CTRL_PORT is already taken by another program (set ZITI_CTRL_PORT for a new network)"
        dev_start controller "$(ziti_bin)" controller run "$DEV_HOME/ctrl.yaml"
        say "controller starting on 127.0.0.1:$CTRL_PORT (pid $(<"$DEV_HOME/controller.pid"), log $DEV_HOME/controller.log)"
    fi
    for ((i = 0; i < 150; i++)); do
        # Its TLS listener may refuse handshakes for a moment after the port opens.
        if port_open "$CTRL_PORT" && dev_login quiet; then
            return 0
        fi
        dev_exited controller && die "the controller exited; see $DEV_HOME/controller.log"
        sleep 0.2
    done
    echo "$DEV_LOGIN_ERROR" >&2
    die "could not log in to the controller within 30 s; see $DEV_HOME/controller.log"
}

# router_online NAME: the controller sees the edge router NAME connected.
router_online() {
    [[ "$(zt edge list edge-routers "name=\"$1\"" -j 2>/dev/null |
        json_get '.data[0].isOnline // false' 2>/dev/null)" == true ]]
}

# dev_start_router N: starts router N unless it runs; waits until the controller sees it online.
dev_start_router() {
    local n="$1" i name port file marker variable
    name="$(dev_router_name "$n")"
    port="$(dev_router_port "$n")"
    file="$(dev_router_file "$n")"
    marker="$(dev_router_marker "$n")"
    variable="ZITI_ROUTER_PORT"
    [[ "$n" == 2 ]] && variable="ZITI_ROUTER2_PORT"
    if dev_alive "$file" "$marker"; then
        say "router $n already running (pid $(<"$DEV_HOME/$file.pid")), nothing to do"
    else
        port_open "$port" && die "127.0.0.1:$port is already taken by another program (set $variable for a new network)"
        dev_start "$file" "$(ziti_bin)" router run "$DEV_HOME/$file.yaml"
        say "router $n ($name) starting on 127.0.0.1:$port (pid $(<"$DEV_HOME/$file.pid"), log $DEV_HOME/$file.log)"
    fi
    for ((i = 0; i < 150; i++)); do
        router_online "$name" && return 0
        dev_exited "$file" && die "router $n exited; see $DEV_HOME/$file.log"
        sleep 0.2
    done
    die "router $n did not come online within 30 s; see $DEV_HOME/$file.log"
}
