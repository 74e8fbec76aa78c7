#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR [PORT]` creates and starts one in DIR (as the
# unprivileged `postgres` user when run as root), on 127.0.0.1:PORT (default 25432, below the ephemeral range),
# with TLS from a CA made for it (DIR/ca.crt, for sslmode=verify-full), and prints the URL to export as
# QUOTEGEN_TEST_POSTGRES_URL; `stop DIR` stops it and removes DIR. `pause DIR` and `resume DIR` stop and start
# the server and keep its data (the fault tests: PostgreSQL going away under load and coming back).
# FSYNC=on makes it durable (benchmarks); tests run with fsync off: a throwaway cluster, never a power cut.
set -euo pipefail
usage="usage: test-postgres.sh start DIR [PORT] | pause DIR | resume DIR | stop DIR"
command=${1:?$usage}
dir=${2:?$usage}
port=${3:-25432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }

case $command in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # A CA and a server certificate for localhost / 127.0.0.1, so that require and verify-full can be tested.
    as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=quotegen test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
    as_owner openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/data/server.key" \
        -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/san.ext"
    as_owner openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
        -days 2 -extfile "$dir/san.ext" -out "$dir/data/server.crt" 2>/dev/null
    chmod 644 "$dir/ca.crt"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''   # TCP only: a socket path under a long TMPDIR can pass the 107-byte limit
ssl = on
max_connections = 800
fsync = ${FSYNC:-off}
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE quotegen_test" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/quotegen_test?sslmode=disable"
    ;;
pause)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
*)
    echo "$usage" >&2; exit 2 ;;
esac
