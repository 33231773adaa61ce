#!/usr/bin/env bash
# Installs what the build and the tests need, and nothing that is already there.
# Idempotent: a second run on a prepared machine only checks.
set -euo pipefail

DEBIAN_PACKAGES=(
  dcmtk             # echoscu/storescu/findscu/movescu: real DICOM peers for tests and `make bench`
  orthanc           # a real PACS for tests and the receive benchmark
  orthanc-dicomweb
  orthanc-neuro
  libpixelmed-java  # the DICOM toolkit under pacs-connector
  mricron-data      # Colin27 (ch2.nii.gz, ch2bet.nii.gz): the only real brain MRI available
  dcm2niix          # the reference for DICOM to NIfTI geometry
  elastix           # the reference for affine registration in `make bench`
  python3-nibabel   # an independent NIfTI reader for tests
  python3-pydicom   # an independent DICOM reader for tests
  iproute2          # `ip` for private network namespaces around Orthanc
  util-linux        # unshare
)
PIXELMED_VERSION=20220618
PIXELMED_JAR=/usr/share/java/pixelmed-${PIXELMED_VERSION}.jar
M2_REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"

say() { printf 'setup: %s\n' "$*"; }
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    say "cannot install packages: not root and no password-less sudo."
    say "ask an administrator to run:  apt-get install -y ${missing[*]}"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  # policy-rc.d keeps Debian from starting a system-wide Orthanc on all interfaces;
  # tests start their own on loopback.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
    cleanup+=('"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d')
  fi
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "Debian packages installed"
fi

for tool in java mvn; do
  command -v "$tool" >/dev/null || { say "missing $tool: install a JDK 17 and Maven 3.8+"; exit 1; }
done

# PixelMed is not on Maven Central: install Debian's jar into the local repository, without its
# manifest Class-Path, which points at /usr/share/java and would drag Debian's jars onto our class path.
pixelmed_dir="$M2_REPO/com/pixelmed/pixelmed/$PIXELMED_VERSION"
if [[ ! -f "$pixelmed_dir/pixelmed-$PIXELMED_VERSION.jar" ]]; then
  [[ -f $PIXELMED_JAR ]] || { say "missing $PIXELMED_JAR (package libpixelmed-java)"; exit 1; }
  work=$(mktemp -d)
  cleanup+=('rm -rf "$work"')
  (cd "$work" && mkdir x && cd x && jar xf "$PIXELMED_JAR" && rm -f META-INF/MANIFEST.MF META-INF/*.SF META-INF/*.RSA META-INF/*.DSA && jar cf ../pixelmed.jar .)
  mvn -B -q -ntp install:install-file -Dfile="$work/pixelmed.jar" -DgroupId=com.pixelmed \
    -DartifactId=pixelmed -Dversion="$PIXELMED_VERSION" -Dpackaging=jar -DgeneratePom=true
  say "PixelMed $PIXELMED_VERSION installed into $M2_REPO"
fi
say "ready"
