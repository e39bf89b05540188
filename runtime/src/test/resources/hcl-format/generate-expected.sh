#!/bin/sh
# Regenerates expected/ from input/ and templates-expected/ from templates/ with Packer's own formatter (Packer
# 1.6.6 as packaged by Debian). Each file is copied to a scratch folder as case.pkr.hcl and rewritten in place by
# 'packer fmt FILE' ('packer fmt -write=false' only prints the names of the files it would change, not their text).
# diff/ holds what 'packer fmt -diff NAME' printed for each input after the file name (GNU diff -u, run by Packer).
set -eu
cd "$(dirname "$0")"
packer version
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for pair in input:expected templates:templates-expected; do
    from=${pair%%:*}
    to=${pair##*:}
    mkdir -p "$to"
    for source in "$from"/*.hcl; do
        name=$(basename "$source")
        cp "$source" "$scratch/case.pkr.hcl"
        if ! packer fmt "$scratch/case.pkr.hcl" > /dev/null; then
            echo "packer fmt failed on $source" >&2
            exit 1
        fi
        cp "$scratch/case.pkr.hcl" "$to/$name"
    done
done
# what 'packer fmt -diff' prints for each corpus file (Packer runs 'diff -u' with these labels itself)
mkdir -p diff
for source in input/*.hcl; do
    name=$(basename "$source")
    cp "$source" "$scratch/$name"
    (cd "$scratch" && packer fmt -diff "$name" > "$name.out" || true)
    tail -n +2 "$scratch/$name.out" > "diff/$name.diff"
done
