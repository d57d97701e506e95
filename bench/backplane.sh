#!/usr/bin/env bash
# The Redis backplane benchmark: publish→deliver latency across two Herald instances sharing one
# Redis stream (and, for comparison, on one instance with the memory backplane), and publish
# throughput through Redis with and without batching. Prints a table of medians over the runs.
# Usage: bench/backplane.sh [--quick] [--repeats N] [--war FILE] [--skip-build] [--work DIR].
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
JAR="$BENCH/target/herald-bench.jar"

usage() {
  cat <<'EOF'
Usage: bench/backplane.sh [--quick] [options]

Three Herald servers on core 0 (redis backplane: A and B; memory backplane: M), one redis-server
on core 0, the generator on core 1. Each run measures, in turn:
  latency     publish to M, subscribe on M (memory); publish to A, subscribe on B (redis, cross
              instance); publish to A, subscribe on A (redis, same instance)
  throughput  single-event POST /api/topics/{t}/events and batched POST /api/events, to M and to A
and then again with Redis at appendfsync always (throughput and cross-instance latency), with a
probe of Redis alone (XADD to a blocked XREAD) under each mode. Full mode takes ~30 min on a quiet
machine, longer when it waits for other work to pass (BP_QUIET_WAIT).

Options:
  --quick          one short run (~4 min) to try the harness; the figures are not the benchmark's
  --repeats N      runs (default 3)
  --war FILE       the Herald WAR to measure (copied into BP_WLP once; default: the snapshot
                   already there, else target/herald.war)
  --skip-build     use bench/target/herald-bench.jar as it is
  --work DIR       where logs, Redis's files and results.tsv go (default: a new /tmp dir)
  --help
Environment: BP_WLP (default /tmp/bp-wlp: a private copy of target/liberty/wlp, made once from
the packaged server, never the build's own), BP_PORT_A/B/M (18101-18103), BP_REDIS_PORT (18190),
BP_QUIET_WAIT (180: before each measurement, wait up to this many seconds for both cores to be
under 15 % busy, as the machine may be shared; 0: do not wait),
BP_SUBSCRIBERS (100), BP_RATE (200 publishes/s), BP_PUBLISHERS (8 connections: Herald's Redis
pool size), BP_BATCH (100).
EOF
}

REPEATS=3
QUICK=false
SKIP_BUILD=false
WORK=
WAR_OPTION=
while (($#)); do
  case $1 in
    --quick) QUICK=true; REPEATS=1 ;;
    --repeats) REPEATS=$2; shift ;;
    --skip-build) SKIP_BUILD=true ;;
    --work) WORK=$2; shift ;;
    --war) WAR_OPTION=$2; shift ;;
    --help | -h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

WLP=${BP_WLP:-/tmp/bp-wlp}
WAR="$WLP/bp-herald.war" # a snapshot: target/herald.war changes with every build in the tree
PORT_A=${BP_PORT_A:-18101}
PORT_B=${BP_PORT_B:-18102}
PORT_M=${BP_PORT_M:-18103}
REDIS_PORT=${BP_REDIS_PORT:-18190}
SUBSCRIBERS=${BP_SUBSCRIBERS:-100}
RATE=${BP_RATE:-200}
PUBLISHERS=${BP_PUBLISHERS:-8}
BATCH=${BP_BATCH:-100}
QUIET_WAIT=${BP_QUIET_WAIT:-180}
if [[ $QUICK == true ]]; then
  LATENCY_SECONDS=10 THROUGHPUT_SECONDS=5 WARMUP_SECONDS=3 FIRST_WARMUP_SECONDS=5
else
  LATENCY_SECONDS=20 THROUGHPUT_SECONDS=15 WARMUP_SECONDS=5 FIRST_WARMUP_SECONDS=45
fi

# As bench/run.sh: one core's worth of JVM, a 512 MB heap, quiet stats, no stream lifetime limit.
SERVER_JVM_OPTIONS=(-Xmx512m -XX:+UseParallelGC -XX:ActiveProcessorCount=1)
SERVER_ENV=(HERALD_STATS_INTERVAL=1h HERALD_CONNECTIONS_MAX=20000
  HERALD_STREAM_MAX_DURATION=0s HERALD_SHUTDOWN_DRAIN=1s)
GENERATOR_JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1"
START_TIMEOUT=240

