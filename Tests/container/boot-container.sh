#!/usr/bin/env bash
# Boots systemd as PID 1 of a throw-away container and runs one test unit in it.
# Meant to run inside `unshare --mount --propagation private`, called by
# run-systemd-tests.sh: every mount made here (including the tmpfs over /run,
# where systemd-nspawn keeps its state) vanishes with that mount namespace,
# even if this script is killed.
#
# usage: boot-container.sh STAGE TESTS RESULTS UNIT [RUNTIME_LIB_DIR]
#   STAGE            a DESTDIR tree copied over the container's root
#   TESTS            bound read-only at /chatd-tests
#   RESULTS          bound read-write at /chatd-results
#   UNIT             unit file installed into /etc/systemd/system and booted
#                    with systemd.unit=; it must end the boot (SuccessAction=exit)
#   RUNTIME_LIB_DIR  host directory bound read-only at the same path (the Swift
#                    runtime lives with the toolchain, outside /usr)
set -euo pipefail

stage=$1 tests=$2 results=$3 unit=$4 runtime_libs=${5:-}

# -n: no utab entry, which libmount would otherwise write into the host's /run.
mount -n -t tmpfs -o mode=0755 tmpfs /run
work=/run/chatd-tests
root=$work/root
mkdir -p "$root" "$work/usr-upper" "$work/usr-work"
mount -t tmpfs -o mode=0755 tmpfs "$root"

# /usr is the host's, under an overlay whose upper layer is a tmpfs: files
# installed into the container never touch the host.
mkdir "$root/usr"
mount -t overlay overlay \
  -o "lowerdir=/usr,upperdir=$work/usr-upper,workdir=$work/usr-work" "$root/usr"
for link in bin sbin lib lib64; do
  if [ -L "/$link" ]; then ln -s "$(readlink "/$link")" "$root/$link"; fi
done
mkdir -p "$root"/{dev,proc,sys,run,tmp,var,root,opt}
chmod 1777 "$root/tmp"

# A pruned copy of the host's /etc. No machine-id would make this a first
# boot that enables presets (host daemons included); the host's enabled units
# and SysV links have no business here; a host fstab would make the container
# wait for disks it cannot see. Without /etc/.updated, systemd-sysusers runs at
# boot and creates the groups of the sysusers.d files installed below in time
# for SocketGroup=.
cp -a /etc "$root/"
rm -rf "$root/etc/systemd/system" "$root"/etc/rc?.d "$root/etc/.updated"
: >"$root/etc/fstab"
systemd-id128 new >"$root/etc/machine-id"
mkdir -p "$root/etc/systemd/system"

cp -a "$stage/." "$root/"
install -m 0644 "$unit" "$root/etc/systemd/system/"

binds=(--bind-ro="$tests:/chatd-tests" --bind="$results:/chatd-results")
if [ -n "$runtime_libs" ]; then binds+=(--bind-ro="$runtime_libs"); fi

# --register=no --keep-unit: these machines run no systemd, so there is no bus
# to register a machine with or to ask for a scope.
exec systemd-nspawn --quiet --boot --directory="$root" \
  --machine="chatd-tests-$$" --register=no --keep-unit \
  --private-network --link-journal=no --resolv-conf=off --timezone=off \
  --console=read-only "${binds[@]}" \
  systemd.unit="$(basename "$unit")" systemd.firstboot=off
