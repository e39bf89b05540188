#!/usr/bin/env bash
# Benchmark: uploading a ~200 MiB directory tree into a container through Kiln's `file` provisioner (docker
# communicator, the engine's archive API) against `docker cp` of the same tree on the same engine, alternately,
# RUNS times each; prints median seconds, throughput and the ratio (target: kiln >= 1.00x docker cp's MB/s).
# The same pair runs a second time on the tree's three big files alone: with thousands of small files the engine's
# extraction dominates both tools' times, with big files the transfer itself (tar stream, HTTP, engine read) does.
#
# What is timed, and why it is honest:
#   kiln       the packaged bin/kiln builds a template whose docker builder (kiln-examples/busybox, pull: false,
#              discard: true, so no commit or export follows) runs a `file` provisioner uploading the tree, then a
#              second `file` provisioner writing one byte. Every output line is stamped on arrival (perl, Time::HiRes;
#              Kiln flushes each line as it happens). The upload's time is from the line "Uploading <tree>/ => /dest"
#              (said just before the communicator starts) to the line of the next provisioner (said right after the
#              upload returned, i.e. after the engine confirmed the extraction). JVM start-up, container start and
#              removal fall outside it. -timestamp-ui is not used: it has one-second resolution.
#   docker cp  `docker create` (untimed), then the wall time of `docker cp <tree>/. <container>:/dest` (timed), then
#              `docker rm` (untimed). This includes the docker CLI's own start-up; its size is shown separately
#              (median `docker cp` of a one-byte file) so the reader can judge, and a second ratio subtracts it.
# Both read the tree from the page cache (it is read once before the first timed run). A shell provisioner after
# the timed interval counts the uploaded entries, so a fast but incomplete upload fails the benchmark.
# Why big files went slower than with docker cp (measured on a 2-CPU VM, engine 20.10): DockerJavaDriver sent the
# archive through docker-java's zerodep client, whose InputStreamEntity reads the body 4 KiB at a time and whose
# chunked encoder emits 8 KiB chunks (Http1Config's default; ZerodepDockerHttpClient.Builder does not expose it);
# docker cp sends 32 KiB chunks, and the engine reads and extracts one chunk at a time. The same pre-built 126 MB
# tar sent by a plain Java unix-socket client took 0.86 s in 8 KiB chunks, 0.60 s in 64 KiB chunks, docker cp 0.65 s.
# Since then a unix:// engine gets Kiln's own client (UnixSocketHttpClient: 64 KiB chunks, no zerodep). RUNS=3 on the
# same VM with other test suites running: tree 69.9 MB/s against docker cp's 62.8 (1.11x; 1.04x against docker cp
# minus its start-up), big files 195.8 against 116.1 MB/s (1.69x; 1.27x), where it was 0.78x.
# Needs a running engine (DOCKER_HOST), perl, and the distribution built without installing:
#   ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
command -v perl >/dev/null || { echo "bench: perl not found" >&2; exit 1; }
kiln=$(ls -d distribution/target/kiln-*/bin/kiln 2>/dev/null | head -n 1)
[ -n "$kiln" ] || { echo "bench: no distribution; run ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am" >&2; exit 1; }
examples/offline-busybox/make-base-image.sh
work=$(mktemp -d)
label=dev.kiln.bench=file-upload-$$
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The tree (~200 MiB): 3 x 32 MiB, 8 x 4 MiB, 40 x 1 MiB, 2,816 small files of 1-64 KiB in four folders, an empty
# folder, an executable and a symbolic link. Random bytes, so nothing about it compresses.
tree=$work/tree
mkdir -p "$tree"/big "$tree"/medium "$tree"/small/{k1,k4,k16,k64} "$tree"/empty
for i in 1 2 3; do head -c 32M /dev/urandom > "$tree/big/blob$i"; done
head -c 32M /dev/urandom | split -b 4M -a 2 - "$tree/medium/q"
head -c 40M /dev/urandom | split -b 1M -a 3 - "$tree/medium/m"
head -c 1M /dev/urandom | split -b 1K -a 4 - "$tree/small/k1/f"
head -c 4M /dev/urandom | split -b 4K -a 4 - "$tree/small/k4/f"
head -c 8M /dev/urandom | split -b 16K -a 4 - "$tree/small/k16/f"
head -c 16M /dev/urandom | split -b 64K -a 4 - "$tree/small/k64/f"
printf '#!/bin/sh\necho hi\n' > "$tree/run.sh" && chmod 755 "$tree/run.sh"
ln -s big/blob1 "$tree/latest"
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
entries=$(cd "$tree" && find . -mindepth 1 | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
cat "$tree"/big/* "$tree"/medium/* > /dev/null   # warm the page cache for both

# template NAME SOURCE: a template that uploads SOURCE's contents to /dest, then counts what arrived
template() {
  cat > "$work/$1.json" <<JSON
{
  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "discard": true } ],
  "provisioners": [
    { "type": "file", "source": "$2/", "destination": "/dest" },
    { "type": "file", "content": "x", "destination": "/tmp/kiln-bench-done" },
    { "type": "shell", "inline": ["echo entries=\$(find /dest -mindepth 1 | wc -l)"] }
  ]
}
JSON
}
template tree "$tree"
template big "$tree/big"

# stamp CMD...: runs CMD, writing each output line to $work/out.log prefixed with its arrival time in seconds
stamp() {
  "$@" 2>&1 | perl -MTime::HiRes=time -ne '$|=1; printf "%.6f %s", time, $_' > "$work/out.log"
  return "${PIPESTATUS[0]}"
}
fail() { echo "bench: $1" >&2; cat "$work/out.log" >&2; exit 1; }

# kiln_upload NAME SOURCE ENTRIES: seconds of the upload in one `kiln build` of template NAME
kiln_upload() {
  stamp "$kiln" build -color=false "$work/$1.json" || fail "kiln build failed:"
  grep -q "entries=$3\$" "$work/out.log" || fail "kiln uploaded a different number of entries than $3:"
  awk -v src="$2/" '
    index($0, "Uploading " src " => /dest") {start = $1}
    start && !end && index($0, "Uploading content") {end = $1}
    END {if (!start || !end) exit 1; printf "%.3f\n", end - start}' "$work/out.log" \
    || fail "no upload lines in kiln's output:"
}

# docker_cp SOURCE ENTRIES: seconds of one `docker cp SOURCE/. container:/dest` into a fresh created container;
# ENTRIES, when given, is checked once per SOURCE against what the container holds
docker_cp() {
  local container start end n
  container=$(docker create --label "$label" kiln-examples/busybox /bin/sh)
  start=$(date +%s%N)
  docker cp "$1" "$container:/dest" > "$work/out.log" 2>&1 || fail "docker cp failed:"
  end=$(date +%s%N)
  if [ -n "${2:-}" ]; then
    n=$(docker export "$container" | tar -t | grep -c '^dest/.')
    [ "$n" = "$2" ] || { echo "bench: docker cp copied $n entries, not $2" >&2; exit 1; }
  fi
  docker rm -f "$container" >/dev/null
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.3f\n", (e - s) / 1e9}'
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

big_bytes=$(find "$tree/big" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
big_entries=$(cd "$tree/big" && find . -mindepth 1 | wc -l)
echo "tree: $mb MB of file data in $entries entries; $RUNS runs each, alternating, after one warm-up of each"
head -c 1 /dev/urandom > "$work/one-byte"
kiln_upload tree "$tree" "$entries" >/dev/null   # warm-up: first JVM run of this installation, page cache
docker_cp "$tree/." "$entries" >/dev/null          # warm-up, and checks what docker cp copied
docker_cp "$tree/big/." "$big_entries" >/dev/null
declare -A samples
for run in $(seq 1 "$RUNS"); do
  k=$(kiln_upload tree "$tree" "$entries")
  d=$(docker_cp "$tree/.")
  kb=$(kiln_upload big "$tree/big" "$big_entries")
  db=$(docker_cp "$tree/big/.")
  f=$(docker_cp "$work/one-byte")
  echo "run $run: tree: kiln ${k}s, docker cp ${d}s; big files only: kiln ${kb}s, docker cp ${db}s; docker cp of one byte ${f}s"
  samples[k]+="$k " samples[d]+="$d " samples[kb]+="$kb " samples[db]+="$db " samples[f]+="$f "
done
med() { echo ${samples[$1]} | tr ' ' '\n' | median; }
awk -v k="$(med k)" -v d="$(med d)" -v kb="$(med kb)" -v db="$(med db)" -v f="$(med f)" \
    -v b="$bytes" -v bb="$big_bytes" -v n="$entries" -v bn="$big_entries" -v runs="$RUNS" '
function row(name, bytes, entries, t) { printf "%-32s %8.1f %8d %9.3f %8.1f\n", name, bytes / 1e6, entries, t, bytes / 1e6 / t }
BEGIN {
  printf "%-32s %8s %8s %9s %8s\n", "upload", "MB", "entries", "median s", "MB/s"
  row("kiln file provisioner, tree", b, n, k)
  row("docker cp, tree", b, n, d)
  row("kiln file provisioner, big only", bb, bn, kb)
  row("docker cp, big only", bb, bn, db)
  printf "%-32s %8.1f %8d %9.3f\n", "docker cp of one byte (start-up)", 0, 1, f
  printf "ratio kiln/docker cp throughput, tree: %.2fx (target >= 1.00x); big files only: %.2fx\n", d / k, db / kb
  printf "against docker cp minus its start-up: tree %.2fx, big files only %.2fx\n", (d - f) / k, (db - f) / kb
  printf "(%d runs each, alternating, after one warm-up; medians)\n", runs
}'
echo "command: RUNS=$RUNS DOCKER_HOST=${DOCKER_HOST:-} bench/file-upload.sh"
