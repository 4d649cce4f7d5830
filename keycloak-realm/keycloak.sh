#!/usr/bin/env bash
# Starts, stops or reports the Keycloak server that the demo and the integration tests use:
# the keycloak-quarkus-dist from Maven Central (see pom.xml), in dev mode on loopback, with an
# in-memory database and the customer-data realm imported fresh on every start.
#
#   keycloak-realm/keycloak.sh start|stop|status
#
# Environment: KEYCLOAK_PORT (8180), KEYCLOAK_MANAGEMENT_PORT (9180), RUN_DIR (./.run: pid
# and log files), KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD (demo-only defaults), DEMO_USER_PASSWORD.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=../scripts/lib.sh
. "$root/scripts/lib.sh"

port=${KEYCLOAK_PORT:-8180}
management_port=${KEYCLOAK_MANAGEMENT_PORT:-9180}
run_dir=${RUN_DIR:-$root/.run}
pidfile=$run_dir/keycloak.pid
logfile=$run_dir/keycloak.log
kc_home=$here/target/keycloak
issuer=http://127.0.0.1:$port/realms/customer-data

start() {
  stop_detached keycloak "$pidfile"
  if ! port_free "$port"; then
    echo "error: port $port is taken; set KEYCLOAK_PORT" >&2
    return 1
  fi
  if [ ! -x "$kc_home/bin/kc.sh" ]; then
    echo "unpacking Keycloak from the local Maven repository (downloaded once)"
    (cd "$root" && ./mvnw -q -B -pl keycloak-realm generate-resources)
  fi
  mkdir -p "$kc_home/data/import"
  cp "$here/customer-data-realm.json" "$kc_home/data/import/"

  JAVA_HOME=$(find_java_home)
  export JAVA_HOME
  # Demo-only defaults: a loopback-only dev server. A real deployment sets its own secrets.
  export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
  export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-demo-only-admin}

  # The pinned hostname keeps the token issuer stable whatever host name a client uses.
  start_detached keycloak "$pidfile" "$logfile" "$kc_home/bin/kc.sh" start-dev \
    --import-realm --db=dev-mem \
    --http-host=127.0.0.1 --http-port="$port" --hostname="http://127.0.0.1:$port" \
    --http-management-port="$management_port"
  wait_for_http keycloak "$issuer/.well-known/openid-configuration" "$pidfile" "$logfile" 240
}

status() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "keycloak running (pid $(cat "$pidfile")), issuer $issuer"
  else
    echo "keycloak not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_detached keycloak "$pidfile" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
