#!/usr/bin/env bash
# Benchmark: the classic template (busybox base, pull: false) through the packaged bin/kiln and through
# `packer build` (Debian's packer 1.6.6), alternately on the same engine, RUNS times each; prints medians and ratios.
# Also times `version` and `validate`. Needs a running engine (.ci/engine) and `apt-get install packer`.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
command -v packer >/dev/null || { echo "bench: packer not found; apt-get install packer" >&2; exit 1; }
examples/offline-busybox/make-base-image.sh
./kiln version >/dev/null   # builds the distribution when needed
kiln=$(ls -d distribution/target/kiln-*/bin/kiln | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"; docker rmi -f kiln-bench/kiln:0.0.1 kiln-bench/packer:0.0.1 >/dev/null 2>&1 || true' EXIT
for tool in kiln packer; do
  cat > "$work/$tool.json" <<JSON
{
  "builders": [ { "type": "docker", "image": "kiln-examples/busybox", "pull": false, "commit": true } ],
  "provisioners": [ { "type": "shell", "inline": ["mkdir -p /var/www", "echo hello > /var/www/index.html"] } ],
  "post-processors": [ { "type": "docker-tag", "repository": "kiln-bench/$tool", "tag": "0.0.1" } ]
}
JSON
done
export PACKER_TMP_DIR=$work/packer-tmp CHECKPOINT_DISABLE=1
mkdir -p "$PACKER_TMP_DIR"

# time_ms CMD...: wall time of one run in milliseconds; fails the benchmark when the command fails
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >"$work/out.log" 2>&1 || { echo "bench: '$*' failed:" >&2; cat "$work/out.log" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A samples
for case in build validate version plugins; do
  for _ in $(seq 1 "$RUNS"); do
    for tool in kiln packer; do
      bin=$kiln; [ $tool = packer ] && bin=packer
      case $case in
        build) t=$(time_ms "$bin" build -color=false "$work/$tool.json")
               docker rmi "kiln-bench/$tool:0.0.1" >/dev/null ;;   # untagged, the build's image goes too
        validate) t=$(time_ms "$bin" validate "$work/$tool.json") ;;
        version) t=$(time_ms "$bin" version) ;;
        plugins) [ $tool = packer ] && continue   # Packer 1.6.6 has built-in components only
                 t=$(time_ms "$bin" plugins) ;;
      esac
      samples[$case.$tool]+="$t "
    done
  done
done
printf '%-10s %12s %12s %8s\n' case "kiln ms" "packer ms" ratio
for case in build validate version; do
  k=$(echo ${samples[$case.kiln]} | tr ' ' '\n' | median)
  p=$(echo ${samples[$case.packer]} | tr ' ' '\n' | median)
  printf '%-10s %12s %12s %8s\n' "$case" "$k" "$p" "$(awk -v k="$k" -v p="$p" 'BEGIN {printf "%.2f", k/p}')"
done
echo "($RUNS runs each, alternating; median wall time; ratio = kiln/packer, lower is better; target for build <= 0.80)"
k_version=$(echo ${samples[version.kiln]} | tr ' ' '\n' | median)
k_plugins=$(echo ${samples[plugins.kiln]} | tr ' ' '\n' | median)
echo "plugin discovery (all built-in plugins): ~$((k_plugins - k_version)) ms = median 'kiln plugins' - median 'kiln version' (target < 50 ms)"
