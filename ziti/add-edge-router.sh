#!/usr/bin/env bash
# Adds an edge router to a real network, for another host: creates it on the controller so the
# site's policies select it, writes its enrollment JWT, and prints what to run on that host.
# With two or more routers, people and the site fail over to another one when one restarts.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--address HOST] [--port PORT] [--out DIR] NAME
Creates the edge router NAME on the controller, with the role attributes the site's policies
$EDGE_ROUTER_POLICY and $SERVICE_EDGE_ROUTER_POLICY select (none while they
select #all), writes its enrollment JWT to DIR/NAME.jwt (valid for 3 hours, works once) and
prints the commands that set it up on its own host.
  --address HOST  the address phones and the other routers reach the new router at (its DNS
                  name or public IP), used in the printed commands (default: a placeholder)
  --port PORT     its TCP port for clients and links between routers (default 3022)
  --out DIR       where the JWT goes (default \$ZITI_IDENTITIES_DIR, now $ZITI_IDENTITIES_DIR)
Safe to run twice: a router not enrolled yet gets its JWT written again (a new one once it has
expired); an enrolled router is left as it is. Needs a logged-in CLI (ziti/login.sh).
EOF
    exit 2
}

address=""
port=3022
out_dir="$ZITI_IDENTITIES_DIR"
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --address | --port | --out)
        [[ $# -ge 2 ]] || usage
        case "$1" in
        --address) address="$2" ;;
        --port) port="$2" ;;
        --out) out_dir="$2" ;;
        esac
        shift 2
        ;;
    -*) usage ;;
    *)
        args+=("$1")
        shift
        ;;
    esac
