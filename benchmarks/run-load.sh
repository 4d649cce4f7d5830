#!/usr/bin/env bash
# Load benchmarks of the gateway against its baselines, measured in the same run on this
# machine: starts Keycloak, the three departments and the gateway on their own ports, drives
# them with wrk, prints a results table (also in benchmarks/target/load-results.md), and
# stops everything.
#
#   benchmarks/run-load.sh [seconds per measurement, default 15] [all|audit|observability, default all]
#
# Needs wrk (Debian: apt-get install wrk), psql and the PostgreSQL on 127.0.0.1:5432 (trust
# auth), and the built jars (./mvnw -B package -DskipTests).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

seconds=${1:-15}
suite=${2:-all}
command -v wrk >/dev/null || { echo "error: needs wrk (apt-get install wrk)" >&2; exit 2; }
JAVA_HOME=$(find_java_home)
export JAVA_HOME
export RUN_DIR=$root/benchmarks/target/run KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180 \
  CRM_PORT=28081 MARKETING_PORT=28082 SUPPORT_PORT=28083
gateway=http://127.0.0.1:28080
results=$root/benchmarks/target/load-results.md
mkdir -p "$RUN_DIR"

stop_all() {
  stop_detached gateway "$RUN_DIR/gateway.pid"
  stop_detached "gateway without audit" "$RUN_DIR/gateway-unaudited.pid"
  stop_detached "gateway without observations" "$RUN_DIR/gateway-unobserved.pid"
  sample-departments/departments.sh stop >/dev/null
  keycloak-realm/keycloak.sh stop >/dev/null
}
trap stop_all EXIT

keycloak-realm/keycloak.sh start >/dev/null
sample-departments/departments.sh start >/dev/null
psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname = 'customer_gateway_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -c "create database customer_gateway_bench" >/dev/null
start_gateway() {
  start_bench_gateway "$1" "$2" customer_gateway_bench "${BENCH_DEPARTMENTS[@]}" "${@:3}"
}
start_gateway gateway 28080
start_gateway gateway-unaudited 28090 --gateway.audit.enabled=false
# Observations off: no spans (and none of the timers that observations feed) for the
# server, Spring Security, Spring Cloud Gateway, WebClient and the source lookups.
[ "$suite" = observability ] && start_gateway gateway-unobserved 28100 --management.observations.enable.http=false \
  --management.observations.enable.spring=false --management.observations.enable.gateway=false

token() {
  curl -s -d grant_type=password -d client_id=customer-gateway-demo -d username="$1" \
    -d password=demo-only-password http://127.0.0.1:28180/realms/customer-data/protocol/openid-connect/token \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
chaos() {
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"latencyMillis\":$2,\"errorRate\":0}" "http://127.0.0.1:$(($1 + 1000))/actuator/chaos"
}

# measure NAME CONNECTIONS RATE(0 = as fast as possible) URL [USER]
measure() {
  local name=$1 connections=$2 rate=$3 url=$4 user=${5:-} args=(-t2 -c"$2" -d"${seconds}s" --latency)
  [ -n "$user" ] && args+=(-H "Authorization: Bearer $(token "$user")") # fresh: tokens live 5 minutes
  [ "$rate" != 0 ] && args+=(-s "$root/benchmarks/ladder.lua")
  wrk "${args[@]}" -d10s "$url" >/dev/null 2>&1 # warm-up: the JIT needs it more than the 15 s measured
  local out
  out=$(RATE=$rate THREADS=2 wrk "${args[@]}" "$url")
  local rps p50 p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$connections" \
    "$([ "$rate" = 0 ] && echo max || echo "$rate/s")" "$rps" "$p50" "$p99" "${errors:-0}" | tee -a "$results"
}

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, ${seconds} s per row, wrk -t2, after a 60 s warm-up of the gateway and 10 s before each row."
  echo
  echo "| measurement | connections | rate | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|---|"
} | tee "$results"

account=/accounts/ACC-000001
email=$(curl -s "http://127.0.0.1:28081$account" | sed -E 's/.*"email":"([^"]+)".*/\1/' | tr -d ' ')

