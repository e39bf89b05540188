#!/usr/bin/env bash
# Benchmark: the docker-save post-processor writing a ~300 MB image to a tar file with the JVM capped at -Xmx64m,
# against `docker save -o` of the same image to the same disk, alternately, RUNS times each; fails unless every
# Kiln run succeeds under the cap; prints median seconds, MB/s and the ratio.
#
# What is timed, and why it is honest:
#   setup      `kiln-bench/save-src` is made here without Docker Hub: a container of kiln-examples/busybox gets
#              ~300 MB of random (incompressible) files by `docker cp`, in two commits (two big layers).
#   kiln       the packaged bin/kiln, with JAVA_TOOL_OPTIONS=-Xmx64m (bin/kiln has no heap option of its own; the JVM
#              confirms the cap with "Picked up JAVA_TOOL_OPTIONS" and the script checks for it), builds a template
#              whose docker builder commits kiln-bench/save-src unchanged and whose post-processor is docker-save.
#              Output lines are stamped on arrival (perl, Time::HiRes); the save is timed from "Saving image: ..."
#              (said just before the engine is asked for the archive) to "Saved to: ..." (said after the file was
#              written, fsynced and renamed into place). JVM start-up, container start, commit and removal are the
#              fixed cost, shown on their own line: whole `kiln build` wall time minus the save. The JVM's GC log
#              (-Xlog:gc) gives the most heap in use and the heap's size, to show the cap held.
#   docker     `docker save -o FILE IMAGE` of the very image that Kiln run committed, timed as a whole, into the same
#              folder (the warm-up checks that both archives are byte for byte the same). docker save does not
#              fsync; Kiln does (channel.force), so a second docker line times `docker save -o FILE IMAGE && sync
#              FILE` too, the same durability.
# Outputs are deleted after each run, so each run writes a new file. MB/s is each file's size over its time.
# Needs a running engine (DOCKER_HOST), perl, and the distribution built without installing:
#   ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZE_MB=${SIZE_MB:-300}
command -v perl >/dev/null || { echo "bench: perl not found" >&2; exit 1; }
kiln=$(ls -d distribution/target/kiln-*/bin/kiln 2>/dev/null | head -n 1)
[ -n "$kiln" ] || { echo "bench: no distribution; run ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am" >&2; exit 1; }
examples/offline-busybox/make-base-image.sh
work=$(mktemp -d)
label=dev.kiln.bench=docker-save-$$
image=kiln-bench/save-src:latest
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker rmi -f $image ${committed:-} >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench: $1" >&2; cat "$work/out.log" >&2; exit 1; }

# The image: busybox plus two layers of random files (2/3 and 1/3 of SIZE_MB), 8 MiB each.
layer() {   # layer MIB: adds MIB MiB in a new layer on top of $image (or the base)
  local from=$1 mib=$2 c
  rm -rf "$work/layer" && mkdir -p "$work/layer/data$mib"
  head -c "${mib}M" /dev/urandom | split -b 8M -a 3 - "$work/layer/data$mib/part"
  c=$(docker create --label "$label" "$from" /bin/sh)
  docker cp "$work/layer/." "$c:/" && docker commit "$c" $image >/dev/null && docker rm "$c" >/dev/null
  rm -rf "$work/layer"
}
layer kiln-examples/busybox $((SIZE_MB * 2 / 3))
layer $image $((SIZE_MB - SIZE_MB * 2 / 3))

mkdir -p "$work/out"
cat > "$work/save.json" <<JSON
{
  "builders": [ { "type": "docker", "image": "$image", "pull": false, "commit": true } ],
  "post-processors": [ { "type": "docker-save", "path": "$work/out/kiln.tar", "force": true } ]
}
JSON

# stamp CMD...: runs CMD, writing each output line to $work/out.log prefixed with its arrival time in seconds
stamp() {
  "$@" 2>&1 | perl -MTime::HiRes=time -ne '$|=1; printf "%.6f %s", time, $_' > "$work/out.log"
  return "${PIPESTATUS[0]}"
}
now() { perl -MTime::HiRes=time -e 'printf "%.6f\n", time'; }

