#!/usr/bin/env bash
# One command for a developer: a private OpenZiti network on loopback with the site served dark
# on it, and a tunneler to browse it as the member "dev".
#
#   1. builds the ziti CLI if missing (ziti/build-cli.sh)
#   2. creates the network in .ziti/dev if missing: PKI, controller and two edge routers, all
#      listening on 127.0.0.1 only; admin password generated once into .ziti/dev/admin-password
#      (a network created with one router gets the second one added)
#   3. starts the controller and the routers as separate background processes (pid and log files
#      in .ziti/dev), waits until the routers are online, logs the CLI in
#   4. service, policies, the server identity family-tools-server
#   5. (not with --network-only) the member "dev" with the enrolled identity dev-person,
#      run_ziti.py serving the site, and `ziti tunnel proxy` on 127.0.0.1:8090
# Running it again starts whatever is not running and changes nothing else.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--network-only]
Starts the development network (a controller and two edge routers on 127.0.0.1) with the site's
service, policies and server identity, then the site (run_ziti.py) and a tunneler for the member
"dev": http://127.0.0.1:\$DEV_PROXY_PORT. Stop it with ziti/dev-network-down.sh.
  --network-only   only the network, service, policies and server identity: no member, no
                   run_ziti.py, no tunneler (the test suite starts its own)
Environment (defaults): ZITI_DEV_HOME (.ziti/dev), ZITI_IDENTITIES_DIR (.ziti/identities),
ZITI_CONFIG_DIR (.ziti/cli), ZITI_CTRL_PORT (1280), ZITI_ROUTER_PORT (3022), ZITI_ROUTER2_PORT
(3023), DEV_PROXY_PORT (8090);
the site's own: DATA_DIR, DATABASE_URL, SECRET_KEY (else DEBUG=1 is used).
EOF
    exit 2
}

