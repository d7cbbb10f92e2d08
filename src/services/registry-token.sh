#!/usr/bin/env bash
# A third registry like registry.sh (distribution 2.8 on Swift) that asks for a bearer token (the Docker registry
# token flow) from the distribution project's own token server, which logs in two test users, acme and globex, and
# grants each only the repositories under its name. Ports LANES_REGISTRY_TOKEN_REGISTRY_PORT (5003) and
# LANES_REGISTRY_TOKEN_PORT (5004, the token server). Facts: registry.sh's, with REGISTRY_USER and REGISTRY_PASSWORD
# (acme), REGISTRY_OTHER_USER and REGISTRY_OTHER_PASSWORD (globex), REGISTRY_TOKEN_URL.
export LANES_REGISTRY_NAME=registry-token
export LANES_REGISTRY_AUTH=token
export LANES_REGISTRY_PORT=${LANES_REGISTRY_TOKEN_REGISTRY_PORT:-5003}
exec bash "$(dirname "${BASH_SOURCE[0]}")/registry.sh" "$@"
