#!/usr/bin/env bash
# A real Zuul (from PyPI, ZUUL_VERSION in src/scripts/versions.env) on the project's real Gerrit (gerrit.sh) and
# MariaDB (mariadb.sh): ZooKeeper over TLS (Debian's zookeeper, a local CA made with openssl), zuul-scheduler,
# zuul-merger (the scheduler reads every project's zuul.d through a merger) and zuul-web, as plain processes.
# See README.md here and docs/zuul-jobs.md ("A real Zuul").
#
#   start        -> ZUUL_URL (zuul-web), ZUUL_TENANT, ZUUL_CONFIG_PROJECT, ZUUL_PROJECT, ZUUL_CONF,
#                   ZUUL_SITE_CONFIG (the site's part of the config project: the base job and, with the executor,
#                   the static node; copy its zuul.d/ into the config project), ZUUL_GERRIT_USER (Zuul's Gerrit
#                   service user, allowed to vote Verified on ZUUL_PROJECT), ZUUL_GERRIT_TOKEN_FILE (that user's HTTP
#                   token, mode 0600: the value of Lanes' lanes-gerrit secret, with which the jobs report their
#                   stages to the Lanes plugin), ZUUL_SITE_VARIABLES (the site variables every job gets:
#                   lanes_gerrit_url, Gerrit's URL for those reports), ZUUL_MAIL_DIR (the site's mail sink, below),
#                   ZUUL_MAIL_TO (where Zuul's smtp reporter sends by default)
#   stop
#   env
#   build        installs Zuul into its virtualenv (${LANES_CACHE:-~/.cache/lanes}/zuul/<version>/venv) only
#   reconfigure  reloads the tenant from Gerrit and waits until zuul-web serves the new layout
#                (Zuul reloads by itself only on a change merged through review, and only with Gerrit's SSH
#                daemon on: LANES_GERRIT_SSH_PORT; a direct push is never noticed)
#   enqueue-ref PIPELINE REF
#                enqueues REF (refs/heads/<branch>) of ZUUL_PROJECT into PIPELINE through zuul-web's REST API, as
#                zuul-client enqueue-ref does, with a tenant admin token (zuul-admin create-auth-token, 10 minutes,
#                never printed): how an operator runs the periodic pipeline on demand
#   tenant [WHAT=FILE ...]
#                lays out Lanes' Zuul configuration in the tenant as a deployment has it (docs/zuul-jobs.md, "A real
#                Zuul"): the config project's main gets the site's part (ZUUL_SITE_CONFIG: the base job, the node, the
#                runner and whatever else the caller wrote there, a file of the same path replacing the sample's,
#                e.g. zuul.d/platforms/acme.yaml from zuul-steps zuul-config) and this repository's zuul.d/ and
#                playbooks/ but zuul.d/projects.yaml; ZUUL_PROJECT's main gets zuul.d/projects.yaml, its project stanza named
#                ZUUL_PROJECT. Each WHAT=FILE gives the value of the sample secret whose placeholder names WHAT (the
#                placeholder decodes to "sample placeholder, not ciphertext: WHAT", e.g. "acme kubeconfig"), and the
#                lanes-gerrit secret gets Zuul's own Gerrit user and token; every placeholder is then encrypted (with
#                its value, or as it is) with the config project's public key by Zuul's own code (zuul.lib.encryption, as zuul-client encrypt does: a value longer than one RSA
#                block in chunks). Pushes both as Gerrit's admin, reloads the tenant, waits until zuul-web serves this
#                layout and fails, listing them, on any configuration error. Never prints a secret.
#   publish-runner JAR
#                publishes a zuul-steps jar as the site's runner release: copies it to the release store
#                ($state/releases/zuul-steps-<sha256>.jar, which the node reads as a file:// URL) and writes
#                ZUUL_SITE_CONFIG/zuul.d/site-lanes-runner.yaml, the lanes-base variant naming its URL, checksum
#                and the node's Java 21+; prints the file's path. Push the site config again to use it.
#
# Ports (each an environment variable; the defaults clash with no other service here):
#   LANES_ZUUL_ZK_PORT (12281, ZooKeeper's TLS client port), LANES_ZUUL_WEB_PORT (19000),
#   LANES_ZUUL_FINGER_PORT (17900, the executor's log streaming; with LANES_ZUUL_EXECUTOR=1 only),
#   LANES_ZUUL_NODE_SSH_PORT (17922, the static node's SSH daemon on 127.0.0.1; with LANES_ZUUL_EXECUTOR=1 only),
#   LANES_ZUUL_SMTP_PORT (17925, the site's mail sink: an SMTP server on 127.0.0.1, Python's smtpd, that delivers
#   every message to the Maildir ZUUL_MAIL_DIR; Zuul's connection "smtp" sends there, so the periodic pipeline's
#   failure reports land where a test reads them, as a site's real mail server would deliver them to its operators).
# LANES_ZUUL_EXECUTOR=1 also starts zuul-executor, with the Ansible versions Zuul installs itself
# (zuul-manage-ansible, into ${LANES_CACHE:-~/.cache/lanes}/zuul/<version>/ansible: ~1.6 GB, ~5 minutes once),
# zuul-launcher (Zuul's own node launcher; its static driver hands out the one node) and the node: Debian's sshd
# on loopback, logged into as this machine's user with the executor's key. Jobs run on this machine.
# Gerrit and MariaDB are started through their scripts if they are not running (LANES_GERRIT_PORT,
# LANES_MARIADB_PORT choose theirs). The tenant: LANES_ZUUL_TENANT (lanes), the trusted config project
# LANES_ZUUL_CONFIG_PROJECT (lanes-zuul-config) and the untrusted platforms repository LANES_ZUUL_PROJECT
# (openedx-platforms), both in Gerrit, created empty when missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib/service.sh"
service_init zuul
source "$LANES_ROOT/src/scripts/versions.env"
zk_port=${LANES_ZUUL_ZK_PORT:-12281}
web_port=${LANES_ZUUL_WEB_PORT:-19000}
finger_port=${LANES_ZUUL_FINGER_PORT:-17900}
node_port=${LANES_ZUUL_NODE_SSH_PORT:-17922}
smtp_port=${LANES_ZUUL_SMTP_PORT:-17925}
executor=${LANES_ZUUL_EXECUTOR:-0}
tenant=${LANES_ZUUL_TENANT:-lanes}
config_project=${LANES_ZUUL_CONFIG_PROJECT:-lanes-zuul-config}
project=${LANES_ZUUL_PROJECT:-openedx-platforms}
cache=${LANES_CACHE:-$HOME/.cache/lanes}/zuul/$ZUUL_VERSION
venv=$cache/venv
url=http://127.0.0.1:$web_port
certs=$state/certs
conf=$state/etc/zuul.conf
site=$state/site
# The executor's build directories: a short path of its own, since Ansible's SSH control socket lives in
# <job_dir>/<build>/.ansible/cp/ and a Unix socket's path may not pass 107 bytes ("too long for Unix domain
# socket": the node is then unreachable). One per services directory.
job_dir=/tmp/lanes-zuul-jobs.$(printf '%s' "$state" | sha256sum | cut -c1-8)
zuul_user=zuul
# The site's log store: the base job's post-run copies each build's logs to $logs/<build uuid>/ and gives Zuul that
# directory as the build's log_url (file://), as zuul-jobs' upload-logs does with a log server.
logs=$state/logs
# The site's mail: Zuul's smtp connection sends to the sink on $smtp_port, which delivers to this Maildir.
mail=$state/mail
mail_to=lanes-operators@lanes.invalid
# The site variables (zuul.conf [executor] variables): Ansible extra variables of every job, which no job overrides.
site_vars=$state/etc/site-variables.yaml

