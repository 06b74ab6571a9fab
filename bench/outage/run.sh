#!/usr/bin/env bash
# Outage benchmark (issue 22): PostgreSQL is stopped (immediate) under a burst of metered invocations and
# started again OUTAGE_S seconds later. Measures how fast the service answers 503, whether /health/live
# keeps answering, when /health/ready flips each way, how long recovery takes, and whether usage stays
# exact (quota calls counted = usage events = 200s answered).
#
# Usage: bash bench/outage/run.sh
#   CLIENTS=64  invoking connections   WARM_S=5  before the stop   OUTAGE_S=8   AFTER_S=10  after the start
#   LIVE_TIMEOUT_MS=1000  a /health/live probe without an answer by then counts as failed
#   KEEP=1      keep the PostgreSQL data directory afterwards
# Needs: dotnet, PostgreSQL server binaries (initdb, pg_ctl, psql; 15 preferred), curl.
# Builds into a temporary artifacts folder, runs its own PostgreSQL (fsync on) and the sample agent; all
# stop on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export CLIENTS=${CLIENTS:-64} WARM_S=${WARM_S:-5} OUTAGE_S=${OUTAGE_S:-8} AFTER_S=${AFTER_S:-10} LIVE_TIMEOUT_MS=${LIVE_TIMEOUT_MS:-1000}
API_PORT=${API_PORT:-5480}
AGENT_PORT=${AGENT_PORT:-5490}
export API=http://127.0.0.1:$API_PORT
AGENT=http://127.0.0.1:$AGENT_PORT
B=$API/api/v1
J='content-type: application/json'
WORK=$(mktemp -d /tmp/amk-outage-XXXX)
chmod 755 "$WORK"   # the postgres user must reach its data directory below
echo "results and logs: $WORK"
echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"

source "$ROOT/bench/lib/postgres.sh"
refuse_busy "$API"
AGENT_PID=
trap '[ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null; stop_all' EXIT

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "(not a git checkout)")
DIRTY=$([ -n "$(git -C "$ROOT" status --porcelain -- src bench/outage 2>/dev/null)" ] && echo " + uncommitted changes" || true)
echo "building Release of $COMMIT$DIRTY…"
for project in src/AgentMarketplace.Api samples/AgentMarketplace.SampleAgent; do
  dotnet build -c Release -v q "$ROOT/$project" --artifacts-path "$WORK/artifacts" >>"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log"; exit 1; }
done
dotnet build -c Release -v q "$ROOT/bench/outage/outage-load.cs" -o "$WORK/artifacts/outage-load" >>"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; exit 1; }

start_postgres 55632
dotnet "$WORK/artifacts/bin/AgentMarketplace.SampleAgent/release/AgentMarketplace.SampleAgent.dll" --urls "$AGENT" \
  >"$WORK/agent.log" 2>&1 & AGENT_PID=$!
# Development (the bootstrap admin), logging at Warning (and the database circuit's recovery line): what the
# service logs from the burst on is counted below.
(cd "$ROOT/src/AgentMarketplace.Api" && exec env ASPNETCORE_ENVIRONMENT=Development Platform__DataDirectory="$WORK/data" \
  ConnectionStrings__Marketplace="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=marketplace" \
  Serilog__MinimumLevel__Default=Warning "Serilog__MinimumLevel__Override__AgentMarketplace.BuildingBlocks.Persistence=Information" \
  Users__Login__PerAddressPerMinute=100000 \
  dotnet "$WORK/artifacts/bin/AgentMarketplace.Api/release/AgentMarketplace.Api.dll" --urls "$API" >"$WORK/api.log" 2>&1) & API_PID=$!
