#!/usr/bin/env bash
# Installs the pinned Tutor and its plugins (src/scripts/versions.env) from PyPI into a virtualenv cached outside the
# work tree, keyed by the pins: ${LANES_CACHE:-~/.cache/lanes}/tutor/<tutor version>-<plugin pins hash>/.
# Nothing is installed globally: pip runs inside the venv. Progress on stderr.
#
# Verbs:
#   install      installs (or finds) the venv; prints TUTOR_VENV=<dir> and TUTOR=<dir>/bin/tutor
#   env          prints the same facts without installing (exit 1 when not installed)
#   tasks ROOT   prints, as JSON, the init and do tasks Tutor defines for the Tutor project at ROOT (its own plugins,
#                ROOT/plugins, as Tutor's plugins root)
#                (zuul-steps/src/main/resources/io/lanes/steps/tutor/lanes_tutor_tasks.py, run by the venv's Python)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/versions.env"
LANES_CACHE=${LANES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lanes}

# Every requirement, pinned: tutor and each plugin the sample platform (or a test) enables.
requirements() {
  echo "tutor==$TUTOR_VERSION"
  local plugin
  for plugin in $TUTOR_PLUGINS; do echo "$plugin"; done
}
key="$TUTOR_VERSION-$(requirements | sha256sum | cut -c1-12)"
venv=$LANES_CACHE/tutor/$key

facts() {
  echo "TUTOR_VENV=$venv"
  echo "TUTOR=$venv/bin/tutor"
}

install() {
  if [ -f "$venv/.complete" ]; then
    return 0
  fi
  local python=${LANES_PYTHON:-python3}
  command -v "$python" >/dev/null || { echo "tutor: $python not found (Tutor $TUTOR_VERSION needs Python 3.10 or newer)" >&2; exit 1; }
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || { echo "tutor: $python is $("$python" -V 2>&1); Tutor $TUTOR_VERSION needs Python 3.10 or newer" >&2; exit 1; }
  "$python" -c 'import venv, ensurepip' 2>/dev/null \
    || { echo "tutor: $python has no venv/ensurepip module (Debian: apt-get install python3-venv)" >&2; exit 1; }
  local started=$SECONDS
  echo "tutor: installing Tutor $TUTOR_VERSION and $(echo $TUTOR_PLUGINS | tr ' ' ',') from PyPI into $venv" >&2
  rm -rf "$venv.new"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv.new" >&2
  # The venv's absolute paths (shebangs, activate) must name the final directory: build it there.
  rm -rf "$venv"
  mv "$venv.new" "$venv"
  "$python" -m venv --upgrade "$venv" >&2
  requirements >"$venv/requirements.txt"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$venv/requirements.txt" >&2
  "$venv/bin/tutor" --version >&2
  touch "$venv/.complete"
  echo "tutor: installed in $((SECONDS - started)) s" >&2
}

case "${1:-}" in
  install) install; facts ;;
  env) [ -f "$venv/.complete" ] || { echo "tutor: not installed ($venv); run: bash src/scripts/tutor.sh install" >&2; exit 1; }; facts ;;
  tasks)
    [ $# -eq 2 ] || { echo "usage: tutor.sh tasks TUTOR_ROOT" >&2; exit 2; }
    install
    # The platform's own plugins (ROOT/plugins) are Tutor's plugins root, as zuul-steps sets it.
    if [ -d "$2/plugins" ]; then export TUTOR_PLUGINS_ROOT; TUTOR_PLUGINS_ROOT=$(cd "$2/plugins" && pwd); fi
    exec "$venv/bin/python" "$root/zuul-steps/src/main/resources/io/lanes/steps/tutor/lanes_tutor_tasks.py" --root "$2" ;;
  *) echo "usage: tutor.sh install | env | tasks TUTOR_ROOT" >&2; exit 2 ;;
esac