if [ "$suite" = all ]; then
# The gateway's JIT needs about a minute of load on two shared cores to reach steady state
# (measured: 380, 840, 1140, 2060, 2490 requests/s over five consecutive 10 s runs).
echo "warming the gateway up for 60 s" >&2
wrk -t2 -c64 -d40s -H "Authorization: Bearer $(token alice)" "$gateway/api/v1/departments/crm$account" >/dev/null
wrk -t2 -c16 -d20s -H "Authorization: Bearer $(token alice)" "$gateway/api/v1/customers/email:$email" >/dev/null

measure "CRM lookup, direct (baseline)" 64 0 "http://127.0.0.1:28081$account"
measure "CRM lookup through the gateway, own department (token, policy, enforcement)" 64 0 "$gateway/api/v1/departments/crm$account" alice
measure "CRM lookup through the gateway, support's grant (fields masked and withheld)" 64 0 "$gateway/api/v1/departments/crm$account" carol
measure "CRM lookup, direct (baseline)" 64 500 "http://127.0.0.1:28081$account"
measure "CRM lookup through the gateway, own department" 64 500 "$gateway/api/v1/departments/crm$account" alice
measure "CRM lookup through the gateway, support's grant" 64 500 "$gateway/api/v1/departments/crm$account" carol

# Federated view against the sources' own lookups, each department answering in 20 ms, so
# that fan-out (parallel or not) shows rather than CPU contention on two cores.
for port in 28081 28082 28083; do chaos "$port" 20; done
measure "CRM lookup by id, direct, 20 ms department (baseline)" 16 0 "http://127.0.0.1:28081$account"
measure "marketing lookup by e-mail, direct, 20 ms department (baseline)" 16 0 "http://127.0.0.1:28082/contacts/$email"
measure "help-desk lookup by e-mail, direct, 20 ms department (baseline)" 16 0 "http://127.0.0.1:28083/api/v2/requesters?email=$email"
measure "unified view by e-mail through the gateway: 3 sources + tickets, enforced, merged" 16 0 "$gateway/api/v1/customers/email:$email" alice
for port in 28081 28082 28083; do chaos "$port" 0; done
fi

# compare NAME BASELINE_URL MEASURED_URL PATH USER: two gateways warmed up alike, then
# measured in turn, twice, so that neither profits from going last.
compare() {
  local name=$1 baseline=$2 measured=$3 path=$4 user=$5 connections=$6
  for target in "$measured" "$baseline"; do
    echo "warming $target up for 60 s" >&2
    wrk -t2 -c"$connections" -d60s -H "Authorization: Bearer $(token "$user")" "$target$path" >/dev/null
  done
  for round in 1 2; do
    measure "$name off (baseline), round $round" "$connections" 0 "$baseline$path" "$user"
    measure "$name on, round $round" "$connections" 0 "$measured$path" "$user"
  done
}

if [ "$suite" = observability ]; then
  # What tracing and the observation timers cost on the pass-through path.
  compare "CRM lookup through the gateway, observations" http://127.0.0.1:28100 "$gateway" \
    "/api/v1/departments/crm$account" alice 64
  echo
  echo "results: $results"
  exit 0
fi

# What auditing to PostgreSQL costs: the same federated lookup through two gateways, one
# writing an audit event per request (durable before the answer), one with auditing off.
# Both warmed up alike, then measured in turn, twice, so that neither profits from going last.
unaudited=http://127.0.0.1:28090
for target in "$gateway" "$unaudited"; do
  echo "warming $target up for 60 s" >&2
  wrk -t2 -c16 -d60s -H "Authorization: Bearer $(token alice)" "$target/api/v1/customers/email:$email" >/dev/null
done
for round in 1 2; do
  measure "unified view, auditing off (baseline), round $round" 16 0 "$unaudited/api/v1/customers/email:$email" alice
  measure "unified view, auditing to PostgreSQL, round $round" 16 0 "$gateway/api/v1/customers/email:$email" alice
done

echo
echo "results: $results"
