#!/usr/bin/env bash
# Gives a member a Ziti identity for one device: creates it, shows its enrollment JWT as a QR code
# for the Ziti Mobile Edge app (or enrolls it here with --enroll), and links it to the member,
# whom the site then signs in by it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/} [--out DIR] [--enroll OUT.json] USERNAME IDENTITY_NAME
Creates the identity IDENTITY_NAME (attribute #$CLIENTS_ATTRIBUTE: may reach the site) for one
device of the member USERNAME and links it to them on the site (manage.py link_identity).
  (default)         writes DIR/IDENTITY_NAME.jwt and .qr.svg and shows the QR code to scan
                    with the Ziti Mobile Edge app; the JWT works once, within 3 hours
  --out DIR         where the JWT and QR code go (default \$ZITI_IDENTITIES_DIR, now $ZITI_IDENTITIES_DIR)
  --enroll OUT.json enroll it here instead, for a desktop tunneler: ziti tunnel proxy -i OUT.json
Runs manage.py with your environment (DATA_DIR / DATABASE_URL, SECRET_KEY or DEBUG=1):
use the same as the site's. Needs a logged-in CLI (ziti/login.sh).
A member has one device identity; name it after person and device, e.g. ruth-phone.
EOF
    exit 2
}

out_dir="$ZITI_IDENTITIES_DIR"
enroll_to=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --out)
        [[ $# -ge 2 ]] || usage
        out_dir="$2"
        shift 2
        ;;
    --enroll)
        [[ $# -ge 2 ]] || usage
        enroll_to="$2"
        shift 2
        ;;
    -*) usage ;;
    *)
        args+=("$1")
        shift
        ;;
    esac
done
[[ ${#args[@]} -eq 2 ]] || usage
username="${args[0]}"
name="${args[1]}"
[[ "$name" =~ ^[A-Za-z0-9._@-]+$ ]] || die "use letters, digits and . _ @ - in the identity name, not '$name'"
[[ -z "$enroll_to" || "$enroll_to" == *.json ]] || die "--enroll needs a .json file, not '$enroll_to'"

need_python
manage() {
    "$PYTHON" "$ROOT/manage.py" "$@"
}

# The site must agree before anything is created on the overlay: the member exists, is active and
# has no other identity, and the name is nobody else's and short enough to reach the site whole.
rc=0
manage member_identity_status "$username" "$name" >/dev/null || rc=$?
case $rc in
0) ;;
1) die "manage.py could not check the member (SECRET_KEY or DEBUG=1 set? DATA_DIR / DATABASE_URL as the site's?)" ;;
*) die "nothing was created on the controller (the reason is above)" ;;
esac

need_login
umask 077

jwt="$out_dir/$name.jwt"
svg="$out_dir/$name.qr.svg"
show_qr() {
    "$(dirname "$PYTHON")/segno" --compact "$(<"$jwt")"
    echo "Scan with the Ziti Mobile Edge app (Add identity → QR code), within 3 hours; also saved as $svg"
}

if exists identities "$name"; then
    if [[ -n "$enroll_to" && -s "$enroll_to" ]]; then
        say "identity $name already exists and is enrolled in $enroll_to, nothing to do"
    elif [[ -z "$enroll_to" && -s "$jwt" ]]; then
        expires="$(find_json identities "$name" |
            json_get '.data[0].enrollment.ott.expiresAt // ""')"
        if [[ -n "$expires" ]]; then
            say "identity $name already exists, not enrolled yet (its JWT expires at $expires); its QR code again:"
            show_qr
        else
            say "identity $name already exists and is enrolled, nothing to do"
        fi
    else
        die "identity $name already exists; to issue it again: ziti/remove-person.sh $name, then run this again"
    fi
else
    mkdir -p "$out_dir"
    if [[ -n "$enroll_to" ]]; then
        jwt="$(dirname "$enroll_to")/$name.jwt"
        mkdir -p "$(dirname "$enroll_to")"
    fi
    zt edge create identity "$name" --role-attributes "$CLIENTS_ATTRIBUTE" -o "$jwt" >/dev/null
    say "created identity $name (#$CLIENTS_ATTRIBUTE)"
    if [[ -n "$enroll_to" ]]; then
        enroll "$jwt" "$enroll_to"
        rm -f "$jwt" # used up by the enrollment
        say "enrolled $name in $enroll_to (use it with: ziti tunnel proxy -i $enroll_to $SERVICE:8090)"
    else
        "$(dirname "$PYTHON")/segno" --scale 4 -o "$svg" "$(<"$jwt")"
        show_qr
    fi
fi

manage link_identity "$username" "$name"
