#!/usr/bin/env bash
# Benchmark (issue 11, "Speed"): reading and validating a generated 2,000-line HCL2 template in a warm JVM, which is
# what `kiln shell` gives: one shell process reads `load FILE` and then RUNS+1 `validate` lines from its standard
# input; each output line is stamped on arrival (perl, Time::HiRes; Kiln flushes each line), and one validate's time
# is the time between two successive "The configuration is valid." lines, i.e. parse, evaluation of every variable,
# local, source and build (54 of each: for expressions, splats, conditionals, template directives, function calls)
# and the planning of 54 builds (binding each component's config). The first validate is cold and dropped.
# Target: parse plus evaluate under 200 ms; this measures more than that (planning too), so meeting it here meets it.
# Needs no engine (validate makes no engine calls). Usage: RUNS=20 bench/hcl-warm.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${RUNS:-20}
kiln=${KILN:-"$here/kiln"}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-hcl-warm.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 - "$work/big.pkr.hcl" <<'PY'
import sys
text = '''variable "tags" {
  type    = list(string)
  default = ["A", "", "B"]
}

variable "env" {
  type    = map(string)
  default = { X = "1" }
}

variable "on" {
  type    = bool
  default = true
}

variable "version" {
  type    = string
  default = "1.0"
}

variable "extra" {
  type    = list(object({ name = string }))
  default = [{ name = "e" }]
}

'''
i = 0
while text.count('\n') < 2000:
    text += f'''variable "image_{i}" {{
  type        = string
  default     = "alpine:3.{i}"
  description = "Base image number {i}"
}}

locals {{
  tags_{i} = [for t in var.tags : lower(t) if t != ""]
  name_{i} = "app-${{var.image_{i}}}-%{{ if var.on }}on%{{ else }}off%{{ endif }}"
}}

source "docker" "img_{i}" {{
  image       = var.image_{i}
  commit      = true
  changes     = ["ENV N={i}", "WORKDIR /app"]
  run_command = ["-d", "-i", "-t", "{{{{.Image}}}}", "/bin/sh"]
}}

build {{
  name    = "b{i}"
  sources = ["source.docker.img_{i}"]

  provisioner "shell" {{
    inline = [
      "echo ${{build.ID}} {i} ${{local.name_{i}}}",
      "apk add --no-cache curl git",
    ]
    environment_vars = [for k, v in var.env : "${{k}}=${{v}}"]
  }}

  post-processor "docker-tag" {{
    repository = "example/app"
    tags       = concat(local.tags_{i}, [var.version], var.extra[*].name)
    only       = ["docker.img_{i}"]
  }}
}}

'''
    i += 1
open(sys.argv[1], 'w').write(text)
PY
lines=$(wc -l < "$work/big.pkr.hcl")
{ echo "load $work/big.pkr.hcl"; for _ in $(seq 0 "$runs"); do echo validate; done; echo exit; } > "$work/script"
"$kiln" shell < "$work/script" 2>&1 | perl -MTime::HiRes=time -ne 'printf "%.6f %s", time, $_; $| = 1' > "$work/out"
valid=$(grep -c 'The configuration is valid.' "$work/out" || true)
if [ "$valid" -ne $((runs + 1)) ]; then
  echo "hcl-warm: expected $((runs + 1)) valid results, got $valid; the shell said:" >&2
  cut -d' ' -f2- "$work/out" | tail -n 20 >&2
  exit 1
fi
grep 'The configuration is valid.' "$work/out" | awk '{print $1}' \
  | awk 'NR > 1 { printf "%d\n", ($1 - prev) * 1000 } { prev = $1 }' | tail -n +2 | sort -n > "$work/ms"
median=$(awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}' "$work/ms")
echo "hcl-warm: $lines-line template, $runs warm validates in one kiln shell: median ${median} ms" \
  "(min $(head -n 1 "$work/ms"), max $(tail -n 1 "$work/ms")); target: parse + evaluate < 200 ms"
