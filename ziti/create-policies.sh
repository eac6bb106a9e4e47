#!/usr/bin/env bash
# Creates the four policies that decide who may host and who may reach the site:
#   family.tools.bind                  Bind: #family.tools.servers may host #family.tools
#   family.tools.dial                  Dial: #family.tools.clients may reach #family.tools
#   family.tools.edge-routers          both kinds of identities may use every edge router
#   family.tools.service-edge-routers  the service is available on every edge router
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/}
Creates the Bind, Dial, edge-router and service-edge-router policies of the site's service:
identities with #$SERVERS_ATTRIBUTE may host it, identities with #$CLIENTS_ATTRIBUTE may reach it.
Needs a logged-in CLI (ziti/login.sh).
EOF
    exit 2
}
[[ $# -eq 0 ]] || usage

need_login

# policy KIND NAME CREATE-OPTIONS...
policy() {
    local kind="$1" name="$2"
    shift 2
    if exists "$kind-policies" "$name"; then
        say "$kind policy $name already exists, nothing to do"
    else
        zt edge create "$kind-policy" "$name" "$@" >/dev/null
        say "created $kind policy $name"
    fi
}

policy service family.tools.bind Bind \
    --service-roles "#$SERVICE_ATTRIBUTE" --identity-roles "#$SERVERS_ATTRIBUTE"
policy service family.tools.dial Dial \
    --service-roles "#$SERVICE_ATTRIBUTE" --identity-roles "#$CLIENTS_ATTRIBUTE"
policy edge-router "$EDGE_ROUTER_POLICY" \
    --identity-roles "#$SERVERS_ATTRIBUTE,#$CLIENTS_ATTRIBUTE" --edge-router-roles "#all"
policy service-edge-router "$SERVICE_EDGE_ROUTER_POLICY" \
    --service-roles "#$SERVICE_ATTRIBUTE" --edge-router-roles "#all"
