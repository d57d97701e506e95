# Facts about the machine and the software measured, as key=value lines for the report's
# "Machine" table. Sourced by run.sh; write_machine FILE.
# shellcheck shell=bash

write_machine() {
  local cpu memory java_version liberty nchan
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  java_version=$(java -version 2>&1 | paste -sd' ' -)
  liberty=$(sed -n 's/^com.ibm.websphere.productVersion=//p' \
    "$WLP/lib/versions/openliberty.properties" 2>/dev/null || true)
  nchan=$(dpkg-query -W -f '${Version}' libnginx-mod-nchan 2>/dev/null || echo unknown)
  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "mode=$MODE"
    echo "repeats=$REPEATS"
    echo "cpus=$(nproc) (server on core 0, generator on core 1)"
    echo "cpu=${cpu:-unknown}"
    echo "memory=$memory"
    echo "kernel=$(uname -sr)"
    echo "java=$java_version"
    echo "liberty=Open Liberty ${liberty:-unknown}"
    echo "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //')"
    echo "nchan=libnginx-mod-nchan $nchan"
    echo "herald-jvm-options=${HERALD_JVM_OPTIONS[*]}"
    echo "herald-settings=${HERALD_ENV[*]}"
    echo "generator-jvm-options=$GENERATOR_JVM_OPTS"
  } >"$1"
}
