# Shared by the benchmark scripts. Sourced after scripts/lib.sh, with RUN_DIR and JAVA_HOME set.

# Departments of the benchmarks' own ports, for start_bench_gateway's arguments.
BENCH_DEPARTMENTS=(--gateway.federation.sources.crm.base-url=http://127.0.0.1:28081
  --gateway.federation.sources.marketing.base-url=http://127.0.0.1:28082
  --gateway.federation.sources.support.base-url=http://127.0.0.1:28083)

# start_bench_gateway NAME PORT DATABASE [ARGS...]: the built gateway on PORT (management on
# PORT + 1010), against the benchmarks' Keycloak, auditing to the PostgreSQL database DATABASE
# on this machine with a spool of its own under $RUN_DIR; rate limits off (one subject is
# the whole load here), warnings only in its log. Returns once it is ready.
start_bench_gateway() {
  local name=$1 port=$2 database=$3
  shift 3
  start_detached "$name" "$RUN_DIR/$name.pid" "$RUN_DIR/$name.log" \
    "$JAVA_HOME/bin/java" -Xmx512m -jar "$(ls gateway/target/gateway-*-exec.jar | head -n 1)" \
    --server.port="$port" --management.server.port=$((port + 1010)) --logging.level.root=warn \
    --gateway.security.issuer-uri=http://127.0.0.1:28180/realms/customer-data \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$database" --spring.datasource.username=postgres \
    --gateway.audit.spool.directory="$RUN_DIR/$name-spool" --gateway.rate-limit.enabled=false "$@" >/dev/null
  wait_for_http "$name" "http://127.0.0.1:$((port + 1010))/actuator/health/readiness" "$RUN_DIR/$name.pid" \
    "$RUN_DIR/$name.log" 120 >/dev/null
}

# start_bench_stack / stop_bench_stack: Keycloak and the three departments on the benchmarks'
# ports (KEYCLOAK_PORT, CRM_PORT, … exported by the caller), and the database
# customer_gateway_bench on this machine's PostgreSQL.
start_bench_stack() {
  keycloak-realm/keycloak.sh start >/dev/null
  sample-departments/departments.sh start >/dev/null
  psql -h 127.0.0.1 -U postgres -tc "select 1 from pg_database where datname = 'customer_gateway_bench'" \
    | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "create database customer_gateway_bench" >/dev/null
}
stop_bench_stack() {
  sample-departments/departments.sh stop >/dev/null
  keycloak-realm/keycloak.sh stop >/dev/null
}

# bench_token USER: a fresh access token of a demo user (tokens live 5 minutes).
bench_token() {
  curl -s -d grant_type=password -d client_id=customer-gateway-demo -d username="$1" \
    -d password=demo-only-password "http://127.0.0.1:$KEYCLOAK_PORT/realms/customer-data/protocol/openid-connect/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
