#!/usr/bin/env bash
# What one configurable lever brings: two gateways of the same build in one run, the
# baseline with BASELINE's arguments and the variant with VARIANT's (each a string of
# gateway arguments; JVM options as -J-XX:...), both auditing to PostgreSQL, warmed up alike,
# then measured in turn, twice: the pass-through read at a paced 1,000 requests/s with the
# CPU each gateway (and PostgreSQL) spent per request, and closed-loop at 64 connections.
#
#   benchmarks/lever.sh "--gateway.security.token-cache-size=0" ""   # the verified-token cache
#   benchmarks/lever.sh "" "-J-XX:+UseParallelGC"                     # a JVM option
#
# About 5 minutes. Same needs as ladder.sh (which installs wrk); results in
# benchmarks/target/lever-results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

[ $# -eq 2 ] || { echo "usage: $0 BASELINE-ARGUMENTS VARIANT-ARGUMENTS" >&2; exit 2; }
command -v wrk >/dev/null || { echo "error: needs wrk (benchmarks/ladder.sh installs it)" >&2; exit 2; }
JAVA_HOME=$(find_java_home)
export JAVA_HOME
export RUN_DIR=$root/benchmarks/target/lever KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180 \
  CRM_PORT=28081 MARKETING_PORT=28082 SUPPORT_PORT=28083
results=$root/benchmarks/target/lever-results.md
path=/api/v1/departments/crm/accounts/ACC-000001
mkdir -p "$RUN_DIR"

stop_all() {
  stop_detached baseline "$RUN_DIR/baseline.pid"
  stop_detached variant "$RUN_DIR/variant.pid"
  stop_bench_stack
}
trap stop_all EXIT
start_bench_stack

# start NAME PORT "ARGUMENTS": -J-prefixed ones go to the JVM, the rest to the gateway.
start() {
  local name=$1 port=$2 jvm=() app=() argument
  for argument in $3; do
    if [[ $argument == -J* ]]; then jvm+=("${argument#-J}"); else app+=("$argument"); fi
  done
  JAVA_TOOL_OPTIONS="${jvm[*]:-}" start_bench_gateway "$name" "$port" customer_gateway_bench \
    "${BENCH_DEPARTMENTS[@]}" "${app[@]}"
}
start baseline 28080 "$1"
start variant 28090 "$2"

ticks() { # PIDFILE: CPU clock ticks of the gateway's process, and of PostgreSQL's
  awk '{print $14 + $15}' "/proc/$(cat "$1")/stat"
  for pid in $(pgrep -u postgres); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done \
    | awk '{s += $1} END {print s + 0}'
}
bearer=$(bench_token alice)
for port in 28080 28090; do
  echo "warming :$port up for 60 s" >&2
  wrk -t2 -c64 -d60s -H "Authorization: Bearer $bearer" "http://127.0.0.1:$port$path" >/dev/null
done
{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; baseline: \`$1\`; variant: \`$2\`."
  echo
  echo "| gateway, round | paced 1,000/s: p50 ms | p99 ms | gateway CPU ms/request | PostgreSQL CPU ms/request | closed loop requests/s |"
  echo "|---|---|---|---|---|---|"
} | tee "$results"
hz=$(getconf CLK_TCK)
for round in 1 2; do
  for name in baseline variant; do
    port=$([ "$name" = baseline ] && echo 28080 || echo 28090)
    read -r gateway_before postgres_before <<<"$(ticks "$RUN_DIR/$name.pid" | paste -sd' ')"
    line=$(RATE=1000 THREADS=2 wrk -t2 -c64 -d15s -s benchmarks/ladder.lua -H "Authorization: Bearer $bearer" \
      "http://127.0.0.1:$port$path" | grep '^LADDER')
    read -r gateway_after postgres_after <<<"$(ticks "$RUN_DIR/$name.pid" | paste -sd' ')"
    closed=$(wrk -t2 -c64 -d15s -H "Authorization: Bearer $bearer" "http://127.0.0.1:$port$path" \
      | awk '/Requests\/sec/ {printf "%.0f", $2}')
    echo "$line" | awk -v name="$name, $round" -v g=$((gateway_after - gateway_before)) \
      -v p=$((postgres_after - postgres_before)) -v hz="$hz" -v closed="$closed" \
      '{printf "| %s | %.2f | %.2f | %.3f | %.3f | %s |\n", name, $3, $4, 1000 * g / hz / $7, 1000 * p / hz / $7, closed}' \
      | tee -a "$results"
  done
done
echo
echo "results: $results"
