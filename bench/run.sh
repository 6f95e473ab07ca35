#!/usr/bin/env bash
# Benchmark: cio-sync (v2 batch and v1 identify) side by side with Customer.io's official Node client, all against
# the project's Customer.io stand-in answering after 50 ms, on this machine's loopback only. Not a test: it prints a
# table (and writes it to $OUT/results.md). Usage:
#   bench/run.sh              # the comparison (200,000 users in batch mode; v1 on fewer, see V1_USERS)
#   bench/run.sh batch        # only the batch pair: cio-sync v2 batch and the official client's batch mode
#   bench/run.sh v1           # only the v1 rows: identify with parallelism 25 (and the official client), and 200/s
#   bench/run.sh cli          # one-shot processes: bin/cio-sync-upsert (JVM start to exit) against the official client
#   bench/run.sh memory       # 1,000,000 users in batch mode with -Xmx256m: peak RSS
#   bench/run.sh first        # the first job of a fresh process (USERS) and the official client, three rounds
#   bench/run.sh million      # 1,000,000 users in batch mode, default heap, after a first job of USERS: CPU-s per 1M
#   bench/run.sh bomb         # four 2 MB gzips of 2 GiB of whitespace at once, and another tenant's GET /syncs
#   bench/run.sh startup      # start to ready of the service (/q/health/ready UP), STARTUPS (3) fresh processes
# Environment: SHARED (default ../shared: gen-data.py and official-client-peer.mjs), USERS (200000), V1_USERS
# (20000), V1_RATE_USERS (10000), MEMORY_USERS (1000000), OUT (target/bench), JAVA_OPTS (extra JVM flags),
# APP_PORT/MGMT_PORT (18480/19480, on 127.0.0.1), AOT (set: bin/cio-sync-train writes the start-up cache after the
# build, which bin/cio-sync and bin/cio-sync-upsert then use: the `startup` and `cli` rows), PROFILE (set: a JFR recording, settings=profile, of each timed
# cio-sync job, from its POST to its end, in $OUT/LABEL.jfr), NO_BUILD (set: use the last build as it is), STANDIN (validating or count-only, see below), JIT (the service's JIT option, default -XX:TieredStopAtLevel=1 as bin/cio-sync and the image; empty: C1 + C2).
# The stand-in either validates every entry against Customer.io's OpenAPI spec and stores every person (validating:
# correctness rows, "stored" counts distinct people) or only counts entries and acknowledges them (count-only:
# throughput rows, "acknowledged" counts entries; the validating stand-in costs more CPU than the client it serves).
# Every row names the mode that ran. Default: count-only for `memory`, validating for every other mode.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-compare}
SHARED=${SHARED:-../shared}
USERS=${USERS:-200000}
V1_USERS=${V1_USERS:-20000}
V1_RATE_USERS=${V1_RATE_USERS:-10000}
MEMORY_USERS=${MEMORY_USERS:-1000000}
if [ "$MODE" = memory ] || [ "$MODE" = million ]; then STANDIN=${STANDIN:-count-only}; else STANDIN=${STANDIN:-validating}; fi
case $STANDIN in
  validating) STANDIN_ARGS=() ;;
  count-only) STANDIN_ARGS=(--count-only) ;;
  *) echo "STANDIN must be validating or count-only, not $STANDIN" >&2; exit 64 ;;
esac
OUT=$(realpath -m "${OUT:-target/bench}") # absolute: H2 refuses a data dir implicitly relative
LATENCY_MS=50
APP_PORT=${APP_PORT:-18480}
MGMT_PORT=${MGMT_PORT:-19480}
# the JIT option of bin/cio-sync and the image (bin/jvm.sh): C1 only; JIT= (empty) runs C1 + C2 as plain java does
JIT=${JIT--XX:TieredStopAtLevel=1}
MEMORY_FLAGS="-Xmx256m -Xms32m -XX:+UseG1GC -XX:GCTimeRatio=1 -XX:InitiatingHeapOccupancyPercent=20 -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -XX:G1HeapRegionSize=1m -XX:+UnlockExperimentalVMOptions -XX:G1MaxNewSizePercent=10 -Xss512k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:TieredStopAtLevel=1 -Dio.netty.allocator.type=unpooled -Djdk.nio.maxCachedBufferSize=65536 -Dcio-sync.db.h2-cache-kb=8192 -Dcio-sync.delivery.batch-chunk-size=2500"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then JAVA_HOME="$candidate"; break; fi
  done
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
# the start-up cache bin/cio-sync and bin/cio-sync-upsert use when bin/cio-sync-train has written it (AOT=1: train it
# after the build); rows say when it was there
if [ "$(java_major "$JAVA")" -ge 25 ]; then AOT_FILE=app.aot; else AOT_FILE=app.jsa; fi
[ -f "$SHARED/bench/gen-data.py" ] || { echo "no $SHARED/bench/gen-data.py: set SHARED to the shared/ folder" >&2; exit 1; }

