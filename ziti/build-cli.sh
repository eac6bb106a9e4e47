#!/usr/bin/env bash
# Builds the pinned `ziti` CLI (controller, router, tunneler and admin commands in one binary)
# into .cache/ziti/v1.6.3/ziti. Does nothing when it is already there. Needs Go >= 1.24; ~4 min.
#
# Why v1.6.3: the Python SDK that installs here (openziti 0.6.0, bundling libziti 0.29.3) uses the
# legacy client API and the plain (non-JWT) service sessions that controllers up to the v1.6 line
# still issue; v1.6.3 is the newest such release whose module and dependencies the Go module
# proxy serves.
#
# Why a generated wrapper module instead of `go install github.com/openziti/ziti/ziti@v1.6.3`:
#   - `go install pkg@version` first reads the module's version list (@v/list) to check for
#     deprecation, and the proxy answers 403 for github.com/openziti/ziti: the install aborts;
#   - two exact dependency versions ziti v1.6.3 asks for (channel/v4 v4.2.8, storage v0.4.17) are
#     not served (403): the wrapper raises them to the nearest served patch releases;
#   - the checksum database has no entries for github.com/openziti (404): GONOSUMDB skips the
#     lookup for those modules only, and go.sum is seeded from ziti's own go.sum, so every other
#     dependency is still checked against the hashes the ziti project recorded.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 <<EOF
usage: ${0##*/}
Builds the pinned ziti CLI $ZITI_VERSION into $ZITI_BUILT (needs Go >= 1.24).
Does nothing when it is already built. Environment: ZITI_CACHE_DIR (default .cache/ziti).
EOF
    exit 2
}

[[ $# -eq 0 ]] || usage

if [[ -x "$ZITI_BUILT" ]]; then
    say "$ZITI_BUILT already exists, nothing to do"
    exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not installed (need Go >= 1.24: https://go.dev/dl/)"

BUILD_DIR="$ZITI_CACHE_DIR/build-$ZITI_VERSION"
mkdir -p "$BUILD_DIR" "$(dirname "$ZITI_BUILT")"
cd "$BUILD_DIR"

cat >go.mod <<EOF
module familytools/zitibuild

go 1.24.0

require github.com/openziti/ziti $ZITI_VERSION

// Not served by the module proxy at the versions ziti $ZITI_VERSION names (403): nearest patches.
require (
	github.com/openziti/channel/v4 v4.2.11
	github.com/openziti/storage v0.4.19
)
EOF

cat >tools.go <<'EOF'
//go:build tools

// Package zitibuild only pins the ziti CLI for `go build`.
package zitibuild

import _ "github.com/openziti/ziti/ziti"
EOF

export GONOSUMDB="github.com/openziti" GOFLAGS="-mod=mod" CGO_ENABLED=0

say "building ziti $ZITI_VERSION in $BUILD_DIR (about 4 minutes the first time)"
started=$SECONDS
# Seed go.sum with the hashes ziti itself recorded for its dependencies.
ziti_dir="$(go mod download -json "github.com/openziti/ziti@$ZITI_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -f "$ziti_dir/go.sum" ]] || die "could not download github.com/openziti/ziti@$ZITI_VERSION"
cp "$ziti_dir/go.sum" go.sum
chmod u+w go.sum

go build -buildvcs=false -trimpath -o "$ZITI_BUILT.tmp" \
    -ldflags "-X github.com/openziti/ziti/common/version.Version=$ZITI_VERSION" \
    github.com/openziti/ziti/ziti
mv "$ZITI_BUILT.tmp" "$ZITI_BUILT"
say "built $ZITI_BUILT ($("$ZITI_BUILT" version)) in $((SECONDS - started)) s"
