# Sourced by the project's scripts: the JDK and Maven settings every build here uses.
# Gerrit 3.13's classes are Java 21: build and run on JDK 21+ (Temurin 25 on this project's machines).
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
LANES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LANES_ROOT