mkdir -p "$OUT/files"
PIDS=()
# waits for them too: a run started right after this one would otherwise meet a cio-sync still closing its H2 files
cleanup() { for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true; done; }
trap cleanup EXIT

if [ -n "${NO_BUILD:-}" ] && [ -f target/quarkus-app/quarkus-run.jar ] && [ -f "$OUT/classpath.txt" ]; then
  echo "== NO_BUILD: using target/quarkus-app and target/test-classes as they are"
else
  echo "== building (jar + test classes for the stand-in)"
  ./mvnw -B -ntp -q package -DskipTests
  ./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
fi
[ -z "${AOT:-}" ] || [ -f "target/quarkus-app/$AOT_FILE" ] || JAVA_HOME="$JAVA_HOME" bin/cio-sync-train

echo "== starting the stand-in (latency ${LATENCY_MS} ms, bodies not kept, $STANDIN)"
"$JAVA" -cp "target/test-classes:$(cat "$OUT/classpath.txt")" io.ciosync.CustomerIoStandIn \
    --latency-ms "$LATENCY_MS" --no-bodies "${STANDIN_ARGS[@]}" > "$OUT/standin.log" 2>&1 &
PIDS+=($!)
# up to 60 s: on a loaded machine the stand-in's JVM took longer than 20 s to start
for _ in $(seq 1 300); do grep -qs STANDIN_URL "$OUT/standin.log" && break; sleep 0.2; done
URL=$(sed -n 's/^STANDIN_URL=//p' "$OUT/standin.log")
[ -n "$URL" ] || { echo "the stand-in did not start" >&2; cat "$OUT/standin.log" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
stats() { curl -s "$URL/__admin/stats"; }
reset_standin() { curl -s -X POST "$URL/__admin/reset" > /dev/null; }
# served: the stand-in's columns of a row, after $st was read (requests, most in one second)
served() { echo "$(echo "$st" | json 'd["requests"]') | $(echo "$st" | json 'd["maxRequestsInAnySecond"]')"; }
# received: what the stand-in kept of a row's users, after $st was read ("N stored" or "N acknowledged")
received() {
  if [ "$STANDIN" = count-only ]; then echo "$(echo "$st" | json 'd["acknowledged"]') acknowledged"
  else echo "$(echo "$st" | json 'd["people"]') stored"; fi
}
# cpu_s PID: CPU-seconds (user + system) the process has used so far
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# cpu_cell SECONDS USERS: "S (per 1M users: P)"
cpu_cell() { python3 -c "print(f'{($1):.2f} ({($1) * 1e6 / $2:.1f})')"; }

# gen N NAME: original-format config.json + data.json (the same seed every time)
gen() {
  [ -f "$OUT/$2/data.json" ] || python3 "$SHARED/bench/gen-data.py" "$1" "$OUT/$2"
  ln -f "$OUT/$2/data.json" "$OUT/files/$2.json" 2>/dev/null || cp "$OUT/$2/data.json" "$OUT/files/$2.json"
}

# config NAME KEY=VALUE...: the generated config with some keys changed, under the files root
config() {
  local name=$1; shift
  python3 - "$OUT/${name%%-*}/config.json" "$OUT/files/$name.config.json" "$@" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
for kv in sys.argv[3:]:
    k, v = kv.split("=", 1)
    cfg[k] = int(v) if v.isdigit() else v
json.dump(cfg, open(sys.argv[2], "w"))
PY
}

TOKEN=bench-token-0123456789abcdef
OTHER_TOKEN=other-token-0123456789abcdef
AUTH="Authorization: Bearer $TOKEN"
APP_PID=
# the service's settings for the benchmark, as `env` arguments (env execs the command: $! is the JVM's own PID)
APP_ENV=(CIO_SYNC_DATA_DIR="$OUT/data" CIO_SYNC_FILES_ROOT="$OUT/files" CIO_SYNC_CUSTOMERIO_US_URL="$URL"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT=$MGMT_PORT
  QUARKUS_LOG_CATEGORY__IO_CIOSYNC__LEVEL=WARN MALLOC_ARENA_MAX=2 CIO_SYNC_API_TOKENS="bench:$TOKEN,other:$OTHER_TOKEN")
start_app() { # JVM flags...
  rm -rf "$OUT/data"
  local cache=()
  [ ! -f "target/quarkus-app/$AOT_FILE" ] || cache=("-XX:$([ "$AOT_FILE" = app.aot ] && echo AOTCache || echo SharedArchiveFile)=target/quarkus-app/$AOT_FILE")
  env "${APP_ENV[@]}" "$JAVA" $JIT "${cache[@]}" "-Dcio-sync.tenant-files.bench=$OUT/files" "$@" ${JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar \
    > "$OUT/app.log" 2>&1 &
  APP_PID=$!
  PIDS+=($APP_PID)
  for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:$MGMT_PORT/q/health/ready && return; sleep 0.2; done
  echo "cio-sync did not start" >&2; tail -20 "$OUT/app.log" >&2; exit 1
}
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; }
peak_rss_mb() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$1/status"; }

ROWS=()
row() { ROWS+=("| $* |"); echo "| $* |"; }

# post_and_wait DATA CONFIG: POST (file references) until the job is finished, outcomes stored; sets $doc $status
post_and_wait() {
  local id
  id=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' http://127.0.0.1:$APP_PORT/syncs \
       -d "{\"configFile\": \"$2.config.json\", \"dataFile\": \"$1.json\"}" | json 'd["id"]')
  while :; do
    # read with sed: a Python start per poll (0.13 s of CPU on this machine, one every 0.23 s) took half a core
    # from the process being measured, which the official client, timed as a whole, never paid
    status=$(curl -sf -H "$AUTH" "http://127.0.0.1:$APP_PORT/syncs/$id" \
             | sed -n 's/^{"id":"[^"]*","status":"\([a-z_]*\)".*/\1/p')
    case $status in succeeded|completed_with_errors|failed|cancelled) break ;; esac
    sleep 0.1
  done
  doc=$(curl -sf -H "$AUTH" "http://127.0.0.1:$APP_PORT/syncs/$id")
}

