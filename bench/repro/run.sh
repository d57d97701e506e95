#!/usr/bin/env bash
# Memory per idle SSE stream in bare Open Liberty (one servlet, servlet-6.0 only) against Herald,
# under each Liberty setting that could lower it; the findings are in docs/performance-analysis.md
# ("Memory per idle subscriber"). Not run by CI: it takes 2-5 minutes per variant (max-direct-64m about 10) and opens 10,000 connections.
#
#   bench/repro/run.sh [variant...]     (default: all of them; the list is in `configure`)
#
# Needs Herald's packaged server (target/liberty/wlp, see the bench README) and the generator
# (bench/target/herald-bench.jar). Each variant: a fresh server pinned to core 0 with the bench's
# JVM options, a class histogram and NMT baseline at 0 streams, the generator's `idle` scenario,
# the same again at the last level. Output in target/repro/ (results.tsv and per-variant files).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
REPRO="$REPO/bench/repro"
WLP="$REPO/target/liberty/wlp"
JAR="$REPO/bench/target/herald-bench.jar"
PORT=${REPRO_PORT:-18483}
LEVELS=${REPRO_LEVELS:-1000,5000,10000}
LAST=${LEVELS##*,}
OUT="$REPO/target/repro"
SERVER=repro-memory
DIR="$WLP/usr/servers/$SERVER"
JVM_OPTIONS=(-Xmx512m -XX:+UseParallelGC -XX:ActiveProcessorCount=1 -XX:NativeMemoryTracking=summary)
SERVLET_API=$(ls ~/.m2/repository/jakarta/servlet/jakarta.servlet-api/6.0.0/*.jar)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
[[ -x $WLP/bin/server && -f $JAR ]] || { log "build Herald's packaged server and the generator first"; exit 1; }

build_war() {
  rm -rf "$OUT/war" && mkdir -p "$OUT/war/WEB-INF/classes"
  javac -Xlint:all,-serial -Werror --release 17 -cp "$SERVLET_API" -d "$OUT/war/WEB-INF/classes" "$REPRO"/src/repro/*.java
  jar cf "$OUT/repro.war" -C "$OUT/war" .
}

# Sets the variant's servlet mode, extra JVM options and httpEndpoint children.
configure() {
  MODE=blocking ENDPOINT="" POOL="" NETTY=""
  JVM_EXTRA=()
  case $1 in
    baseline | herald) ;;
    nobuffer) MODE=nobuffer ;;
    listener) MODE=listener ;;
    hdr-1k) ENDPOINT='<httpOptions incomingHdrBufferSize="1024" outgoingHdrBufferSize="1024" byteCacheSize="256"/>' ;;
    heap-buffers) ENDPOINT='<httpOptions useDirectBuffers="false"/><tcpOptions allocateBuffersDirect="false"/>' ;;
    tcp-newconn-1k | herald-newconn-1k) ENDPOINT='<tcpOptions newConnectionBufferSize="1024"/>' ;;
    pool-2k) POOL='<bytebuffer poolSizes="32,1024,2048,4096,8192,16384,32768,65536" poolDepths="100,100,100,100,100,20,20,20"/>' ;;
    nio-cache-0) JVM_EXTRA=(-Djdk.nio.maxCachedBufferSize=0) ;;
    max-direct-64m) JVM_EXTRA=(-XX:MaxDirectMemorySize=64m) ;;
    netty) JVM_EXTRA=(-Dcom.ibm.ws.beta.edition=true) NETTY='useNettyTransport="true"' ;;
    *) log "unknown variant $1"; exit 1 ;;
  esac
}

prepare_repro() {
  rm -rf "$DIR" && mkdir -p "$DIR/apps"
  cp "$OUT/repro.war" "$DIR/apps/"
  cat >"$DIR/server.xml" <<EOF
<server>
  <featureManager><feature>servlet-6.0</feature></featureManager>
  <httpEndpoint id="defaultHttpEndpoint" host="*" httpPort="$PORT" httpsPort="-1" $NETTY>${ENDPOINT}</httpEndpoint>
  $POOL
  <webApplication location="repro.war" contextRoot="/"/>
</server>
EOF
  printf '%s\n' "${JVM_OPTIONS[@]}" "${JVM_EXTRA[@]}" "-Drepro.mode=$MODE" >"$DIR/jvm.options"
}

# Herald as bench/lib/servers.sh runs it (same WAR, settings and environment).
prepare_herald() {
  rm -rf "$DIR" && mkdir -p "$DIR"
  (cd "$WLP/usr/servers/defaultServer" && tar cf - --exclude=./logs --exclude=./workarea .) | (cd "$DIR" && tar xf -)
  rm -f "$DIR"/apps/*.xml "$DIR"/dropins/* && cp "$REPO/target/herald.war" "$DIR/apps/"
  printf 'http.port=%s\n' "$PORT" >"$DIR/bootstrap.properties"
  printf '\nHERALD_STATS_INTERVAL=1h\nHERALD_CONNECTIONS_MAX=20000\nHERALD_STREAM_MAX_DURATION=0s\n' >>"$DIR/server.env"
  printf '%s\n' "${JVM_OPTIONS[@]}" >"$DIR/jvm.options"
  mkdir -p "$DIR/configDropins/overrides" # the variant's endpoint settings, merged into Herald's
  echo "<server><httpEndpoint id=\"defaultHttpEndpoint\">$ENDPOINT</httpEndpoint></server>" \
    >"$DIR/configDropins/overrides/variant.xml"
}

# Streams the server holds by its own count: the repro's /count, Herald's readiness check.
held() {
  if [[ $1 == herald* ]]; then
    curl -s --max-time 2 "http://127.0.0.1:$PORT/health/ready" | grep -o '"connections":[0-9]*' | cut -d: -f2
  else
    curl -s --max-time 2 "http://127.0.0.1:$PORT/count"
  fi
}

await_held() { # variant count seconds
  local deadline=$((SECONDS + $3))
  until [[ $(held "$1" || true) == "$2" ]]; do
    ((SECONDS < deadline)) || { log "$1: $2 streams not held within $3 s"; return 1; }
    sleep 1
  done
}

# Per-stream bytes by class between two histograms: the top 20, then Herald's own classes.
histogram_diff() { # before after streams
  awk -v n="$3" '$1 ~ /^[0-9]+:$/ { b[$4] += (FNR == NR ? -$3 : $3); c[$4] += (FNR == NR ? -$2 : $2) }
    END { for (k in b) printf "%.0f\t%.2f\t%s\n", b[k] / n, c[k] / n, k }' "$1" "$2" | sort -rn >"$OUT/diff.tmp"
  { echo -e "bytes/stream\tinstances/stream\tclass"; head -20 "$OUT/diff.tmp"
    echo "# dev.herald.*"; awk '/dev\.herald\./ && $1 != 0' "$OUT/diff.tmp"; } && rm "$OUT/diff.tmp"
}

measure() {
  local v=$1 # pid is global: the EXIT trap stops it
  configure "$v"
  if [[ $v == herald* ]]; then prepare_herald; else prepare_repro; fi
  taskset -c 0 "$WLP/bin/server" run "$SERVER" >"$OUT/$v.server.log" 2>&1 &
  pid=$!
  trap 'kill -TERM $pid 2>/dev/null || true' EXIT # no server left behind by a failed step
  await_held "$v" 0 300 # Liberty with Herald's features takes minutes on a busy machine
  jcmd "$pid" GC.class_histogram >"$OUT/$v.histo0"
  jcmd "$pid" VM.native_memory baseline >/dev/null
  log "$v: idle $LEVELS"
  taskset -c 1 java -Xms1g -Xmx1g -XX:+UseParallelGC -XX:ActiveProcessorCount=1 -jar "$JAR" idle \
    --target herald --scenario "idle-$v" --levels "$LEVELS" --settle-seconds 10 --port "$PORT" \
    --server-pids "$pid" --jvm-pid "$pid" --results "$OUT/$v.records" >"$OUT/$v.generator.log" 2>&1 &
  local generator=$!
  if await_held "$v" "$LAST" 300; then # the generator is settling: all streams are open
    jcmd "$pid" GC.class_histogram >"$OUT/$v.histoN"
    jcmd "$pid" VM.native_memory summary.diff >"$OUT/$v.nmt"
    histogram_diff "$OUT/$v.histo0" "$OUT/$v.histoN" "$LAST" >"$OUT/$v.classes"
  fi
  wait "$generator" || log "$v: generator failed (see $OUT/$v.generator.log)"
  kill -TERM "$pid" && wait "$pid" || true
  # One row per level: the variant and the generator's figures for it.
  awk -v v="$v" -F'\t' '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
    print v, r["step"], r["connected"], r["rssPerConnBytes"], r["heapPerConnBytes"],
      r["rssMarginalPerConnBytes"], r["heapMarginalPerConnBytes"] }' OFS='\t' "$OUT/$v.records" >>"$OUT/results.tsv"
}

mkdir -p "$OUT" && build_war
VARIANTS=("$@")
((${#VARIANTS[@]})) || VARIANTS=(baseline herald nobuffer listener hdr-1k heap-buffers tcp-newconn-1k pool-2k nio-cache-0 max-direct-64m netty herald-newconn-1k)
[[ -f $OUT/results.tsv ]] || echo -e "variant\tstreams\tconnected\trssPerStream\theapPerStream\trssMarginal\theapMarginal" >"$OUT/results.tsv"
for v in "${VARIANTS[@]}"; do measure "$v"; done
column -t "$OUT/results.tsv"
