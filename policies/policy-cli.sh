#!/usr/bin/env bash
# The gateway's embedded policy evaluator on the command line (see policies/README.md):
#   policies/policy-cli.sh check POLICY
#   policies/policy-cli.sh eval  POLICY INPUT
#   policies/policy-cli.sh test  POLICY DECISION_TABLE_DIRECTORY
# Runs from the gateway jar (built by ./mvnw -pl gateway -am package -DskipTests).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib.sh
. "$root/scripts/lib.sh"
JAVA_HOME=$(find_java_home)
jar=$(ls "$root"/gateway/target/gateway-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "error: build the gateway first: ./mvnw -pl gateway -am package -DskipTests" >&2
  exit 2
fi
exec "$JAVA_HOME/bin/java" -Dloader.main=io.customerdata.gateway.policy.PolicyCli \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
