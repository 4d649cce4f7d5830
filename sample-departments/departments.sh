#!/usr/bin/env bash
# Starts, stops or reports the three sample departments (CRM, marketing, support), each in
# its own JVM, from the executable jar this module builds.
#
#   sample-departments/departments.sh start|stop|status
#
# Environment: CRM_PORT (8081), MARKETING_PORT (8082), SUPPORT_PORT (8083): each department's
# management port (health, chaos) is its port + 1000; RUN_DIR (./.run); CUSTOMERS (2000);
# SEED (20261125); DIALECT (native, or saas: the CRM as Salesforce, marketing as HubSpot,
# support as Zendesk, with their demo-only credentials); DEPARTMENT_JAVA_OPTS (-Xmx256m ...).
# With DIALECT=saas, a DEMO-ONLY key pair for the Salesforce connected app's JWT bearer flow is
# made once per RUN_DIR with openssl, as a Salesforce administrator makes it: the CRM trusts
# $RUN_DIR/connected-app.crt, a gateway signs with $RUN_DIR/connected-app.key.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=../scripts/lib.sh
. "$root/scripts/lib.sh"

run_dir=${RUN_DIR:-$root/.run}
departments=(crm marketing support)
declare -A ports=([crm]=${CRM_PORT:-8081} [marketing]=${MARKETING_PORT:-8082} [support]=${SUPPORT_PORT:-8083})

jar() {
  local found
  found=$(ls "$here"/target/sample-departments-*-exec.jar 2>/dev/null | head -n 1)
  if [ -z "$found" ]; then
    echo "error: no executable jar in $here/target; build it: ./mvnw -pl sample-departments -am package -DskipTests" >&2
    return 1
  fi
  echo "$found"
}

# connected_app_certificate: prints the demo-only connected app certificate, made if missing.
connected_app_certificate() {
  if [ ! -s "$run_dir/connected-app.crt" ]; then
    mkdir -p "$run_dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=customer-gateway demo only" \
      -keyout "$run_dir/connected-app.key" -out "$run_dir/connected-app.crt" 2>/dev/null
    chmod 600 "$run_dir/connected-app.key"
  fi
  echo "$run_dir/connected-app.crt"
}

start() {
  local executable java_home saas_options=()
  executable=$(jar)
  java_home=$(find_java_home)
  stop
  if [ "${DIALECT:-native}" = saas ]; then
    if command -v openssl >/dev/null; then
      saas_options+=(--department.saas.connected-app-certificate="$(connected_app_certificate)")
    else
      echo "warning: no openssl: the CRM as Salesforce accepts no JWT bearer assertion" >&2
    fi
  fi
  for department in "${departments[@]}"; do
    local port=${ports[$department]}
    if ! port_free "$port" || ! port_free $((port + 1000)); then
      echo "error: port $port or $((port + 1000)) is taken; set ${department^^}_PORT" >&2
      return 1
    fi
    # shellcheck disable=SC2086 # DEPARTMENT_JAVA_OPTS holds several options
    start_detached "$department" "$run_dir/$department.pid" "$run_dir/$department.log" \
      "$java_home/bin/java" ${DEPARTMENT_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
      -jar "$executable" --department.name="$department" --server.port="$port" \
      --management.server.port=$((port + 1000)) \
      --department.population.size="${CUSTOMERS:-2000}" --department.population.seed="${SEED:-20261125}" \
      --department.dialect="${DIALECT:-native}" "${saas_options[@]}"
  done
  for department in "${departments[@]}"; do
    if ! wait_for_http "$department" "http://127.0.0.1:$((ports[$department] + 1000))/actuator/health" \
      "$run_dir/$department.pid" "$run_dir/$department.log" 120; then
      stop # all or nothing: never leave half the departments running
      return 1
    fi
  done
}

stop() {
  for department in "${departments[@]}"; do
    stop_detached "$department" "$run_dir/$department.pid" &
  done
  wait
}

status() {
  local down=0
  for department in "${departments[@]}"; do
    if [ -f "$run_dir/$department.pid" ] && kill -0 "$(cat "$run_dir/$department.pid")" 2>/dev/null; then
      echo "$department running on http://127.0.0.1:${ports[$department]}"
    else
      echo "$department not running"
      down=1
    fi
  done
  return $down
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
