#!/usr/bin/env bash
# The benchmark ladder: what each layer of the gateway costs, in one run, against the same
# department with the same wrk settings. Seven steps, from the CRM directly to the unified
# view, each measured closed-loop (64 connections, as fast as they go) and paced at 500 and
# 1,000 requests/s, as a ratio to direct and the latency it adds over direct; then the
# unified view against the help desk's own call chain; then the targets, met or missed.
#
#   benchmarks/ladder.sh [--quick]      # about 18 minutes; --quick about 5
#
# Installs what it needs and lacks (Debian's wrk and nginx-light); needs the PostgreSQL on
# 127.0.0.1:5432 (trust auth) and the built jars (./mvnw -B package -DskipTests). Results in
# benchmarks/target/ladder-results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

quick=false
[ "${1:-}" = --quick ] && quick=true
if $quick; then
  seconds=4 warm_seconds=3 warm_rounds=10
else
  seconds=20 warm_seconds=5 warm_rounds=24
fi
connections=64 threads=2

install_missing() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} (Debian packages)" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}
install_missing

JAVA_HOME=$(find_java_home)
export JAVA_HOME
export RUN_DIR=$root/benchmarks/target/ladder KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180 \
  CRM_PORT=28081 MARKETING_PORT=28082 SUPPORT_PORT=28083
results=$root/benchmarks/target/ladder-results.md
mkdir -p "$RUN_DIR"

stop_all() {
  stop_detached gateway "$RUN_DIR/gateway.pid"
  stop_detached "gateway without audit" "$RUN_DIR/gateway-unaudited.pid"
  stop_detached "bare gateway" "$RUN_DIR/bare-gateway.pid"
  stop_detached nginx "$RUN_DIR/nginx.pid"
  stop_bench_stack
}
trap stop_all EXIT
start_bench_stack

crm=http://127.0.0.1:28081

# 2. One proxy hop: nginx with one worker, keeping connections to the CRM open.
sed "s|@RUN_DIR@|$RUN_DIR|g" benchmarks/ladder-nginx.conf >"$RUN_DIR/nginx.conf"
start_detached nginx "$RUN_DIR/nginx.pid" "$RUN_DIR/nginx.log" \
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" >/dev/null

# 3. The framework's floor: Spring Cloud Gateway with one route and nothing of ours.
DEPARTMENT_URL=$crm start_detached "bare gateway" "$RUN_DIR/bare-gateway.pid" "$RUN_DIR/bare-gateway.log" \
  "$JAVA_HOME/bin/java" -Xmx512m -jar "$(ls benchmarks/bare-gateway/target/bare-gateway-*.jar | head -n 1)" \
  --server.port=28060 >/dev/null

