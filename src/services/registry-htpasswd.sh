#!/usr/bin/env bash
# A second registry like registry.sh (distribution 2.8 on Swift) that asks for HTTP Basic authentication (htpasswd,
# bcrypt) of one test user, for the steps' registry authentication tests. Port LANES_REGISTRY_HTPASSWD_PORT (5002).
# Facts: registry.sh's, with REGISTRY_USER and REGISTRY_PASSWORD (test credentials).
export LANES_REGISTRY_NAME=registry-htpasswd
export LANES_REGISTRY_AUTH=htpasswd
export LANES_REGISTRY_PORT=${LANES_REGISTRY_HTPASSWD_PORT:-5002}
exec bash "$(dirname "${BASH_SOURCE[0]}")/registry.sh" "$@"
