#!/usr/bin/env bash
# Refresh the vendored htmx from the npm package (the only front-end dependency of the web UI).
# Usage: tools/vendor_htmx.sh [VERSION]   — checks npm's published integrity, then copies
# dist/htmx.min.js and the licence into src/carborder/web/static/ and records what was taken.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-2.0.11}"
DEST=src/carborder/web/static
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "htmx.org@${VERSION}" >/dev/null)
TARBALL="$TMP/htmx.org-${VERSION}.tgz"
EXPECTED="$(npm view "htmx.org@${VERSION}" dist.integrity)"
ACTUAL="sha512-$(openssl dgst -sha512 -binary "$TARBALL" | base64 -w0)"
if [ "$EXPECTED" != "$ACTUAL" ]; then
  echo "integrity mismatch for htmx.org@${VERSION}: npm says $EXPECTED, tarball is $ACTUAL" >&2
  exit 1
fi
tar -xzf "$TARBALL" -C "$TMP"
cp "$TMP/package/dist/htmx.min.js" "$DEST/htmx.min.js"
cp "$TMP/package/LICENSE" "$DEST/LICENSE-htmx.txt"
SHA="$(sha256sum "$DEST/htmx.min.js" | cut -d' ' -f1)"
cat > "$DEST/vendor.json" <<JSON
{
  "htmx.min.js": {
    "package": "htmx.org",
    "version": "${VERSION}",
    "file": "package/dist/htmx.min.js",
    "npm_integrity": "${EXPECTED}",
    "sha256": "${SHA}",
    "license": "0BSD (LICENSE-htmx.txt)"
  }
}
JSON
echo "vendored htmx.org@${VERSION} (${SHA})"
