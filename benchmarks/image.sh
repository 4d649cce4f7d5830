#!/usr/bin/env bash
# The gateway's image, measured on this machine: size by layer; time from `podman run` to
# ready, with the class-data archive and without it (the same image, entrypoint without
# -XX:SharedArchiveFile), alternating; memory at idle and under a wrk load (run-load.sh's
# CRM lookup and unified view, shorter). Prints a results table (also in
# benchmarks/target/image-results.md) and stops everything it started.
#
#   benchmarks/image.sh [start-ups per variant, default 5] [seconds of load per row, default 20]
#
# Needs podman and runc (image/containers.conf is used unless CONTAINERS_CONF is set), wrk,
# psql and the PostgreSQL on 127.0.0.1:5432; builds the image first if it is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
# shellcheck source=lib.sh
. benchmarks/lib.sh

runs=${1:-5}
seconds=${2:-20}
command -v wrk >/dev/null || { echo "error: needs wrk (apt-get install wrk)" >&2; exit 2; }
JAVA_HOME=$(find_java_home)
export JAVA_HOME CONTAINERS_CONF=${CONTAINERS_CONF:-$root/image/containers.conf}
# The benchmarks' ports (run-load.sh's), unless the environment names others.
export RUN_DIR=$root/benchmarks/target/run KEYCLOAK_PORT=${KEYCLOAK_PORT:-28180} \
  KEYCLOAK_MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-29180} CRM_PORT=${CRM_PORT:-28081} \
  MARKETING_PORT=${MARKETING_PORT:-28082} SUPPORT_PORT=${SUPPORT_PORT:-28083}
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 2p)
image=${IMAGE:-localhost/customer-data-gateway:$version}
container=customer-gateway-bench
port=${GATEWAY_PORT:-28480}
management=$((port + 10))
results=$root/benchmarks/target/image-results.md
mkdir -p "$RUN_DIR"

podman image exists "$image" || image/build.sh

stop_all() {
  podman rm --force --ignore --volumes "$container" >/dev/null
  stop_bench_stack
}
trap stop_all EXIT
trap 'exit 130' INT TERM
start_bench_stack

# run_gateway [ENTRYPOINT]: the image as the chart runs it (read-only, no capabilities, 768 MB,
# 2 CPUs), on the host's network, auditing to the benchmarks' database; rate limits off, as in
# run-load.sh (one subject is the whole load).
run_gateway() {
  local entrypoint=()
  [ -n "${1:-}" ] && entrypoint=(--entrypoint "$1")
  podman rm --force --ignore --volumes "$container" >/dev/null
  podman run --detach --name "$container" --network host --read-only --read-only-tmpfs=false \
    --cap-drop ALL --memory 768m --cpus 2 "${entrypoint[@]}" \
    -e SERVER_PORT=$port -e MANAGEMENT_SERVER_PORT=$management -e LOGGING_LEVEL_ROOT=warn \
    -e LOGGING_LEVEL_IO_CUSTOMERDATA_GATEWAY=info \
    -e SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/customer_gateway_bench \
    -e SPRING_DATASOURCE_USERNAME=postgres -e GATEWAY_RATE_LIMIT_ENABLED=false \
    -e GATEWAY_SECURITY_ISSUER_URI=http://127.0.0.1:$KEYCLOAK_PORT/realms/customer-data \
    -e GATEWAY_FEDERATION_SOURCES_CRM_BASE_URL=http://127.0.0.1:$CRM_PORT \
    -e GATEWAY_FEDERATION_SOURCES_MARKETING_BASE_URL=http://127.0.0.1:$MARKETING_PORT \
    -e GATEWAY_FEDERATION_SOURCES_SUPPORT_BASE_URL=http://127.0.0.1:$SUPPORT_PORT \
    "$image" >/dev/null
}

