#!/usr/bin/env bash
# What reaching the departments as SaaS costs: the unified view through the native APIs and
# through the Salesforce, HubSpot and Zendesk presets (OAuth client credentials, an API
# token, SOQL, POST search, pages), measured in the same run on this machine, and the token
# requests the SaaS gateway makes per 1,000 lookups, on a cold cache and a warm one.
#
#   benchmarks/run-connectors.sh [seconds per measurement, default 15]
#
# Needs wrk (Debian: apt-get install wrk), psql and the PostgreSQL on 127.0.0.1:5432 (trust
# auth), and the built jars (./mvnw -B package -DskipTests). Results also in
# benchmarks/target/connector-results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

seconds=${1:-15}
command -v wrk >/dev/null || { echo "error: needs wrk (apt-get install wrk)" >&2; exit 2; }
JAVA_HOME=$(find_java_home)
export JAVA_HOME
run=$root/benchmarks/target/connectors-run
results=$root/benchmarks/target/connector-results.md
export RUN_DIR=$run KEYCLOAK_PORT=28180 KEYCLOAK_MANAGEMENT_PORT=29180
mkdir -p "$run"
# The imitated vendors' own quotas would throttle a load test: lifted, so that what is
# measured is the dialect, not the quota (the gateway's budgets are lifted likewise below).
export DEPARTMENT_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -Ddepartment.saas.requests-per-second=1000000
  -Ddepartment.saas.hubspot.burst-limit=1000000 -Ddepartment.saas.hubspot.search-per-second=1000000
  -Ddepartment.saas.zendesk.requests-per-minute=100000000"

stop_all() {
  stop_detached "native gateway" "$run/gateway-native.pid"
  stop_detached "saas gateway" "$run/gateway-saas.pid"
  RUN_DIR=$run/native sample-departments/departments.sh stop >/dev/null
  RUN_DIR=$run/saas sample-departments/departments.sh stop >/dev/null
  keycloak-realm/keycloak.sh stop >/dev/null
}
trap stop_all EXIT

keycloak-realm/keycloak.sh start >/dev/null
RUN_DIR=$run/native CRM_PORT=28081 MARKETING_PORT=28082 SUPPORT_PORT=28083 sample-departments/departments.sh start >/dev/null
RUN_DIR=$run/saas DIALECT=saas CRM_PORT=28091 MARKETING_PORT=28092 SUPPORT_PORT=28093 \
  sample-departments/departments.sh start >/dev/null
psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname = 'customer_gateway_bench'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -c "create database customer_gateway_bench" >/dev/null

CRM_URL=http://127.0.0.1:28081 MARKETING_URL=http://127.0.0.1:28082 SUPPORT_URL=http://127.0.0.1:28083 \
  start_bench_gateway gateway-native 28080 customer_gateway_bench
# DEMO ONLY credentials of the imitated vendors, by reference as in production.
CRM_URL=http://127.0.0.1:28091 MARKETING_URL=http://127.0.0.1:28092 SUPPORT_URL=http://127.0.0.1:28093 \
  CRM_CLIENT_SECRET=demo-only-client-secret SUPPORT_CLIENT_SECRET=demo-only-client-secret \
  MARKETING_TOKEN=demo-only-api-token start_bench_gateway gateway-saas 28070 customer_gateway_bench \
  --spring.profiles.active=saas \
  --gateway.federation.sources.crm.throttling.requests-per-second=0 \
  --gateway.federation.sources.crm.throttling.max-concurrent-requests=0 \
  --gateway.federation.sources.marketing.throttling.requests-per-second=0 \
  --gateway.federation.sources.marketing.throttling.max-concurrent-requests=0 \
  --gateway.federation.sources.marketing.throttling.endpoints.search.requests-per-second=0 \
  --gateway.federation.sources.support.throttling.requests-per-second=0 \
  --gateway.federation.sources.support.throttling.max-concurrent-requests=0

token() {
  curl -s -d grant_type=password -d client_id=customer-gateway-demo -d username="$1" \
    -d password=demo-only-password http://127.0.0.1:28180/realms/customer-data/protocol/openid-connect/token \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
token_requests() {
  curl -s http://127.0.0.1:29080/actuator/prometheus \
    | awk '/^gateway_source_token_requests_total/ {sum += $2} END {print sum + 0}'
}
# lookups GATEWAY N: N unified views, 8 at a time, each of one of 50 customers
lookups() {
  local bearer
  bearer="Authorization: Bearer $(token alice)"
  for i in $(seq 1 "$2"); do echo "${emails[$((i % ${#emails[@]}))]}"; done \
    | xargs -P 8 -I{} curl -s -o /dev/null -H "$bearer" "$1/api/v1/customers/email:{}"
}
measure() {
  local name=$1 url=$2 out rps p50 p99 errors
  out=$(wrk -t2 -c8 -d"${seconds}s" --latency -H "Authorization: Bearer $(token alice)" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" | tee -a "$results"
}

mapfile -t emails < <(curl -s "http://127.0.0.1:28081/accounts?size=50" | grep -oE '"email":"[^"]+"' | cut -d'"' -f4)
email=${emails[0]}

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; wrk -t2 -c8, ${seconds} s per row, after 30 s of warm-up of each gateway."
  echo
} | tee "$results"

before=$(token_requests)
lookups http://127.0.0.1:28070 1000
cold=$(($(token_requests) - before))
echo "warming both gateways up for 30 s each" >&2
for port in 28070 28080; do
  wrk -t2 -c8 -d30s -H "Authorization: Bearer $(token alice)" "http://127.0.0.1:$port/api/v1/customers/email:$email" >/dev/null
done
before=$(token_requests)
lookups http://127.0.0.1:28070 1000
warm=$(($(token_requests) - before))
{
  echo "Token requests of the SaaS gateway (Salesforce and Zendesk use OAuth client credentials, HubSpot a static token):"
  echo "$cold in the first 1,000 unified views after start (cold cache), $warm in 1,000 more once warm."
  echo
  echo "| unified view of one customer by e-mail, alice, 3 sources + tickets | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
} | tee -a "$results"
for round in 1 2; do
  measure "native APIs, round $round" "http://127.0.0.1:28080/api/v1/customers/email:$email"
  measure "Salesforce, HubSpot, Zendesk presets, round $round" "http://127.0.0.1:28070/api/v1/customers/email:$email"
done
echo
echo "results: $results"