[[ -n $WORK ]] || WORK=$(mktemp -d "${TMPDIR:-/tmp}/herald-backplane.XXXXXX")
mkdir -p "$WORK/logs" "$WORK/redis"
RESULTS="$WORK/results.tsv"
WARMUP_RESULTS="$WORK/warmup.tsv"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- servers

declare -A PID_OF=()

stop_pid() {
  local pid=$1 deadline=$((SECONDS + 40))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for 40 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local name
  for name in "${!PID_OF[@]}"; do
    log "stopping $name (pid ${PID_OF[$name]})"
    stop_pid "${PID_OF[$name]}"
    unset "PID_OF[$name]"
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# The private Liberty install, made once: the build's own target/ is rewritten by every build.
ensure_wlp() {
  if [[ ! -f $WLP/usr/servers/defaultServer/server.xml ]]; then
    local source="$REPO/target/liberty/wlp"
    [[ -f $source/usr/servers/defaultServer/server.xml && -f $REPO/target/herald.war ]] ||
      die "no packaged Herald: ./mvnw -DskipTests package liberty:create liberty:install-feature liberty:deploy"
    log "copying $source to $WLP"
    rm -rf "$WLP"
    cp -r "$source" "$WLP"
    cp "$REPO/target/herald.war" "$WAR"
  fi
  if [[ -n $WAR_OPTION ]]; then
    cp "$WAR_OPTION" "$WAR"
  fi
  [[ -f $WAR ]] || cp "$REPO/target/herald.war" "$WAR"
  jar tf "$WAR" >/dev/null || die "$WAR is not a complete WAR"
}

# A copy of defaultServer with the WAR snapshot (not the loose application, which reads
# target/classes), its port, settings and heap.
prepare_server() {
  local name=$1 port=$2
  shift 2
  local dir="$WLP/usr/servers/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$WLP/usr/servers/defaultServer" && tar cf - --exclude=./logs --exclude=./workarea .) |
    (cd "$dir" && tar xf -)
  rm -f "$dir"/apps/*.xml "$dir"/apps/*.war "$dir"/dropins/*
  cp "$WAR" "$dir/apps/herald.war"
  printf 'http.port=%s\n' "$port" >"$dir/bootstrap.properties"
  { echo; printf '%s\n' "${SERVER_ENV[@]}" "$@"; } >>"$dir/server.env"
  printf '%s\n' "${SERVER_JVM_OPTIONS[@]}" >"$dir/jvm.options"
}

start_redis() {
  port_open "$REDIS_PORT" && die "port $REDIS_PORT is in use"
  taskset -c 0 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly yes --appendfsync everysec --dir "$WORK/redis" --daemonize no \
    >"$WORK/logs/redis.log" 2>&1 &
  PID_OF[redis]=$!
  local deadline=$((SECONDS + 20))
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "redis-server did not answer within 20 s"
    sleep 0.2
  done
}

start_herald() {
  local name=$1 port=$2 pid deadline=$((SECONDS + START_TIMEOUT))
  port_open "$port" && die "port $port is in use"
  # `server run` execs java: the background job's pid is the Liberty JVM.
  taskset -c 0 "$WLP/bin/server" run "$name" >"$WORK/logs/$name.log" 2>&1 &
  pid=$!
  PID_OF[$name]=$pid
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$port/health/ready") == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || die "$name exited while starting (log: $WORK/logs/$name.log)"
    ((SECONDS < deadline)) || die "$name not ready within ${START_TIMEOUT}s"
    sleep 0.5
  done
  log "$name ready on :$port (pid $pid)"
}

redis_fsync() {
  redis-cli -p "$REDIS_PORT" config set appendfsync "$1" >/dev/null
  FSYNC=$1
}

# Entries ever added to the shared stream: to check the accepted counts against Redis's own.
entries_added() {
  redis-cli -p "$REDIS_PORT" xinfo stream herald:events 2>/dev/null |
    awk 'prev == "entries-added" { print; exit } { prev = $0 }'
}

# Adds Redis's own figures for the measurement just made to its record (the results' last line):
# EVALSHA (the append script; the read script when streams open) time per call inside Redis.
add_redis_stats() {
  local results=$1 stats calls usec
  stats=$(redis-cli -p "$REDIS_PORT" info commandstats | tr -d '\r')
  echo "$stats" >"$WORK/logs/commandstats-$(wc -l <"$results").txt"
  calls=$(sed -n 's/^cmdstat_evalsha:calls=\([0-9]*\),.*/\1/p' <<<"$stats")
  usec=$(sed -n 's/^cmdstat_evalsha:.*,usec_per_call=\([0-9.]*\),.*/\1/p' <<<"$stats")
  sed -i "\$ s/\$/\tredisEvalshaCalls=${calls:-0}\tredisEvalshaUsPerCall=${usec:-}/" "$results"
}

