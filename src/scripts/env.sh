# Sourced by the project's scripts: the JDK and Maven settings every build here uses.
# Gerrit 3.13's classes are Java 21: build and run on JDK 21+. A JAVA_HOME already set to one is kept; otherwise the
# newest JDK 21+ under /usr/lib/jvm is found by the version it reports (no fixed path).
java_major() {
  "$1/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+)[."].*/\1/p'
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  best=""
  best_major=0
  for jdk in /usr/lib/jvm/*/; do
    jdk=${jdk%/}
    [ -x "$jdk/bin/javac" ] && [ ! -L "$jdk" ] || continue
    major=$(java_major "$jdk")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=$jdk
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "no JDK 21 or newer under /usr/lib/jvm (Gerrit 3.13 needs Java 21): $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')" >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
LANES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LANES_ROOT
