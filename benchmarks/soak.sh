#!/usr/bin/env bash
# A soak of the gateway (~10 minutes by default): a mix of unified views, searches and
# pass-through reads and writes at twice the 500 requests/s target, with chaos on the help
# desk (latency and errors) and a PostgreSQL restart in the middle. Reports errors and
# 5xx, audit events against answers (every answer must have its event), and the heap after
# a full GC before and after (growth beyond 10 % is a leak).
#
#   benchmarks/soak.sh [seconds, default 600] [rate, default 1000]
#
# Needs wrk, psql, jcmd (the JDK's), the PostgreSQL on 127.0.0.1:5432 (trust auth; the soak
# restarts it with pg_ctlcluster, so run it where nothing else needs the database), and the
# built jars (./mvnw -B package -DskipTests). Results also in benchmarks/target/soak-results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

seconds=${1:-600}
rate=${2:-1000}
for tool in wrk psql pg_ctlcluster; do
  command -v "$tool" >/dev/null || { echo "error: needs $tool" >&2; exit 2; }
done
JAVA_HOME=$(find_java_home)
export JAVA_HOME
run=$root/benchmarks/target/soak-run
results=$root/benchmarks/target/soak-results.md
export RUN_DIR=$run KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180 CRM_PORT=28081 MARKETING_PORT=28082 \
  SUPPORT_PORT=28083
mkdir -p "$run"
database=customer_gateway_soak
gateway=http://127.0.0.1:28080
management=http://127.0.0.1:29090

stop_all() {
  stop_detached gateway "$run/gateway.pid"
  sample-departments/departments.sh stop >/dev/null
  keycloak-realm/keycloak.sh stop >/dev/null
}
trap stop_all EXIT

keycloak-realm/keycloak.sh start >/dev/null
sample-departments/departments.sh start >/dev/null
psql -h 127.0.0.1 -U postgres -qc "drop database if exists $database" -c "create database $database" >/dev/null
rm -rf "$run/gateway-spool" "$run/policy-cache"
start_bench_gateway gateway 28080 "$database" "${BENCH_DEPARTMENTS[@]}" \
  --gateway.policy.administration.cache-directory="$run/policy-cache"
pid=$(cat "$run/gateway.pid")

token() {
  curl -s -d grant_type=password -d client_id=customer-gateway-demo -d username="$1" \
    -d password=demo-only-password http://127.0.0.1:28180/realms/customer-data/protocol/openid-connect/token \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
# Tokens live 5 minutes in the demo realm: the soak runs in rounds of at most 4 minutes.
heap_after_gc() {
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  sleep 2
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | awk '/used/ {gsub("K","",$0); for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1); exit}}'
}
# Every answer the gateway's API port gave (its management port's are tagged /actuator);
# not the requests wrk abandoned when a round ended (status UNKNOWN): nothing was answered.
answers() {
  curl -s "$management/actuator/prometheus" \
    | awk '/^http_server_requests_seconds_count/ && !/uri="\/actuator/ && !/status="UNKNOWN"/ {sum += $2}
      END {printf "%d", sum}'
}
events() {
  psql -h 127.0.0.1 -U postgres -d "$database" -tAc "select count(*) from audit_event where event::jsonb ->> 'action' <> 'purge'"
}

CUSTOMERS=$(curl -s "http://127.0.0.1:28081/accounts?size=50" | grep -oE '"email":"[^"]+"' | cut -d'"' -f4 | paste -sd,)
export CUSTOMERS
echo "warming up for 60 s" >&2
TOKEN_ALICE=$(token alice) TOKEN_CAROL=$(token carol) TOKEN_BOB=$(token bob) RATE=200 CONNECTIONS=16 \
  wrk -t2 -c16 -d60s -s benchmarks/soak-mix.lua "$gateway" >/dev/null
heap_before=$(heap_after_gc)
answers_before=$(answers)
events_before=$(events)

# Chaos on the help desk for the whole soak: 50 ms latency, 5 % errors.
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"latencyMillis":50,"errorRate":0.05}' \
  "http://127.0.0.1:29083/actuator/chaos"
