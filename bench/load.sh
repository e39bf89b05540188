#!/usr/bin/env bash
# Benchmark (issue 10, "Load"): N builds of the classic template (busybox base, pull: false, one inline provisioner,
# docker-tag) at once on one engine, four ways, alternating round by round:
#   kiln xN       N `kiln build` processes started together, each with its own template and tag; wall time until
#                 the last one ends
#   kiln 1xN      one `kiln build -parallel-builds=0` of one template with N builders (named b1..bN)
#   kiln seq      the N templates built one after another by N `kiln build` processes
#   packer xN     N `packer build` processes (Debian's packer 1.6.6) started together, the same templates
# Every build must succeed (exit 0), and after each case nothing may be left: no container (Kiln's are named
# kiln-<pid>-...; Packer's are counted by `docker ps -a`) and no build folder of Kiln's (under the bench's own
# $TMPDIR/kiln-<user>/, where its temporary files live); the tagged images are removed, untimed, between cases.
# Prints each case's median wall time and the ratios. Needs a running engine (.ci/engine), packer
# (`apt-get install packer`) and the distribution built without installing:
#   ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am
# Measured (2-CPU VM, nothing else running, Kiln with its unix-socket client; N=8 RUNS=3): kiln xN 8.4 s, kiln 1xN
# 3.2 s, kiln seq 11.0 s, packer xN 6.5 s: eight JVMs at once lose to eight Go processes (1.31x; 1.83x in an earlier
# run while other test suites loaded the machine), one Kiln process running the eight builds wins (0.50x).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-8}
RUNS=${RUNS:-3}
command -v packer >/dev/null || { echo "bench: packer not found; apt-get install packer" >&2; exit 1; }
kiln=$(ls -d distribution/target/kiln-*/bin/kiln 2>/dev/null | head -n 1)
[ -n "$kiln" ] || { echo "bench: no distribution; run ./mvnw -B -o -q package -DskipTests -DskipITs -pl distribution -am" >&2; exit 1; }
kiln=$(cd "$(dirname "$kiln")" && pwd)/kiln
examples/offline-busybox/make-base-image.sh >/dev/null
work=$(mktemp -d)
# Kiln's build folders (README, "Nothing left behind") go under $TMPDIR/kiln-<user>: the bench's own TMPDIR keeps
# other Kiln processes of this user out of the count
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
folders=$TMPDIR/kiln-$(id -un)
export PACKER_TMP_DIR=$work/packer-tmp CHECKPOINT_DISABLE=1
mkdir -p "$PACKER_TMP_DIR"
remove_images() {
  docker images --format '{{.Repository}}:{{.Tag}}' | grep '^kiln-load/' | xargs -r docker rmi -f >/dev/null 2>&1 || true
}
trap 'remove_images; rm -rf "$work"' EXIT

builder='{ "type": "docker", "image": "kiln-examples/busybox", "pull": false, "commit": true NAME }'
provisioner='{ "type": "shell", "inline": ["mkdir -p /var/www", "echo hello > /var/www/index.html"] }'
for i in $(seq 1 "$N"); do
  cat > "$work/t$i.json" <<JSON
{
  "builders": [ ${builder/ NAME/} ],
  "provisioners": [ $provisioner ],
  "post-processors": [ { "type": "docker-tag", "repository": "kiln-load/t$i", "tag": "0.0.1" } ]
}
JSON
done
builders=$(for i in $(seq 1 "$N"); do
  if [ "$i" -gt 1 ]; then printf ', '; fi
  printf '%s' "${builder/ NAME/, \"name\": \"b$i\"}"
done)
cat > "$work/all.json" <<JSON
{
  "builders": [ $builders ],
  "provisioners": [ $provisioner ],
  "post-processors": [ { "type": "docker-tag", "repository": "kiln-load/{{build_name}}", "tag": "0.0.1" } ]
}
JSON

# wall_ms CASE: runs one case, checks that every build succeeded and nothing was left, prints its wall time in ms
wall_ms() {
  local before start end failed=0 pids=() i
  before=$(docker ps -aq | wc -l)
  start=$(date +%s%N)
  case $1 in
    kiln-par) for i in $(seq 1 "$N"); do "$kiln" build -color=false "$work/t$i.json" >"$work/out.$i" 2>&1 & pids+=($!); done ;;
    kiln-one) "$kiln" build -color=false -parallel-builds=0 "$work/all.json" >"$work/out.1" 2>&1 || failed=1 ;;
    kiln-seq) for i in $(seq 1 "$N"); do "$kiln" build -color=false "$work/t$i.json" >"$work/out.$i" 2>&1 || failed=1; done ;;
    packer-par) for i in $(seq 1 "$N"); do packer build -color=false "$work/t$i.json" >"$work/out.$i" 2>&1 & pids+=($!); done ;;
  esac
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  end=$(date +%s%N)
  if [ "$failed" -ne 0 ]; then
    echo "bench: a build of case $1 failed:" >&2; tail -n 20 "$work"/out.* >&2; exit 1
  fi
  if [ "$(docker ps -aq --filter name=^kiln- | wc -l)" -ne 0 ] || [ "$(docker ps -aq | wc -l)" -ne "$before" ]; then
    echo "bench: case $1 left containers behind:" >&2; docker ps -a >&2; exit 1
  fi
  if [ -n "$(ls -A "$folders" 2>/dev/null)" ]; then
    echo "bench: case $1 left build folders behind in $folders:" >&2; ls -lA "$folders" >&2; exit 1
  fi
  [ "$(docker images -q --filter reference='kiln-load/*' | sort -u | wc -l)" -eq "$N" ] || { echo "bench: case $1 did not tag $N images" >&2; exit 1; }
  remove_images
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

cases=(kiln-par kiln-one kiln-seq packer-par)
wall_ms kiln-par >/dev/null   # warm-up: the engine's caches and Kiln's CDS archive
declare -A samples
for round in $(seq 1 "$RUNS"); do
  for k in $(seq 0 3); do
    c=${cases[$(( (round + k) % 4 ))]}   # the order rotates from round to round
    t=$(wall_ms "$c")
    samples[$c]+="$t "
    echo "round $round: $c ${t} ms" >&2
  done
done
med() { echo ${samples[$1]} | tr ' ' '\n' | median; }
kp=$(med kiln-par); ko=$(med kiln-one); ks=$(med kiln-seq); pp=$(med packer-par)
printf '%-48s %10s\n' "$N builds of the classic template" "median ms"
printf '%-48s %10s\n' "kiln: $N processes at once" "$kp"
printf '%-48s %10s\n' "kiln: one template, $N builders, -parallel-builds=0" "$ko"
printf '%-48s %10s\n' "kiln: $N processes one after another" "$ks"
printf '%-48s %10s\n' "packer 1.6.6: $N processes at once" "$pp"
awk -v kp="$kp" -v ko="$ko" -v ks="$ks" -v pp="$pp" 'BEGIN {
  printf "ratios: kiln xN / packer xN %.2f, kiln 1xN / packer xN %.2f, kiln xN / kiln seq %.2f, kiln 1xN / kiln seq %.2f\n", kp / pp, ko / pp, kp / ks, ko / ks
}'
echo "(all builds succeeded and left no container or build folder; $RUNS rounds, rotating order, after one warm-up; command: N=$N RUNS=$RUNS bench/load.sh)"
