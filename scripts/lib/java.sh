# Sourced by the scripts: finds a JDK >= 21 (the fleet runs on Java 21+; the machine's default java
# may be older). Honours JAVA_HOME when it is recent enough, else looks in the usual places.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1] }'
}

find_java21() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$HOME"/.jdks/* "$HOME"/.sdkman/candidates/java/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate/bin/java"
      return 0
    fi
  done
  if command -v java >/dev/null; then
    major=$(java_major java)
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      command -v java
      return 0
    fi
  fi
  echo "No JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.jdks, ~/.sdkman)." >&2
  echo "Install one, e.g. Temurin 21 or 25, or set JAVA_HOME to it." >&2
  return 1
}