facts() {
  echo "ZUUL_URL=$url"
  echo "ZUUL_TENANT=$tenant"
  echo "ZUUL_CONFIG_PROJECT=$config_project"
  echo "ZUUL_PROJECT=$project"
  echo "ZUUL_CONF=$conf"
  echo "ZUUL_SITE_CONFIG=$site"
  echo "ZUUL_GERRIT_USER=$zuul_user"
  echo "ZUUL_GERRIT_TOKEN_FILE=$state/zuul-gerrit-token"
  echo "ZUUL_SITE_VARIABLES=$site_vars"
  echo "ZUUL_MAIL_DIR=$mail"
  echo "ZUUL_MAIL_TO=$mail_to"
  if [ "$executor" = 1 ]; then
    echo "ZUUL_NODE_SSH_PORT=$node_port"
    echo "ZUUL_LOGS_DIR=$logs"
  fi
}

# build: Zuul and its Python dependencies from PyPI into a virtualenv keyed by version; "complete" marks a finished
# install, so an interrupted one is redone. A virtualenv cannot be moved (its scripts name its path).
build() {
  [ -f "$venv/complete" ] && return 0
  local python=${LANES_ZUUL_PYTHON:-python3}
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null \
    || { echo "zuul: Zuul $ZUUL_VERSION needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2; return 1; }
  echo "zuul: installing zuul==$ZUUL_VERSION from PyPI into $venv (about 2 minutes, once per version)" >&2
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "zuul==$ZUUL_VERSION" >"$cache/pip.log" 2>&1 \
    || { echo "zuul: pip install failed; see $cache/pip.log" >&2; return 1; }
  "$venv/bin/zuul-scheduler" --version >/dev/null 2>&1 || true
  touch "$venv/complete"
}

# certs: a local CA and a server (ZooKeeper) and client (Zuul) certificate it signs, for 127.0.0.1/localhost.
# Zuul speaks to ZooKeeper only over TLS with client certificates.
certs() {
  [ -f "$certs/client.pem" ] && return 0
  mkdir -p "$certs"
  (
    cd "$certs"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=lanes-zuul-local-ca \
      -keyout ca.key -out ca.pem 2>/dev/null
    for who in server client; do
      openssl req -newkey rsa:2048 -nodes -subj "/CN=lanes-zuul-$who" -keyout "$who.key" -out "$who.csr" 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$who.ext"
      openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
        -extfile "$who.ext" -out "$who.pem" 2>/dev/null
    done
    cat server.pem server.key >zookeeper-keystore.pem
  )
}

# Every start begins with an empty ZooKeeper, Zuul's whole run-time state: no queue item, build request or node
# carried over from a run that was killed (a static node left "in use" by a killed build stayed "rebuilding" for
# minutes, and no build ran). The projects' secret keys live there too, so they are new at every start: encrypt
# secrets after start. Build history stays in MariaDB.
zookeeper_conf() {
  rm -rf "$state/zookeeper/data"
  mkdir -p "$state/zookeeper/data"
  cat >"$state/zookeeper/zoo.cfg" <<EOF
dataDir=$state/zookeeper/data
tickTime=2000
initLimit=5
syncLimit=2
secureClientPort=$zk_port
secureClientPortAddress=127.0.0.1
serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
ssl.keyStore.location=$certs/zookeeper-keystore.pem
ssl.keyStore.type=PEM
ssl.trustStore.location=$certs/ca.pem
ssl.trustStore.type=PEM
admin.enableServer=false
4lw.commands.whitelist=
EOF
}

# The Gerrit connection uses Gerrit's REST API and git over HTTP with the admin's HTTP token (a test credential,
# kept in zuul.conf, mode 0600). Trigger events come only over Gerrit's SSH stream-events: when gerrit.sh runs its
# SSH daemon (LANES_GERRIT_SSH_PORT), with Zuul's key; otherwise stream_events=false and Zuul gets no events.
# zuul_key: Zuul's SSH key: its Gerrit account's (stream-events) and the executor's for the node.
zuul_key() {
  mkdir -p "$state/ssh"
  [ -f "$state/ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C zuul -f "$state/ssh/id_ed25519"
}

zuul_conf() {
  local gerrit_url=$1 gerrit_user=$2 gerrit_token=$3 db_port=$4 db_password=$5 gerrit_ssh_port=$6
  local events="stream_events=false"
  if [ -n "$gerrit_ssh_port" ]; then
    events="port=$gerrit_ssh_port
sshkey=$state/ssh/id_ed25519"
  fi
  local ansible_ro_paths python_home
  python_home=$(sed -n 's/^base-prefix = //p' "$cache/ansible/11/pyvenv.cfg" 2>/dev/null || true)
  ansible_ro_paths=$cache/ansible:$venv${python_home:+:$python_home}
  mkdir -p "$state/etc" "$state/lib" "$state/merger-git" "$state/executor" "$state/executor-git" \
    "$job_dir" "$logs"
  [ -s "$state/keystore-password" ] || (umask 077 && openssl rand -hex 24 >"$state/keystore-password")
  [ -s "$state/auth-secret" ] || (umask 077 && openssl rand -hex 32 >"$state/auth-secret")
  (
    umask 077
    cat >"$conf" <<EOF
[zookeeper]
hosts=127.0.0.1:$zk_port
tls_ca=$certs/ca.pem
tls_cert=$certs/client.pem
tls_key=$certs/client.key
session_timeout=40

[keystore]
password=$(cat "$state/keystore-password")

[database]
dburi=mysql+pymysql://root:$db_password@127.0.0.1:$db_port/zuul

[scheduler]
tenant_config=$state/etc/main.yaml
state_dir=$state/lib
command_socket=$state/scheduler.socket

[merger]
git_dir=$state/merger-git
git_user_email=zuul@lanes.invalid
git_user_name=Zuul
command_socket=$state/merger.socket

[web]
listen_address=127.0.0.1
port=$web_port
root=$url/
command_socket=$state/web.socket

[executor]
state_dir=$state/executor
git_dir=$state/executor-git
job_dir=$job_dir
ansible_root=$cache/ansible
manage_ansible=false
# Ansible runs inside bubblewrap, which shows a build only /usr, /lib, /etc... and its own directories: the
# Ansible virtualenvs live under the cache and use the Python they were made with, so both are bound read-only.
trusted_ro_paths=$ansible_ro_paths
untrusted_ro_paths=$ansible_ro_paths
# the log store, written by the site's trusted base post-run on the executor (bubblewrap shows it nothing else)
trusted_rw_paths=$logs
finger_port=$finger_port
listen_address=127.0.0.1
command_socket=$state/executor.socket
private_key_file=$state/ssh/id_ed25519
default_username=root
# the site variables: lanes_gerrit_url (Gerrit as the node reaches it), where lanes-base's post-run reports stages
variables=$site_vars
# the executor accepts builds only below this load average per core (Zuul's default 2.5); on a 2-core machine
# shared with other work, the load often passes 5 for minutes, so the default here is 20
load_multiplier=${LANES_ZUUL_LOAD_MULTIPLIER:-20}

[launcher]
temp_dir=$state/launcher-tmp
command_socket=$state/launcher.socket

[connection static]
driver=static

# The site's mail (the sink below): the periodic pipeline's failure reports (zuul.d/pipelines.yaml) go to the
# operators' address, default_to, which a site sets to its own list or on-call alias.
[connection smtp]
driver=smtp
server=127.0.0.1
port=$smtp_port
default_from=zuul@lanes.invalid
default_to=$mail_to

# Tenant admin tokens for zuul-web's REST API (enqueue-ref below): HS256 with a secret of this site's (mode 0600),
# made by zuul-admin create-auth-token; the token's zuul.admin claim names the tenant.
[auth zuul_operator]
driver=HS256
allow_authz_override=true
realm=lanes.local
client_id=zuul.lanes.local
issuer_id=zuul_operator
secret=$(cat "$state/auth-secret")

[connection gerrit]
driver=gerrit
server=127.0.0.1
canonical_hostname=127.0.0.1
baseurl=$gerrit_url
user=$gerrit_user
password=$gerrit_token
$events
EOF
  )
  cat >"$site_vars" <<EOF
# The site's variables (written by src/services/zuul.sh), given to every job: Gerrit's base URL, to which Lanes'
# lanes-base post-run reports each job's stage (zuul-steps report, with the lanes-gerrit secret: Zuul's own Gerrit
# user and its token, ZUUL_GERRIT_TOKEN_FILE). docs/zuul-jobs.md, "Stage results in Gerrit".
lanes_gerrit_url: $gerrit_url
EOF
  cat >"$state/etc/main.yaml" <<EOF
- tenant:
    name: $tenant
    source:
      gerrit:
        config-projects:
          # Zuul reads a config project from its load-branch, "master" unless set (whatever Gerrit's HEAD says).
          - $config_project:
              load-branch: main
        untrusted-projects:
          - $project
EOF
}

# gerrit_project NAME: creates the Gerrit project NAME (with an empty first commit on main) unless it exists.
gerrit_project() {
  local name=$1 enc
  enc=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$name")
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$gerrit_user:$gerrit_token" "$gerrit_url/a/projects/$enc")
  [ "$code" = 200 ] && return 0
  curl -sf -o /dev/null -u "$gerrit_user:$gerrit_token" -X PUT -H 'Content-Type: application/json' \
    -d '{"create_empty_commit": true, "branches": ["main"]}' "$gerrit_url/a/projects/$enc" \
    || { echo "zuul: could not create the Gerrit project $name" >&2; return 1; }
  echo "zuul: created the Gerrit project $name" >&2
}

# Debian's zookeeper.jar names its Netty jars in its manifest but not netty-codec, netty-resolver and the native
# transport's common classes, which the TLS (Netty) connection factory needs.
zk_classpath=$(printf '/usr/share/java/%s.jar:' zookeeper netty-codec netty-resolver netty-transport-native-unix-common \
  slf4j-simple)
# gerrit_rest METHOD PATH [BODY]: a call to Gerrit's REST API as the admin; prints the JSON without Gerrit's prefix.
gerrit_rest() {
  local method=$1 path=$2 body=${3:-}
  local args=(-sf -u "$gerrit_user:$gerrit_token" -X "$method")
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' -d "$body"); fi
  curl "${args[@]}" "$gerrit_url/a/$path" | sed 1d
}

# zuul_gerrit_user: Zuul's own Gerrit account, a service user (group "Service Users", made by Gerrit's init) with
# Zuul's SSH key and an HTTP token (kept in $state/zuul-gerrit-token, mode 0600). The group may read the event
# stream (global capability streamEvents), vote Verified -2..+2 and submit on ZUUL_PROJECT, where the labels
# Verified, Workflow (which the gate pipeline requires; Administrators may vote it) and Lanes-Preview (Administrators
# may vote it: a request for a preview platform) are defined when missing. Zuul's connection logs in as this user, so its
# votes and comments are Zuul's.
zuul_gerrit_user() {
  local services enc key admins
  services=$(gerrit_rest GET "groups/Service%20Users" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') \
    || { echo "zuul: Gerrit has no group \"Service Users\"" >&2; return 1; }
  if ! gerrit_rest GET "accounts/$zuul_user" >/dev/null 2>&1; then
    gerrit_rest PUT "accounts/$zuul_user" '{"name": "Zuul", "groups": ["Service Users"]}' >/dev/null \
      || { echo "zuul: could not create the Gerrit service user $zuul_user" >&2; return 1; }
    echo "zuul: created the Gerrit service user $zuul_user" >&2
  fi
  if [ ! -s "$state/zuul-gerrit-token" ]; then
    # a token of an earlier state directory is unknown here: replace it
    gerrit_rest DELETE "accounts/$zuul_user/tokens/zuul" >/dev/null 2>&1 || true
    (umask 077 && gerrit_rest PUT "accounts/$zuul_user/tokens/zuul" '{}' \
      | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >"$state/zuul-gerrit-token") \
      || { echo "zuul: could not make an HTTP token for $zuul_user" >&2; return 1; }
  fi
  key=$(cut -d' ' -f2 "$state/ssh/id_ed25519.pub")
  if ! gerrit_rest GET "accounts/$zuul_user/sshkeys" | grep -qF "$key"; then
    curl -sf -o /dev/null -u "$gerrit_user:$gerrit_token" -X POST -H 'Content-Type: text/plain' \
      --data-binary @"$state/ssh/id_ed25519.pub" "$gerrit_url/a/accounts/$zuul_user/sshkeys" \
      || { echo "zuul: could not add Zuul's SSH key to the Gerrit account $zuul_user" >&2; return 1; }
  fi
  gerrit_rest POST "projects/All-Projects/access" "{\"add\": {\"GLOBAL_CAPABILITIES\": {\"permissions\": {
    \"streamEvents\": {\"rules\": {\"$services\": {\"action\": \"ALLOW\"}}}}}}}" >/dev/null \
    || { echo "zuul: could not allow Service Users to stream Gerrit's events" >&2; return 1; }
  enc=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$project")
  if ! gerrit_rest GET "projects/$enc/labels/Verified" >/dev/null 2>&1; then
    gerrit_rest PUT "projects/$enc/labels/Verified" '{"values": {"+2": "Verified, gate passed", "+1": "Verified",
      " 0": "No score", "-1": "Fails", "-2": "Fails in gate"}, "function": "NoBlock"}' >/dev/null \
      || { echo "zuul: could not define the label Verified on $project" >&2; return 1; }
  fi
  # Workflow: Lanes' gate pipeline starts on Workflow +1 (with Code-Review +2 and Zuul's Verified); Gerrit's init
  # defines only Code-Review. Administrators approve here (a deployment grants its reviewers).
  if ! gerrit_rest GET "projects/$enc/labels/Workflow" >/dev/null 2>&1; then
    gerrit_rest PUT "projects/$enc/labels/Workflow" '{"values": {"+1": "Approved", " 0": "Ready for reviews",
      "-1": "Work in progress"}, "function": "NoBlock"}' >/dev/null \
      || { echo "zuul: could not define the label Workflow on $project" >&2; return 1; }
  fi
  # Lanes-Preview: a reviewer's +1 asks for the change's preview platform (zuul.d/preview.yaml, pipeline preview);
  # copied to new patch sets (is:ANY), so that each new patch set updates the preview while the vote stands.
  if ! gerrit_rest GET "projects/$enc/labels/Lanes-Preview" >/dev/null 2>&1; then
    gerrit_rest PUT "projects/$enc/labels/Lanes-Preview" '{"values": {"+1": "Preview this change", " 0": "No preview"},
      "function": "NoBlock", "copy_condition": "is:ANY"}' >/dev/null \
      || { echo "zuul: could not define the label Lanes-Preview on $project" >&2; return 1; }
  fi
  admins=$(gerrit_rest GET "groups/Administrators" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  gerrit_rest POST "projects/$enc/access" "{\"add\": {\"refs/heads/*\": {\"permissions\": {
    \"label-Workflow\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\", \"min\": -1, \"max\": 1}}},
    \"label-Lanes-Preview\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\", \"min\": 0, \"max\": 1}}},
    \"label-Verified\": {\"rules\": {\"$services\": {\"action\": \"ALLOW\", \"min\": -2, \"max\": 2}}},
    \"submit\": {\"rules\": {\"$services\": {\"action\": \"ALLOW\"}}}}}}}" >/dev/null \
    || { echo "zuul: could not allow Service Users to vote Verified on $project" >&2; return 1; }
}

