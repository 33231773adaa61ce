#!/usr/bin/env bash
# Run by the service module's build (package phase), after the Spring Boot jar is written:
#  1. extracts it to service/target/neurojepa/ (a thin neurojepa.jar with a Class-Path manifest,
#     and lib/), the form the launcher prefers;
#  2. records a dynamic class-data-sharing archive, service/target/neurojepa/neurojepa.jsa, from a
#     `neurojepa convert` of a small generated series, run through the launcher so that the
#     archive is made by the same `java` that will use it.
# A failed extraction fails the build. A failed archive only warns: the launcher works without
# one, more slowly. The archive appears under its name only once a JVM has started with it, so
# a half-written one (which would crash the JVM mapping it) is never left in place.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/service/target"
app="$target/neurojepa"

rm -rf "$app"
java -Djarmode=tools -jar "$target/neurojepa.jar" extract --destination "$app" >/dev/null

work="$(mktemp -d "$target/cds.XXXXXX")"
trap 'rm -rf "$work"' EXIT
warn() {
  echo "cds-archive: WARNING: $1; ./neurojepa works without the archive, only slower (see $work.log)" >&2
  cp "$work/log" "$work.log" 2>/dev/null || true
  exit 0
}
"$root/neurojepa" fixtures --out "$work/study" --kind t1w --voxel-size 2 >"$work/log" 2>&1 \
  || warn "could not generate the training series"
series="$(find "$work/study" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
NEUROJEPA_JAVA_OPTS="-XX:ArchiveClassesAtExit=$work/neurojepa.jsa -Xlog:cds=off,cds+dynamic=off" \
  "$root/neurojepa" convert "$series" "$work/out.nii.gz" >>"$work/log" 2>&1 \
  || warn "the training conversion failed"
NEUROJEPA_JAVA_OPTS="-XX:SharedArchiveFile=$work/neurojepa.jsa -Xshare:on" \
  "$root/neurojepa" --version >>"$work/log" 2>&1 \
  || warn "the JVM cannot use the archive it wrote"
mv "$work/neurojepa.jsa" "$app/neurojepa.jsa"
rm -f "$work.log"
echo "cds-archive: $app/neurojepa.jsa ($(du -k "$app/neurojepa.jsa" | cut -f1) KB)"
