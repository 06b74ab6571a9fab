# A throwaway PostgreSQL cluster for a benchmark, and the service it starts against it. Sourced by
# bench/*/run.sh after they set WORK (a folder the postgres user can reach). Provides PGBIN, PGPORT,
# as_pg, psql, start_postgres, stop_postgres, API_PID, stop_all and refuse_busy. The cluster uses the
# settings of the clusters the project starts (LocalPostgresCluster, docker-compose.yml):
# max_connections, shared_buffers, random_page_cost; fsync stays on. PG_CONF (extra
# postgresql.conf lines) comes last, so it wins.

PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then PGBIN=/usr/lib/postgresql/15/bin
  else PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
       [ -n "$PGBIN" ] || PGBIN=$(dirname "$(command -v initdb)"); fi
fi
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (set PGBIN)" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, run it (and psql) as the postgres system user.
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

PG_STARTED=
# start_postgres FIRST_PORT: a cluster in $WORK/pg on the first free port from FIRST_PORT, with a
# `marketplace` database.
start_postgres() {
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
  PGPORT=$1
  while (echo >/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
  as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
  as_pg tee -a "$WORK/pg/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$WORK/pg'
max_connections = 300
shared_buffers = 128MB
random_page_cost = 1.1
${PG_CONF:-}
CONF
  # Other clusters come and go on a shared machine: if the port was taken since we looked, take the next.
  for _ in 1 2 3 4 5; do
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w start >/dev/null 2>&1 && { PG_STARTED=1; break; }
    grep -q 'Address already in use' "$WORK/pg/postgres.log" || { tail -5 "$WORK/pg/postgres.log" >&2; exit 1; }
    PGPORT=$((PGPORT + 1)); as_pg sed -i "s/^port = .*/port = $PGPORT/" "$WORK/pg/data/postgresql.conf"
  done
  [ -n "$PG_STARTED" ] || { echo "could not start PostgreSQL" >&2; exit 1; }
  psql -d postgres -c 'CREATE DATABASE marketplace'
}

stop_postgres() {
  [ -n "$PG_STARTED" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1
  PG_STARTED=
}

psql() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$WORK/pg" -p "$PGPORT" -U postgres "$@"; }

# The service a benchmark starts against the cluster: its pid goes in API_PID.
API_PID=
# stop_all [PATH…]: stop the service and the cluster; unless KEEP=1, delete the cluster's data, the
# build artifacts and PATH…. Scripts call it from `trap … EXIT`.
stop_all() {
  set +e
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
  stop_postgres
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK/pg/data" "$WORK/artifacts" "$@"
}

# refuse_busy API_URL: stop before starting anything if a service already answers there.
refuse_busy() {
  if curl -sf "$1/health/live" >/dev/null 2>&1; then echo "something already listens on $1; stop it or set API_PORT" >&2; exit 1; fi
}
