#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a loopback port, with its data under DIR.
#   postgres-test-server.sh start DIR PORT   initdb (once) and start; prints the URL of its `postgres` database
#   postgres-test-server.sh stop DIR         stop it (fast shutdown)
#   postgres-test-server.sh restart DIR      stop and start again (data kept)
# PostgreSQL refuses to run as root: as root, the server runs as `nobody`. Authentication is `trust` on loopback
# for the user `warden`; nothing here is for production.
set -euo pipefail
cmd="${1:?usage: postgres-test-server.sh start|stop|restart DIR [PORT]}"
dir="${2:?the data directory is missing}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); install Debian's postgresql package" >&2
  exit 3
fi
as_server() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port="${3:?the port is missing}"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bindir/initdb" -D "$dir/data" -U warden --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    echo "$port" >"$dir/port"
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://warden@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  restart)
    port="$(cat "$dir/port")"
    as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null
    ;;
  *)
    echo "unknown command $cmd: use start, stop or restart" >&2
    exit 2
    ;;
esac
