#!/usr/bin/env bash
# Benchmark: the classic template (busybox base, pull: false) through the packaged bin/kiln and through
# `packer build` (Debian's packer 1.6.6), alternately on the same engine, RUNS times each; prints medians and ratios
# of wall time and of CPU time (user + system of the process and its children: Packer's docker CLI runs count, the
# engine's own work does not).
# In the same rounds, the template's engine work done with the docker CLI (`run -d`, `exec`, `commit`, `tag`,
# `rm -f`, each a CLI process) and `docker build --no-cache` of the equivalent Dockerfile (the legacy builder).
# Also times `version`, `validate`, and `validate` of the same template in HCL2 (`validate-hcl`). Needs a running
# engine (.ci/engine) and `apt-get install packer`.
# JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/compare.sh runs Kiln on that JDK (bin/kiln honours JAVA_HOME;
# on 25+ a first validate trains the ahead-of-time cache, which the warm-up below waits for).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
command -v packer >/dev/null || { echo "bench: packer not found; apt-get install packer" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found; apt-get install time" >&2; exit 1; }
examples/offline-busybox/make-base-image.sh
./kiln version >/dev/null   # builds the distribution when needed
kiln=$(ls -d distribution/target/kiln-*/bin/kiln | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"; docker rmi -f kiln-bench/kiln:0.0.1 kiln-bench/packer:0.0.1 kiln-bench/raw:0.0.1 \
  kiln-bench/build:0.0.1 >/dev/null 2>&1 || true' EXIT
export DOCKER_BUILDKIT=0
mkdir -p "$work/ctx"
printf 'FROM kiln-examples/busybox\nRUN mkdir -p /var/www && echo hello > /var/www/index.html\n' > "$work/ctx/Dockerfile"
# raw_cli: the template's engine work as docker CLI commands
raw_cli() {
  local id image
  id=$(docker run -d -i -t --entrypoint=/bin/sh -- kiln-examples/busybox)
  docker exec "$id" /bin/sh -c 'mkdir -p /var/www && echo hello > /var/www/index.html'
  image=$(docker commit "$id")
  docker tag "$image" kiln-bench/raw:0.0.1
  docker rm -f "$id" >/dev/null
}
for tool in kiln packer; do
  cat > "$work/$tool.json" <<JSON
{
  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "commit": true } ],
  "provisioners": [ { "type": "shell", "inline": ["mkdir -p /var/www", "echo hello > /var/www/index.html"] } ],
  "post-processors": [ { "type": "docker-tag", "repository": "kiln-bench/$tool", "tag": "0.0.1" } ]
}
JSON
done
# the same template in HCL2 (no packer block: 1.6.6's HCL2 has no required_plugins), for the validate-hcl case
for tool in kiln packer; do
  cat > "$work/$tool.pkr.hcl" <<HCL
source "docker" "bench" {
  image  = "kiln-examples/busybox"
  pull   = false
  commit = true
}

build {
  sources = ["source.docker.bench"]

  provisioner "shell" {
    inline = ["mkdir -p /var/www", "echo hello > /var/www/index.html"]
  }

  post-processor "docker-tag" {
    repository = "kiln-bench/$tool"
    tags       = ["0.0.1"]
  }
}
HCL
done
export PACKER_TMP_DIR=$work/packer-tmp CHECKPOINT_DISABLE=1
mkdir -p "$PACKER_TMP_DIR"

