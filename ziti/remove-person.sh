#!/usr/bin/env bash
# Takes a device's access away: deletes its Ziti identity on the controller and unlinks it from
# its member on the site. The device cannot open a new connection to the site from then on.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} IDENTITY_NAME
Deletes the identity IDENTITY_NAME (one person's device) and unlinks it from its member on the
site (manage.py unlink_identity; uses your DATA_DIR / DATABASE_URL, SECRET_KEY or DEBUG=1).
Also deletes its leftover JWT, QR code and enrolled file in \$ZITI_IDENTITIES_DIR (now $ZITI_IDENTITIES_DIR).
Refuses server identities (#$SERVERS_ATTRIBUTE). Needs a logged-in CLI (ziti/login.sh).
EOF
    exit 2
}
[[ $# -eq 1 && "$1" != -* ]] || usage
name="$1"

need_python
need_login

if exists identities "$name"; then
    attributes="$(find_json identities "$name" | json_get '.data[0].roleAttributes // [] | join(" ")')"
    if [[ " $attributes " == *" $SERVERS_ATTRIBUTE "* ]]; then
        die "$name is a server identity (#$SERVERS_ATTRIBUTE), not a person's: delete it with: $(ziti_bin) edge delete identity $name"
    fi
    zt edge delete identity "$name" >/dev/null
    say "deleted identity $name: it can no longer reach the site"
else
    say "identity $name does not exist, nothing to delete"
fi

for file in "$ZITI_IDENTITIES_DIR/$name.jwt" "$ZITI_IDENTITIES_DIR/$name.qr.svg" "$ZITI_IDENTITIES_DIR/$name.json"; do
    if [[ -e "$file" ]]; then
        rm -f "$file"
        say "deleted $file"
    fi
done

"$PYTHON" "$ROOT/manage.py" unlink_identity "$name"
