#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what the tests need, then the Maven build with all profiles.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LANES_ROOT"
bash src/scripts/install-packages.sh
# The real Kubernetes control plane (etcd, kube-apiserver, controllers, kwok), built once per pinned version from the
# Go module proxy into ~/.cache/lanes (minutes the first time, nothing after); the tests start it.
bash src/services/kube.sh build >/dev/null
# FerretDB (MongoDB's wire protocol on SQLite), built once per pinned version from the Go module proxy (~2 minutes).
bash src/services/mongodb.sh build >/dev/null
# Zuul (src/services/zuul.sh) from PyPI into a virtualenv in ~/.cache/lanes, once per pinned version (~1.5 minutes).
# With the executor (Ansible through zuul-manage-ansible, ~5 minutes once) and Gerrit's SSH daemon, whose event stream
# is how Zuul hears of changes: RealZuulRunsJobsTest needs both.
export LANES_ZUUL_EXECUTOR=${LANES_ZUUL_EXECUTOR:-1} LANES_GERRIT_SSH_PORT=${LANES_GERRIT_SSH_PORT:-29418}
bash src/services/zuul.sh build
# Keystone and uWSGI (src/services/keystone.sh) from PyPI into a virtualenv in ~/.cache/lanes, once per pinned version
# (~2 minutes): the tests run Swift behind it, as Magnum's registry meets Swift.
bash src/services/keystone.sh build
# The distribution project's token server (src/services/token-server), from the Go module proxy into ~/.cache/lanes,
# once per pin set: the registry token flow's tests run against it.
bash src/services/registry-token.sh build
# Magnum's API and Glance (src/services/magnum.sh), each with uWSGI, from PyPI into virtualenvs in ~/.cache/lanes, once per
# pinned version (~3 minutes): ClusterStepMagnumTest plans and applies cluster templates against them.
bash src/services/magnum.sh build
# Tutor and its plugins (src/scripts/tutor.sh) from PyPI into a virtualenv in ~/.cache/lanes, once per pin set.
bash src/scripts/tutor.sh install >/dev/null
# The plugin's browser tests' driver (playwright-core from npm, pinned by gerrit-plugin/src/test/browser/package-lock.json)
# with npm ci, once per lockfile; the browser is Debian's chromium from packages.txt.
bash gerrit-plugin/src/test/browser/install.sh
# -Pe2e: the end-to-end suite (src/e2e); -Pansible: the playbook tests (real ansible-playbook and ansible-lint).
mvn -B -ntp verify -Pe2e,ansible "$@"
