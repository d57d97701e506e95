# Servers under test for bench/run.sh: Herald (a copy of the packaged Liberty server), nchan (nginx
# with the nchan module) and the harness's own trivial sender. Each is pinned to core 0 and runs in
# the foreground of a background job, so its pid is known and it is stopped by that pid alone.
# Sourced by run.sh, which sets: REPO, BENCH, WORK, JAR, SERVER_JVM_OPTS, HERALD_JVM_OPTIONS,
# HERALD_ENV, HERALD_PORT, HERALD_TLS_PORT, NCHAN_PORT, NCHAN_TLS_PORT, BLASTER_PORT, and the TLS_*
# files of lib/tls.sh.
# shellcheck shell=bash

WLP="$REPO/target/liberty/wlp"
HERALD_SERVER=bench-herald
HERALD_DIR="$WLP/usr/servers/$HERALD_SERVER"
NCHAN_DIR="$WORK/nchan"
SERVER_START_TIMEOUT=180

# Per target: the pid to stop (empty when stopped), the pids whose memory and CPU are the server's,
# and the JVM to ask for heap figures (0: none). use_server copies the last two to SERVER_PIDS and
# JVM_PID for the generator.
declare -A RUNNING=() PIDS_OF=() JVM_OF=()

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Succeeds while something accepts connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Fails when another process already listens on the port: results would be someone else's.
require_free_port() {
  if port_open "$1"; then
    die "port $1 is in use; stop what listens there or pick another (see --help)"
  fi
}