# cio_sync LABEL DATA CONFIG USERS [JVM flags...]: one job in a freshly started process (WARM="NAME...": after jobs
# over the NAME data in the same process, one per name, as a running service meets it), timed from the POST until
# the job is finished with its outcomes stored
cio_sync() {
  local label=$1 data=$2 cfg=$3 users=$4; shift 4
  start_app "$@"
  [ ! -f "target/quarkus-app/$AOT_FILE" ] || label="$label, start-up cache"
  case " $JIT $* " in *" -XX:TieredStopAtLevel=1 "*) label="$label, C1 only" ;; *) label="$label, C1 + C2" ;; esac
  for warm in ${WARM:-}; do post_and_wait "$warm" "$cfg"; done
  reset_standin
  local t0 t1 rss synced st c0 c1
  [ -z "${PROFILE:-}" ] || "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile > /dev/null
  c0=$(cpu_s "$APP_PID")
  t0=$(date +%s.%N)
  post_and_wait "$data" "$cfg"
  t1=$(date +%s.%N)
  c1=$(cpu_s "$APP_PID")
  [ -z "${PROFILE:-}" ] || "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench \
      "filename=$OUT/$(echo "$label" | tr -c 'a-zA-Z0-9\n' '-' | tr -s '-').jfr" > /dev/null
  rss=$(peak_rss_mb "$APP_PID")
  synced=$(echo "$doc" | json 'd["counts"]["synced"]')
  st=$(stats)
  stop_app
  row "$label | $STANDIN | $users | $(python3 -c "print(f'{$t1-$t0:.2f}')") | $(cpu_cell "$c1-$c0" "$users") | $(python3 -c "print(round($users/($t1-$t0)))") | $(served) | $synced synced, $(received), $status | $rss"
}

# whole_process NAME COMMAND...: one process from start to exit, after a stand-in reset; sets $line (its last line
# of output), $wall (seconds), $cpu (user + system seconds), $rss (peak MB, /usr/bin/time -v) and $st (the stand-in's
# stats)
whole_process() {
  local name=$1; shift
  reset_standin
  local t0
  t0=$(date +%s.%N)
  line=$(/usr/bin/time -v -o "$OUT/$name.time" "$@" 2> "$OUT/$name.err" | tail -1)
  wall=$(python3 -c "print(f'{$(date +%s.%N)-$t0:.2f}')")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$OUT/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$OUT/$name.time")
  st=$(stats)
}