# node_start: the static node, Debian's sshd on 127.0.0.1:$node_port with its own host key, letting in only the
# executor's key, as this machine's user. The privilege-separation directory /run/sshd must exist.
node_start() {
  local dir=$state/node
  mkdir -p /run/sshd
  cp "$state/ssh/id_ed25519.pub" "$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  cat >"$dir/sshd_config" <<EOF
Port $node_port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  /usr/sbin/sshd -t -f "$dir/sshd_config" || { echo "zuul: the node's sshd_config is invalid" >&2; return 1; }
  echo "zuul: starting the static node (sshd on 127.0.0.1:$node_port)" >&2
  daemon node /usr/sbin/sshd -D -e -f "$dir/sshd_config"
}

# site_config: the site's part of the config project, in $site/zuul.d (a deployment has its own): the base job
# every job inherits from (Zuul needs one named base, with no parent) and, with the executor, the static node:
# image, flavor and label debian-bookworm (the label of Lanes' nodeset lanes-runner), a section on the static
# connection and a provider with the one node, whose host key Zuul checks.
site_config() {
  mkdir -p "$site/zuul.d" "$site/playbooks"
  cat >"$site/zuul.d/site-base.yaml" <<EOF
# The site's base job (written by src/services/zuul.sh): puts the checkouts on the node, names the nodeset, and
# after the build collects the node's ~/zuul-output/logs into the build's logs and stores them (site-base-post).
- job:
    name: base
    parent: null
    description: The site's base job.
    nodeset: lanes-runner
    timeout: 1800
    pre-run: playbooks/site-base-pre.yaml
    post-run: playbooks/site-base-post.yaml
EOF
  cat >"$site/playbooks/site-base-post.yaml" <<EOF
# The site's base post-run (written by src/services/zuul.sh), the last playbook of every build: what the job left
# for people under ~/zuul-output/logs on the node goes into the build's logs (zuul-jobs' fetch-output), then the
# build's logs (job-output.txt/json and those files) go to the site's log store, $logs/<build uuid>/, which
# becomes the build's log_url (zuul-jobs' upload-logs does this with a log server). Artifact URLs relative to
# the log URL (render's preview) then resolve to files there.
- name: Collect the node's output
  hosts: all
  tasks:
    - name: Look for the node's output directory
      ansible.builtin.stat:
        path: "{{ ansible_user_dir }}/zuul-output/logs"
      register: site_output

    - name: Copy it into the build's logs
      when: site_output.stat.exists
      ansible.posix.synchronize:
        mode: pull
        src: "{{ ansible_user_dir }}/zuul-output/logs/"
        dest: "{{ zuul.executor.log_root }}/"

    - name: Empty it for the next build on this static node
      ansible.builtin.file:
        path: "{{ ansible_user_dir }}/zuul-output"
        state: absent

- name: Store the build's logs
  hosts: localhost
  tasks:
    - name: Copy the logs to the log store
      ansible.builtin.copy:
        src: "{{ zuul.executor.log_root }}/"
        dest: "$logs/{{ zuul.build }}/"
        mode: preserve

    - name: Give Zuul the build's log URL
      zuul_return:
        data:
          zuul:
            log_url: "file://$logs/{{ zuul.build }}/"
EOF
  cat >"$site/playbooks/site-base-pre.yaml" <<'EOF'
# The site's base pre-run (written by src/services/zuul.sh): the build's prepared repositories onto the node, at
# ~/src/<canonical name> (zuul.project.src_dir), as zuul-jobs' prepare-workspace does: rsync over the build's SSH
# connection (a copy file by file took minutes). The static node is reused by every build, so whatever the previous
# build left under ~/src goes (delete).
- name: Put the build's repositories on the node
  hosts: all
  tasks:
    - name: Copy the repositories Zuul prepared
      ansible.posix.synchronize:
        src: "{{ zuul.executor.src_root }}/"
        dest: "{{ ansible_user_dir }}/src/"
        delete: true
EOF
  rm -f "$site/zuul.d/site-node.yaml"
  [ "$executor" = 1 ] || return 0
  local user host_key
  user=$(id -un)
  mkdir -p "$state/node"
  [ -f "$state/node/ssh_host_ed25519_key" ] \
    || ssh-keygen -q -t ed25519 -N '' -C lanes-node -f "$state/node/ssh_host_ed25519_key"
  host_key=$(cut -d' ' -f1,2 "$state/node/ssh_host_ed25519_key.pub")
  cat >"$site/zuul.d/site-node.yaml" <<EOF
# The site's one build node (written by src/services/zuul.sh): this machine, over SSH on loopback, handed out by
# zuul-launcher's static driver.
- image:
    name: lanes-local
    type: cloud
    description: This machine's Debian.

- flavor:
    name: lanes-local
    description: This machine.

- label:
    name: debian-bookworm
    image: lanes-local
    flavor: lanes-local
    description: A Debian node with Java 21+.

- section:
    name: lanes-static
    connection: static
    images:
      - name: lanes-local
        username: $user
        connection-port: $node_port
        python-path: /usr/bin/python3
    flavors:
      - lanes-local
    labels:
      - debian-bookworm

- provider:
    name: lanes-static
    section: lanes-static
    labels:
      - debian-bookworm
    nodes:
      - name: 127.0.0.1
        label: debian-bookworm
        host-key: $host_key
EOF
}

