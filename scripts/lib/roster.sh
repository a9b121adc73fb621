# Sourced by the scripts: the fleet's roster, fleet.yaml at the repository root. Read with awk so that
# a fresh machine needs nothing else: every service is one YAML flow mapping on its own line,
#   - {name: orders-service, port: 8101, schema: orders, kind: domain}
# with plain values (no quotes, commas, colons or braces inside them).

# Prints "name port schema kind" for every service of the roster, in its order; with arguments, only
# the services of those kinds (tenant, orchestrator, domain). Fails when the roster lists none.
roster_services() {
  local roster="${FLEET_ROSTER:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/fleet.yaml}"
  [ -r "$roster" ] || { echo "No roster at $roster" >&2; return 1; }
  awk -v kinds=" $* " -v roster="$roster" '
    /^[[:space:]]*-[[:space:]]*\{/ {
      line = $0
      sub(/^[^{]*\{/, "", line)
      sub(/\}.*$/, "", line)
      split("", entry)
      n = split(line, fields, ",")
      for (i = 1; i <= n; i++) {
        colon = index(fields[i], ":")
        key = substr(fields[i], 1, colon - 1)
        value = substr(fields[i], colon + 1)
        gsub(/^[[:space:]]+|[[:space:]]+$/, "", key)
        gsub(/^[[:space:]]+|[[:space:]]+$/, "", value)
        entry[key] = value
      }
      if (entry["name"] == "" || entry["port"] !~ /^[0-9]+$/ || entry["schema"] == "" || entry["kind"] == "") {
        printf "%s:%d: a service needs name, port, schema and kind: %s\n", roster, NR, $0 > "/dev/stderr"
        failed = 1
        exit 1
      }
      listed++
      if (kinds == "  " || index(kinds, " " entry["kind"] " ") > 0) {
        print entry["name"], entry["port"], entry["schema"], entry["kind"]
      }
    }
    END {
      if (failed) exit 1
      if (listed == 0) { printf "%s lists no service\n", roster > "/dev/stderr"; exit 1 }
    }' "$roster"
}