# peer LABEL NAME USERS [--batch]: the official client, wall clock of the whole process (and its own figure)
peer() {
  local label=$1 name=$2 users=$3; shift 3
  local line wall cpu rss st
  whole_process peer env PEER_DIR="$OUT/peer" node "$SHARED/bench/official-client-peer.mjs" \
      "$OUT/files/$name.config.json" "$OUT/$name/data.json" "$URL" "$@"
  local secs=${line##* }
  row "$label | $STANDIN | $users | $wall (own: $secs) | $(cpu_cell "$cpu" "$users") | $(python3 -c "print(round($users/$wall))") (own: $(python3 -c "print(round($users/$secs))")) | $(served) | ${line%% secs*}, $(received) | $rss"
}

# cli LABEL NAME USERS [JVM flags...]: bin/cio-sync-upsert as the old script was run, one process from start to exit
cli() {
  local label=$1 name=$2 users=$3; shift 3
  local line wall cpu rss st
  whole_process cli env JAVA_OPTS="$* -Dcio-sync.customerio.us-url=$URL" bin/cio-sync-upsert \
      -c "$OUT/files/$name.config.json" -d "$OUT/$name/data.json" --report "$OUT/cli-failed.csv"
  [ ! -f "target/quarkus-app/$AOT_FILE" ] || label="$label, start-up cache"
  row "$label | $STANDIN | $users | $wall | $(cpu_cell "$cpu" "$users") | $(python3 -c "print(round($users/$wall))") | $(served) | ${line#*: }, $(received) | $rss"
}

HEADER="| run | stand-in | users | seconds, POST to finished | CPU-s while timed (per 1M users) | users/s | requests | max requests in a second | outcomes | peak RSS MB |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"

# startup LABEL: bin/cio-sync (which uses the AOT cache next to the jar when there is one), STARTUPS times in a new
# process on a new database: seconds from the launch until /q/health/ready answers UP (polled every 20 ms), and the
# CPU-seconds the JVM had used by then
startup() {
  local label=$1 t0 t1 cpu
  for round in $(seq 1 "${STARTUPS:-3}"); do
    rm -rf "$OUT/data"
    t0=$(date +%s.%N)
    JAVA_HOME=$JAVA_HOME JAVA_OPTS="-Dcio-sync.tenant-files.bench=$OUT/files ${JAVA_OPTS:-}" env "${APP_ENV[@]}" bin/cio-sync > "$OUT/app.log" 2>&1 &
    APP_PID=$!
    PIDS+=($APP_PID)
    until curl -sf -o /dev/null http://127.0.0.1:$MGMT_PORT/q/health/ready; do
      kill -0 "$APP_PID" 2>/dev/null || { echo "cio-sync did not start" >&2; tail -20 "$OUT/app.log" >&2; exit 1; }
      sleep 0.02
    done
    t1=$(date +%s.%N)
    cpu=$(cpu_s "$APP_PID")
    stop_app
    SROWS+=("| $label (round $round) | $(python3 -c "print(f'{$t1-$t0:.2f}')") | $cpu | $(cut -d' ' -f1 /proc/loadavg) |")
    echo "${SROWS[-1]}"
  done
}

if [ "$MODE" = startup ]; then
  SROWS=()
  echo "| start-up | seconds to ready | CPU-s by then | load average (1 min) after |"
  startup "bin/cio-sync$([ -f "target/quarkus-app/$AOT_FILE" ] && echo ', start-up cache')"
  { echo "| start-up | seconds to ready | CPU-s by then | load average (1 min) after |"; echo "| --- | ---: | ---: | ---: |"
    printf '%s\n' "${SROWS[@]}"; echo; echo "$(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"; } > "$OUT/startup.md"
  echo "written to $OUT/startup.md"
  exit 0
elif [ "$MODE" = bomb ]; then
  gen 2000 warm
  config warm
  start_app
  post_and_wait warm warm # a job of the other tenant's to list, and a JIT that has served requests
  python3 bench/bomb.py "http://127.0.0.1:$APP_PORT" "$OTHER_TOKEN" "$TOKEN" "$OUT/files/warm.config.json" "$OUT" \
    ${BOMBS:-4} | tee "$OUT/bomb.txt"
  grep -h "max-decompressed\|ERROR" "$OUT/app.log" | head -3
  stop_app
  exit 0
elif [ "$MODE" = memory ]; then
  gen "$MEMORY_USERS" mem
  config mem
  echo "$HEADER"
  cio_sync "cio-sync batch, $MEMORY_FLAGS" mem mem "$MEMORY_USERS" $MEMORY_FLAGS
elif [ "$MODE" = first ]; then
  [ -d "$OUT/peer/node_modules/customerio-node" ] || npm install --silent --prefix "$OUT/peer" customerio-node@5.2.0 > /dev/null
  gen "$USERS" big
  config big
  echo "$HEADER"
  peer "(stand-in warm-up, not measured)" big "$USERS" --batch > /dev/null; ROWS=()
  for round in 1 2 3; do
    cio_sync "cio-sync v2 batch (default), parallelism 25, fresh process (round $round)" big big "$USERS"
    peer "official client batch(100), 25 in flight (round $round)" big "$USERS" --batch
  done
elif [ "$MODE" = million ]; then
  [ -d "$OUT/peer/node_modules/customerio-node" ] || npm install --silent --prefix "$OUT/peer" customerio-node@5.2.0 > /dev/null
  gen "$MEMORY_USERS" mem
  gen "$USERS" big
  config mem; config big
  echo "$HEADER"
  peer "(stand-in warm-up, not measured)" big "$USERS" --batch > /dev/null; ROWS=()
  WARM=big cio_sync "cio-sync v2 batch (default), default heap, after a first job of $USERS" mem mem "$MEMORY_USERS"
  peer "official client batch(100), 25 in flight" mem "$MEMORY_USERS" --batch
elif [ "$MODE" = cli ]; then
  [ -d "$OUT/peer/node_modules/customerio-node" ] || npm install --silent --prefix "$OUT/peer" customerio-node@5.2.0 > /dev/null
  gen "$USERS" big
  gen 2000 warm
  config big; config warm
  echo "$HEADER"
  peer "(stand-in warm-up, not measured)" big "$USERS" --batch > /dev/null; ROWS=()
  for round in 1 2 3; do
    cli "cio-sync-upsert, batch (round $round)" big "$USERS" ${CLI_FLAGS:-}
    peer "official client batch(100), 25 in flight (round $round)" big "$USERS" --batch
    cli "cio-sync-upsert, 2,000 users (round $round)" warm 2000 ${CLI_FLAGS:-}
    peer "official client batch(100), 2,000 users (round $round)" warm 2000 --batch
  done
else
  [ -d "$OUT/peer/node_modules/customerio-node" ] || npm install --silent --prefix "$OUT/peer" customerio-node@5.2.0 > /dev/null
  gen "$USERS" big
  gen "$V1_USERS" v1
  gen "$V1_RATE_USERS" rate
  gen 2000 warm
  config big; config warm; config big-v1 api=v1; config v1; config v1-v1 api=v1; config rate-v1 api=v1 parallelism=200 rateLimit=200
  echo "$HEADER"
  # the stand-in's own JIT warms up first, on as many batch entries as a measured batch run sends it and a few
  # thousand identifies, so that no row meets it colder than another (with 20,000 users of warm-up, cio-sync's first
  # row, which runs next, took 5.8 s where it takes 4.2 s against a stand-in warmed by 200,000)
  peer "(stand-in warm-up, not measured)" big "$USERS" --batch > /dev/null
  peer "(stand-in warm-up, not measured)" warm 2000 > /dev/null; ROWS=()
  if [ "$MODE" != v1 ]; then
  cio_sync "cio-sync v2 batch (default), parallelism 25, fresh process" big big "$USERS"
  WARM=v1 cio_sync "cio-sync v2 batch (default), parallelism 25, after a first job" big big "$USERS"
  WARM="big big" cio_sync "cio-sync v2 batch (default), parallelism 25, after two jobs of the same size" big big "$USERS"
  peer "official client batch(100), 25 in flight" big "$USERS" --batch
  fi
  if [ "$MODE" != batch ]; then
  WARM=rate cio_sync "cio-sync v1 identify, parallelism 25, after a first job" v1 v1-v1 "$V1_USERS"
  peer "official client identify, 25 in flight" v1 "$V1_USERS"
  WARM=warm cio_sync "cio-sync v1 identify, parallelism 200, rateLimit 200, after a first job" rate rate-v1 "$V1_RATE_USERS"
  fi
fi
{ echo "$HEADER"; printf '%s\n' "${ROWS[@]}"; echo; echo "stand-in latency ${LATENCY_MS} ms; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"; } > "$OUT/results.md"
echo "written to $OUT/results.md"
