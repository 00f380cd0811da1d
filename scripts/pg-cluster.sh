#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, a unix socket
# there and no TCP, fsync off (the tests' data is thrown away).
# PG_SYNCHRONOUS_COMMIT=on keeps every acknowledged commit through a crash of the server (the
# crash test needs it; the default, off, is faster and loses the last commits on a crash).
# PG_FSYNC=on writes to disk as a real server does (fsync and full-page writes; the load
# benchmark uses it).
#   pg-cluster.sh start DIR   prints the URL of its `postgres` database
#   pg-cluster.sh stop DIR    (immediate: as a crash would)
#   pg-cluster.sh restart DIR (a stopped cluster)
# initdb refuses to run as root: as root, the cluster runs as the `postgres` user.
set -euo pipefail
cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U ct --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -c listen_addresses= -c fsync=${PG_FSYNC:-off} -c synchronous_commit=${PG_SYNCHRONOUS_COMMIT:-off} -c full_page_writes=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null
    echo "postgresql://ct@/postgres?host=$dir"
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-k $dir -c listen_addresses= -c fsync=${PG_FSYNC:-off} -c synchronous_commit=${PG_SYNCHRONOUS_COMMIT:-off} -c full_page_writes=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg-cluster.sh start|stop|restart DIR" >&2; exit 2 ;;
esac