rounds=$(((seconds + 239) / 240))
round_seconds=$((seconds / rounds))
out=$run/wrk.txt
: >"$out"
(sleep $((seconds / 2)); echo "restarting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main restart) &
restart=$!
for _ in $(seq 1 "$rounds"); do
  TOKEN_ALICE=$(token alice) TOKEN_CAROL=$(token carol) TOKEN_BOB=$(token bob) RATE=$rate CONNECTIONS=64 \
    wrk -t2 -c64 -d"${round_seconds}s" --latency -s benchmarks/soak-mix.lua "$gateway" | tee -a "$out" >&2
done
wait "$restart"
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"latencyMillis":0,"errorRate":0}' \
  "http://127.0.0.1:29083/actuator/chaos"

# Every answer's event, once the spool has drained.
for _ in $(seq 1 60); do
  [ "$(curl -s "$management/actuator/prometheus" | awk '/^gateway_audit_spool_depth/ {print $2}')" = "0.0" ] && break
  sleep 2
done
answered=$(($(answers) - answers_before))
abandoned=$(curl -s "$management/actuator/prometheus" \
  | awk '/^http_server_requests_seconds_count/ && !/uri="\/actuator/ && /status="UNKNOWN"/ {sum += $2}
    END {printf "%d", sum}')
audited=$(($(events) - events_before))
heap_after=$(heap_after_gc)
requests=$(awk '/requests in/ {sum += $1} END {print sum}' "$out")
non2xx=$(awk '/Non-2xx/ {sum += $5} END {print sum + 0}' "$out")
socket=$(awk '/Socket errors/ {gsub(",", ""); sum += $4 + $6 + $8 + $10} END {print sum + 0}' "$out")
server_errors=$(curl -s "$management/actuator/prometheus" \
  | awk '/^http_server_requests_seconds_count/ && /status="5/ && !/uri="\/actuator/ {sum += $2} END {printf "%d", sum}')
growth=$(awk -v a="$heap_after" -v b="$heap_before" 'BEGIN {printf "%.1f", (a - b) * 100 / b}')
{
  echo "Soak $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: ${seconds} s at a paced ${rate} requests/s (64 connections),"
  echo "help desk at 50 ms and 5 % errors, PostgreSQL restarted in the middle."
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| requests sent | $requests ($((requests / seconds)) a second held) |"
  echo "| non-2xx answers (wrk) | $non2xx |"
  echo "| 5xx answers (gateway) | $server_errors |"
  echo "| socket errors | $socket |"
  echo "| answers (gateway) / audit events | $answered / $audited |"
  echo "| requests abandoned by wrk at the end of a round (no answer; audited or not) | $abandoned |"
  echo "| heap after full GC, before / after | ${heap_before} K / ${heap_after} K (${growth} %) |"
} | tee "$results"
# Every answer has its event (durable before the answer); of the requests wrk abandoned
# mid-flight, some were audited before it left: events = answers + some of those.
if [ "$audited" -lt "$answered" ] || [ "$audited" -gt $((answered + abandoned)) ]; then
  echo "FAILED: answers and audit events do not match; answers by method, status and route, then events:" >&2
  curl -s "$management/actuator/prometheus" | grep '^http_server_requests_seconds_count' | grep -v actuator \
    | sed -E 's/.*method="([A-Z]+)".*status="([0-9A-Z]+)".*uri="([^"]*)".* ([0-9.E]+)$/\1 \2 \3 \4/' >&2
  psql -h 127.0.0.1 -U postgres -d "$database" -tAc "select event::jsonb ->> 'action', event::jsonb ->> 'status', \
    count(*) from audit_event group by 1, 2 order by 1, 2" >&2
  exit 1
fi
awk -v g="$growth" 'BEGIN {exit !(g <= 10)}' || { echo "FAILED: heap grew more than 10 %" >&2; exit 1; }