# seconds since START until readiness answers 200
await_ready() {
  local start=$1
  until curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$management/actuator/health/readiness"; do
    sleep 0.05
  done
  echo "scale=2; ($(date +%s%N) - $start) / 1000000000" | bc
}

# the gateway's resident memory (MB) and the container's cgroup memory use (MB)
memory() {
  local pid rss cgroup
  pid=$(podman inspect --format '{{.State.Pid}}' "$container")
  rss=$(awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status")
  cgroup=$(podman stats --no-stream --format '{{.MemUsage}}' "$container" | cut -d/ -f1 | tr -d ' ')
  echo "$rss MB RSS, $cgroup in the cgroup"
}

heap() {
  curl -s "http://127.0.0.1:$management/actuator/prometheus" \
    | awk '/^jvm_memory_used_bytes\{area="heap"/ {sum += $NF} END {printf "%d MB heap used", sum / 1048576}'
}

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average $(cut -d' ' -f1 /proc/loadavg) at the start), image $image."
  echo
  echo "Layers, newest first:"
  echo
  echo "| layer | size |"
  echo "|---|---|"
  # podman 4.3 prints sizes in bytes only as JSON: one history entry per line, newest first
  podman history --format json "$image" | sed 's/},{/}\n{/g' | while read -r entry; do
    size=$(echo "$entry" | sed -n 's/.*"size":\([0-9]*\).*/\1/p')
    [ "${size:-0}" -gt 0 ] || continue
    case $entry in
      *ArchiveClassesAtExit*) name="class-data archive (the training run)" ;;
      *"in /var/lib/customer-gateway/audit-spool/"*) name="the spool's directory" ;;
      *COPY*) name="application, snapshot libraries, launcher or libraries (upwards)" ;;
      *) name="base" ;;
    esac
    printf '| %s | %s MB |\n' "$name" "$(echo "scale=1; $size / 1000000" | bc)"
  done
  echo
  echo "| image total | $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f", $1 / 1000000}') MB |"
  echo
} | tee "$results"

echo "| start-up (podman run to ready) | run | seconds | JVM's own \"Started … in\" |" | tee -a "$results"
echo "|---|---|---|---|" | tee -a "$results"
for run in $(seq "$runs"); do
  for variant in archive none; do
    start=$(date +%s%N)
    if [ "$variant" = archive ]; then run_gateway; else run_gateway '["java", "-jar", "/app/gateway.jar"]'; fi
    took=$(await_ready "$start")
    started=$(podman logs "$container" 2>&1 | sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' | head -n 1)
    echo "| $([ "$variant" = archive ] && echo "with the class-data archive" || echo "without (JDK's default archive only)") | $run | $took | ${started:-?} |" \
      | tee -a "$results"
  done
done

echo | tee -a "$results"
run_gateway
await_ready "$(date +%s%N)" >/dev/null
sleep 30
echo "| memory | |" | tee -a "$results"
echo "|---|---|" | tee -a "$results"
echo "| idle, 30 s after ready | $(memory), $(heap) |" | tee -a "$results"

token=$(bench_token alice)
account=/accounts/ACC-000001
email=$(curl -s "http://127.0.0.1:$CRM_PORT$account" | sed -E 's/.*"email":"([^"]+)".*/\1/' | tr -d ' ')
load() {
  local name=$1 connections=$2 url=$3 out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url")
  echo "| $name, end of ${seconds} s ($(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}') requests/s, p99 $(echo "$out" | awk '$1 == "99%" {print $2}')) | $(memory), $(heap) |" \
    | tee -a "$results"
}
load "CRM lookup through the gateway, 64 connections" 64 "http://127.0.0.1:$port/api/v1/departments/crm$account"
load "unified view by e-mail, 16 connections" 16 "http://127.0.0.1:$port/api/v1/customers/email:$email"
sleep 30
echo "| idle again, 30 s after the load | $(memory), $(heap) |" | tee -a "$results"
echo
echo "results: $results"
