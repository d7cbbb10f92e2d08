# Shared by the service scripts that build Go programs from the Go module proxy into the cache. Sourced, not run.
# The cache lives outside the work tree, keyed by version, so a fresh clone reuses what an earlier one built.
LANES_CACHE=${LANES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lanes}

# go_tools_build DIR MODULE_LINES REPLACE_LINES PACKAGE...: builds the main PACKAGEs into DIR/bin, once.
# DIR/go.mod is written from the requirement and replace lines given (a throw-away module whose only purpose is to
# pin the programs' module versions as `tool` dependencies); `go mod tidy` resolves the rest through the proxy.
# Progress on stderr; a marker file DIR/bin/.complete says the build finished (a killed build starts over).
go_tools_build() {
  local dir=$1 requires=$2 replaces=$3
  shift 3
  if [ -f "$dir/bin/.complete" ]; then
    return 0
  fi
  local started=$SECONDS
  rm -rf "$dir/bin" "$dir/src"
  mkdir -p "$dir/src" "$dir/bin"
  {
    echo "module lanes.local/tools"
    echo
    echo "go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')"
    echo
    echo "require ("
    printf '%s\n' "$requires" | sed '/^$/d; s/^/\t/'
    echo ")"
    if [ -n "$replaces" ]; then
      echo
      echo "replace ("
      printf '%s\n' "$replaces" | sed '/^$/d; s/^/\t/'
      echo ")"
    fi
    echo
    local package
    for package in "$@"; do echo "tool $package"; done
  } >"$dir/src/go.mod"
  echo "go: resolving $* (go mod tidy)" >&2
  (cd "$dir/src" && go mod tidy) >&2
  local package
  for package in "$@"; do
    echo "go: building ${package##*/} (elapsed $((SECONDS - started)) s)" >&2
    (cd "$dir/src" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$dir/bin/" "$package") >&2
  done
  echo "go: built $# programs into $dir/bin in $((SECONDS - started)) s" >&2
  touch "$dir/bin/.complete"
}
