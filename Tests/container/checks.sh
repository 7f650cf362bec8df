#!/usr/bin/env bash
# chatd under a real systemd, as installed by `make install`. Runs as root
# inside the test container (see run-systemd-tests.sh). Every check runs even
# after a failure and prints PASS or FAIL with its reason; the exit status is 1
# if any failed. Later checks start from the state earlier ones leave.
set -u

port=55555
tls_port=55556
tls_reloaded_id=019c059d8580401a890748fa697d97f8
admin_socket=/run/chatd/admin.sock
joined_id=f974d4c59349411cb642193b9925d390
reloaded_id=c998441af31a4285aaf2b3ed5f3c183a
kicked_id=ef975720aea64794b4f6648ac7fee424
# systemd-analyze security counts exposure in tenths: 6 is 0.6.
exposure_threshold=6
# Only keeps a broken server from hanging the run; nothing is timed.
patience=15

failures=0
client=""
pass() { echo "PASS $*"; }
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
  journalctl -u chatd.service -n 5 --no-pager -o cat 2>/dev/null | sed 's/^/     chatd: /'
}

# Runs a command until it succeeds; false once patience runs out.
eventually() {
  local deadline=$((SECONDS + patience))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

is_active() { [ "$(systemctl is-active "$1")" = active ]; }
main_pid() { systemctl show -p MainPID --value chatd.service; }

# The first line a new connection on the chat port receives.
first_line() {
  local client line
  exec {client}<>"/dev/tcp/127.0.0.1/$port" || return 1
  IFS= read -r -t "$patience" -u "$client" line || return 1
  printf '%s\n' "${line%$'\r'}"
}

# Reads the next line from $client into $line.
next_line() {
  IFS= read -r -t "$patience" -u "$client" line || return 1
  line=${line%$'\r'}
}

# Connects as ALIAS and keeps the connection open in $client; on failure,
# $reply says what went wrong.
login() {
  local alias=$1
  if ! exec {client}<>"/dev/tcp/127.0.0.1/$port"; then reply="cannot connect"; return 1; fi
  if ! next_line; then reply="no greeting"; return 1; fi
  if [[ $line != NICK* ]]; then reply="greeting was '$line'"; return 1; fi
  printf '%s\n' "$alias" >&"$client"
  if ! next_line; then reply="no answer to the alias"; return 1; fi
  reply=$line
  [[ $line == "WELCOME $alias "* || $line == "WELCOME $alias" ]]
}

logout() {
  if [ -n "$client" ]; then exec {client}>&-; fi
  client=""
}

journal_has() { journalctl -u chatd.service --no-pager -q -o json "$@" | grep -q .; }

status_reported() {
  status_text=$(systemctl show -p StatusText --value chatd.service)
  [[ $status_text == *"users online"* ]]
}

check_start() {
  local line
  if ! systemctl start chatd.service; then
    fail "a: systemctl start chatd failed"
    return
  fi
  line=$(first_line)
  if [[ $line == NICK* ]]; then
    pass "a: after systemctl start chatd, 127.0.0.1:$port greets with '$line'"
  else
    fail "a: after systemctl start chatd, 127.0.0.1:$port greets with '$line', expected NICK ..."
  fi
}

check_socket_activation() {
  local line state
  systemctl --quiet stop chatd.service chatd.socket chatd-admin.socket
  # As the README tells an administrator: the chat socket alone brings the admin socket.
  if ! systemctl enable --quiet --now chatd.socket; then
    fail "b: systemctl enable --now chatd.socket failed"
    return
  fi
  state=$(systemctl is-active chatd.service)
  if [ "$state" != inactive ]; then
    fail "b: with only the sockets started, chatd.service is $state, expected inactive"
    return
  fi
  if [ ! -S "$admin_socket" ] || [ "$(systemctl is-enabled chatd-admin.socket)" != enabled ]; then
    fail "b: enabling chatd.socket did not enable and start chatd-admin.socket"
  fi
  line=$(first_line)
  if [[ $line != NICK* ]]; then
    fail "b: the first connect to the listening socket got '$line', expected NICK ..."
  elif ! eventually is_active chatd.service; then
    fail "b: the first connect was answered but chatd.service is $(systemctl is-active chatd.service)"
  else
    pass "b: chatd.service was inactive, the first connect started it and got '$line'"
  fi
}

check_admin_socket() {
  local output mode member_output
  mode=$(stat -c '%a %G' "$admin_socket" 2>&1)
  if [ "$mode" = "660 chatadm" ]; then
    pass "c: $admin_socket has mode 0660, group chatadm"
  else
    fail "c: $admin_socket: '$mode', expected mode 660 and group chatadm"
  fi
  if output=$(chatctl list 2>&1); then
    pass "c: chatctl list as root succeeds"
  else
    fail "c: chatctl list as root failed: $output"
  fi
  if member_output=$(setpriv --reuid=nobody --regid=nogroup --groups=chatadm chatctl list 2>&1); then
    pass "c: chatctl list as a member of chatadm succeeds"
  else
    fail "c: chatctl list as a member of chatadm failed: $member_output"
  fi
  if setpriv --reuid=nobody --regid=nogroup --clear-groups chatctl list >/dev/null 2>&1; then
    fail "c: chatctl list succeeded for a user outside chatadm"
  else
    pass "c: chatctl list is refused to a user outside chatadm"
  fi
}

check_join_in_journal() {
  local reply
  if ! login alice; then
    fail "d: logging in as alice: $reply"
    logout
    return
  fi
  if eventually journal_has CHATD_ALIAS=alice MESSAGE_ID="$joined_id" CHATD_EVENT=joined; then
    pass "d: '$reply'; the journal has CHATD_ALIAS=alice MESSAGE_ID=$joined_id CHATD_EVENT=joined"
  else
    fail "d: '$reply', but no journal entry of chatd.service has CHATD_ALIAS=alice MESSAGE_ID=$joined_id CHATD_EVENT=joined"
  fi
  logout
}

check_catalog() {
  local explained
  journalctl --update-catalog
  explained=$(journalctl -x -u chatd.service --no-pager CHATD_ALIAS=alice MESSAGE_ID="$joined_id")
  if grep -q 'Subject: alice joined the chat' <<<"$explained"; then
    pass "catalog: journalctl -x explains the join with 'Subject: alice joined the chat'"
  else
    fail "catalog: journalctl -x shows no explanation of the join from chatd.catalog"
  fi
}

check_status_line() {
  if eventually status_reported; then
    pass "status: systemctl shows STATUS='$status_text'"
  else
    fail "status: StatusText is '$status_text', expected a line with 'users online'"
  fi
}

check_reload() {
  local before after
  before=$(main_pid)
  if ! systemctl reload chatd.service; then
    fail "e: systemctl reload chatd failed"
    return
  fi
  after=$(main_pid)
  if ! eventually is_active chatd.service; then
    fail "e: after systemctl reload chatd, chatd.service is $(systemctl is-active chatd.service)"
  elif [ "$before" != "$after" ]; then
    fail "e: systemctl reload chatd replaced the process ($before, then $after)"
  elif ! eventually journal_has MESSAGE_ID="$reloaded_id" _PID="$after"; then
    fail "e: systemctl reload chatd succeeded but chatd logged no MESSAGE_ID=$reloaded_id"
  else
    pass "e: systemctl reload chatd: still active as PID $after, configuration reloaded"
  fi
}

check_restart() {
  local before line
  before=$(main_pid)
  if ! systemctl restart chatd.service; then
    fail "f: systemctl restart chatd failed"
    return
  fi
  line=$(first_line)
  if [[ $line == NICK* ]] && [ "$(main_pid)" != "$before" ]; then
    pass "f: after systemctl restart chatd (PID $before, now $(main_pid)) the port greets with '$line'"
  else
    fail "f: after systemctl restart chatd (PID $before, now $(main_pid)) the port greets with '$line', expected NICK ..."
  fi
}

# restart_checks.py prints its own PASS and FAIL lines; each run that failed counts once.
run_restart_checks() {
  systemctl reset-failed chatd.service 2>/dev/null  # each run restarts chatd: no start limit here
  if ! python3 /chatd-tests/restart_checks.py "$@"; then
    failures=$((failures + 1))
    journalctl -u chatd.service -n 8 --no-pager -o cat 2>/dev/null | sed 's/^/     chatd: /'
  fi
}

check_users_kept() {
  run_restart_checks restart
  run_restart_checks crash
  run_restart_checks stop-start
  run_restart_checks inheritance /usr/local/bin/chatd
}

check_graceful_stop() {
  local reply notice="" result
  if ! login bob; then
    fail "g: logging in as bob: $reply"
    logout
    return
  fi
  systemctl --quiet stop chatd.service
  while next_line; do
    if [[ $line == NOTICE* ]]; then notice=$line; break; fi
  done
  logout
  result=$(systemctl show -p Result chatd.service)
  if [ -z "$notice" ]; then
    fail "g: bob got no NOTICE line before systemctl stop chatd closed the connection ($result)"
  elif [ "$result" != Result=success ]; then
    fail "g: bob got '$notice', but chatd.service ended with $result"
  else
    pass "g: bob got '$notice' on systemctl stop chatd; $result"
  fi
}

check_exposure() {
  local report status score
  report=$(systemd-analyze security --threshold="$exposure_threshold" --no-pager chatd.service 2>&1)
  status=$?
  score=$(grep -o 'Overall exposure level.*' <<<"$report")
  if [ "$status" -eq 0 ] && [ -n "$score" ]; then
    pass "h: systemd-analyze security chatd.service: $score"
  else
    fail "h: systemd-analyze security chatd.service: ${score:-no score} (the bar is 0.6 or lower)"
  fi
}

# With a tiny journald budget, a storm of joins and leaves (info) must not
# cost the audit line of a kick (notice): journald limits each priority apart.
check_rate_limit_spares_admin_actions() {
  local reply dropin=/run/systemd/system/chatd.service.d/50-tiny-rate-limit.conf i joins
  mkdir -p "${dropin%/*}"
  printf '[Service]\nLogRateLimitIntervalSec=10min\nLogRateLimitBurst=20\n' >"$dropin"
  systemctl daemon-reload
  systemctl --quiet restart chatd.service
  for i in $(seq 1 60); do
    if login "storm$i"; then printf '/quit\n' >&"$client"; fi
    logout
  done
  if ! login victim; then
    fail "i: logging in as victim after the storm: $reply"
  fi
  chatctl kick victim --reason "audit me" >/dev/null
  logout
  joins=$(journalctl -u chatd.service --no-pager -q -o json MESSAGE_ID="$joined_id" | grep -c '"CHATD_ALIAS":"storm' || true)
  if ! eventually journal_has MESSAGE_ID="$kicked_id" CHATD_ALIAS=victim; then
    fail "i: after a storm of 60 logins with LogRateLimitBurst=20, the kick of victim is not in the journal"
  elif [ "$joins" -ge 60 ]; then
    fail "i: all $joins storm joins were logged: the storm did not reach the rate limit, so it proves nothing"
  else
    pass "i: a storm of 60 logins (only $joins of their joins logged, LogRateLimitBurst=20) did not suppress the kick's audit line"
  fi
  rm -f "$dropin"
  systemctl daemon-reload
  systemctl --quiet restart chatd.service
}

# The server certificate's subject on the TLS port, as s_client prints it.
tls_subject() {
  timeout "$patience" openssl s_client -connect "127.0.0.1:$tls_port" -CAfile "$1" -verify_return_error -brief </dev/null 2>&1 |
    sed -n 's/^Peer certificate: //p' | head -n 1
}

# Logs in over TLS as ALIAS and prints what chatd answered.
tls_login() {
  { printf '%s\n' "$2"; sleep 1; } | timeout "$patience" openssl s_client -connect "127.0.0.1:$tls_port" \
    -CAfile "$1" -verify_return_error -quiet 2>/dev/null | grep -m 1 '^WELCOME'
}

check_tls() {
  local dir=/etc/chatd/tls dropin=/etc/systemd/system/chatd.service.d/tls.conf subject welcome pid
  mkdir -p "$dir" "${dropin%/*}"
  if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=chat-one \
       -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null; then
    fail "j: openssl could not make a test certificate"
    return
  fi
  chmod 0600 "$dir/privkey.pem"
  printf '[Service]\nLoadCredential=tls-certificate:%s\nLoadCredential=tls-key:%s\n' "$dir/fullchain.pem" "$dir/privkey.pem" >"$dropin"
  systemctl daemon-reload
  # A socket unit will not start while its service runs: stop chatd first.
  systemctl --quiet stop chatd.service
  if ! systemctl enable --quiet --now chatd-tls.socket || ! systemctl start chatd.service; then
    fail "j: stopping chatd, enabling chatd-tls.socket and starting chatd failed"
    return
  fi
  subject=$(tls_subject "$dir/fullchain.pem")
  welcome=$(tls_login "$dir/fullchain.pem" tina)
  if [ "$subject" != "CN = chat-one" ] || [[ $welcome != "WELCOME tina"* ]]; then
    fail "j: over TLS on $tls_port with the credentials: certificate '$subject', login answered '$welcome'"
  else
    pass "j: chatd-tls.socket with LoadCredential=: port $tls_port serves '$subject', and tina got '$welcome'"
  fi
  if first_line | grep -q '^NICK'; then
    pass "j: plain text on $port still works beside TLS"
  else
    fail "j: with chatd-tls.socket enabled, plain text on $port no longer greets"
  fi
  pid=$(main_pid)
  systemctl reload chatd.service
  if eventually journal_has MESSAGE_ID="$tls_reloaded_id" _PID="$pid" && [ "$(tls_subject "$dir/fullchain.pem")" = "CN = chat-one" ]; then
    pass "j: systemctl reload chatd reloaded the certificate (MESSAGE_ID=$tls_reloaded_id) and TLS still serves"
  else
    fail "j: after systemctl reload chatd: no MESSAGE_ID=$tls_reloaded_id from PID $pid, or TLS stopped serving"
  fi
  check_tls_restart "$dir/fullchain.pem"
  check_exposure
  systemctl --quiet stop chatd.service
  systemctl --quiet disable --now chatd-tls.socket
  rm -f "$dropin"
  systemctl daemon-reload
  systemctl --quiet restart chatd.service
}

# A TLS session cannot be carried over a restart: its user is told and
# closed, the plain users stay and learn that it left.
check_tls_restart() {
  local ca=$1 reply tls_lines plain_lines
  if ! login plainly; then
    fail "j: logging in as plainly: $reply"
    logout
    return
  fi
  tls_lines=$( { printf 'tessa\n'; sleep 1; systemctl restart chatd.service; sleep 2; } |
    timeout "$patience" openssl s_client -connect "127.0.0.1:$tls_port" -CAfile "$ca" -verify_return_error -quiet 2>/dev/null)
  plain_lines=""
  while next_line; do
    plain_lines+="$line|"
    [[ $line == NOTICE*restarted* ]] && break
  done
  logout
  if [[ $tls_lines == *"NOTICE chatd is restarting and cannot carry this connection over"* ]] &&
     [[ $plain_lines == *"LEAVE tessa server restarting|"*"NOTICE chatd was restarted; you are still connected as plainly|" ]]; then
    pass "j: on systemctl restart the TLS user got its NOTICE to reconnect; the plain user stayed and saw: ${plain_lines//|/; }"
  else
    fail "j: on systemctl restart the TLS user got '${tls_lines//$'\n'/; }', the plain user '${plain_lines//|/; }'"
  fi
}

# The browser client's socket: systemd passes chat-web, chatd serves the page there.
check_web_socket() {
  local web_port=55580 client status="" type=""
  systemctl --quiet stop chatd.service
  if ! systemctl enable --quiet --now chatd-web.socket || ! systemctl start chatd.service; then
    fail "web: enabling chatd-web.socket and starting chatd failed"
    return
  fi
  if exec {client}<>"/dev/tcp/127.0.0.1/$web_port"; then
    printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$client"
    while IFS= read -r -t "$patience" -u "$client" line; do
      line=${line%$'\r'}
      [ -z "$status" ] && status=$line
      [[ ${line,,} == content-type:* ]] && type=$line
      [ -z "$line" ] && break
    done
    exec {client}>&-
  fi
  if [[ $status == "HTTP/1.1 200"* ]] && [[ $type == *text/html* ]] && first_line | grep -q '^NICK'; then
    pass "web: chatd-web.socket on $web_port serves the page ('$status', '$type'); plain chat on $port still greets"
  else
    fail "web: chatd-web.socket on $web_port answered '$status' ('$type')"
  fi
  systemctl --quiet stop chatd.service
  systemctl --quiet disable --now chatd-web.socket
  systemctl --quiet start chatd.service
}

# Renewal the other way: files in /etc readable through the chatd-tls group,
# named in chatd.conf, re-read by systemctl reload.
check_tls_renewal() {
  local dir=/etc/chatd/tls dropin=/etc/systemd/system/chatd.service.d/tls.conf before after welcome pid
  local conf=/etc/chatd/chatd.conf
  make_certificate() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=$1" \
      -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$dir/new.key" -out "$dir/new.pem" 2>/dev/null &&
      install -m 0640 -g chatd-tls "$dir/new.pem" "$dir/fullchain.pem" &&
      install -m 0640 -g chatd-tls "$dir/new.key" "$dir/privkey.pem" &&
      cat "$dir/new.pem" >>"$dir/trusted.pem"
  }
  : >"$dir/trusted.pem"
  if ! make_certificate chat-first; then
    fail "k: could not install a test certificate readable by group chatd-tls"
    return
  fi
  cp "$conf" "$conf.orig"
  printf 'tls-certificate = %s\ntls-key = %s\n' "$dir/fullchain.pem" "$dir/privkey.pem" >>"$conf"
  printf '[Service]\nSupplementaryGroups=chatd-tls\n' >"$dropin"
  systemctl daemon-reload
  systemctl --quiet stop chatd.service
  systemctl --quiet enable --now chatd-tls.socket
  systemctl --quiet start chatd.service
  before=$(tls_subject "$dir/trusted.pem")
  exec {client}< <({ printf 'early\n'; sleep 4; printf '/users\n'; sleep 1; } |
    timeout "$patience" openssl s_client -connect "127.0.0.1:$tls_port" -CAfile "$dir/trusted.pem" -quiet 2>/dev/null)
  make_certificate chat-renewed
  pid=$(main_pid)
  systemctl reload chatd.service
  eventually journal_has MESSAGE_ID="$tls_reloaded_id" _PID="$pid" CHATD_CERTIFICATE="$dir/fullchain.pem"
  after=$(tls_subject "$dir/trusted.pem")
  welcome=""
  while IFS= read -r -t "$patience" -u "$client" line; do
    if [[ $line == USERS* ]]; then welcome=$line; break; fi
  done
  logout
  if [ "$before" = "CN = chat-first" ] && [ "$after" = "CN = chat-renewed" ] && [[ $welcome == "USERS early"* ]]; then
    pass "k: renewed files + systemctl reload chatd: new handshakes get '$after' (was '$before'); the open connection still answers '$welcome'"
  else
    fail "k: renewal by reload: before '$before', after '$after', the open connection answered '$welcome'"
  fi
  systemctl --quiet stop chatd.service
  systemctl --quiet disable --now chatd-tls.socket
  mv "$conf.orig" "$conf"
  rm -f "$dropin"
  systemctl daemon-reload
  systemctl --quiet start chatd.service
}

