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
done < <(json_get '"\n".join(p["type"] + " " + p["id"] for p in d["data"])' <"$work/policies.json")

# Which member each identity is linked to, read from the site's database.
if ! "$PYTHON" "$ROOT/manage.py" shell --no-imports -c '
import json
from members.models import Member
print(json.dumps({m.ziti_identity: [m.username, str(m), m.is_active]
                  for m in Member.objects.exclude(ziti_identity=None).exclude(ziti_identity="")}))
' >"$work/members.json" 2>"$work/members.err"; then
    echo "null" >"$work/members.json"
    echo "(could not read the site's database: $(tail -n 1 "$work/members.err"); members not shown)"
fi

"$PYTHON" - "$work" "$SERVICE" <<'EOF'
import json
import sys
from pathlib import Path

work, service = Path(sys.argv[1]), sys.argv[2]


def load(name):
    return json.loads((work / name).read_text())


members = load("members.json")
configs = load("config.json")["data"]
address = "no intercept config"
if configs:
    data = configs[0]["data"]
    ports = ",".join(str(r["low"]) if r["low"] == r["high"] else f"{r['low']}-{r['high']}"
                     for r in data["portRanges"])
    address = f"http://{','.join(data['addresses'])}" + ("" if ports == "80" else f":{ports}")
print(f"Service {service}, reached at {address}")


def identities(kind):
    found = {}
    for path in sorted(work.glob(f"{kind}-*.json")):
        for identity in load(path.name)["data"]:
            found[identity["name"]] = identity
    return [found[name] for name in sorted(found)]


def enrolled(identity):
    ott = (identity.get("enrollment") or {}).get("ott")
    return f"no, JWT valid until {ott['expiresAt'][:16].replace('T', ' ')} UTC" if ott else "yes"


def online(identity):
    return "online" if identity.get("hasEdgeRouterConnection") else "offline"


def table(rows, header):
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


dial = identities("Dial")
print(f"\nWho can reach the site (Dial): {len(dial)}")
rows = []
for identity in dial:
    member = members.get(identity["name"]) if members is not None else None
    if members is None:
        who = "? (the site's database could not be read)"
    elif member is None:
        who = "not linked to a member (manage.py link_identity USERNAME IDENTITY)"
    else:
        who = f"{member[0]} ({member[1]})" + ("" if member[2] else ", DEACTIVATED")
    rows.append([identity["name"], enrolled(identity), online(identity), who])
if rows:
    table(rows, ["IDENTITY", "ENROLLED", "NOW", "MEMBER"])

dial_names = {identity["name"] for identity in dial}
stale = sorted(name for name in members or {} if name not in dial_names)
if stale:
    print("\nLinked on the site but not able to reach it (deleted or without #family.tools.clients):")
    for name in stale:
        print(f"  {name} -> {members[name][0]}   (ziti/remove-person.sh {name} cleans up)")

bind = identities("Bind")
print(f"\nServers allowed to host it (Bind): {len(bind)}")
if bind:
    table([[i["name"], enrolled(i), online(i)] for i in bind], ["IDENTITY", "ENROLLED", "NOW"])

terminators = load("terminators.json")["data"]
print(f"\nBound right now: {len(terminators)} server process(es)"
      + ("" if terminators else " - nobody can open the site until run_ziti.py runs"))
for terminator in terminators:
    since = terminator["createdAt"][:19].replace("T", " ")
    print(f"  via router {terminator['router']['name']}, since {since} UTC")

routers = load("routers.json")["data"]
carrying = {router["name"] for router in load("service-routers.json")["data"]}
usable = [r for r in routers if r["name"] in carrying and r["isOnline"]]
print(f"\nEdge routers: {len(routers)}, {sum(r['isOnline'] for r in routers)} online, "
      f"{len(usable)} of them carrying the site now")
bound = {}
for terminator in terminators:
    bound[terminator["router"]["name"]] = bound.get(terminator["router"]["name"], 0) + 1
rows = []
for router in sorted(routers, key=lambda r: r["name"]):
    expires = (router.get("enrollmentExpiresAt") or "")[:16].replace("T", " ")
    rows.append([
        router["name"],
        "online" if router["isOnline"] else "OFFLINE",
        "yes" if router["isVerified"] else f"no, JWT valid until {expires} UTC",
        "yes" if router["name"] in carrying else "no (the policies do not select it)",
        bound.get(router["name"], 0),
    ])
if rows:
    table(rows, ["ROUTER", "NOW", "ENROLLED", "CARRIES THE SITE", "BOUND"])
if len(usable) < 2:
    print("  With fewer than two online routers carrying the site, a router restart or a host reboot"
          "\n  takes it away from everyone for a while: ziti/add-edge-router.sh adds another.")
EOF
