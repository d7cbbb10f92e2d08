#!/usr/bin/env bash
# Installs the browser tests' driver (playwright-core, pinned in package.json and package-lock.json) with npm ci into
# node_modules/ beside this script, once per lockfile. The browser is Debian's chromium (src/scripts/packages.txt):
# playwright-core never downloads one (no install scripts run).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stamp=$here/node_modules/.lanes-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "browser: npm ci (playwright-core) in $here" >&2
(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
echo "$want" >"$stamp"
