# Sourced by the scripts: runs a tool of the fleet-tools module (seed, demo, benchmarks, API docs,
# receipt and export checks) with the classpath its build copied to fleet-tools/target/lib.

tools_classpath() {
  local repo_root="$1" jar
  for jar in "$repo_root"/fleet-tools/target/fleet-tools-*.jar; do
    if [ -f "$jar" ] && [ -d "$repo_root/fleet-tools/target/lib" ]; then
      echo "$jar:$repo_root/fleet-tools/target/lib/*"
      return 0
    fi
  done
  echo "The fleet tools are not built: run ./mvnw -B -q install -DskipTests (or scripts/demo, which builds)" >&2
  return 1
}

# True when a jar is missing or a source file is newer than the tools' jar.
build_needed() {
  local repo_root="$1" jar newest
  jar=$(ls "$repo_root"/fleet-tools/target/fleet-tools-*.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] && [ -d "$repo_root/fleet-tools/target/lib" ] || return 0
  newest=$(find "$repo_root" \( -path "$repo_root/var" -o -path "$repo_root/.git" -o -path "$repo_root/data" -o -name target \) -prune \
    -o \( -path '*/src/main/*' -o -name pom.xml -o -path "$repo_root/fleet.yaml" \) -type f -newer "$jar" -print -quit)
  [ -n "$newest" ]
}
