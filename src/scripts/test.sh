#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what the tests need, then the Maven build with all profiles.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"
bash src/scripts/install-packages.sh
# -Pe2e: the end-to-end suite (src/e2e); -Pansible: the playbook tests (real ansible-playbook and ansible-lint).
mvn -B -ntp verify -Pe2e,ansible "$@"
