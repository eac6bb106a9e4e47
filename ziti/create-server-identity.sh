#!/usr/bin/env bash
# Creates the identity run_ziti.py binds the service as, and enrolls it into OUT.json.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--reissue] NAME OUT.json
Creates the server identity NAME (attribute #$SERVERS_ATTRIBUTE: may host the site) and enrolls
it into OUT.json (readable by you only), for: run_ziti.py --identity OUT.json
  --reissue   NAME exists but OUT.json was lost: delete NAME and enroll a new one
              (servers still using the old file can no longer bind the service)
Needs a logged-in CLI (ziti/login.sh) and the project's .venv.
EOF
    exit 2
}

reissue=0
args=()
for arg in "$@"; do
    case "$arg" in
    --reissue) reissue=1 ;;
    -*) usage ;;
    *) args+=("$arg") ;;
    esac
done
[[ ${#args[@]} -eq 2 ]] || usage
name="${args[0]}"
out="${args[1]}"
[[ "$out" == *.json ]] || die "OUT must be a .json file (the enrolled identity), not '$out'"
[[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || die "use letters, digits and . _ @ - in the identity name, not '$name'"

need_login
umask 077

if exists identities "$name"; then
    if [[ -s "$out" ]]; then
        say "identity $name already exists and is enrolled in $out, nothing to do"
        exit 0
    fi
    if ((!reissue)); then
        die "identity $name already exists but $out is missing; to issue a new one (the old file stops working): ${0##*/} --reissue $name $out"
    fi
    zt edge delete identity "$name" >/dev/null
    say "deleted identity $name (re-issuing it)"
fi

mkdir -p "$(dirname "$out")"
jwt="${out%.json}.jwt"
zt edge create identity "$name" --role-attributes "$SERVERS_ATTRIBUTE" -o "$jwt" >/dev/null
enroll "$jwt" "$out"
rm -f "$jwt" # used up by the enrollment
say "created identity $name (#$SERVERS_ATTRIBUTE), enrolled in $out"
