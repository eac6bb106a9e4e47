#!/usr/bin/env bash
# Who can reach the site: the identities the service's Dial policies let in (enrolled or not,
# online or not, linked to which member), the servers allowed to host it, how many are hosting
# it right now, and the edge routers it is reached through (online or not). Changes nothing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/}
Shows who can reach the service $SERVICE (Dial), who may host it (Bind), which of them are
online, which member each person's identity is linked to on the site (manage.py, with your
DATA_DIR / DATABASE_URL, SECRET_KEY or DEBUG=1), how many servers are bound to it now, and
which edge routers carry it and whether each is online.
Needs a logged-in CLI (ziti/login.sh).
EOF
    exit 2
}
[[ $# -eq 0 ]] || usage

need_python
need_login
exists services "$SERVICE" || die "there is no service $SERVICE: run ziti/create-service.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

zt edge list configs "name=\"$INTERCEPT_CONFIG\"" -j >"$work/config.json"
zt edge list service terminators "$SERVICE" 'limit none' -j >"$work/terminators.json"
zt edge list service service-policies "$SERVICE" 'limit none' -j >"$work/policies.json"
zt edge list edge-routers 'limit none' -j >"$work/routers.json"
zt edge list service edge-routers "$SERVICE" 'limit none' -j >"$work/service-routers.json"
# One identities list per policy, named TYPE-N.json.
n=0
while read -r type id; do
    [[ -n "$id" ]] || continue
    n=$((n + 1))
    zt edge list service-policy identities "$id" 'limit none' -j >"$work/$type-$n.json"
done < <(json_get '.data[] | "\(.type) \(.id)"' <"$work/policies.json")

# The report, with the member each identity is linked to on the site.
"$PYTHON" "$ROOT/manage.py" overlay_status "$work" "$SERVICE"
