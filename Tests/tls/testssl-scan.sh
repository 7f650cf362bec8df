#!/usr/bin/env bash
# `make test-tls-scan`: testssl.sh against chatd's TLS port, with a private CA
# and a server certificate made here (never committed). Fails on any finding
# rated HIGH or CRITICAL, and prints every finding above OK.
set -euo pipefail
chatd=$1
work=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=chatd scan CA" \
  -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -keyout server.key -out server.csr 2>/dev/null
printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' 'crlDistributionPoints=URI:http://127.0.0.1/chatd-scan.crl' \
  'keyUsage=critical,digitalSignature' 'extendedKeyUsage=serverAuth' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -extfile server.ext -out server.pem 2>/dev/null

"$chatd" --listen "" --listen-tls 127.0.0.1:0 --tls-certificate "$work/server.pem" --tls-key "$work/server.key" \
  --admin-socket "$work/admin.sock" --log-target stderr 2>chatd.log &
pid=$!
port=""
for _ in $(seq 300); do
  port=$(sed -n 's/.*chatd serving.* listen-tls=127\.0\.0\.1:\([0-9]*\).*/\1/p' chatd.log)
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL: chatd did not start serving TLS:"; cat chatd.log
  exit 1
fi

started=$SECONDS
testssl --quiet --color 0 --warnings off --add-ca "$work/ca.pem" --jsonfile "$work/scan.json" "127.0.0.1:$port" >scan.txt 2>&1 || true
if [ ! -s scan.json ]; then
  echo "FAIL: testssl wrote no findings:"; tail -20 scan.txt
  exit 1
fi
python3 - "$work/scan.json" "$((SECONDS - started))" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))
ranked = [f for f in findings if f["severity"] in ("LOW", "MEDIUM", "HIGH", "CRITICAL")]
for f in ranked:
    print(f"  {f['severity']:8} {f['id']}: {f['finding']}")
bad = [f for f in ranked if f["severity"] in ("HIGH", "CRITICAL")]
counts = {s: sum(f["severity"] == s for f in findings) for s in ("OK", "LOW", "MEDIUM", "HIGH", "CRITICAL")}
print(f"testssl.sh: {len(findings)} findings in {sys.argv[2]} s: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
if bad:
    print(f"FAIL: {len(bad)} finding(s) rated HIGH or CRITICAL")
    sys.exit(1)
print("PASS: no finding rated HIGH or CRITICAL")
PY