# Waits (bounded) until the URL answers 200 while the process lives.
await_http_200() {
  local url=$1 pid=$2 what=$3 deadline=$((SECONDS + SERVER_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || die "$what exited while starting (log in $WORK/logs)"
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$TLS_CERT" "$url") == 200 ]] &&
      return 0
    sleep 0.5
  done
  die "$what not ready within ${SERVER_START_TIMEOUT}s ($url)"
}

# Ends one process: SIGTERM, then SIGKILL if it is still there after $2 seconds.
stop_pid() {
  local pid=$1 grace=${2:-40} deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM for ${grace}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- Herald

# The Herald server of this run: a copy of the packaged defaultServer with the benchmark's port,
# settings and JVM options, and a snapshot of the WAR instead of the loose application (which
# points into target/classes, where a concurrent build could change it mid-run).
prepare_herald() {
  local source="$WLP/usr/servers/defaultServer"
  [[ -f $source/server.xml && -f $REPO/target/herald.war ]] || die "no packaged Herald server"
  rm -rf "$HERALD_DIR"
  mkdir -p "$HERALD_DIR"
  (cd "$source" && tar cf - --exclude=./logs --exclude=./workarea .) | (cd "$HERALD_DIR" && tar xf -)
  rm -f "$HERALD_DIR"/apps/*.xml "$HERALD_DIR"/dropins/*
  cp "$REPO/target/herald.war" "$HERALD_DIR/apps/herald.war"
  jar tf "$HERALD_DIR/apps/herald.war" >/dev/null || die "target/herald.war is not a complete WAR"
  printf 'http.port=%s\nhttps.port=%s\n' "$HERALD_PORT" "$HERALD_TLS_PORT" \
    >"$HERALD_DIR/bootstrap.properties"
  write_herald_tls "$HERALD_DIR/configDropins/overrides/bench-tls.xml"
  # server.env may end without a newline: start ours on a line of its own.
  { echo; printf '%s\n' "${HERALD_ENV[@]}"; } >>"$HERALD_DIR/server.env"
  printf '%s\n' "${HERALD_JVM_OPTIONS[@]}" >"$HERALD_DIR/jvm.options"
}

# HTTPS on Liberty's own endpoint, as Herald's users run it (no listener beside Liberty's): its
# TLS feature, the run's key as the default keystore, and the endpoint's HTTPS port, which
# server.xml leaves off. Liberty speaks HTTP/2 over it (ALPN) by default; its httpOptions defaults
# stand: at most 100 concurrent streams per connection (a client asking for the 101st is refused).
write_herald_tls() {
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<EOF
<server>
  <featureManager>
    <feature>transportSecurity-1.0</feature>
  </featureManager>
  <keyStore id="defaultKeyStore" location="$TLS_KEYSTORE" type="PKCS12"
    password="$TLS_KEYSTORE_PASSWORD"/>
  <httpEndpoint id="defaultHttpEndpoint" httpsPort="\${https.port}"/>
</server>
EOF
}

start_herald() {
  require_free_port "$HERALD_PORT"
  require_free_port "$HERALD_TLS_PORT"
  taskset -c 0 "$WLP/bin/server" run "$HERALD_SERVER" >>"$WORK/logs/herald.log" 2>&1 &
  local pid=$! # `server run` execs java: this is the Liberty JVM itself
  await_http_200 "http://127.0.0.1:$HERALD_PORT/health/ready" "$pid" "Herald"
  await_http_200 "https://127.0.0.1:$HERALD_TLS_PORT/health/ready" "$pid" "Herald's HTTPS"
  RUNNING[herald]=$pid
  PIDS_OF[herald]=$pid
  JVM_OF[herald]=$pid
}

# ---------------------------------------------------------------- nchan

prepare_nchan() {
  rm -rf "$NCHAN_DIR"
  mkdir -p "$NCHAN_DIR"
  sed -e "s#@DIR@#$NCHAN_DIR#g" -e "s#@PORT@#$NCHAN_PORT#g" -e "s#@TLS_PORT@#$NCHAN_TLS_PORT#g" \
    -e "s#@TLS_CERT@#$TLS_CERT#g" -e "s#@TLS_KEY@#$TLS_KEY#g" \
    "$BENCH/conf/nchan.conf.template" >"$NCHAN_DIR/nginx.conf"
  nginx -t -q -p "$NCHAN_DIR" -c "$NCHAN_DIR/nginx.conf" -g 'daemon off;' \
    >"$WORK/logs/nginx-test.log" 2>&1 ||
    { cat "$WORK/logs/nginx-test.log" >&2; die "nginx rejects $NCHAN_DIR/nginx.conf"; }
}

start_nchan() {
  require_free_port "$NCHAN_PORT"
  require_free_port "$NCHAN_TLS_PORT"
  taskset -c 0 nginx -p "$NCHAN_DIR" -c "$NCHAN_DIR/nginx.conf" -g 'daemon off;' \
    >>"$WORK/logs/nchan.log" 2>&1 &
  local pid=$!
  await_http_200 "http://127.0.0.1:$NCHAN_PORT/nchan_status" "$pid" "nchan"
  await_http_200 "https://127.0.0.1:$NCHAN_TLS_PORT/nchan_status" "$pid" "nchan's TLS"
  local worker
  worker=$(pgrep -P "$pid" | paste -sd, -)
  [[ -n $worker ]] || die "nchan started without a worker process"
  RUNNING[nchan]=$pid
  PIDS_OF[nchan]="$pid,$worker" # master and worker: both count for memory and CPU
  JVM_OF[nchan]=0
}

# ---------------------------------------------------------------- the trivial sender

start_blaster() {
  require_free_port "$BLASTER_PORT"
  # shellcheck disable=SC2086 # SERVER_JVM_OPTS is a list of options
  taskset -c 0 java $SERVER_JVM_OPTS -jar "$JAR" blaster --port "$BLASTER_PORT" \
    --max-seconds 3600 >>"$WORK/logs/blaster.log" 2>&1 &
  local pid=$! deadline=$((SECONDS + 30))
  until port_open "$BLASTER_PORT"; do
    kill -0 "$pid" 2>/dev/null || die "the trivial sender exited while starting"
    ((SECONDS < deadline)) || die "the trivial sender did not listen within 30s"
    sleep 0.2
  done
  RUNNING[blaster]=$pid
  PIDS_OF[blaster]=$pid
  JVM_OF[blaster]=0
}

# ---------------------------------------------------------------- any target

tls_port_of() {
  case $1 in
    herald) echo "$HERALD_TLS_PORT" ;;
    nchan) echo "$NCHAN_TLS_PORT" ;;
  esac
}

port_of() {
  case $1 in
    herald) echo "$HERALD_PORT" ;;
    nchan) echo "$NCHAN_PORT" ;;
    blaster) echo "$BLASTER_PORT" ;;
  esac
}

# Makes the target the server under test, starting it unless it already runs.
use_server() {
  local target=$1
  if [[ -z ${RUNNING[$target]:-} ]]; then
    log "starting $target"
    start_"$target"
  fi
  # shellcheck disable=SC2034 # read by run.sh
  SERVER_PIDS=${PIDS_OF[$target]}
  # shellcheck disable=SC2034 # read by run.sh
  JVM_PID=${JVM_OF[$target]}
}

stop_server() {
  local target=$1 pid=${RUNNING[$1]:-}
  [[ -n $pid ]] || return 0
  log "stopping $target"
  stop_pid "$pid" 40
  RUNNING[$target]=
}

stop_all_servers() {
  local target
  for target in "${!RUNNING[@]}"; do
    stop_server "$target"
  done
}