# Busy jiffies and all jiffies of the whole machine so far.
cpu_jiffies() {
  awk '$1 == "cpu" { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

# Waits, at most QUIET_WAIT seconds, until the machine (our servers idle in between) is quiet for
# 5 s: other work on the shared cores would be measured too. Logs how long it waited, or that it
# gave up.
await_quiet() {
  ((QUIET_WAIT > 0)) || return 0
  local deadline=$((SECONDS + QUIET_WAIT)) waited=$SECONDS b0 t0 b1 t1 pct
  while true; do
    read -r b0 t0 < <(cpu_jiffies)
    sleep 5
    read -r b1 t1 < <(cpu_jiffies)
    pct=$((100 * (b1 - b0) / (t1 - t0 + 1)))
    ((pct < 15)) && break
    if ((SECONDS >= deadline)); then
      log "machine still ${pct}% busy after ${QUIET_WAIT}s; measuring anyway"
      return 0
    fi
  done
  ((SECONDS - waited <= 5)) || log "waited $((SECONDS - waited)) s for a quiet machine"
}

# ---------------------------------------------------------------- measurements

# The generator on core 1 (CORE=0 for the Redis probe, which stands in for a server's client).
generator() {
  local results=$1 run=$2
  shift 2
  await_quiet
  # shellcheck disable=SC2086 # the JVM options are a list
  local cmd=(taskset -c "${CORE:-1}" java $GENERATOR_JVM_OPTS -cp "$JAR" dev.herald.bench.BackplaneMain
    "$@" --target herald --run "$run" --results "$results")
  echo "${cmd[*]}" >>"$WORK/commands.txt"
  "${cmd[@]}" 2>&1 | tee -a "$WORK/logs/generator.log" | sed 's/^/    /' >&2
}

# The Redis pid for the generator's figures when the servers measured use Redis, else 0.
redis_pid_for() { if [[ $1 == "$PORT_M" ]]; then echo 0; else echo "${PID_OF[redis]}"; fi; }

latency() {
  local results=$1 run=$2 label=$3 publish=$4 subscribe=$5 pids=$6 warmup=$7 redis
  redis=$(redis_pid_for "$publish")
  ((redis == 0)) || redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  generator "$results" "$run" latency --label "$label" --publish-port "$publish" \
    --port "$subscribe" --server-pids "$pids" --redis-pid "$redis" \
    --subscribers "$SUBSCRIBERS" --rate "$RATE" --seconds "$LATENCY_SECONDS" \
    --warmup-seconds "$warmup" --publishers 8
  ((redis == 0)) || add_redis_stats "$results"
}

throughput() {
  local results=$1 run=$2 label=$3 port=$4 pids=$5 batch=$6 warmup=$7 before after accepted
  local redis
  redis=$(redis_pid_for "$port")
  ((redis == 0)) || redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
  before=$(entries_added)
  generator "$results" "$run" throughput --label "$label" --port "$port" \
    --server-pids "$pids" --redis-pid "$redis" --publishers "$PUBLISHERS" --batch "$batch" \
    --seconds "$THROUGHPUT_SECONDS" --warmup-seconds "$warmup"
  after=$(entries_added)
  ((redis == 0)) || add_redis_stats "$results"
  if ((redis != 0)) && [[ -n $before && -n $after ]]; then
    accepted=$(tail -1 "$results" | tr '\t' '\n' | sed -n 's/^acceptedTotal=//p')
    log "Redis stream: $((after - before)) entries added, Herald accepted $accepted"
    [[ $((after - before)) == "$accepted" ]] ||
      log "WARNING: the stream's count and the accepted count differ"
  fi
}

redis_hop() {
  local results=$1 run=$2 label=$3
  CORE=0 generator "$results" "$run" redis-hop --label "$label" --redis-port "$REDIS_PORT" \
    --rate "$RATE" --count $((RATE * LATENCY_SECONDS))
}

one_run() {
  local results=$1 run=$2 warmup=$3
  local mem="${PID_OF[bp-m]}" red="${PID_OF[bp-a]},${PID_OF[bp-b]},${PID_OF[redis]}"
  log "run $run of $REPEATS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  redis_fsync everysec
  latency "$results" "$run" "memory, same instance (M→M)" "$PORT_M" "$PORT_M" "$mem" "$warmup"
  latency "$results" "$run" "redis everysec, cross-instance (A→B)" "$PORT_A" "$PORT_B" "$red" "$warmup"
  latency "$results" "$run" "redis everysec, same instance (A→A)" "$PORT_A" "$PORT_A" "$red" "$warmup"
  redis_hop "$results" "$run" "Redis alone, everysec: XADD → XREAD BLOCK"
  throughput "$results" "$run" "memory, single events" "$PORT_M" "$mem" 1 "$warmup"
  throughput "$results" "$run" "memory, batches of $BATCH" "$PORT_M" "$mem" "$BATCH" "$warmup"
  throughput "$results" "$run" "redis everysec, single events" "$PORT_A" "$red" 1 "$warmup"
  throughput "$results" "$run" "redis everysec, batches of $BATCH" "$PORT_A" "$red" "$BATCH" "$warmup"
  redis_fsync always
  latency "$results" "$run" "redis always, cross-instance (A→B)" "$PORT_A" "$PORT_B" "$red" "$warmup"
  redis_hop "$results" "$run" "Redis alone, always: XADD → XREAD BLOCK"
  throughput "$results" "$run" "redis always, single events" "$PORT_A" "$red" 1 "$warmup"
  throughput "$results" "$run" "redis always, batches of $BATCH" "$PORT_A" "$red" "$BATCH" "$warmup"
  redis_fsync everysec
}

main() {
  local started=$SECONDS run
  (($(nproc) >= 2)) || die "needs 2 cores: servers on core 0, the generator on core 1"
  for tool in java taskset curl redis-server redis-cli; do
    command -v "$tool" >/dev/null || die "missing: $tool"
  done
  log "work dir $WORK, $REPEATS run(s)"
  if [[ $SKIP_BUILD != true || ! -f $JAR ]]; then
    log "building the generator (bench/pom.xml)"
    (cd "$BENCH" && mvn -B -q package -DskipTests) >"$WORK/logs/build.log" 2>&1 ||
      { tail -40 "$WORK/logs/build.log" >&2; die "bench build failed"; }
  fi
  ensure_wlp
  local redis_env=(HERALD_BACKPLANE=redis "HERALD_REDIS_URI=redis://127.0.0.1:$REDIS_PORT")
  prepare_server bp-a "$PORT_A" "${redis_env[@]}"
  prepare_server bp-b "$PORT_B" "${redis_env[@]}"
  prepare_server bp-m "$PORT_M" HERALD_BACKPLANE=memory
  start_redis
  start_herald bp-a "$PORT_A"
  start_herald bp-b "$PORT_B"
  start_herald bp-m "$PORT_M"
  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1) x $(nproc)"
    echo "java=$(java -version 2>&1 | head -1)"
    echo "redis=$(redis-server --version)"
    echo "war=$(stat -c '%y %s bytes' "$WAR") sha256 $(sha256sum "$WAR" | cut -c1-16)"
    echo "server-jvm=${SERVER_JVM_OPTIONS[*]}"
    echo "server-env=${SERVER_ENV[*]}"
    echo "generator-jvm=$GENERATOR_JVM_OPTS"
    echo "redis-fs=$(df -T "$WORK/redis" | awk 'NR == 2 { print $2 }')"
  } >"$WORK/machine.txt"

  # JIT warm-up of every server on every path measured, unrecorded: the servers stay up for all
  # runs, so only the first run would otherwise pay for compilation.
  log "warm-up (unrecorded)"
  one_run "$WARMUP_RESULTS" 0 "$FIRST_WARMUP_SECONDS" >/dev/null
  for ((run = 1; run <= REPEATS; run++)); do
    one_run "$RESULTS" "$run" "$WARMUP_SECONDS"
  done
  stop_all

  echo
  echo "Herald backplane benchmark, $REPEATS run(s), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "latency: $SUBSCRIBERS subscribers on one topic, $RATE publishes/s of 100 B for" \
    "${LATENCY_SECONDS}s; throughput: $PUBLISHERS connections, closed loop, ${THROUGHPUT_SECONDS}s"
  echo
  java -cp "$JAR" dev.herald.bench.BackplaneMain summary --results "$RESULTS"
  echo
  log "done in $((SECONDS - started)) s; results $RESULTS, logs $WORK/logs"
}

main; exit # on one line: bash has read it whole before the script file could change under it
