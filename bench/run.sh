#!/usr/bin/env bash
# Herald's benchmark: the same workloads against Herald and nchan (and the harness's trivial
# sender, to calibrate), several runs per point, then docs/performance.md with tables and charts.
# See bench/README.md. Usage: bench/run.sh [--smoke | --quick] [options]; --help lists them.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
JAR="$BENCH/target/herald-bench.jar"

usage() {
  cat <<'EOF'
Usage: bench/run.sh [--smoke | --quick] [options]

Modes (default: full, ~25 min, writes docs/performance.md and docs/img/*.svg):
  --smoke            every scenario at tiny scale against Herald and nchan (~1-2 min); checks
                     that the harness works; results in a temp dir; exits 1 if the harness broke
  --quick            the full path at small scale, one run per point (~5 min); the report goes to
                     a temp dir unless --out is given

Options:
  --out DIR          where performance.md and img/ are written
  --repeats N        runs per point (full: 3, quick and smoke: 1)
  --scenarios LIST   comma-separated subset of: calibration,idle,fanout,latency,topics,publish,
                     batch,churn,storm,h2
  --skip-build       use bench/target/herald-bench.jar as it is
  --help
Ports (127.0.0.1): Herald 18080, nchan 18081, trivial sender 18082, Herald's HTTPS 18083, nchan's
TLS 18084; override with HERALD_PORT, NCHAN_PORT, BLASTER_PORT, HERALD_TLS_PORT, NCHAN_TLS_PORT.
EOF
}

INVOCATION="bench/run.sh${*:+ $*}"
MODE=full
OUT=
REPEATS_OPTION=
ONLY=
SKIP_BUILD=false
while (($#)); do
  case $1 in
    --smoke) MODE=smoke ;;
    --quick) MODE=quick ;;
    --out) OUT=$2; shift ;;
    --repeats) REPEATS_OPTION=$2; shift ;;
    --scenarios) ONLY=$2; shift ;;
    --skip-build) SKIP_BUILD=true ;;
    --help | -h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

HERALD_PORT=${HERALD_PORT:-18080}
NCHAN_PORT=${NCHAN_PORT:-18081}
HERALD_TLS_PORT=${HERALD_TLS_PORT:-18083}
NCHAN_TLS_PORT=${NCHAN_TLS_PORT:-18084}
BLASTER_PORT=${BLASTER_PORT:-18082}
GENERATOR_TIMEOUT=900 # seconds; no single scenario run of any mode comes near it

# Herald as the targets define it: a 512 MB heap, the 18k-connection scenario allowed, the stats
# feed quiet, no stream lifetime limit in long runs, and a short drain so stopping is quick.
HERALD_JVM_OPTIONS=(-Xmx512m -XX:+UseParallelGC -XX:ActiveProcessorCount=1)
HERALD_ENV=(HERALD_STATS_INTERVAL=1h HERALD_CONNECTIONS_MAX=20000
  HERALD_STREAM_MAX_DURATION=0s HERALD_SHUTDOWN_DRAIN=1s)
# A JVM pinned to one core would pick SerialGC and size its pools for one CPU anyway: say so.
SERVER_JVM_OPTS="-Xmx512m -XX:+UseParallelGC -XX:ActiveProcessorCount=1"
GENERATOR_JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench-$MODE.XXXXXX")
mkdir -p "$WORK/logs"
RESULTS="$WORK/results.tsv"
COMMANDS="$WORK/commands.txt"
MACHINE="$WORK/machine.txt"

# shellcheck source=SCRIPTDIR/lib/servers.sh
source "$BENCH/lib/servers.sh"
# shellcheck source=SCRIPTDIR/lib/profiles.sh
source "$BENCH/lib/profiles.sh"
# shellcheck source=SCRIPTDIR/lib/machine.sh
source "$BENCH/lib/machine.sh"
# shellcheck source=SCRIPTDIR/lib/token.sh
source "$BENCH/lib/token.sh"
# shellcheck source=SCRIPTDIR/lib/tls.sh
source "$BENCH/lib/tls.sh"

trap 'stop_all_servers' EXIT
trap 'exit 130' INT TERM

load_profile "$MODE"
[[ -n $REPEATS_OPTION ]] && REPEATS=$REPEATS_OPTION
if [[ -n $ONLY ]]; then
  IFS=, read -ra SCENARIOS <<<"$ONLY"
fi
if [[ -z $OUT ]]; then
  if [[ $MODE == full ]]; then OUT="$REPO/docs"; else OUT="$WORK/report"; fi
fi

# ---------------------------------------------------------------- prerequisites

check_prerequisites() {
  local missing=()
  local tool
  for tool in java jcmd jar taskset curl nginx openssl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [[ -f /usr/lib/nginx/modules/ngx_nchan_module.so ]] || missing+=("the nchan module")
  if ((${#missing[@]})); then
    log "missing: ${missing[*]}. On Debian/Ubuntu, as root:"
    log "  apt-get update && apt-get install -y --no-install-recommends" \
      "openjdk-17-jdk-headless nginx-light libnginx-mod-nchan curl util-linux gnuplot-nox"
    exit 1
  fi
  (($(nproc) >= 2)) || die "needs 2 cores: the server runs on core 0, the generator on core 1"
  # 18k subscribers need as many descriptors in the generator and in the server.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  if [[ $MODE == full ]] && (($(ulimit -n) < 19000)); then
    die "the 18k-subscriber scenario needs 'ulimit -n' of 19000 or more (hard limit: $(ulimit -Hn))"
  fi
}

build_generator() {
  if [[ $SKIP_BUILD == true && -f $JAR ]]; then return; fi
  log "building the generator (bench/pom.xml)"
  (cd "$REPO" && ./mvnw -q -B -f bench/pom.xml package) >"$WORK/logs/build.log" 2>&1 ||
    { tail -40 "$WORK/logs/build.log" >&2; die "bench build failed"; }
}

# The packaged Liberty server with Herald deployed; CI has it from `./mvnw verify`, a fresh clone
# does not. Never `clean`: others may be using target/.
ensure_packaged_herald() {
  if [[ -f $WLP/usr/servers/defaultServer/server.xml && -f $REPO/target/herald.war ]]; then
    return
  fi
  log "packaging Herald's Liberty server (about a minute)"
  (cd "$REPO" && ./mvnw -q -B -DskipTests package liberty:create liberty:install-feature \
    liberty:deploy) >"$WORK/logs/package.log" 2>&1 ||
    { tail -40 "$WORK/logs/package.log" >&2; die "packaging Herald failed"; }
}

uses_target() {
  local scenario
  for scenario in "${SCENARIOS[@]}"; do
    [[ " $(targets_of "$scenario") " == *" $1 "* ]] && return 0
  done
  return 1
}

# ---------------------------------------------------------------- running the scenarios

FAILURES=()

# One run of one scenario against the server under test (SERVER_PIDS, JVM_PID set by use_server).
run_generator() {
  local scenario=$1 target=$2 run=$3
  local -n scenario_args="ARGS_$scenario"
  # shellcheck disable=SC2206 # the JVM options are a list
  local cmd=(taskset -c 1 java $GENERATOR_JVM_OPTS -jar "$JAR" "${scenario_args[@]}"
    --target "$target" --port "$(port_of "$target")" --run "$run"
    --server-pids "$SERVER_PIDS" --jvm-pid "$JVM_PID" --results "$RESULTS")
  [[ $target == herald ]] && cmd+=(--token "$TOKEN")
  [[ $scenario == h2 ]] && cmd+=(--tls-port "$(tls_port_of "$target")" --tls-cert "$TLS_CERT")
  if ((run == 1)); then
    echo "${cmd[*]}" | sed -e "s#$JAR#bench/target/herald-bench.jar#" \
      -e "s#--server-pids $SERVER_PIDS#--server-pids \$SERVER_PIDS#" \
      -e "s#--jvm-pid $JVM_PID#--jvm-pid \$JVM_PID#" \
      -e "s#--results $RESULTS#--results results.tsv#" -e "s#--token $TOKEN#--token \$TOKEN#" \
      -e "s#--tls-cert $TLS_CERT#--tls-cert \$TLS_CERT#" \
      >>"$COMMANDS"
  fi
  log "$scenario on $target, run $run of $REPEATS"
  local status=0
  timeout -k 10 "$GENERATOR_TIMEOUT" "${cmd[@]}" 2>&1 | tee -a "$WORK/logs/generator.log" |
    sed 's/^/    /' >&2 || status=$?
  if ((status != 0)); then
    log "the generator failed (exit $status): $scenario on $target, run $run"
    FAILURES+=("$scenario/$target/run$run")
  fi
}

run_all() {
  local scenario run target
  for scenario in "${SCENARIOS[@]}"; do
    declare -p "ARGS_$scenario" >/dev/null 2>&1 || die "unknown scenario: $scenario"
    for ((run = 1; run <= REPEATS; run++)); do
      # Targets alternate within each run, so a noisy moment on the shared machine hits both.
      for target in $(targets_of "$scenario"); do
        use_server "$target"
        run_generator "$scenario" "$target" "$run"
        if [[ $FRESH_SERVER_PER_RUN == true ]]; then
          stop_server "$target"
        fi
      done
    done
  done
  stop_all_servers
}

write_commands_header() {
  cat >"$COMMANDS" <<EOF
# Prerequisites (Debian 12, as root), then Herald's packaged server:
apt-get install -y --no-install-recommends nginx-light libnginx-mod-nchan gnuplot-nox
./mvnw -DskipTests package liberty:create liberty:install-feature liberty:deploy
# This report (bench/run.sh alone is the full benchmark; --quick and --smoke scale it down):
$INVOCATION

# What run.sh does, step by step. Servers run on core 0, one at a time, started afresh per run:
#   Herald: a copy of target/liberty/wlp/usr/servers/defaultServer named $HERALD_SERVER, with
#     bootstrap.properties http.port=$HERALD_PORT, jvm.options: ${HERALD_JVM_OPTIONS[*]}
#     server.env: ${HERALD_ENV[*]}
#     and HTTPS on its own endpoint (https.port=$HERALD_TLS_PORT; HTTP/2 by ALPN): the override
#     configDropins/overrides/bench-tls.xml adds transportSecurity-1.0, a keyStore (the run's
#     PKCS12, bench/lib/tls.sh: a self-signed RSA key for IP:127.0.0.1) and httpsPort
taskset -c 0 target/liberty/wlp/bin/server run $HERALD_SERVER
#     Herald's publishes are JSON events ({"data":"<payload>"}) with Authorization: Bearer \$TOKEN,
#     an RS256 JWT that bench/lib/token.sh signs with a key made for the run (its public half is
#     the MP_JWT_VERIFY_PUBLICKEY_LOCATION above); nchan's are the payload as text/plain.
#   nchan: bench/conf/nchan.conf.template with @DIR@, @PORT@ ($NCHAN_PORT) and, for TLS and
#     HTTP/2, @TLS_PORT@ ($NCHAN_TLS_PORT), @TLS_CERT@ and @TLS_KEY@ (the same run's key, PEM)
taskset -c 0 nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'
#   the trivial sender (calibration)
taskset -c 0 java $SERVER_JVM_OPTS -jar bench/target/herald-bench.jar blaster --port $BLASTER_PORT
# The generator on core 1, once per scenario, server and run (run 1 shown; SERVER_PIDS are the
# server's processes, JVM_PID its JVM for heap figures or 0):
EOF
}

write_report() {
  local note=""
  [[ $MODE == full ]] ||
    note="$MODE mode: scaled-down workloads and $REPEATS run(s) per point, to prove the harness; these are not the benchmark's figures"
  mkdir -p "$OUT"
  taskset -c 1 java -jar "$JAR" report --results "$RESULTS" --machine "$MACHINE" \
    --commands "$COMMANDS" --out "$OUT/performance.md" --title-note "$note" >&2
  draw_charts
  if [[ $MODE == full && $OUT == "$REPO/docs" ]]; then
    cp "$RESULTS" "$OUT/performance-results.tsv" # the raw figures behind the report
  fi
}

# The report writes its chart's data (img/fanout.dat); gnuplot draws the SVGs it links. Without
# gnuplot the report says, where each chart would be, that it was not drawn.
draw_charts() {
  [[ -f $OUT/img/fanout.dat ]] || return 0
  if command -v gnuplot >/dev/null; then
    gnuplot -e "dir='$OUT/img'" "$BENCH/plot/fanout.gp" || log "gnuplot failed: charts not drawn"
  else
    log "gnuplot is missing (apt-get install gnuplot-nox): the report's charts are not drawn"
    sed -i -E 's#^!\[(.*)\]\(img/.*\.svg\)$#*Chart not drawn (\1): gnuplot was missing.*#' \
      "$OUT/performance.md"
  fi
}

main() {
  local started=$SECONDS
  log "mode $MODE, $REPEATS run(s) per point, scenarios: ${SCENARIOS[*]}; work dir $WORK"
  check_prerequisites
  build_generator
  if uses_target herald || uses_target nchan; then
    make_tls_certificate
  fi
  if uses_target herald; then
    ensure_packaged_herald
    TOKEN=$(make_token)
    HERALD_ENV+=("MP_JWT_VERIFY_PUBLICKEY_LOCATION=$TOKEN_PUBLIC_KEY")
    prepare_herald
  fi
  uses_target nchan && prepare_nchan
  write_machine "$MACHINE"
  write_commands_header
  run_all
  [[ -s $RESULTS ]] || die "no results were written"

  local expected=() scenario target
  for scenario in "${SCENARIOS[@]}"; do
    for target in $(targets_of "$scenario"); do expected+=("$scenario:$target"); done
  done
  local verdict=0
  if [[ $MODE == smoke ]]; then
    java -jar "$JAR" check --results "$RESULTS" --expect "$(IFS=,; echo "${expected[*]}")" >&2 ||
      verdict=1
  fi
  write_report
  log "done in $((SECONDS - started)) s: results $RESULTS, report $OUT/performance.md"
  if ((${#FAILURES[@]})); then
    log "generator runs that failed: ${FAILURES[*]} (logs in $WORK/logs)"
    verdict=1
  fi
  return $verdict
}

main; exit # on one line: bash has read it whole before the script file could change under it