# tenant_layout DIR WHAT=FILE...: the config project's tree (DIR/config) and the platforms repository's (DIR/platforms),
# the secrets filled in and encrypted (see "tenant" above).
tenant_layout() {
  local dir=$1 key
  shift
  export LANES_TENANT_PROJECT=$project
  mkdir -p "$dir/config/zuul.d" "$dir/platforms/zuul.d"
  cp -r "$LANES_ROOT/zuul.d/." "$dir/config/zuul.d/"
  cp -r "$LANES_ROOT/playbooks" "$dir/config/"
  mv "$dir/config/zuul.d/projects.yaml" "$dir/platforms/zuul.d/projects.yaml"
  # the site's files last: a platform file the site wrote (zuul-steps zuul-config) replaces the sample's
  cp -r "$site/." "$dir/config/"
  # the sample's project stanzas (the platforms repository's and the config project's for it) name ZUUL_PROJECT
  grep -q "^    name: openedx-platforms\$" "$dir/platforms/zuul.d/projects.yaml" \
    || { echo "zuul: zuul.d/projects.yaml no longer names its project openedx-platforms" >&2; return 1; }
  find "$dir/config/zuul.d" "$dir/platforms/zuul.d" -name '*.yaml' -exec perl -0pi -e \
    's/^- project:\n    name: openedx-platforms\n/- project:\n    name: $ENV{LANES_TENANT_PROJECT}\n/mg' {} +
  key=$dir/config-project.pub
  curl -sf -o "$key" "$url/api/tenant/$tenant/key/$(/usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$config_project").pub" \
    || { echo "zuul: zuul-web gave no public key for $config_project" >&2; return 1; }
  (umask 077 && printf '%s' "$zuul_user" >"$dir/gerrit-user")
  "$venv/bin/python" - "$dir/config/zuul.d" "$key" "lanes gerrit user=$dir/gerrit-user" \
    "lanes gerrit password=$state/zuul-gerrit-token" "$@" <<'PY'
