#!/usr/bin/env bash
# Builds the gateway's OCI image with podman (no Docker daemon), and its CycloneDX SBOM beside
# it. From a fresh clone, this is the one command:
#
#   image/build.sh
#
# Settings, all optional, from the environment:
#   IMAGE        name and tag       (default localhost/customer-data-gateway:<version>)
#   BASE_IMAGE   the base to build on; a Java 21+ runtime with CA certificates
#                (default: the one image/base.sh builds from Debian's packages, built first
#                if podman does not have it yet)
#   GATEWAY_JAR  the runnable jar   (default: built by Maven, gateway/target/gateway-*-exec.jar)
#   OUTPUT_DIR   where the SBOM and the image's name and id are written (default gateway/target/image)
#   SOURCE_URL   the org.opencontainers.image.source label (default: git's origin, if any)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$root/scripts/lib.sh"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/image/containers.conf}
default_base=localhost/customer-data-gateway-base:java21-trixie
BASE_IMAGE=${BASE_IMAGE:-$default_base}
OUTPUT_DIR=${OUTPUT_DIR:-$root/gateway/target/image}
java_home=$(find_java_home)

if [ -z "${GATEWAY_JAR:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl gateway -am package -DskipTests)
  GATEWAY_JAR=$(ls "$root"/gateway/target/gateway-*-exec.jar)
fi
version=$(unzip -p "$GATEWAY_JAR" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *\([^[:space:]]*\).*/\1/p')
IMAGE=${IMAGE:-localhost/customer-data-gateway:$version}
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
if ! git -C "$root" diff --quiet HEAD 2>/dev/null; then
  revision="$revision-dirty"
fi
SOURCE_URL=${SOURCE_URL:-$(git -C "$root" remote get-url origin 2>/dev/null || echo "")}
# Layer timestamps from the commit, not the clock: an unchanged layer keeps its digest from
# one build to the next, so a registry and a node already hold it.
epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)

if [ "$BASE_IMAGE" = "$default_base" ] && ! podman image exists "$BASE_IMAGE"; then
  "$root/image/base.sh" "$BASE_IMAGE"
fi

context="$OUTPUT_DIR/context"
rm -rf "$context"
mkdir -p "$context/volume"
"$java_home/bin/java" -Djarmode=tools -jar "$GATEWAY_JAR" extract --layers --destination "$context/layers" \
  --application-filename gateway.jar
podman build --file "$root/image/Containerfile" --tag "$IMAGE" --timestamp "$epoch" \
  --build-arg BASE_IMAGE="$BASE_IMAGE" --build-arg VERSION="$version" --build-arg REVISION="$revision" \
  --build-arg SOURCE="$SOURCE_URL" --build-arg CREATED="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" \
  "$context"

# The SBOM the build put in the jar (cyclonedx-maven-plugin), beside the image: the Java
# components it ships, each with its version, licence and hashes.
unzip -p "$GATEWAY_JAR" META-INF/sbom/application.cdx.json >"$OUTPUT_DIR/customer-data-gateway-$version.cdx.json"
podman image inspect --format '{{.Id}}' "$IMAGE" >"$OUTPUT_DIR/image-id"
echo "$IMAGE" >"$OUTPUT_DIR/image-name"
rm -rf "$context"
echo "built $IMAGE ($(cut -c1-12 "$OUTPUT_DIR/image-id")); SBOM $OUTPUT_DIR/customer-data-gateway-$version.cdx.json"
