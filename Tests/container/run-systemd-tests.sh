#!/usr/bin/env bash
# `make test-systemd`: installs chatd with `make install` into a throw-away
# container whose PID 1 is a real systemd, runs checks.sh there as root in one
# boot, and exits with its status. Logs go to $CHATD_TEST_LOGDIR (default
# .build/systemd-tests): install.log, checks.log, journal.log (the container's
# whole journal) and console.log (systemd's boot and shutdown messages).
# `make bench-restart` runs another unit the same way: $CHATD_TEST_UNIT (a
# unit file here), writing $CHATD_TEST_OUTPUT, with a $CHATD_BUILD_CONFIG build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
logs=${CHATD_TEST_LOGDIR:-$top/.build/systemd-tests}
limit=${CHATD_TEST_TIMEOUT:-300}
unit=$here/${CHATD_TEST_UNIT:-chatd-tests.service}
output=${CHATD_TEST_OUTPUT:-checks.log}
build_config=${CHATD_BUILD_CONFIG:-debug}

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the systemd tests boot a container and need root (try: sudo make test-systemd)"
  exit 0
fi
if ! command -v systemd-nspawn >/dev/null; then
  echo "SKIP: systemd-nspawn is missing (apt-get install systemd-container, or: make deps)"
  exit 0
fi

now() { date +%s.%N; }
since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.2f", end - start }'; }

stage=$(mktemp -d)
chmod 0755 "$stage"  # cp -a copies it onto the container's /
parents=() cgroups=()

# Removes one of our cgroups, innermost first. Whatever still runs in it was
# started by this run (a container outliving a killed systemd-nspawn).
remove_cgroup() {
  local dir=$1 sub pid
  [ -d "$dir" ] || return 0
  for sub in "$dir"/*/; do
    if [ -d "$sub" ]; then remove_cgroup "${sub%/}"; fi
  done
  for _ in $(seq 50); do
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$dir/cgroup.procs"
    if rmdir "$dir" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "warning: could not remove cgroup $dir" >&2
}

cleanup() {
  local i
  set +e
  for i in "${!cgroups[@]}"; do
    echo $$ >"${parents[i]}/cgroup.procs" 2>/dev/null || true
    remove_cgroup "${cgroups[i]}"
  done
  rm -rf "$stage"
}
trap cleanup EXIT

# systemd-nspawn without a host systemd puts payload/ and supervisor/ cgroups
# under its own cgroup in the name=systemd and cgroup2 hierarchies, and leaves
# them there. Run it in a cgroup of our own in each, removed afterwards.
enter_own_cgroups() {
  local memberships mountpoint path parent cgroup
  # Read before moving: the file changes under a reader once we move.
  memberships=$(cat /proc/self/cgroup)
  while IFS=: read -r _ controllers path; do
    case $controllers in
      name=systemd) mountpoint=$(findmnt -n -o TARGET -t cgroup -O name=systemd | head -n 1) ;;
      "") mountpoint=$(findmnt -n -o TARGET -t cgroup2 | head -n 1) ;;
      *) continue ;;
    esac
    [ -n "$mountpoint" ] || continue
    parent=$mountpoint${path%/}
    mkdir "$parent/chatd-tests-$$"
    parents+=("$parent") cgroups+=("$parent/chatd-tests-$$")
  done <<<"$memberships"
  for cgroup in "${cgroups[@]}"; do echo $$ >"$cgroup/cgroup.procs"; done
}

rm -rf "$logs"
mkdir -p "$logs"

started=$(now)
if ! make -C "$top" --no-print-directory install DESTDIR="$stage" BUILD_CONFIG="$build_config" \
     PREFIX=/usr/local SYSCONFDIR=/etc >"$logs/install.log" 2>&1; then
  tail -n 30 "$logs/install.log"
  echo "FAIL: make install DESTDIR=... BUILD_CONFIG=$build_config failed (full log: $logs/install.log)"
  exit 1
fi
install_seconds=$(since "$started")

chatd=$stage/usr/local/bin/chatd
if ldd "$chatd" | grep -q 'not found'; then
  ldd "$chatd" | grep 'not found'
  echo "FAIL: $chatd has libraries the loader cannot find"
  exit 1
fi
runtime_libs=$(ldd "$chatd" | awk '$1 ~ /^libswiftCore\.so/ { print $3 }')
runtime_libs=${runtime_libs%/*}

enter_own_cgroups
started=$(now)
status=0
timeout --kill-after=10 "$limit" unshare --mount --propagation private \
  "$here/boot-container.sh" "$stage" "$here" "$logs" "$unit" "$runtime_libs" \
  >"$logs/console.log" 2>&1 || status=$?
boot_seconds=$(since "$started")

if [ -s "$logs/$output" ]; then cat "$logs/$output"; fi
echo "systemd tests: make install ${install_seconds} s; boot, checks and shutdown ${boot_seconds} s"
if [ "$status" -eq 0 ]; then exit 0; fi
if [ "$status" -eq 124 ]; then
  echo "FAIL: the container did not finish within ${limit} s"
elif [ ! -s "$logs/$output" ]; then
  tail -n 30 "$logs/console.log"
  echo "FAIL: the container exited with status $status before the checks ran"
else
  echo "FAIL: the container exited with status $status"
fi
echo "logs: $logs/$output, $logs/journal.log, $logs/console.log"
exit 1