import base64, pathlib, re, sys
from cryptography.hazmat.primitives import serialization
from zuul.lib import encryption
root, key_file, *given = sys.argv[1:]
values = {}
for item in given:
    what, _, path = item.partition("=")
    values[what] = pathlib.Path(path).read_text().strip("\n")
key = serialization.load_pem_public_key(pathlib.Path(key_file).read_bytes())
chunk = key.key_size // 8 - 42  # OAEP with SHA-1: the modulus' length less 2 * 20 + 2 bytes
encrypted = re.compile(r"(!encrypted/pkcs1-oaep\s+(?:- )?)([A-Za-z0-9+/=]+)")
used = set()
PLACEHOLDER = b"sample placeholder, not ciphertext: "
def encrypt(match):
    prefix, placeholder = match.groups()
    raw = base64.b64decode(placeholder)
    if not raw.startswith(PLACEHOLDER):
        return match.group(0)  # ciphertext already (a file zuul-steps zuul-config wrote): left as it is
    plain = raw.decode()
    what = plain.rsplit(": ", 1)[-1]
    if what in values:
        plain = values[what]
        used.add(what)
    data = plain.encode()
    separator = prefix[prefix.rfind("\n") + 1:]
    if len(data) > chunk and not separator.endswith("- "):
        sys.exit("zuul: the secret %r is longer than one RSA block: its value must be in list form" % what)
    chunks = [base64.b64encode(encryption.encrypt_pkcs1_oaep(data[i:i + chunk], key)).decode()
              for i in range(0, max(len(data), 1), chunk)]
    return prefix + ("\n" + separator).join(chunks)
