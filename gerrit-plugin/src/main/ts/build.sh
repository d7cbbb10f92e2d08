#!/usr/bin/env bash
# Compiles the plugin's Checks provider (lanes-checks.ts, typed against @gerritcodereview/typescript-api) into
# OUT_DIR/lanes-checks.js, a plain script without imports. Run by Maven (generate-resources, exec-maven-plugin) so
# that the plugin jar carries it as static/lanes-checks.js. TypeScript and the API types come from npm, pinned in
# package.json and package-lock.json, installed with npm ci once per lockfile.
# Usage: build.sh OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: build.sh OUT_DIR}
stamp=$here/node_modules/.lanes-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "lanes-checks: npm ci (typescript, @gerritcodereview/typescript-api) in $here" >&2
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
  echo "$want" >"$stamp"
fi
mkdir -p "$out"
(cd "$here" && node node_modules/typescript/bin/tsc -p tsconfig.json --outDir "$out")