# 4 and 5: the gateway without audit; its auth-only route (/bench/crm/**) reaches the CRM
# after the token is verified, with no policy, no enforcement and no audit.
start_bench_gateway gateway-unaudited 28090 customer_gateway_bench "${BENCH_DEPARTMENTS[@]}" \
  --gateway.audit.enabled=false \
  --spring.cloud.gateway.server.webflux.routes[0].id=auth-only \
  --spring.cloud.gateway.server.webflux.routes[0].uri=$crm \
  --spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/bench/crm/** \
  --spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=2 &
# 6 and 7: the gateway as deployed, auditing to PostgreSQL.
unaudited_started=$!
start_bench_gateway gateway 28080 customer_gateway_bench "${BENCH_DEPARTMENTS[@]}"
wait "$unaudited_started"
account=/accounts/ACC-000001
wait_for_http nginx "http://127.0.0.1:28070$account" "$RUN_DIR/nginx.pid" "$RUN_DIR/nginx.log" 30 >/dev/null
wait_for_http "bare gateway" "http://127.0.0.1:28060$account" "$RUN_DIR/bare-gateway.pid" \
  "$RUN_DIR/bare-gateway.log" 60 >/dev/null

chaos() {
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"latencyMillis\":$2,\"errorRate\":0}" "http://127.0.0.1:$(($1 + 1000))/actuator/chaos"
}

# cpu_ticks SOURCE...: CPU time (clock ticks) used so far by the processes of each source:
# a pid file (its process's session: nginx's workers, a script's JVM) or "postgres".
cpu_ticks() {
  local source pid pids total=0
  for source in "$@"; do
    if [ "$source" = postgres ]; then
      pids=$(pgrep -u postgres || true)
    else
      pids=$(ps -o pid= -s "$(cat "$source")" || true)
    fi
    for pid in $pids; do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$total"
}

# run SECONDS CONNECTIONS RATE URL [TOKEN]: one wrk run; prints its LADDER line.
run() {
  local args=(-t"$threads" -c"$2" -d"$1s" -s "$root/benchmarks/ladder.lua")
  [ -n "${5:-}" ] && args+=(-H "Authorization: Bearer $5")
  RATE=$3 THREADS=$threads wrk "${args[@]}" "$4" | grep '^LADDER'
}

# warm_up URL [TOKEN]: the warm-up rule. Closed-loop rounds of warm_seconds until two
# consecutive rounds differ by less than 5 % (at most warm_rounds); prints how long it took.
warm_up() {
  local previous=0 rate round
  for ((round = 1; round <= warm_rounds; round++)); do
    rate=$(run "$warm_seconds" "$connections" 0 "$@" | awk '{print $2}')
    if awk -v a="$previous" -v b="$rate" 'BEGIN {exit !(a > 0 && (b - a) / a < 0.05 && (a - b) / a < 0.05)}'; then
      echo "$((round * warm_seconds)) s"
      return 0
    fi
    previous=$rate
  done
  echo "$((warm_rounds * warm_seconds)) s, not stable"
}

declare -A measured # "step load" -> "rps p50 p99 p99.9 errors requests cpu-ms-per-request"
# step NAME URL USER SOURCE...: warms the target up, then measures it closed-loop, at 500/s and
# at 1,000/s, with the CPU its SOURCEs (cpu_ticks) spent per request.
step() {
  local name=$1 url=$2 user=$3 bearer='' load line warm before
  shift 3
  [ -n "$user" ] && bearer=$(bench_token "$user") # fresh: tokens live 5 minutes
  warm=$(warm_up "$url" "$bearer")
  echo "$name: warmed up in $warm" >&2
  for load in 0 500 1000; do
    before=$(cpu_ticks "$@")
    line=$(run "$seconds" "$connections" "$load" "$url" "$bearer")
    measured["$name $load"]="$(echo "$line" | cut -d' ' -f2-) $(awk -v t=$(($(cpu_ticks "$@") - before)) \
      -v n="$(echo "$line" | cut -d' ' -f7)" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", 1000 * t / hz / n}')"
    row "$name" "$load" "${measured["$name $load"]}"
  done
}

# row NAME LOAD "rps p50 p99 p99.9 errors requests": a table row, with ratios to direct's.
row() {
  local direct=${measured["direct $2"]:-$3}
  awk -v name="$1" -v rate="$2" -v m="$3" -v d="$direct" 'BEGIN {
    split(m, f, " "); split(d, g, " ")
    printf "| %s | %s | %.0f | %.0f %% | %.2f | %.2f | %.2f | %+.2f | %+.2f | %d | %.3f |\n", name,
      (rate == 0 ? "closed loop" : rate "/s"), f[1], 100 * f[1] / g[1], f[2], f[3], f[4], f[2] - g[2], f[3] - g[3], f[5], f[7]
  }' | tee -a "$results"
}

# The JVMs' JIT needs about a minute of load before a gateway's rate settles, longer than the
# warm-up rule waits for once a rate is flat but still low: all three JVMs get load together
# first, each on the routes it will be measured on.
email=$(curl -s "$crm$account" | sed -E 's/.*"email":"([^"]+)".*/\1/' | tr -d ' ')
prewarm=$($quick && echo 30 || echo 60)
echo "warming the three JVMs up together for $prewarm s" >&2
alice=$(bench_token alice)
warming=()
for url in "http://127.0.0.1:28060$account" "http://127.0.0.1:28090/bench/crm$account" \
  "http://127.0.0.1:28090/api/v1/departments/crm$account" "http://127.0.0.1:28080/api/v1/departments/crm$account" \
  "http://127.0.0.1:28080/api/v1/customers/email:$email"; do
  wrk -t1 -c8 -d"${prewarm}s" -H "Authorization: Bearer $alice" "$url" >/dev/null &
  warming+=($!)
done
wait "${warming[@]}" # not a bare wait: the servers started above are this shell's children too

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores$($quick && echo ', --quick'): wrk -t$threads -c$connections, ${seconds} s per row (benchmarks/ladder.lua)."
  echo "CPU ms/request: the server's own processes (and PostgreSQL's, once auditing), per request answered."
  echo "Warm-up: the three JVMs together for ${prewarm} s, then per step closed-loop rounds of ${warm_seconds} s until two in a row differ by less than 5 % (at most ${warm_rounds})."
  echo
  echo "| step | load | requests/s held | of direct | p50 ms | p99 ms | p99.9 ms | added p50 | added p99 | errors | CPU ms/request |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$results"