# time_ms CMD...: wall time of one run in milliseconds; fails the benchmark when the command fails. Its CPU time
# (user + system, of the command and its children) is left in $work/cpu.ms.
time_ms() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu.txt" "$@" >"$work/out.log" 2>&1 ||
    { echo "bench: '$*' failed:" >&2; cat "$work/out.log" >&2; exit 1; }
  end=$(date +%s%N)
  awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu.txt" > "$work/cpu.ms"
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# warm-up, untimed: a first validate makes the CDS archive or, on a JDK 25+, starts training the AOT cache
"$kiln" validate "$work/kiln.json" >/dev/null
sleep 1; while ls "${XDG_CACHE_HOME:-$HOME/.cache}"/kiln/*.aot.training >/dev/null 2>&1; do sleep 1; done
declare -A samples cpu
for case in build validate validate-hcl version parsed plugins; do
  for _ in $(seq 1 "$RUNS"); do
    tools="kiln packer"; [ $case = build ] && tools="kiln packer raw docker-build"
    for tool in $tools; do
      bin=$kiln; [ $tool = packer ] && bin=packer
      case $case.$tool in
        build.raw) t=$(time_ms bash -c "$(declare -f raw_cli); raw_cli"); docker rmi kiln-bench/raw:0.0.1 >/dev/null ;;
        build.docker-build) t=$(time_ms docker build --no-cache --force-rm -q -t kiln-bench/build:0.0.1 "$work/ctx")
               docker rmi kiln-bench/build:0.0.1 >/dev/null ;;
        build.*) t=$(time_ms "$bin" build -color=false "$work/$tool.json")
               docker rmi "kiln-bench/$tool:0.0.1" >/dev/null ;;   # untagged, the build's image goes too
        validate.*) t=$(time_ms "$bin" validate "$work/$tool.json") ;;
        validate-hcl.*) t=$(time_ms "$bin" validate "$work/$tool.pkr.hcl") ;;
        version.*) t=$(time_ms "$bin" version) ;;
        plugins.*) [ $tool = packer ] && continue   # Packer 1.6.6 has built-in components only
                 t=$(time_ms "$bin" plugins) ;;
        parsed.*) [ $tool = packer ] && continue   # 'version' through the command line's model, as 'plugins' goes
                 t=$(time_ms "$bin" version -machine-readable) ;;
      esac
      samples[$case.$tool]+="$t "
      cpu[$case.$tool]+="$(cat "$work/cpu.ms") "
    done
  done
done
printf '%-12s %9s %9s %7s %12s %12s %7s\n' case "kiln ms" "packer ms" ratio "kiln cpu ms" "packer cpu" ratio
for case in build validate validate-hcl version; do
  k=$(echo ${samples[$case.kiln]} | tr ' ' '\n' | median)
  p=$(echo ${samples[$case.packer]} | tr ' ' '\n' | median)
  kc=$(echo ${cpu[$case.kiln]} | tr ' ' '\n' | median)
  pc=$(echo ${cpu[$case.packer]} | tr ' ' '\n' | median)
  printf '%-12s %9s %9s %7s %12s %12s %7s\n' "$case" "$k" "$p" "$(awk -v k="$k" -v p="$p" 'BEGIN {printf "%.2f", k/p}')" \
    "$kc" "$pc" "$(awk -v k="$kc" -v p="$pc" 'BEGIN {printf "%.2f", k/p}')"
done
raw=$(echo ${samples[build.raw]} | tr ' ' '\n' | median)
dbuild=$(echo ${samples[build.docker-build]} | tr ' ' '\n' | median)
kbuild=$(echo ${samples[build.kiln]} | tr ' ' '\n' | median)
pbuild=$(echo ${samples[build.packer]} | tr ' ' '\n' | median)
printf '%-10s %12s %12s %8s\n' "raw CLI" "$raw" "" ""
printf '%-10s %12s %12s %8s\n' "docker bld" "$dbuild" "" ""
awk -v k="$kbuild" -v p="$pbuild" -v r="$raw" -v d="$dbuild" 'BEGIN {
  printf "build ratios: kiln/raw CLI %.2f, kiln/docker build %.2f, packer/raw CLI %.2f, packer/docker build %.2f\n", k / r, k / d, p / r, p / d }'
echo "($RUNS runs each, alternating; median wall time; ratio = kiln/packer, lower is better; target for build <= 0.65 on JDK 17, 0.60 on 25)"
echo "command: RUNS=$RUNS JAVA_HOME=${JAVA_HOME:-} bench/compare.sh; java: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"
k_parsed=$(echo ${samples[parsed.kiln]} | tr ' ' '\n' | median)
k_plugins=$(echo ${samples[plugins.kiln]} | tr ' ' '\n' | median)
echo "plugin discovery (all built-in plugins): ~$((k_plugins - k_parsed)) ms = median 'kiln plugins' - median 'kiln version -machine-readable' (target < 50 ms)"