# Two nodes of one cluster, set up as docs/cluster.md says: PostgreSQL with
# password authentication, the password as the unit's credential
# (LoadCredential= in a drop-in) for chatd.service and in PGPASSFILE for a
# second chatd started by hand; the settings in chatd.conf.
check_cluster() {
  local pg=/run/chatd-cluster-pg bindir conf=/etc/chatd/chatd.conf dropin=/etc/systemd/system/chatd.service.d/cluster.conf
  local hand_port=55570 hand_pid="" hand="" alice="" line got="" kept="" listed="" left=""
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bindir" ]; then
    fail "cluster: no PostgreSQL server binaries (make deps installs postgresql)"
    return
  fi
  mkdir -p "$pg" && chown postgres: "$pg"
  if ! (cd "$pg" && runuser -u postgres -- "$bindir/initdb" -D "$pg/data" -A trust -U postgres --no-sync >"$pg/initdb.log" 2>&1 &&
        runuser -u postgres -- "$bindir/pg_ctl" start -w -s -D "$pg/data" -l "$pg/log" \
          -o "-c listen_addresses='' -c unix_socket_directories='$pg' -c fsync=off" &&
        psql -q -h "$pg" -U postgres -d postgres -c "CREATE ROLE chatd LOGIN PASSWORD 'cluster-secret'" -c "CREATE DATABASE chat OWNER chatd" &&
        printf 'local all postgres trust\nlocal all all scram-sha-256\n' >"$pg/data/pg_hba.conf" &&
        runuser -u postgres -- "$bindir/pg_ctl" reload -s -D "$pg/data"); then
    fail "cluster: could not set up PostgreSQL ($(tail -n 3 "$pg/log" "$pg/initdb.log" 2>/dev/null | tr '\n' ' '))"
    return
  fi
  install -m 0600 /dev/null /etc/chatd/cluster-password && echo cluster-secret >/etc/chatd/cluster-password
  mkdir -p "${dropin%/*}"
  printf '[Service]\nLoadCredential=cluster-password:/etc/chatd/cluster-password\n' >"$dropin"
  cp "$conf" "$conf.orig"
  printf 'cluster = host=%s dbname=chat user=chatd\ncluster-name = checks\nnode-name = unit\n' "$pg" >>"$conf"
  systemctl daemon-reload
  systemctl --quiet restart chatd.service

  install -m 0600 /dev/null /root/pgpass && echo "localhost:5432:chat:chatd:cluster-secret" >/root/pgpass
  : >/run/chatd-hand.conf
  PGPASSFILE=/root/pgpass /usr/local/bin/chatd --config /run/chatd-hand.conf --listen "127.0.0.1:$hand_port" \
    --admin-socket /run/chatd-hand.sock --cluster "host=$pg dbname=chat user=chatd" --cluster-name checks --node-name by-hand \
    >/run/chatd-hand.log 2>&1 &
  hand_pid=$!
  if eventually bash -c "exec 3<>/dev/tcp/127.0.0.1/$hand_port" 2>/dev/null && login alice; then
    alice=$client
    client=""
    exec {hand}<>"/dev/tcp/127.0.0.1/$hand_port"
    IFS= read -r -t "$patience" -u "$hand" line
    printf 'bob\nhello from the other node\n' >&"$hand"
    while IFS= read -r -t "$patience" -u "$alice" line; do
      if [[ ${line%$'\r'} == "MSG bob hello from the other node" ]]; then got=yes; break; fi
    done
    listed=$(chatctl --socket "$admin_socket" list 2>&1 | awk '$1 == "by-hand" && $2 == "bob" { print "yes" }')
    # A restart keeps alice, and the other node sees no LEAVE for her.
    systemctl --quiet restart chatd.service
    printf '/users\n' >&"$hand"
    while IFS= read -r -t "$patience" -u "$hand" line; do
      line=${line%$'\r'}
      [[ $line == "LEAVE alice"* ]] && break
      if [[ $line == USERS* ]]; then [[ " $line " == *" alice "* ]] && kept=yes; break; fi
    done
    systemctl --quiet stop chatd.service
    while IFS= read -r -t "$patience" -u "$hand" line; do
      if [[ ${line%$'\r'} == "LEAVE alice server shutting down" ]]; then left=yes; break; fi
    done
    exec {alice}>&- {hand}>&-
  fi
  if [ -n "$got" ] && [ -n "$listed" ] && [ -n "$kept" ] && [ -n "$left" ] &&
     journal_has MESSAGE_ID=660b8a3d2b564be69116c0e44fd4058d; then
    pass "cluster: chatd.service (password from its credential) and a second node (PGPASSFILE) form one chat: a line crosses, chatctl list shows the NODE, a restart keeps alice, a stop sends her LEAVE at once"
  else
    fail "cluster: crossed='$got' node-listed='$listed' kept-across-restart='$kept' leave-on-stop='$left'; second node: $(tail -n 3 /run/chatd-hand.log | tr '\n' ' ')"
  fi
  if [ -n "$hand_pid" ]; then kill "$hand_pid" 2>/dev/null; wait "$hand_pid" 2>/dev/null; fi
  runuser -u postgres -- "$bindir/pg_ctl" stop -s -m fast -D "$pg/data" >/dev/null 2>&1
  mv "$conf.orig" "$conf"
  rm -f "$dropin" /etc/chatd/cluster-password /root/pgpass /run/chatd-hand.conf
  systemctl daemon-reload
  systemctl --quiet start chatd.service
}

check_start
check_socket_activation
check_admin_socket
check_join_in_journal
check_catalog
check_status_line
check_reload
check_restart
check_users_kept
check_graceful_stop
check_exposure
check_rate_limit_spares_admin_actions
check_tls
check_tls_renewal
check_web_socket
check_cluster

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