for _ in $(seq 1 180); do
  curl -sf "$API/health/ready" >/dev/null 2>&1 && curl -sf "$AGENT/health" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { echo "the service exited:" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$API/health/ready" >/dev/null || { echo "the service did not become ready" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }

# ---------------------------------------------------------------- a publisher's agent, a user's deployment
json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
token() { curl -sf -XPOST "$B/auth/token" -H "$J" -d "{\"email\":\"$1\",\"password\":\"$2\"}" | json accessToken; }
for who in pub user; do
  curl -sf -XPOST "$B/users/register" -H "$J" -d "{\"email\":\"$who@bench.test\",\"password\":\"bench-password-123\",\"displayName\":\"$who\"}" >/dev/null
done
PUB=$(token pub@bench.test bench-password-123); USER=$(token user@bench.test bench-password-123)
ADMIN=$(token admin@localhost.test change-me-admin-password)
curl -sf -XPOST "$B/users/me/publisher" -H "authorization: Bearer $PUB" -H "$J" -d '{"publisherName":"Bench"}' >/dev/null
AGENT_ID=$(curl -sf -XPOST "$B/agents" -H "authorization: Bearer $PUB" -H "$J" \
  -d '{"slug":"outage-agent","name":"Outage","description":"Sample agent.","categories":["other"],"tags":[]}' | json id)
curl -sf "$AGENT/registration.json" | sed -E "s#\"endpointUrl\":\"[^\"]*\"#\"endpointUrl\":\"$AGENT\"#" \
  | curl -sf -XPOST "$B/agents/$AGENT_ID/versions" -H "authorization: Bearer $PUB" -H "$J" -d @- >/dev/null
curl -sf -XPOST "$B/agents/$AGENT_ID/versions/1.0.0/verify" -H "authorization: Bearer $PUB" >/dev/null
USER_ID=$(curl -sf "$B/users/me" -H "authorization: Bearer $USER" | json id)
curl -sf -XPUT "$B/admin/users/$USER_ID/quota" -H "authorization: Bearer $ADMIN" -H "$J" \
  -d '{"requestsPerMinute":100000000,"callsPerMonth":100000000}' >/dev/null
export DEPLOYMENT=$(curl -sf -XPOST "$B/deployments" -H "authorization: Bearer $USER" -H "$J" \
  -d "{\"agentId\":\"$AGENT_ID\",\"environment\":\"production\"}" | json id)
export API_KEY=$(curl -sf -XPOST "$B/users/me/api-keys" -H "authorization: Bearer $USER" -H "$J" -d '{"name":"bench"}' | json key)

quota_used() { curl -sf "$B/users/me/quota" -H "authorization: Bearer $USER" | sed -E 's/.*"used":\{"callsThisMonth":([0-9]+).*/\1/'; }
usage_events() { psql -d marketplace -tAc "SELECT count(*) FROM billing.usage_events WHERE deployment_id = '$DEPLOYMENT' AND billable"; }
invocations() { psql -d marketplace -tAc "SELECT count(*) FROM deployment.invocations WHERE deployment_id = '$DEPLOYMENT' AND status = 200"; }
QUOTA_BEFORE=$(quota_used); USAGE_BEFORE=$(usage_events); INVOCATIONS_BEFORE=$(invocations)
LOG_LINES_BEFORE=$(wc -l <"$WORK/api.log")

# ---------------------------------------------------------------- the outage
export STOP_CMD="$(declare -f as_pg); as_pg '$PGBIN/pg_ctl' -D '$WORK/pg/data' -m immediate stop"
export START_CMD="$(declare -f as_pg); as_pg '$PGBIN/pg_ctl' -D '$WORK/pg/data' -l '$WORK/pg/postgres.log' -w -t 60 start"
echo "load before the burst: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$CLIENTS clients invoke for ${WARM_S}s, PostgreSQL stops (immediate) for ${OUTAGE_S}s, then ${AFTER_S}s more…"
dotnet "$WORK/artifacts/outage-load/outage-load.dll" >"$WORK/outage.txt"
cat "$WORK/outage.txt"
kv() { sed -n "s/^$1=//p" "$WORK/outage.txt"; }

# The service's own view, once its background work has caught up with the restart.
for _ in $(seq 1 30); do curl -sf "$API/health/ready" >/dev/null && break; sleep 1; done
QUOTA=$(( $(quota_used) - QUOTA_BEFORE )); USAGE=$(( $(usage_events) - USAGE_BEFORE )); INVOCATIONS=$(( $(invocations) - INVOCATIONS_BEFORE ))
OK=$(kv invoke_ok)
LOG_TAIL=$(tail -n +"$((LOG_LINES_BEFORE + 1))" "$WORK/api.log")
WARNINGS=$(grep -c ' WRN\]' <<<"$LOG_TAIL" || true); ERRORS=$(grep -c ' ERR\]' <<<"$LOG_TAIL" || true)
RECOVERED=$(grep -c 'INF\] PostgreSQL answers again' <<<"$LOG_TAIL" || true)
EXACT=$([ "$QUOTA" = "$OK" ] && [ "$USAGE" = "$OK" ] && [ "$INVOCATIONS" = "$OK" ] && echo yes || echo NO)

echo
echo "| measure | value |"
echo "|---|---|"
echo "| outage (stop issued → start returned) | $(kv outage_ms) ms |"
echo "| first failed invocation answered after the stop / first 503 | $(kv first_invoke_failure_ms) / $(kv first_503_ms) ms |"
echo "| invocations sent during the outage: statuses | $(kv during_statuses) |"
echo "| … their latency p50 / p99 / max | $(kv during_p50_ms) / $(kv during_p99_ms) / $(kv during_max_ms) ms |"
echo "| registrations sent during the outage: statuses, slowest | $(kv register_statuses), $(kv register_max_ms) ms |"
echo "| invocations in flight at the stop: statuses, answered after the start, slowest | $(kv in_flight_statuses), $(kv in_flight_answered_after_start), $(kv in_flight_max_ms) ms |"
echo "| answers after the stop neither 2xx nor 503 | $(kv other_than_2xx_503) |"
echo "| /health/live during the outage: failed (no 200 within ${LIVE_TIMEOUT_MS} ms) of probes; slowest | $(kv live_failed_in_outage) of $(kv live_probes_in_outage); $(kv live_max_ms) ms |"
echo "| /health/ready not 200 after the stop / 200 after the start | $(kv ready_down_after_ms) / $(kv ready_up_after_start_ms) ms |"
echo "| first 200 invocation after the start / last failed one | $(kv first_200_after_start_ms) / $(kv last_failure_after_start_ms) ms |"
echo "| invocations sent after the start: statuses | $(kv after_statuses) |"
echo "| 200s answered / quota calls counted / usage events / invocation records | $OK / $QUOTA / $USAGE / $INVOCATIONS (exact: $EXACT) |"
echo "| log lines from the burst on: warnings / errors / recovery lines | $WARNINGS / $ERRORS / $RECOVERED |"
echo
echo "environment: $(nproc) cores, PostgreSQL $("$PGBIN/postgres" -V | awk '{ print $3 }'), .NET $(dotnet --version), commit $COMMIT$DIRTY; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "raw output and logs: $WORK"
