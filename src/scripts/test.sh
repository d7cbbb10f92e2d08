#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what the tests need, then the Maven build with all profiles.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"
bash src/scripts/install-packages.sh
# -Pansible: the playbook tests (real ansible-playbook and ansible-lint), zuul-steps/pom.xml.
mvn -B -ntp verify -Pansible "$@"