step direct "$crm$account" "" "$RUN_DIR/crm.pid"
step nginx "http://127.0.0.1:28070$account" "" "$RUN_DIR/nginx.pid"
step "bare Spring Cloud Gateway" "http://127.0.0.1:28060$account" "" "$RUN_DIR/bare-gateway.pid"
step "gateway, authentication only" "http://127.0.0.1:28090/bench/crm$account" alice "$RUN_DIR/gateway-unaudited.pid"
step "+ policy and field enforcement" "http://127.0.0.1:28090/api/v1/departments/crm$account" alice \
  "$RUN_DIR/gateway-unaudited.pid"
step "+ audit to PostgreSQL" "http://127.0.0.1:28080/api/v1/departments/crm$account" alice "$RUN_DIR/gateway.pid" postgres
step "unified view, 3 sources + tickets" "http://127.0.0.1:28080/api/v1/customers/email:$email" alice \
  "$RUN_DIR/gateway.pid" postgres

# Fan-out against the slowest source's own call chain: every department answering in 20 ms,
# so that the shape of the fan-out shows rather than CPU contention. The help desk's chain is
# two dependent calls: the requester by e-mail, then its tickets.
for port in 28081 28082 28083; do chaos "$port" 20; done
requester=$(curl -s "http://127.0.0.1:28083/api/v2/requesters?email=$email" | sed -E 's/.*"id":"?([^",]+)"?.*/\1/')
fan_out() { run "$seconds" 16 0 "$@" | awk '{print $3}'; }
lookup_p50=$(fan_out "http://127.0.0.1:28083/api/v2/requesters?email=$email")
tickets_p50=$(fan_out "http://127.0.0.1:28083/api/v2/requesters/$requester/tickets")
view_p50=$(fan_out "http://127.0.0.1:28080/api/v1/customers/email:$email" "$(bench_token alice)")
for port in 28081 28082 28083; do chaos "$port" 0; done
{
  echo
  echo "Fan-out, every department answering in 20 ms, 16 connections closed loop, p50: the help desk's chain"
  echo "$lookup_p50 + $tickets_p50 ms (requester, then its tickets); the unified view $view_p50 ms."
} | tee -a "$results"

# The targets, each a ratio within this run.
target() { # DESCRIPTION AWK-CONDITION MEASURED-TEXT
  local verdict=missed
  awk "BEGIN {exit !($2)}" && verdict=met
  echo "| $1 | $3 | $verdict |" | tee -a "$results"
}
field() { echo "${measured["$1"]}" | cut -d' ' -f"$2"; }
audited="+ audit to PostgreSQL"
{
  echo
  echo "| target (the gateway as deployed: policy, enforcement, audit) | measured | |"
  echo "|---|---|---|"
} | tee -a "$results"
a50=$(awk "BEGIN {print $(field "$audited 500" 2) - $(field 'direct 500' 2)}")
a99=$(awk "BEGIN {print $(field "$audited 500" 3) - $(field 'direct 500' 3)}")
target "paced 500/s: added p50 ≤ 1.5 ms, added p99 ≤ 5 ms, no errors, rate held" \
  "$a50 <= 1.5 && $a99 <= 5 && $(field "$audited 500" 5) == 0 && $(field "$audited 500" 1) >= 495" \
  "+$a50 ms, +$a99 ms, $(field "$audited 500" 5) errors, $(field "$audited 500" 1)/s"
b99=$(awk "BEGIN {print $(field "$audited 1000" 3) - $(field 'direct 1000' 3)}")
target "paced 1,000/s: rate held, added p99 ≤ 15 ms" \
  "$b99 <= 15 && $(field "$audited 1000" 1) >= 990 && $(field "$audited 1000" 5) == 0" \
  "$(field "$audited 1000" 1)/s, +$b99 ms, $(field "$audited 1000" 5) errors"
ours=$(field "$audited 0" 1)
target "closed loop ≥ 40 % of direct" "$ours >= 0.4 * $(field 'direct 0' 1)" \
  "$(awk "BEGIN {printf \"%.0f %%\", 100 * $ours / $(field 'direct 0' 1)}")"
target "closed loop ≥ 0.8 × the bare Spring Cloud Gateway" "$ours >= 0.8 * $(field 'bare Spring Cloud Gateway 0' 1)" \
  "$(awk "BEGIN {printf \"%.2f ×\", $ours / $(field 'bare Spring Cloud Gateway 0' 1)}")"
target "auditing costs ≤ 5 % of throughput" "$ours >= 0.95 * $(field '+ policy and field enforcement 0' 1)" \
  "$(awk "BEGIN {printf \"%.1f %%\", 100 * (1 - $ours / $(field '+ policy and field enforcement 0' 1))}")"
target "unified view p50 ≤ 1.2 × the help desk's chain (20 ms departments)" \
  "$view_p50 <= 1.2 * ($lookup_p50 + $tickets_p50)" \
  "$(awk "BEGIN {printf \"%.2f ×\", $view_p50 / ($lookup_p50 + $tickets_p50)}")"
echo
echo "results: $results"
