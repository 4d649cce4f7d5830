#!/usr/bin/env bash
# Builds the default base of the gateway's image from Debian's packages, without a registry:
# Debian's essential set, Java 21's headless runtime and the CA certificates, and a `gateway`
# user (uid and gid 65532, as distroless and Chainguard name their non-root user).
#
#   image/base.sh [IMAGE]        (default: localhost/customer-data-gateway-base:java21-trixie)
#
# Needs mmdebstrap and podman (Debian: apt-get install mmdebstrap podman runc) and root. Debian
# 12 has no Java 21 package; Debian 13 (trixie) has one, so the base is trixie whatever the
# host runs. A team with a registry names its own base instead (BASE_IMAGE in build.sh).
set -euo pipefail
IMAGE=${1:-localhost/customer-data-gateway-base:java21-trixie}
SUITE=${DEBIAN_SUITE:-trixie}
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Documentation, manual pages and translations are left out; the licences stay. The JDK's
# post-installation script registers its manual page with update-alternatives, which needs the
# directory to exist even though the page itself is not installed.
mmdebstrap --variant=essential --include=openjdk-21-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "gateway:x:65532:65532:Customer Data Gateway:/nonexistent:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "gateway:x:65532:" >> "$1/etc/group"' \
  "$SUITE" "$work/base.tar"

tar -xOf "$work/base.tar" ./var/lib/dpkg/status >"$work/status"
java_version=$(awk '/^Package: openjdk-21-jre-headless$/ {found=1} found && /^Version:/ {print $2; exit}' "$work/status")
podman import \
  --change "ENV JAVA_HOME=/usr/lib/jvm/java-21-openjdk-$(dpkg --print-architecture)" \
  --change 'CMD ["java", "-version"]' \
  --message "Debian $SUITE (essential), openjdk-21-jre-headless $java_version, ca-certificates" \
  "$work/base.tar" "$IMAGE" >/dev/null
echo "built base $IMAGE: Debian $SUITE, OpenJDK $java_version"