done
[[ ${#args[@]} -eq 1 ]] || usage
name="${args[0]}"
[[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || die "use letters, digits and . _ @ - in the router name, not '$name'"
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    die "the port must be a TCP port number, not '$port'"
fi
[[ -z "$address" || "$address" =~ ^[A-Za-z0-9.:-]+$ ]] || die "the address must be a host name or IP address, not '$address'"

need_login
umask 077

# The attributes that make both policies select a router: none when a policy selects #all.
attributes=()
for policy in "edge-router-policies:$EDGE_ROUTER_POLICY" "service-edge-router-policies:$SERVICE_EDGE_ROUTER_POLICY"; do
    kind="${policy%%:*}"
    policy="${policy#*:}"
    exists "$kind" "$policy" || die "the policy $policy does not exist: run ziti/create-policies.sh first"
    roles="$(find_json "$kind" "$policy" | json_get '.data[0].edgeRouterRoles // [] | join(" ")')"
    [[ " $roles " == *" #all "* ]] && continue
    for role in $roles; do
        [[ "$role" == "#"* ]] && attributes+=("${role#\#}")
    done
done

router_json() {
    find_json edge-routers "$name"
}

# Warns unless both policies select the router: people and the site would never use it.
check_policies() {
    local check kind policy count
    for check in "edge-router-policy:$EDGE_ROUTER_POLICY" "service-edge-router-policy:$SERVICE_EDGE_ROUTER_POLICY"; do
        kind="${check%%:*}"
        policy="${check#*:}"
        count="$(zt edge list "$kind" edge-routers "$policy" "name=\"$name\"" -j | json_get '.meta.pagination.totalCount')"
        [[ "$count" != 0 ]] || say "warning: the policy $policy does not select $name (no role of it names the router or one of its attributes): the site will not use it"
    done
}

jwt="$out_dir/$name.jwt"
mkdir -p "$out_dir"
if ! exists edge-routers "$name"; then
    joined="$(
        IFS=,
        echo "${attributes[*]}"
    )"
    zt edge create edge-router "$name" ${joined:+--role-attributes "$joined"} -o "$jwt" >/dev/null
    chmod 600 "$jwt"
    say "created edge router $name${joined:+ (#${joined//,/, #})}; its enrollment JWT is in $jwt"
else
    # Attributes the policies need and the router lacks (its others stay).
    current="$(router_json | json_get '.data[0].roleAttributes // [] | join(",")')"
    wanted="$current"
    for attribute in "${attributes[@]}"; do
        [[ ",$wanted," == *",$attribute,"* ]] || wanted="${wanted:+$wanted,}$attribute"
    done
    if [[ "$wanted" != "$current" ]]; then
        zt edge update edge-router "$name" --role-attributes "$wanted" >/dev/null
        say "edge router $name now has the attributes #${wanted//,/, #} (the site's policies select them)"
    fi
    if [[ "$(router_json | json_get '.data[0].isVerified')" == true ]]; then
        online="$(router_json | json_get 'if .data[0].isOnline then "online" else "offline" end')"
        say "edge router $name already exists and is enrolled ($online now), nothing to do"
        check_policies
        [[ "$online" == online ]] || say "start it on its host: ziti router run $name.yaml (in its ZITI_HOME)"
        exit 0
    fi
    expired="$(router_json | json_get '(.data[0].enrollmentJwt // "") == "" or (.data[0].enrollmentExpiresAt | sub("\\.[0-9]+"; "") | fromdateiso8601) < now + 60')"
    if [[ "$expired" == true ]]; then
        zt edge re-enroll edge-router "$name" -o "$jwt" >/dev/null
        chmod 600 "$jwt"
        say "edge router $name exists but was never enrolled and its JWT expired: new enrollment JWT in $jwt"
    else
        router_json | json_get '.data[0].enrollmentJwt' >"$jwt"
        say "edge router $name exists, not enrolled yet: its enrollment JWT is in $jwt"
    fi
fi
check_policies

# What the JWT says: where the router reaches the controller's control plane, and until when.
# The JWT's middle part is base64url JSON.
claims="$(
    json_get -R 'split(".")[1] | gsub("-"; "+") | gsub("_"; "/") | @base64d | fromjson
        | "\((.ctrls // [""])[0] // "" | ltrimstr("tls:")) \(.exp | strftime("%Y-%m-%d %H:%M UTC"))"' <"$jwt"
)" || die "could not read $jwt"
read -r ctrl expires <<<"$claims"
[[ -n "$ctrl" ]] || ctrl="CONTROLLER-HOST:1280"
host="${address:-ROUTER-ADDRESS}"

cat <<EOF

Next, on the new router's own host (not one that runs another router: when it reboots, the
others carry the site), reachable by phones and the other routers at $host:$port:
  1. Install the ziti CLI $ZITI_VERSION there (copy $(ziti_bin),
     or run ziti/build-cli.sh in a checkout of this project) as /usr/local/bin/ziti.
  2. Copy $jwt there; it works once, until $expires. Then, as root:
       mkdir -p /var/lib/ziti-router && cd /var/lib/ziti-router
       export ZITI_HOME=/var/lib/ziti-router \\
           ZITI_CTRL_ADVERTISED_ADDRESS=${ctrl%:*} ZITI_CTRL_ADVERTISED_PORT=${ctrl##*:} \\
           ZITI_ROUTER_ADVERTISED_ADDRESS=$host \\
           ZITI_ROUTER_PORT=$port ZITI_ROUTER_LISTENER_BIND_PORT=$port
       ziti create config router edge --routerName $name --tunnelerMode none --output $name.yaml
       ziti router enroll $name.yaml --jwt $name.jwt && rm $name.jwt
       ziti router run $name.yaml
     Keep it running across reboots, e.g. with a systemd unit whose
     ExecStart=/usr/local/bin/ziti router run /var/lib/ziti-router/$name.yaml and Restart=always.
  3. Open TCP port $port on its firewall: phones connect to it, and the routers link to each
     other over it (the config listens for both on the one port).
  4. Here: ziti/status.sh lists $name as online.
EOF
[[ -n "$address" ]] || echo "(ROUTER-ADDRESS: the router's DNS name or public IP; run this again with --address to fill it in)"