# kiln_save: one build; prints "<save seconds> <whole build seconds> <file bytes>" and leaves $work/committed
kiln_save() {
  local start end
  start=$(now)
  JAVA_TOOL_OPTIONS="-Xmx64m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=$work/gc.log" \
    stamp "$kiln" build -color=false "$work/save.json" \
    || fail "kiln build with -Xmx64m failed:"
  end=$(now)
  grep -q 'Picked up JAVA_TOOL_OPTIONS: -Xmx64m' "$work/out.log" || fail "the JVM did not take -Xmx64m:"
  sed -n 's/.*Image ID: \(sha256:[0-9a-f]*\).*/\1/p' "$work/out.log" | head -n 1 > "$work/committed"
  [ -s "$work/committed" ] || fail "no image id in kiln's output:"
  # the most heap in use before any collection, and the heap's size, e.g. "Pause Young (...) 17M->2M(61M)"
  sed -n 's/.* \([0-9]*\)M->[0-9]*M(\([0-9]*\)M).*/\1 \2/p' "$work/gc.log" | sort -n | tail -n 1 >> "$work/heap"
  awk -v start="$start" -v end="$end" -v bytes="$(stat -c %s "$work/out/kiln.tar")" '
    /Saving image: / {s = $1}
    /Saved to: / {e = $1}
    END {if (!s || !e) exit 1; printf "%.3f %.3f %s\n", e - s, end - start, bytes}' "$work/out.log" \
    || fail "no docker-save lines in kiln's output:"
}

# docker_save ID SYNC [KEEP]: seconds of `docker save -o`, with `sync FILE` when SYNC is 1; prints
# "<seconds> <bytes>"; the file is deleted unless KEEP is given
docker_save() {
  local start end bytes
  start=$(now)
  docker save -o "$work/out/docker.tar" "$1" > "$work/out.log" 2>&1 || fail "docker save failed:"
  [ "$2" = 1 ] && sync "$work/out/docker.tar"
  end=$(now)
  bytes=$(stat -c %s "$work/out/docker.tar")
  [ -n "${3:-}" ] || rm -f "$work/out/docker.tar"
  awk -v s="$start" -v e="$end" -v b="$bytes" 'BEGIN {printf "%.3f %s\n", e - s, b}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
med() { echo "$1" | tr ' ' '\n' | grep . | median; }

echo "image: $image, $(docker image inspect -f '{{.Size}}' $image | awk '{printf "%.1f MB", $1/1e6}'); $RUNS runs each, alternating"
k_save= k_fixed= k_bytes= d_plain= d_sync= d_bytes=
for run in $(seq 0 "$RUNS"); do
  read -r ks kt kb < <(kiln_save)
  committed=$(cat "$work/committed")
  read -r dp db < <(docker_save "$committed" 0 "$([ "$run" = 0 ] && echo keep)")
  if [ "$run" = 0 ]; then
    cmp -s "$work/out/kiln.tar" "$work/out/docker.tar" || { echo "bench: kiln's and docker's archives differ" >&2; exit 1; }
    rm -f "$work/out/docker.tar"
  fi
  read -r dsy _ < <(docker_save "$committed" 1)
  rm -f "$work/out/kiln.tar"
  docker rmi "$committed" >/dev/null
  committed=
  if [ "$run" = 0 ]; then   # warm-up: first JVM run of this installation, engine and page cache
    echo "warm-up: kiln save ${ks}s, docker save ${dp}s (not counted)"
    continue
  fi
  echo "run $run: kiln save ${ks}s (build ${kt}s)  docker save ${dp}s  docker save + sync ${dsy}s"
  k_save+="$ks " k_fixed+="$(awk -v t="$kt" -v s="$ks" 'BEGIN {print t - s}') " d_plain+="$dp " d_sync+="$dsy "
  k_bytes=$kb d_bytes=$db
done
read -r heap_used heap_size < <(sort -n "$work/heap" | tail -n 1)
awk -v ks="$(med "$k_save")" -v kf="$(med "$k_fixed")" -v dp="$(med "$d_plain")" -v ds="$(med "$d_sync")" \
    -v kb="$k_bytes" -v db="$d_bytes" -v runs="$RUNS" -v hu="${heap_used:-?}" -v hs="${heap_size:-?}" 'BEGIN {
  printf "%-34s %10s %10s %10s\n", "save to a tar file", "MB", "median s", "MB/s"
  printf "%-34s %10.1f %10.3f %10.1f\n", "kiln docker-save (-Xmx64m)", kb / 1e6, ks, kb / 1e6 / ks
  printf "%-34s %10.1f %10.3f %10.1f\n", "docker save -o", db / 1e6, dp, db / 1e6 / dp
  printf "%-34s %10.1f %10.3f %10.1f\n", "docker save -o, then sync FILE", db / 1e6, ds, db / 1e6 / ds
  printf "kiln fixed cost (JVM start-up, container, commit, cleanup): median %.3f s per build (build wall time - save)\n", kf
  printf "kiln heap: at most %s MB in use before a collection, heap size %s MB (-Xmx64m)\n", hu, hs
  printf "ratio kiln/docker save throughput: %.2fx; against docker save + sync: %.2fx\n",
         (kb / ks) / (db / dp), (kb / ks) / (db / ds)
  printf "(%d runs each, alternating, after one warm-up; medians; every kiln run succeeded with -Xmx64m)\n", runs
}'
echo "command: RUNS=$RUNS SIZE_MB=$SIZE_MB DOCKER_HOST=${DOCKER_HOST:-} bench/docker-save.sh"
