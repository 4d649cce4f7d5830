#!/usr/bin/env bash
# The one-command demo: builds what is missing, starts Keycloak, the three sample
# departments and the gateway on loopback, waits until all are ready, prints how to use
# them, and stops everything on Ctrl-C. Needs a JDK 21+ (JAVA_HOME, or Temurin 25 at
# /usr/lib/jvm/temurin-25-jdk-amd64) and curl.
#
# DEMO_DIALECT=saas runs the departments as Salesforce, HubSpot and Zendesk imitations and
# the gateway through its presets for them, with the imitations' demo-only credentials.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

export RUN_DIR=${RUN_DIR:-$root/.run/demo}
JAVA_HOME=$(find_java_home)
export JAVA_HOME
gateway_port=${GATEWAY_PORT:-8080}
management_port=${GATEWAY_MANAGEMENT_PORT:-9090}
started=$SECONDS
dialect=${DEMO_DIALECT:-native}
# DEMO ONLY: the token an OPA polls the policy bundle with (application-demo.yml reads it).
export BUNDLE_TOKEN=${BUNDLE_TOKEN:-demo-only-bundle-token}
case "$dialect" in
  native) profiles=demo account=ACC-000001 ;;
  saas)
    profiles=demo,saas account=001Q00000000001AAA
    # DEMO ONLY: the SaaS imitations' credentials, which the gateway reads by reference (env:…).
    export CRM_CLIENT_SECRET=demo-only-client-secret SUPPORT_CLIENT_SECRET=demo-only-client-secret
    export MARKETING_TOKEN=demo-only-api-token
    ;;
  *) echo "error: DEMO_DIALECT is native or saas, not '$dialect'" >&2; exit 2 ;;
esac

gateway_jar=$(ls gateway/target/gateway-*-exec.jar 2>/dev/null | head -n 1 || true)
departments_jar=$(ls sample-departments/target/sample-departments-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$gateway_jar" ] || [ -z "$departments_jar" ] \
  || [ -n "$(find pom.xml */pom.xml gateway/src sample-departments/src -newer "$gateway_jar" -print -quit)" ]; then
  echo "building (skipping tests: ./mvnw -B verify runs them)"
  ./mvnw -q -B -DskipTests package
  gateway_jar=$(ls gateway/target/gateway-*-exec.jar | head -n 1)
fi

stop_all() {
  trap - INT TERM EXIT
  # Cleanup must finish even when our output is gone (e.g. Ctrl-C also ended a `| tee`).
  trap '' PIPE
  set +e
  echo
  echo "stopping the demo"
  stop_detached gateway "$RUN_DIR/gateway.pid"
  sample-departments/departments.sh stop
  keycloak-realm/keycloak.sh stop
}
# Ctrl-C is the normal way out; any other exit (a failed start, a crashed gateway) cleans up too.
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

for port in "$gateway_port" "$management_port"; do
  port_free "$port" || { echo "error: port $port is taken; set GATEWAY_PORT / GATEWAY_MANAGEMENT_PORT" >&2; exit 1; }
done
keycloak-realm/keycloak.sh start &
keycloak=$!
DIALECT=$dialect sample-departments/departments.sh start
wait "$keycloak"

start_detached gateway "$RUN_DIR/gateway.pid" "$RUN_DIR/gateway.log" \
  "$JAVA_HOME/bin/java" -Xmx512m -jar "$gateway_jar" --spring.profiles.active="$profiles" \
  --server.port="$gateway_port" --management.server.port="$management_port" \
  --gateway.security.issuer-uri="http://127.0.0.1:${KEYCLOAK_PORT:-8180}/realms/customer-data"
wait_for_http gateway "http://127.0.0.1:$management_port/actuator/health/readiness" \
  "$RUN_DIR/gateway.pid" "$RUN_DIR/gateway.log" 120

cat <<BANNER

  Customer Data Gateway demo is up (ready in $((SECONDS - started)) s). Logs: $RUN_DIR

  Gateway          http://127.0.0.1:$gateway_port/api/v1/departments/{crm|marketing|support}/...
  Policy console   http://127.0.0.1:$gateway_port/console/  (security officers: sam, sue)
  Health, metrics  http://127.0.0.1:$management_port/actuator/health   .../actuator/prometheus
  Keycloak         http://127.0.0.1:${KEYCLOAK_PORT:-8180}  (admin console: admin / demo-only-admin)
  Departments      CRM :8081   marketing :8082   support :8083   (chaos knobs on :9081-9083)
  Dialect          $dialect$( [ "$dialect" = saas ] && echo "  (CRM as Salesforce, marketing as HubSpot, support as Zendesk)")

  Demo users (DEMO ONLY, password for all: demo-only-password)
    alice  sales-rep          sales      EMEA
    bob    marketing-analyst  marketing  AMER
    carol  support-agent      support    EMEA
    dan    support-agent      support    APAC
    sam    security-officer   security   EMEA
    sue    security-officer   security   AMER

  Try it (another terminal):
    TOKEN=\$(curl -s -d grant_type=password -d client_id=customer-gateway-demo \\
      -d username=alice -d password=demo-only-password \\
      http://127.0.0.1:8180/realms/customer-data/protocol/openid-connect/token \\
      | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/v1/customers/crm:$account
    curl -s -H "Authorization: Bearer \$TOKEN" "http://127.0.0.1:$gateway_port/api/v1/customers?q=hoppe"
$(if [ "$dialect" = saas ]; then cat <<SAAS
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/v1/departments/crm/services/data/v60.0/sobjects/Account/001Q00000000001AAA
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/v1/departments/support/api/v2/users/310000/tickets/requested.json
SAAS
else cat <<NATIVE
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/v1/departments/crm/accounts/ACC-000001
    curl -s -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$gateway_port/api/v1/departments/support/api/v2/requesters/310000/tickets
NATIVE
fi)

  docs/api.md has more: other users and purposes (X-Purpose), e-mail and phone references.

  Press Ctrl-C to stop everything.
BANNER
gateway_pid=$(cat "$RUN_DIR/gateway.pid")
while kill -0 "$gateway_pid" 2>/dev/null; do
  sleep 1
done
echo "the gateway exited; see $RUN_DIR/gateway.log" >&2
exit 1