network_only=0
case "${1:-}" in
"") ;;
--network-only) network_only=1 ;;
*) usage ;;
esac
[[ $# -le 1 ]] || usage

PROXY_PORT="${DEV_PROXY_PORT:-8090}"
SERVER_JSON="$ZITI_IDENTITIES_DIR/$DEV_SERVER_IDENTITY.json"
PERSON_JSON="$ZITI_IDENTITIES_DIR/$DEV_PERSON_IDENTITY.json"
started=$SECONDS

"$ROOT/ziti/build-cli.sh" | grep -v 'nothing to do' || true
need_python
umask 077

# --- 2. create the network once ------------------------------------------------------------
create_network() {
    local pki="$DEV_HOME/pki" spiffe="spiffe://family-tools-dev/controller/controller"
    local ca="$pki/intermediate-ca"
    say "creating the development network in $DEV_HOME (controller 127.0.0.1:$CTRL_PORT, routers 127.0.0.1:$ROUTER_PORT and :$ROUTER2_PORT)"
    [[ "$ROUTER_PORT" != "$ROUTER2_PORT" ]] || die "ZITI_ROUTER_PORT and ZITI_ROUTER2_PORT are both $ROUTER_PORT: each router needs its own port"
    port_open "$CTRL_PORT" && die "127.0.0.1:$CTRL_PORT is taken by another program: choose another ZITI_CTRL_PORT"
    port_open "$ROUTER_PORT" && die "127.0.0.1:$ROUTER_PORT is taken by another program: choose another ZITI_ROUTER_PORT"
    port_open "$ROUTER2_PORT" && die "127.0.0.1:$ROUTER2_PORT is taken by another program: choose another ZITI_ROUTER2_PORT"
    mkdir -p "$DEV_HOME/db"
    dev_save_ports
    if [[ ! -s "$DEV_HOME/admin-password" ]]; then
        # 24 random characters; only this file knows it.
        head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$DEV_HOME/admin-password"
        chmod 600 "$DEV_HOME/admin-password"
    fi

    # The same minimal PKI `ziti edge quickstart` makes, with the server certificate for 127.0.0.1.
    {
        zt pki create ca --pki-root="$pki" --ca-file=root-ca --ca-name=root-ca \
            --trust-domain=family-tools-dev
        zt pki create intermediate --pki-root="$pki" --ca-name=root-ca \
            --intermediate-name=intermediate-ca --intermediate-file=intermediate-ca --max-path-len=1
        zt pki create server --pki-root="$pki" --ca-name=intermediate-ca --server-name=controller \
            --server-file=server --dns=localhost --ip=127.0.0.1 --spiffe-id="$spiffe"
        zt pki create client --pki-root="$pki" --ca-name=intermediate-ca --client-name=controller \
            --client-file=client --key-file=server --spiffe-id="$spiffe"
    } >>"$DEV_HOME/setup.log" 2>&1 || die "creating the PKI failed; see $DEV_HOME/setup.log"

    # Controller config: every listener on 127.0.0.1 (the defaults are 0.0.0.0).
    env ZITI_HOME="$DEV_HOME" \
        ZITI_PKI_CTRL_CA="$pki/root-ca/certs/root-ca.cert" \
        ZITI_PKI_CTRL_KEY="$ca/keys/server.key" \
        ZITI_PKI_CTRL_SERVER_CERT="$ca/certs/server.chain.pem" \
        ZITI_PKI_CTRL_CERT="$ca/certs/client.chain.pem" \
        ZITI_PKI_SIGNER_CERT="$ca/certs/intermediate-ca.cert" \
        ZITI_PKI_SIGNER_KEY="$ca/keys/intermediate-ca.key" \
        ZITI_CTRL_ADVERTISED_ADDRESS=127.0.0.1 ZITI_CTRL_ADVERTISED_PORT="$CTRL_PORT" \
        ZITI_CTRL_EDGE_ADVERTISED_ADDRESS=127.0.0.1 ZITI_CTRL_EDGE_ADVERTISED_PORT="$CTRL_PORT" \
        ZITI_CTRL_BIND_ADDRESS=127.0.0.1 ZITI_CTRL_EDGE_BIND_ADDRESS=127.0.0.1 \
        ZITI_CTRL_DATABASE_FILE="$DEV_HOME/db/ctrl.db" \
        "$(ziti_bin)" create config controller --output "$DEV_HOME/ctrl.yaml" \
        >>"$DEV_HOME/setup.log" 2>&1 || die "creating the controller config failed; see $DEV_HOME/setup.log"
    zt controller edge init "$DEV_HOME/ctrl.yaml" -u admin -p "$(<"$DEV_HOME/admin-password")" \
        >>"$DEV_HOME/setup.log" 2>&1 || die "initializing the controller failed; see $DEV_HOME/setup.log"
    touch "$DEV_HOME/.controller-created"
}

# create_router N: creates, configures and enrolls router N (1 or 2).
create_router() {
    local n="$1" name port file jwt
    name="$(dev_router_name "$n")"
    port="$(dev_router_port "$n")"
    file="$(dev_router_file "$n")"
    jwt="$DEV_HOME/$file.jwt"
    if [[ "$n" == 2 ]]; then
        # Also a network created with one router: its ports file learns the second port.
        [[ "$ROUTER_PORT" != "$ROUTER2_PORT" ]] || die "ZITI_ROUTER2_PORT is $ROUTER2_PORT, the port of router 1: choose another one"
        port_open "$port" && die "127.0.0.1:$port is taken by another program: choose another ZITI_ROUTER2_PORT"
        dev_save_ports
    fi
    say "enrolling edge router $n, $name (127.0.0.1:$port)"
    if exists edge-routers "$name"; then
        zt edge delete edge-router "$name" >/dev/null # a previous attempt that failed half-way
    fi
    zt edge create edge-router "$name" -o "$jwt" >>"$DEV_HOME/setup.log" 2>&1 ||
        die "creating the edge router failed; see $DEV_HOME/setup.log"
    # Router config: the edge listener (clients, servers) and the link listener (the other
    # router) share the one port (TLS ALPN tells them apart), both moved to 127.0.0.1. The link
    # lets a client on one router reach a server bound on the other.
    env ZITI_HOME="$DEV_HOME" \
        ZITI_CTRL_ADVERTISED_ADDRESS=127.0.0.1 ZITI_CTRL_ADVERTISED_PORT="$CTRL_PORT" \
        ZITI_ROUTER_ADVERTISED_ADDRESS=127.0.0.1 ZITI_ROUTER_PORT="$port" \
        ZITI_ROUTER_LISTENER_BIND_PORT="$port" \
        "$(ziti_bin)" create config router edge --routerName "$name" \
        --tunnelerMode none --output "$DEV_HOME/$file.yaml" >>"$DEV_HOME/setup.log" 2>&1 ||
        die "creating the router config failed; see $DEV_HOME/setup.log"
    sed -i.orig 's/tls:0\.0\.0\.0:/tls:127.0.0.1:/' "$DEV_HOME/$file.yaml"
    # Each router keeps the controller endpoints it learns in a file of its own (the default is
    # endpoints.yml next to the config, which both would share).
    sed -i.orig "/^  endpoint: /a\\  endpointsFile:        $DEV_HOME/$file.endpoints.yml" "$DEV_HOME/$file.yaml"
    rm -f "$DEV_HOME/$file.yaml.orig"
    grep -q '0\.0\.0\.0' "$DEV_HOME/$file.yaml" && die "$file.yaml still listens on 0.0.0.0; see $DEV_HOME/$file.yaml"
    grep -q '^  endpointsFile: ' "$DEV_HOME/$file.yaml" || die "could not set ctrl.endpointsFile in $DEV_HOME/$file.yaml"
    (cd "$DEV_HOME" && zt router enroll "$DEV_HOME/$file.yaml" --jwt "$jwt") \
        >>"$DEV_HOME/setup.log" 2>&1 || die "enrolling the router failed; see $DEV_HOME/setup.log"
    rm -f "$jwt"
    touch "$DEV_HOME/.$file-created"
}

if [[ ! -f "$DEV_HOME/.controller-created" ]]; then
    if [[ -e "$DEV_HOME/ctrl.yaml" || -d "$DEV_HOME/pki" ]]; then
        die "$DEV_HOME holds a network whose creation did not finish: remove it with ziti/dev-network-down.sh --purge, then run this again"
    fi
    create_network
else
    dev_load_ports
fi

# --- 3. controller and routers ---------------------------------------------------------------
dev_start_controller
if [[ -f "$DEV_HOME/.router-created" && ! -f "$DEV_HOME/.router2-created" ]]; then
    say "the network in $DEV_HOME has one edge router (created before the second one was added): adding router 2 on 127.0.0.1:$ROUTER2_PORT"
fi
for n in 1 2; do
    dev_router_created "$n" || create_router "$n"
    dev_start_router "$n"
done
say "network up: controller 127.0.0.1:$CTRL_PORT, routers 127.0.0.1:$ROUTER_PORT and 127.0.0.1:$ROUTER2_PORT (CLI logged in, ZITI_CONFIG_DIR=$ZITI_CONFIG_DIR)"

# --- 4. the site's service, policies and server identity -------------------------------------
"$ROOT/ziti/create-service.sh"
"$ROOT/ziti/create-policies.sh"
"$ROOT/ziti/create-server-identity.sh" "$DEV_SERVER_IDENTITY" "$SERVER_JSON"

if ((network_only)); then
    say "network ready in $((SECONDS - started)) s (--network-only: no member, site or tunneler started)"
    exit 0
fi

# --- 5. the member "dev", the site, the tunneler ---------------------------------------------
[[ -f "$ROOT/run_ziti.py" ]] || die "run_ziti.py is missing: use --network-only"
[[ -n "${SECRET_KEY:-}" ]] || export DEBUG="${DEBUG:-1}"
RUNNER_MARKER="run_ziti.py --identity $SERVER_JSON"
PROXY_MARKER="tunnel proxy -i $PERSON_JSON"

"$PYTHON" "$ROOT/manage.py" migrate --noinput >/dev/null
"$PYTHON" "$ROOT/manage.py" create_member "$DEV_USER" --display-name "Dev Eloper"
"$ROOT/ziti/add-person.sh" --enroll "$PERSON_JSON" "$DEV_USER" "$DEV_PERSON_IDENTITY"

if dev_alive runner "$RUNNER_MARKER"; then
    say "run_ziti.py already running (pid $(<"$DEV_HOME/runner.pid")), nothing to do"
else
    dev_start runner "$PYTHON" "$ROOT/run_ziti.py" --identity "$SERVER_JSON"
    say "run_ziti.py starting (pid $(<"$DEV_HOME/runner.pid"), log $DEV_HOME/runner.log)"
fi

if dev_alive proxy "$PROXY_MARKER"; then
    say "tunneler already running (pid $(<"$DEV_HOME/proxy.pid")), nothing to do"
else
    port_open "$PROXY_PORT" && die "port $PROXY_PORT is taken by another program: set DEV_PROXY_PORT"
    # `ziti tunnel proxy` v1.6.3 always listens on 0.0.0.0 (no option for the address).
    dev_start proxy "$(ziti_bin)" tunnel proxy -i "$PERSON_JSON" "$SERVICE:$PROXY_PORT"
    say "tunneler starting (pid $(<"$DEV_HOME/proxy.pid"), log $DEV_HOME/proxy.log)"
fi

# Wait until a page comes back through the tunneler, the overlay and the site.
code=""
for ((i = 0; i < 60; i++)); do
    dev_exited runner && die "run_ziti.py exited; see $DEV_HOME/runner.log"
    dev_exited proxy && die "the tunneler exited; see $DEV_HOME/proxy.log"
    code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$PROXY_PORT/healthz" || true)"
    [[ "$code" == 200 ]] && break
    sleep 0.5
done
[[ "$code" == 200 ]] || die "the site did not answer through the overlay within 30 s (last HTTP status '$code'); see $DEV_HOME/runner.log and proxy.log"
say "everything up in $((SECONDS - started)) s"
echo "open http://127.0.0.1:$PROXY_PORT — you are signed in as $DEV_USER by your overlay identity"
echo "(the tunneler listens on all interfaces: anyone who can reach this machine's port $PROXY_PORT is signed in as $DEV_USER)"
