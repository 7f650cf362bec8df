#!/bin/sh
# A throw-away PostgreSQL for the cluster tests (Tests/ChatdTests/ClusterTests.swift):
# no TCP, no password, no fsync; it listens only on a Unix socket inside DIR.
#
#   scratch-postgres.sh start DIR [PORT]  initdb in DIR/data, start, wait, print the conninfo; with
#                                         PORT, also TLS on 127.0.0.1:PORT (a certificate made
#                                         for the run, for localhost and 127.0.0.1, copied to
#                                         DIR/server.crt; TCP without TLS is refused)
#   scratch-postgres.sh stop DIR          stop fast if running (the data stays; remove DIR yourself)
#   scratch-postgres.sh stop-server DIR   stop fast, keeping the data, for a test that restarts it
#   scratch-postgres.sh start-server DIR  start DIR/data again, wait, print the conninfo
#
# initdb refuses to run as root, so as root the server runs as the `postgres`
# system user (Debian's postgresql package creates it) and DIR is given to it.
set -eu

PORT=5432
usage() {
    echo "usage: $0 start DIR [TLS-PORT] | stop|stop-server|start-server DIR" >&2
    exit 64
}
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$1" = start ]; } || usage
command=$1
case $2 in
/*) dir=$2 ;;
*) dir=$(pwd)/$2 ;;
esac
case $dir in
*\'* | *' '*) echo "$0: DIR must not contain spaces or quotes: $dir" >&2; exit 64 ;;
esac
data=$dir/data
log=$dir/postgres.log

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then
    bindir=$(pg_config --bindir)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "$0: no PostgreSQL server binaries (apt-get install postgresql)" >&2
    exit 69
fi

# Runs a PostgreSQL program as the user the server runs as, from inside DIR
# (the postgres user may not be allowed into the caller's directory).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

start_server() {
    listen="-c listen_addresses=''"
    if [ -f "$dir/tls-port" ]; then
        PORT=$(cat "$dir/tls-port")
        listen="-c listen_addresses=127.0.0.1 -c ssl=on"
    fi
    as_owner "$bindir/pg_ctl" start -w -t 60 -D "$data" -l "$log" -s \
        -o "$listen -c unix_socket_directories='$dir' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$log" >&2 2>/dev/null; exit 1; }
    tries=0
    until "$bindir/pg_isready" -q -h "$dir" -p $PORT -U postgres -d postgres; do
        tries=$((tries + 1))
        if [ $tries -ge 300 ]; then
            echo "$0: PostgreSQL in $dir does not accept connections" >&2
            cat "$log" >&2 2>/dev/null || true
            exit 1
        fi
        sleep 0.1
    done
    echo "host=$dir port=$PORT user=postgres dbname=postgres"
}

running() {
    [ -f "$data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1
}

case $command in
start)
    mkdir -p "$dir"
    if [ -e "$data" ]; then
        echo "$0: $data exists already (use start-server)" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    chmod 0700 "$dir"
    as_owner "$bindir/initdb" -D "$data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    if [ $# -eq 3 ]; then
        echo "$3" >"$dir/tls-port"
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
            -keyout "$data/server.key" -out "$data/server.crt" >"$dir/openssl.log" 2>&1 ||
            { cat "$dir/openssl.log" >&2; exit 1; }
        cp "$data/server.crt" "$dir/server.crt"
        chmod 0600 "$data/server.key"
        chmod 0755 "$dir"
        printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n' >"$data/pg_hba.conf"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data/server.key" "$data/server.crt" "$data/pg_hba.conf" "$dir/tls-port"; fi
    fi
    start_server
    ;;
start-server)
    [ -d "$data" ] || { echo "$0: no data directory in $dir (use start)" >&2; exit 1; }
    start_server
    ;;
stop-server)
    as_owner "$bindir/pg_ctl" stop -w -t 60 -D "$data" -m fast -s
    ;;
stop)
    if running; then
        as_owner "$bindir/pg_ctl" stop -w -t 60 -D "$data" -m fast -s
    fi
    ;;
*)
    usage
    ;;
esac
