#!/usr/bin/env bash
# `make test-lint`: the man pages, the systemd units, the sysusers.d file and
# the journal catalog, checked the way a reviewer would. Every check runs; the
# exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."

# systemd-analyze security counts exposure in tenths: 6 is 0.6.
exposure_threshold=6

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
show() { sed 's/^/    /' <<<"$1"; }

# Runs a command that must succeed and print nothing.
expect_silent() {
  local what=$1 report status
  shift
  report=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne 0 ] || [ -n "$report" ]; then
    fail "$what (exit status $status) reports:"
    show "$report"
  else
    pass "$what"
  fi
}

for tool in mandoc systemd-analyze systemd-sysusers journalctl; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is missing (make deps installs it)"
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Man pages. mandoc also reports cross-references to manuals this machine
# lacks (and a stale mandoc.db): facts about the machine, not about the page.
for page in man/*.[1-8]; do
  [ -e "$page" ] || continue
  report=$(mandoc -Tlint "$page" 2>&1 | grep -v -e 'STYLE: referenced manual not found' -e 'outdated mandoc.db')
  if [ -n "$report" ]; then
    fail "mandoc -Tlint $page reports:"
    show "$report"
  else
    pass "mandoc -Tlint $page"
  fi
done

# Units. systemd-analyze verify only warns about unknown keys and misplaced
# settings and still exits 0, so any output is a failure. It also wants the
# ExecStart= binary at its path: point the copies at a stand-in, since the
# build is not what is checked here. --man=no: whether the Documentation=
# pages are installed is, again, a fact about this machine.
mkdir "$tmp/units" "$tmp/bin"
ln -s "$(type -P true)" "$tmp/bin/chatd"
for unit in packaging/systemd/*; do
  sed "s|/usr/local/bin/|$tmp/bin/|g" "$unit" >"$tmp/units/${unit##*/}"
done
expect_silent "systemd-analyze verify packaging/systemd/*" systemd-analyze verify --man=no "$tmp/units"/*

for service in packaging/systemd/*.service; do
  report=$(systemd-analyze security --offline=true --threshold="$exposure_threshold" --no-pager "$service" 2>&1)
  status=$?
  score=$(grep -o 'Overall exposure level.*' <<<"$report")
  if [ "$status" -ne 0 ] || [ -z "$score" ]; then
    fail "systemd-analyze security $service: ${score:-no score} (the bar is 0.6 or lower):"
    show "$(grep -e '✗' -e 'Failed' -e 'rror' <<<"$report")"
  else
    pass "systemd-analyze security $service: $score"
  fi
done

# sysusers.d: parsed for real against an empty root.
mkdir -p "$tmp/root/usr/lib/sysusers.d" "$tmp/root/usr/lib/systemd/catalog"
cp packaging/sysusers.d/*.conf "$tmp/root/usr/lib/sysusers.d/"
report=$(systemd-sysusers --root="$tmp/root" --dry-run 2>&1)
status=$?
unexpected=$(grep -v -e "^Creating group 'chatadm'" -e "^Creating group 'chatd-tls'" -e '^Would write' <<<"$report")
if [ "$status" -ne 0 ] || [ -n "$unexpected" ] || ! grep -q "^Creating group 'chatadm'" <<<"$report" \
   || ! grep -q "^Creating group 'chatd-tls'" <<<"$report"; then
  fail "systemd-sysusers --dry-run packaging/sysusers.d (exit status $status) reports:"
  show "$report"
else
  pass "systemd-sysusers --dry-run packaging/sysusers.d: creates groups chatadm and chatd-tls"
fi

# The catalog: parsed by journalctl, and explaining exactly the MESSAGE_IDs
# the code sends and chatd(8) lists.
cp packaging/catalog/chatd.catalog "$tmp/root/usr/lib/systemd/catalog/"
expect_silent "journalctl --update-catalog parses packaging/catalog/chatd.catalog" \
  journalctl --root="$tmp/root" --update-catalog
ids() { grep -ohE '[0-9a-f]{32}' "$@" | sort -u; }
in_catalog=$(journalctl --root="$tmp/root" --list-catalog 2>/dev/null | awk '$2 == "chatd:" { print $1 }' | sort -u)
in_sources=$(grep -rhoE '"[0-9a-f]{32}"' Sources | tr -d '"' | sort -u)
in_manual=$(ids man/chatd.8)
for source in sources manual; do
  case $source in
    sources) listed=$in_sources where="the MESSAGE_IDs in Sources/" ;;
    manual) listed=$in_manual where="the MESSAGE_IDs in man/chatd.8" ;;
  esac
  if [ "$listed" = "$in_catalog" ]; then
    pass "chatd.catalog explains exactly $where ($(wc -l <<<"$listed"))"
  else
    fail "chatd.catalog and $where differ (< only in the catalog, > only in $source):"
    show "$(diff <(echo "$in_catalog") <(echo "$listed") | grep '^[<>]')"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures lint check(s) failed"
  exit 1
fi