for path in sorted(pathlib.Path(root).rglob("*.yaml")):
    path.write_text(encrypted.sub(encrypt, path.read_text()))
unknown = sorted(set(values) - used)
if unknown:
    sys.exit("zuul: no secret placeholder names %s in zuul.d" % ", ".join(repr(u) for u in unknown))
PY
  rm -f "$dir/gerrit-user"
}

# push_tree NAME DIR WORK: makes main of the Gerrit project NAME hold exactly the files under DIR, as Gerrit's admin
# (allowed to push there first), in one commit.
push_tree() {
  local name=$1 dir=$2 work=$3 enc admins auth
  enc=$(/usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$name")
  admins=$(gerrit_rest GET "groups/Administrators" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  gerrit_rest POST "projects/$enc/access" "{\"add\": {\"refs/heads/*\": {\"permissions\": {
    \"push\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\"}}},
    \"create\": {\"rules\": {\"$admins\": {\"action\": \"ALLOW\"}}}}}}}" >/dev/null \
    || { echo "zuul: could not let Administrators push to $name" >&2; return 1; }
  auth="Authorization: Basic $(printf '%s:%s' "$gerrit_user" "$gerrit_token" | base64 -w0)"
  git -c http.extraHeader="$auth" clone -q -b main "$gerrit_url/a/$name" "$work/$enc"
  find "$work/$enc" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  cp -r "$dir/." "$work/$enc/"
  git -C "$work/$enc" add -A
  git -C "$work/$enc" -c user.name="Lanes zuul.sh" -c user.email=lanes-zuul@lanes.invalid \
    commit -q --allow-empty -m "Lanes' Zuul layout (src/services/zuul.sh tenant)"
  git -C "$work/$enc" -c http.extraHeader="$auth" push -q origin HEAD:refs/heads/main 2>"$work/push.log" \
    || { echo "zuul: could not push the layout to main of $name:" >&2; cat "$work/push.log" >&2; return 1; }
}

# tenant WHAT=FILE...: see the usage above.
tenant() {
  local work marker errors before
  work=$(mktemp -d "${TMPDIR:-/tmp}/lanes-zuul-tenant.XXXXXX")
  gerrit_facts=$(bash "$here/gerrit.sh" start)
  gerrit_url=$(sed -n 's/^GERRIT_URL=//p' <<<"$gerrit_facts")
  gerrit_user=$(sed -n 's/^GERRIT_USER=//p' <<<"$gerrit_facts")
  gerrit_token=$(cat "$(sed -n 's/^GERRIT_TOKEN_FILE=//p' <<<"$gerrit_facts")")
  tenant_layout "$work/layout" "$@"
  # a semaphore of a fresh name marks this layout: zuul-web loads a new layout a moment after the scheduler
  marker=lanes-layout-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
  printf '# Marks the layout zuul.sh tenant pushed.\n- semaphore:\n    name: %s\n    max: 1\n' "$marker" \
    >"$work/layout/config/zuul.d/site-layout-marker.yaml"
  push_tree "$config_project" "$work/layout/config" "$work"
  push_tree "$project" "$work/layout/platforms" "$work"
  before=$(last_reconfigured)
  "$venv/bin/zuul-scheduler" -c "$conf" full-reconfigure >&2
  log=$state/scheduler.log service_wait 300 bash -c \
    'curl -sf "$0/api/tenant/$1/semaphores" | grep -q "\"$2\""' "$url" "$tenant" "$marker"
  errors=$(curl -sf "$url/api/tenant/$tenant/config-errors" | /usr/bin/python3 -c 'import json,sys
for e in json.load(sys.stdin):
    print("  %s %s: %s" % (e.get("source_context", {}).get("project", "?"), e.get("source_context", {}).get("path", "?"),
          e.get("short_error") or e.get("error", "").splitlines()[0]))')
  if [ -n "$errors" ]; then
    echo "zuul: tenant $tenant has configuration errors:" >&2
    echo "$errors" >&2
    return 1
  fi
  rm -rf "$work"
  echo "zuul: tenant $tenant: Lanes' zuul.d and playbooks in $config_project, the project stanza in $project; no configuration error" >&2
}

# publish_runner JAR: the site's release of the step runner. A deployment uploads zuul-steps.jar to a release store
# its nodes can read (https://...) and pins the URL and checksum in its config project; lanes-base's pre-run
# fetches and checks it (playbooks/roles/lanes_step, lanes_steps_jar_url). Here the store is a directory of this
# machine, read by the node (this machine) as file://, the jar named by its checksum so that a build never sees a
# jar half-replaced. The node's Java: zuul-steps needs 21+, and /usr/bin/java here may be older (17), so the variant
# names the JDK the project builds with (src/scripts/env.sh's JAVA_HOME).
publish_runner() {
  local jar=$1 sha java
  sha=$(sha256sum "$jar" | cut -d' ' -f1)
  java=${LANES_ZUUL_NODE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
  [ -n "$java" ] && [ -x "$java" ] \
    || { echo "zuul: no Java 21+ for the node (set LANES_ZUUL_NODE_JAVA or JAVA_HOME)" >&2; exit 2; }
  mkdir -p "$state/releases" "$site/zuul.d"
  cp "$jar" "$state/releases/zuul-steps-$sha.jar.tmp"
  mv "$state/releases/zuul-steps-$sha.jar.tmp" "$state/releases/zuul-steps-$sha.jar"
  cat >"$site/zuul.d/site-lanes-runner.yaml" <<EOF
# The site's zuul-steps release (written by src/services/zuul.sh publish-runner): lanes-base's pre-run installs it
# on the node from this URL after checking its checksum, and runs it with this Java.
- job:
    name: lanes-base
    vars:
      lanes_steps_jar_url: file://$state/releases/zuul-steps-$sha.jar
      lanes_steps_jar_checksum: sha256:$sha
      lanes_java: $java
EOF
  echo "zuul: published zuul-steps $sha for the node" >&2
  echo "$site/zuul.d/site-lanes-runner.yaml"
}

zk_ready() { (echo >"/dev/tcp/127.0.0.1/$zk_port") 2>/dev/null; }
smtp_ready() { (echo >"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; }

# mail_sink: the site's mail server, a plain SMTP server (Python's smtpd, Debian's Python 3.11) on loopback that
# delivers every message it accepts to the Maildir $mail (new/ holds one file per message), whatever the recipient.
mail_sink() {
  # the Maildir's three folders: Python's Maildir creates them only with the top folder itself, which must not exist
  mkdir -p "$mail/tmp" "$mail/new" "$mail/cur"
  cat >"$state/mail-sink.py" <<'PY'
import asyncore, mailbox, smtpd, sys, warnings
warnings.simplefilter('ignore', DeprecationWarning)
class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        key = mailbox.Maildir(sys.argv[2]).add(data)
        print('mail-sink: delivered %s from %s to %s' % (key, mailfrom, ', '.join(rcpttos)), flush=True)
Sink(('127.0.0.1', int(sys.argv[1])), None, decode_data=False)
print('mail-sink: listening on 127.0.0.1:%s' % sys.argv[1], flush=True)
asyncore.loop()
PY
  daemon mail-sink /usr/bin/python3 -W ignore::DeprecationWarning "$state/mail-sink.py" "$smtp_port" "$mail"
  log=$state/mail-sink.log service_wait 30 smtp_ready
}

# enqueue_ref PIPELINE REF: through zuul-web's REST API with a tenant admin token that only this call sees.
enqueue_ref() {
  local pipeline=$1 ref=$2 token
  token=$("$venv/bin/zuul-admin" -c "$conf" create-auth-token --auth-config zuul_operator --tenant "$tenant" \
    --user lanes-operator --expires-in 600 2>/dev/null | sed -n 's/^Bearer //p')
  [ -n "$token" ] || { echo "zuul: could not make a tenant admin token (zuul-admin create-auth-token)" >&2; return 1; }
  # zuul-admin's REST client is zuul-client's (zuul-admin warns it is deprecated in favour of zuul-client, which is a
  # separate package; its enqueue-ref is the same call)
  "$venv/bin/zuul-admin" --zuul-url "$url" --auth-token "$token" enqueue-ref --tenant "$tenant" \
    --pipeline "$pipeline" --project "$project" --ref "$ref" 2>&1 | { grep -v 'deprecated with zuul-admin' || true; } >&2 \
    || { echo "zuul: zuul-web refused to enqueue $ref of $project into $pipeline" >&2; return 1; }
  echo "zuul: enqueued $ref of $project into $pipeline" >&2
}

# The tenant's layout is loaded when zuul-web answers for it; prints its last reconfiguration time (ms).
last_reconfigured() {
  curl -sf "$url/api/tenant/$tenant/status" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("last_reconfigured") or "")'
}
tenant_ready() { [ -n "$(last_reconfigured)" ]; }

daemon() {
  local name=$1
  shift
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! >>"$pidfile"
}

# build_ansible: the Ansible versions Zuul supports, each in its own virtualenv, installed by Zuul's own tool.
build_ansible() {
  [ -f "$cache/ansible/complete" ] && return 0
  echo "zuul: installing Zuul's Ansible versions into $cache/ansible (zuul-manage-ansible; ~5 minutes, once)" >&2
  rm -rf "$cache/ansible"
  "$venv/bin/zuul-manage-ansible" -r "$cache/ansible" >"$cache/ansible-install.log" 2>&1 \
    || { echo "zuul: zuul-manage-ansible failed; see $cache/ansible-install.log" >&2; return 1; }
  touch "$cache/ansible/complete"
}

case "${1:-}" in
  build)
    build
    if [ "$executor" = 1 ]; then build_ansible; fi
    ;;
  start)
    if service_running && tenant_ready; then
      facts
      exit 0
    fi
    service_stop >/dev/null 2>&1 || true
    build
    if [ "$executor" = 1 ]; then build_ansible; fi
    command -v openssl >/dev/null || { echo "zuul: openssl not installed (src/scripts/packages.txt)" >&2; exit 1; }
    [ -f /usr/share/java/zookeeper.jar ] || { echo "zuul: Debian's zookeeper not installed (src/scripts/packages.txt)" >&2; exit 1; }
    ports=("$zk_port" "$web_port" "$smtp_port")
    if [ "$executor" = 1 ]; then ports+=("$finger_port" "$node_port"); fi
    for p in "${ports[@]}"; do service_port_free "$p" || exit 1; done
    gerrit_facts=$(bash "$here/gerrit.sh" start)
    db_facts=$(bash "$here/mariadb.sh" start)
    gerrit_url=$(sed -n 's/^GERRIT_URL=//p' <<<"$gerrit_facts")
    gerrit_user=$(sed -n 's/^GERRIT_USER=//p' <<<"$gerrit_facts")
    gerrit_token=$(cat "$(sed -n 's/^GERRIT_TOKEN_FILE=//p' <<<"$gerrit_facts")")
    gerrit_ssh_port=$(sed -n 's/^GERRIT_SSH_PORT=//p' <<<"$gerrit_facts")
    db_port=$(sed -n 's/^MARIADB_PORT=//p' <<<"$db_facts")
    db_password=$(sed -n 's/^MARIADB_PASSWORD=//p' <<<"$db_facts")
    MYSQL_PWD=$db_password mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$db_port" -uroot \
      -e 'CREATE DATABASE IF NOT EXISTS zuul CHARACTER SET utf8mb4'
    gerrit_project "$config_project"
    gerrit_project "$project"
    certs
    zookeeper_conf
    zuul_key
    zuul_gerrit_user
    zuul_conf "$gerrit_url" "$zuul_user" "$(cat "$state/zuul-gerrit-token")" "$db_port" "$db_password" \
      "$gerrit_ssh_port"
    site_config
    : >"$pidfile"
    trap 'service_stop >/dev/null 2>&1' ERR EXIT
    echo "zuul: starting ZooKeeper (TLS) on 127.0.0.1:$zk_port" >&2
    daemon zookeeper java -Xmx256m -Dzookeeper.log.dir="$state/zookeeper" \
      -cp "$zk_classpath" \
      org.apache.zookeeper.server.quorum.QuorumPeerMain "$state/zookeeper/zoo.cfg"
    log=$state/zookeeper.log service_wait 60 zk_ready
    echo "zuul: starting the site's mail sink (SMTP on 127.0.0.1:$smtp_port, Maildir $mail)" >&2
    mail_sink
    echo "zuul: starting zuul-scheduler, zuul-merger, zuul-web $ZUUL_VERSION (logs $state/*.log)" >&2
    daemon scheduler "$venv/bin/zuul-scheduler" -f -c "$conf"
    daemon merger "$venv/bin/zuul-merger" -f -c "$conf"
    daemon web "$venv/bin/zuul-web" -f -c "$conf"
    if [ "$executor" = 1 ]; then
      node_start
      echo "zuul: starting zuul-executor (finger port $finger_port) and zuul-launcher" >&2
      # LANES_ZUUL_DEBUG=1: the executor logs at DEBUG, each build's Ansible output included
      daemon executor "$venv/bin/zuul-executor" -f ${LANES_ZUUL_DEBUG:+-d} -c "$conf"
      daemon launcher "$venv/bin/zuul-launcher" -f -c "$conf"
    fi
    log=$state/scheduler.log service_wait 300 tenant_ready
    trap - ERR EXIT
    echo "zuul: ready on $url, tenant $tenant loaded" >&2
    facts
    ;;
  enqueue-ref)
    [ $# -eq 3 ] || { echo "usage: $0 enqueue-ref PIPELINE REF" >&2; exit 2; }
    service_running && tenant_ready || { echo "zuul: not running" >&2; exit 1; }
    enqueue_ref "$2" "$3"
    ;;
  tenant)
    shift
    service_running && tenant_ready || { echo "zuul: not running" >&2; exit 1; }
    for given in "$@"; do
      [[ "$given" == *=* ]] && [ -f "${given#*=}" ] \
        || { echo "zuul: tenant: $given: not WHAT=FILE with FILE a file" >&2; exit 2; }
    done
    tenant "$@"
    ;;
  publish-runner)
    jar=${2:?usage: $0 publish-runner JAR}
    [ -f "$jar" ] || { echo "zuul: no such jar: $jar" >&2; exit 2; }
    publish_runner "$jar"
    ;;
  reconfigure)
    service_running && tenant_ready || { echo "zuul: not running" >&2; exit 1; }
    before=$(last_reconfigured)
    "$venv/bin/zuul-scheduler" -c "$conf" full-reconfigure >&2
    log=$state/scheduler.log service_wait 300 bash -c '[ "$(bash "$0" last-reconfigured)" != "$1" ]' "$0" "$before"
    echo "zuul: tenant $tenant reloaded" >&2
    ;;
  last-reconfigured)
    last_reconfigured
    ;;
  stop)
    service_stop
    ;;
  env)
    service_running && tenant_ready || exit 1
    facts
    ;;
  *)
    echo "usage: $0 start|stop|env|build|reconfigure|tenant [WHAT=FILE ...]|enqueue-ref PIPELINE REF|publish-runner JAR" >&2
    exit 2
    ;;
esac
