#!/usr/bin/env bash
# A real standalone Gerrit 3.13 daemon with the lanes plugin, run from the same jars the acceptance tests use
# (gerrit-plugin-api + acceptance framework + BouncyCastle; FACTS.md). REST and git over HTTP; no web UI.
# SSH (commands, stream-events) only when LANES_GERRIT_SSH_PORT is set (Zuul's event stream: src/services/zuul.sh).
# Build first: mvn -pl gerrit-plugin -am package -DskipTests (writes the plugin jar and the daemon's classpath).
#   start  -> GERRIT_URL, GERRIT_USER, GERRIT_TOKEN_FILE (an HTTP token of the dev account "admin", file mode 0600)
#             and GERRIT_SSH_PORT when LANES_GERRIT_SSH_PORT is set
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/service.sh"
service_init gerrit
port=${LANES_GERRIT_PORT:-8095}   # LANES_GERRIT_PORT chooses another
ssh_port=${LANES_GERRIT_SSH_PORT:-}   # unset: Gerrit's SSH daemon stays off
url=http://127.0.0.1:$port
site=$state/site
token_file=$state/admin-token
classpath_file=${LANES_GERRIT_CLASSPATH:-$LANES_ROOT/gerrit-plugin/target/gerrit-daemon.classpath}
plugin=${LANES_GERRIT_PLUGIN:-$LANES_ROOT/gerrit-plugin/target/lanes.jar}
source "$LANES_ROOT/src/scripts/env.sh"
java=$JAVA_HOME/bin/java

facts() {
  echo "GERRIT_URL=$url"
  echo "GERRIT_USER=admin"
  echo "GERRIT_TOKEN_FILE=$token_file"
  echo "GERRIT_SITE=$site"
  if [ -n "$ssh_port" ]; then echo "GERRIT_SSH_PORT=$ssh_port"; fi
}

ready() { curl -sf "$url/config/server/version" >/dev/null; }

create_token() {
  local jar=$state/cookies
  rm -f "$jar"
  curl -sf -o /dev/null -c "$jar" -b "$jar" "$url/login/?user_name=admin"
  curl -sf -o /dev/null -c "$jar" -b "$jar" "$url/"
  local xsrf
  xsrf=$(awk '$6 == "XSRF_TOKEN" {print $7}' "$jar")
  [ -n "$xsrf" ] || { echo "gerrit: no XSRF_TOKEN after the dev login; see $log" >&2; return 1; }
  # Gerrit 3.13 keeps at most 10 tokens per account: drop those earlier starts of this site made, or the 10th start
  # fails ("Maximum number of tokens (10) already reached", curl exit 22).
  local old
  for old in $(curl -sf -b "$jar" "$url/accounts/self/tokens" | sed 1d \
      | /usr/bin/python3 -c 'import json,sys; print("\n".join(t["id"] for t in json.load(sys.stdin) if t["id"].startswith("lanes-")))'); do
    curl -sf -o /dev/null -b "$jar" -X DELETE -H "X-Gerrit-Auth: $xsrf" "$url/accounts/self/tokens/$old"
  done
  local reply
  reply=$(curl -sf -c "$jar" -b "$jar" -X PUT -H "X-Gerrit-Auth: $xsrf" -H 'Content-Type: application/json' \
    -d '{}' "$url/accounts/self/tokens/lanes-$(date +%s)")
  rm -f "$jar"
  (umask 077 && printf '%s' "$reply" | sed 1d | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"], end="")' > "$token_file")
}

case "${1:-}" in
  start)
    if service_running && ready; then
      facts
      exit 0
    fi
    for f in "$classpath_file" "$plugin"; do
      [ -f "$f" ] || { echo "gerrit: $f not found: run 'mvn -pl gerrit-plugin -am package -DskipTests' first" >&2; exit 2; }
    done
    service_port_free "$port" || exit 1
    if [ -n "$ssh_port" ]; then service_port_free "$ssh_port" || exit 1; fi
    classpath=$(cat "$classpath_file")
    if [ ! -f "$site/etc/gerrit.config" ]; then
      echo "gerrit: initialising the site in $site" >&2
      "$java" -cp "$classpath" com.google.gerrit.launcher.GerritLauncher \
        init -d "$site" --batch --no-auto-start --dev --skip-plugins >"$state/init.log" 2>&1 \
        || { echo "gerrit: init failed; see $state/init.log" >&2; exit 1; }
      git config -f "$site/etc/gerrit.config" httpd.listenUrl "$url/"
      git config -f "$site/etc/gerrit.config" sshd.listenAddress off
      git config -f "$site/etc/gerrit.config" gerrit.canonicalWebUrl "$url/"
    fi
    # Set at every start, so that a site keeps no SSH daemon from an earlier run that asked for one.
    if [ -n "$ssh_port" ]; then
      git config -f "$site/etc/gerrit.config" sshd.listenAddress "127.0.0.1:$ssh_port"
    else
      git config -f "$site/etc/gerrit.config" sshd.listenAddress off
    fi
    mkdir -p "$site/plugins"
    cp "$plugin" "$site/plugins/lanes.jar"
    echo "gerrit: starting on $url (log $log)" >&2
    nohup "$java" -Xmx768m -cp "$classpath" com.google.gerrit.launcher.GerritLauncher \
      daemon -d "$site" --console-log >"$log" 2>&1 &
    echo $! >"$pidfile"
    service_wait 120 ready
    create_token
    echo "gerrit: ready with plugin lanes" >&2
    facts
    ;;
  stop)
    service_stop
    ;;
  env)
    service_running && ready || exit 1
    facts
    ;;
  *)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
