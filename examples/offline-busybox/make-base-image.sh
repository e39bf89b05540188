#!/bin/sh
# Makes the local base image 'kiln-examples/busybox' without Docker Hub: Debian's static busybox, its applets as
# symlinks, and a minimal /etc/passwd and /etc/group, imported with 'docker import'.
set -eu
busybox=${BUSYBOX:-/bin/busybox}
if docker image inspect kiln-examples/busybox >/dev/null 2>&1; then
  exit 0
fi
if [ ! -x "$busybox" ]; then
  echo "make-base-image: no static busybox at $busybox; install Debian's busybox-static (apt-get install busybox-static)." >&2
  exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - kiln-examples/busybox >/dev/null
echo "Created image kiln-examples/busybox"
