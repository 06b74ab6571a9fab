#!/usr/bin/env bash
# Billing benchmark (issues 6 and 7): 10,000 users, 200 agents with listings, 10,000 deployments;
# (a) 2,000,000 usage events ingested over HTTP through POST /api/v1/usage/batch with idempotency keys,
#     a share of them replays that must come back as duplicates, events/s, then a count of what was stored,
#     against psql COPY of the same rows into a copy of the table (the database's own ceiling, same run);
# (b) a full billing run for the period (POST /api/v1/admin/billing/runs), timed, against the bare
#     scan-and-aggregate of the period's usage in psql (same run);
# (c) p50/p95 of GET /api/v1/admin/analytics/overview and GET /api/v1/publishers/me/analytics over
#     daily roll-ups seeded for 2,000,000 invocations over 90 days (see below: publisher-reported
#     usage does not move the roll-ups, so they are seeded in SQL).
#
# Usage: bash bench/billing/run.sh
#   EVENTS=2000000   unique usage events      BATCH=1000  events per request   REPLAYS=100  replays per batch
#   CONCURRENCY=8    requests in flight       REQUESTS=200 measured analytics requests per shape   WARMUP=40
#   KEEP=1           keep the PostgreSQL data directory afterwards
#   STOP_AFTER=seed  stop after seeding (to look around with KEEP=1)
# Needs: dotnet, PostgreSQL server binaries (initdb, pg_ctl, psql; 15 preferred), curl, awk.
# Builds into a temporary artifacts folder (nothing written under src/), runs its own throwaway
# PostgreSQL cluster (trust auth on 127.0.0.1 only) as ConnectionStrings__Marketplace; both stop on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
EVENTS=${EVENTS:-2000000}
BATCH=${BATCH:-1000}
REPLAYS=${REPLAYS:-100}
CONCURRENCY=${CONCURRENCY:-8}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-40}
USERS=${USERS:-10000}
AGENTS=${AGENTS:-200}
PUBLISHERS=${PUBLISHERS:-20}
API_PORT=${API_PORT:-5380}
API=http://127.0.0.1:$API_PORT
B=$API/api/v1
J='content-type: application/json'
WORK=$(mktemp -d /tmp/amk-billing-XXXX)
chmod 755 "$WORK"   # the postgres user must reach its data directory below
echo "results and logs: $WORK"
echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"

source "$ROOT/bench/lib/postgres.sh"
refuse_busy "$API"
trap 'stop_all "$WORK/copy.csv"' EXIT

# ---------------------------------------------------------------- build (Release, outside src/)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
DIRTY=$([ -n "$(git -C "$ROOT" status --porcelain -- src bench/billing)" ] && echo " + uncommitted changes" || true)
echo "building Release of $COMMIT$DIRTY…"
dotnet build -c Release -v q "$ROOT/src/AgentMarketplace.Api" --artifacts-path "$WORK/artifacts" >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; exit 1; }
dotnet build -c Release -v q "$ROOT/bench/billing/LoadGen" --artifacts-path "$WORK/artifacts" >>"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; exit 1; }
DLL=$WORK/artifacts/bin/AgentMarketplace.Api/release/AgentMarketplace.Api.dll
LOADGEN=$WORK/artifacts/bin/LoadGen/release/LoadGen.dll

# ---------------------------------------------------------------- PostgreSQL of our own
mkdir -p "$WORK/data"
start_postgres 55532

# ---------------------------------------------------------------- the service
# Development (the bootstrap admin), logging at Warning. Background work that could land inside a
# measurement is pushed out: no scheduled billing runs (the benchmark bills the period itself), the
# marketplace maintenance once a day; the seeded deployments are never due for a health probe.
(cd "$ROOT/src/AgentMarketplace.Api" && ASPNETCORE_ENVIRONMENT=Development Platform__DataDirectory="$WORK/data" \
  ConnectionStrings__Marketplace="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=marketplace;Maximum Pool Size=100" \
  Serilog__MinimumLevel__Default=Warning Marketplace__MaintenanceIntervalSeconds=86400 Billing__ScheduledRuns=false \
  Deployment__HealthProbeIntervalSeconds=3600 Users__Login__PerAddressPerMinute=100000 \
  exec dotnet "$DLL" --urls "$API" >"$WORK/api.log" 2>&1) & API_PID=$!
for _ in $(seq 1 180); do
  curl -sf "$API/health/ready" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { echo "the service exited:" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$API/health/ready" >/dev/null || { echo "the service did not become ready" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }

# ---------------------------------------------------------------- seed
json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
num() { sed -nE "s/.*\"$1\":(-?[0-9]+).*/\\1/p"; }
start=$(date +%s)
: >"$WORK/publishers.tsv"
PUB_IDS=
for p in $(seq 1 "$PUBLISHERS"); do
  curl -sf -XPOST "$B/users/register" -H "$J" \
    -d "{\"email\":\"pub-$p@bench.test\",\"password\":\"bench-password-123\",\"displayName\":\"Publisher $p\"}" >/dev/null
  token=$(curl -sf -XPOST "$B/auth/token" -H "$J" -d "{\"email\":\"pub-$p@bench.test\",\"password\":\"bench-password-123\"}" | json accessToken)
  curl -sf -XPOST "$B/users/me/publisher" -H "authorization: Bearer $token" -H "$J" -d "{\"publisherName\":\"Bench Publisher $p\"}" >/dev/null
  key=$(curl -sf -XPOST "$B/users/me/api-keys" -H "authorization: Bearer $token" -H "$J" -d '{"name":"bench"}' | json key)
  id=$(curl -sf "$B/users/me" -H "authorization: Bearer $token" | json id)
  printf '%s\t%s\n' "$id" "$key" >>"$WORK/publishers.tsv"
  PUB_IDS+="${PUB_IDS:+,}$id"
done
# The benchmark's "now": usage occurs in the SPAN before it; the billing period is [T0 - SPAN, T0).
SPAN=$((20 * 86400))
T0=$(( $(date +%s) - 60 ))
T0_ISO=$(date -u -d "@$T0" +%Y-%m-%dT%H:%M:%SZ)
FROM_ISO=$(date -u -d "@$((T0 - SPAN))" +%Y-%m-%dT%H:%M:%SZ)
psql -d marketplace -v pubs="{$PUB_IDS}" -v users="$USERS" -v agents="$AGENTS" -v t0="$T0_ISO" <"$ROOT/bench/billing/seed.sql"
: >"$WORK/targets.tsv"
while IFS=$'\t' read -r id key; do
  deployments=$(psql -d marketplace -tAc "SELECT string_agg(d.id::text, ',' ORDER BY d.id) FROM deployment.deployments d
      JOIN registry.agents a ON a.id = d.agent_id WHERE a.owner_id = '$id'")
  printf '%s\t%s\n' "$key" "$deployments" >>"$WORK/targets.tsv"
done <"$WORK/publishers.tsv"
echo "seeded $PUBLISHERS publishers (HTTP), $USERS users, $AGENTS agents with listings, $USERS deployments and 90 days of roll-ups (SQL) in $(( $(date +%s) - start )) s"
psql -d marketplace -c "SELECT (SELECT count(*) FROM users.users) AS users, (SELECT count(*) FROM registry.agents) AS agents,
    (SELECT count(*) FROM marketplace.listings) AS listings, (SELECT count(*) FROM deployment.deployments) AS deployments,
    (SELECT sum(invocations) FROM operations.daily_agent_totals) AS rolled_up_invocations,
    (SELECT sum(bit_count(days::bit(32))) FROM operations.monthly_active_users) AS active_user_days,
    (SELECT string_agg(pricing_model || ' ' || n, ', ') FROM (SELECT pricing_model, count(*) n FROM marketplace.listings GROUP BY 1 ORDER BY 1) m) AS pricing"
[ "${STOP_AFTER:-}" = seed ] && exit 0

# ---------------------------------------------------------------- (a) ingestion over HTTP
echo
echo "load before ingestion: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ingesting $EVENTS unique usage events in batches of $BATCH ($REPLAYS of them replays of earlier events, after each publisher's first batch), $CONCURRENCY requests in flight…"
API=$API TARGETS="$WORK/targets.tsv" EVENTS=$EVENTS BATCH=$BATCH REPLAYS=$REPLAYS CONCURRENCY=$CONCURRENCY T0=$T0 SPAN=$SPAN \
  dotnet "$LOADGEN" >"$WORK/ingest.txt" 2> >(tee "$WORK/ingest.log" >&2) || { echo "the load generator saw failed batches" >&2; cat "$WORK/ingest.txt"; exit 1; }
INGEST=$(cat "$WORK/ingest.txt")
kv() { tr ' ' '\n' <<<"$INGEST" | sed -n "s/^$1=//p"; }
echo "$INGEST"
STORED=$(psql -d marketplace -tAc "SELECT count(*) FROM billing.usage_events WHERE reporter_id IS NOT NULL")
DISTINCT_KEYS=$(psql -d marketplace -tAc "SELECT count(DISTINCT (reporter_id, idempotency_key)) FROM billing.usage_events WHERE reporter_id IS NOT NULL")
echo "stored usage events: $STORED (distinct keys $DISTINCT_KEYS); expected $EVENTS; answers said accepted $(kv accepted), duplicates $(kv duplicates) (expected $(kv expected_duplicates))"
INGEST_OK=yes
[ "$STORED" = "$EVENTS" ] && [ "$DISTINCT_KEYS" = "$EVENTS" ] && [ "$(kv accepted)" = "$EVENTS" ] && [ "$(kv duplicates)" = "$(kv expected_duplicates)" ] \
  || { INGEST_OK=NO; echo "MISMATCH: the stored or reported counts are not what was sent" >&2; }

# Baseline: the same rows written by COPY into a table with the same columns and indexes (no HTTP,
# no JSON, no ownership check, no conflict handling): what the database alone can take, same machine, same run.
psql -d marketplace -c "COPY billing.usage_events TO '$WORK/pg/copy.csv' WITH (FORMAT csv)" \
  -c "CREATE TABLE billing.copy_baseline (LIKE billing.usage_events INCLUDING ALL)"
copy_start=$(date +%s%N)
psql -d marketplace -c "COPY billing.copy_baseline FROM '$WORK/pg/copy.csv' WITH (FORMAT csv)"
COPY_S=$(awk -v a="$copy_start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
COPY_ROWS=$(psql -d marketplace -tAc "SELECT count(*) FROM billing.copy_baseline")
psql -d marketplace -c "DROP TABLE billing.copy_baseline"; rm -f "$WORK/pg/copy.csv"
COPY_RATE=$(awk -v n="$COPY_ROWS" -v s="$COPY_S" 'BEGIN { printf "%.0f", n / s }')
echo "baseline: COPY of the same $COPY_ROWS rows in $COPY_S s = $COPY_RATE rows/s"

# ---------------------------------------------------------------- (b) the billing run
# The table as autovacuum would soon leave it after 2M inserts (statistics, visibility map, hint bits).
psql -d marketplace -c "VACUUM (ANALYZE) billing.usage_events"
echo
echo "load before the billing run: $(cut -d' ' -f1-3 /proc/loadavg)"
# Baseline: the bare scan and aggregate any billing of this period has to do, in psql.
agg_start=$(date +%s%N)
psql -d marketplace -o /dev/null -c "SELECT user_id, agent_id, count(*), sum(units) FROM billing.usage_events
    WHERE billable AND occurred_at >= '$FROM_ISO' AND occurred_at < '$T0_ISO' GROUP BY user_id, agent_id"
AGG_S=$(awk -v a="$agg_start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
ADMIN=$(curl -sf -XPOST "$B/auth/token" -H "$J" -d '{"email":"admin@localhost.test","password":"change-me-admin-password"}' | json accessToken)
RUN=$(curl -s -XPOST "$B/admin/billing/runs" -H "authorization: Bearer $ADMIN" -H "$J" \
  -d "{\"periodStart\":\"$FROM_ISO\",\"periodEnd\":\"$T0_ISO\"}" -w '\n%{http_code} %{time_total}')
RUN_BODY=$(head -1 <<<"$RUN"); read -r RUN_STATUS RUN_S <<<"$(tail -1 <<<"$RUN")"
echo "billing run [$FROM_ISO, $T0_ISO): $RUN_STATUS in $RUN_S s: $RUN_BODY"
echo "baseline: the bare scan + GROUP BY (user, agent) of the period in psql: $AGG_S s"
INVOICES=$(num invoicesCreated <<<"$RUN_BODY"); RUN_TOTAL=$(num totalCents <<<"$RUN_BODY")
read -r DB_INVOICES DB_TOTAL BILLED_USERS <<<"$(psql -d marketplace -tA -F' ' -c "SELECT (SELECT count(*) FROM billing.invoices),
    (SELECT coalesce(sum(total_cents), 0) FROM billing.invoices), (SELECT count(DISTINCT user_id) FROM billing.usage_events)")"
AGAIN=$(curl -s -XPOST "$B/admin/billing/runs" -H "authorization: Bearer $ADMIN" -H "$J" -d "{\"periodStart\":\"$FROM_ISO\",\"periodEnd\":\"$T0_ISO\"}")
echo "invoices: $DB_INVOICES in the database (run said $INVOICES) for $BILLED_USERS users with usage, total $DB_TOTAL cents (run said $RUN_TOTAL); the same period again: $AGAIN"
RUN_OK=yes
[ "$RUN_STATUS" = 200 ] && [ "$DB_INVOICES" = "$INVOICES" ] && [ "$DB_TOTAL" = "$RUN_TOTAL" ] && [ "$INVOICES" -gt 0 ] && grep -q '"alreadyRun":true' <<<"$AGAIN" \
  || { RUN_OK=NO; echo "MISMATCH in the billing run's results" >&2; }

# ---------------------------------------------------------------- (c) analytics p95
PUB_KEY=$(head -1 "$WORK/publishers.tsv" | cut -f2)
D90=$(date -u -d "@$((T0 - 89 * 86400))" +%Y-%m-%d); DT0=$(date -u -d "@$T0" +%Y-%m-%d)
run_requests() { # url header count out: count sequential requests on one keep-alive connection
  local i
  # One header line: in a config file it applies to every URL (repeating it would send it repeatedly).
  printf 'header = "%s"\n' "$2" >"$4.curl"
  for ((i = 0; i < $3; i++)); do printf 'url = "%s"\n' "$1" >>"$4.curl"; done
  curl -s -K "$4.curl" -w '\n@@ %{http_code} %{time_total}\n' | grep '^@@' >"$4" || true
}
measure() { # name url header -> "p50 p95 p99 n"
  local out="$WORK/analytics-$1" bad
  run_requests "$2" "$3" "$WARMUP" "$out.warmup"
  run_requests "$2" "$3" "$REQUESTS" "$out.raw"
  bad=$(awk '$2 != 200' "$out.raw" | wc -l)
  [ "$bad" = 0 ] || { echo "$bad non-200 answers for $1:" >&2; sort "$out.raw" | uniq -c | head >&2; exit 1; }
  awk '{ printf "%.3f\n", $3 * 1000 }' "$out.raw" | sort -n |
    awk '{ v[NR] = $1 } END { printf "%.2f %.2f %.2f %d\n", v[int(0.50 * NR + 0.999999)], v[int(0.95 * NR + 0.999999)], v[int(0.99 * NR + 0.999999)], NR }'
}
echo
echo "load before analytics: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A AN
SHAPES=("overview, default 30 days" "overview, 90 days" "publisher, default 30 days" "publisher, 90 days")
AN["${SHAPES[0]}"]=$(measure overview-30 "$B/admin/analytics/overview" "authorization: Bearer $ADMIN")
AN["${SHAPES[1]}"]=$(measure overview-90 "$B/admin/analytics/overview?from=$D90&to=$DT0" "authorization: Bearer $ADMIN")
AN["${SHAPES[2]}"]=$(measure publisher-30 "$B/publishers/me/analytics" "X-Api-Key: $PUB_KEY")
AN["${SHAPES[3]}"]=$(measure publisher-90 "$B/publishers/me/analytics?from=$D90&to=$DT0" "X-Api-Key: $PUB_KEY")
curl -sf "$B/admin/analytics/overview?from=$D90&to=$DT0" -H "authorization: Bearer $ADMIN" >"$WORK/overview-90.json"
echo "the 90-day overview says: $(grep -o '"totals":{[^}]*}' "$WORK/overview-90.json"), $(grep -o '"users":{[^}]*}' "$WORK/overview-90.json")"

# The overview's one query that grows with users × months: distinct active users over the range.
for from in "$(date -u -d "@$((T0 - 29 * 86400))" +%Y-%m-%d)" "$D90"; do
  psql -d marketplace -tAc "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) SELECT count(DISTINCT user_id) FROM operations.monthly_active_users m
      WHERE m.month BETWEEN date_trunc('month', '$from'::date)::date AND '$DT0'
        AND m.days::bigint & ((1::bigint << extract(day FROM least('$DT0'::date, (m.month + interval '1 month - 1 day')::date))::int)
            - (1::bigint << (extract(day FROM greatest('$from'::date, m.month))::int - 1))) <> 0" \
    | grep -E 'Execution Time|Index Only Scan|Seq Scan' | sed "s/^/  active users $from..$DT0: /"
done

# ---------------------------------------------------------------- summary
SENT_RATE=$(kv sent_per_s); ACC_RATE=$(kv accepted_per_s)
met() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=" ? a >= b : a <= b); print (ok ? "met" : "NOT met") }'; }
echo
echo "| measure | target | measured | baseline (same run) | ratio | |"
echo "|---|---|---|---|---|---|"
echo "| ingestion, all events sent (new + replays) | ≥ 20,000 events/s | $SENT_RATE events/s | COPY $COPY_RATE rows/s | $(awk -v a="$SENT_RATE" -v b="$COPY_RATE" 'BEGIN { printf "%.2f", a / b }') | $(met "$SENT_RATE" ">=" 20000) |"
echo "| ingestion, unique events stored | ≥ 20,000 events/s | $ACC_RATE events/s | COPY $COPY_RATE rows/s | $(awk -v a="$ACC_RATE" -v b="$COPY_RATE" 'BEGIN { printf "%.2f", a / b }') | $(met "$ACC_RATE" ">=" 20000) |"
echo "| batch latency p50 / p95 | – | $(kv batch_p50_ms) / $(kv batch_p95_ms) ms | | | |"
echo "| counts (stored = unique, duplicates rejected) | exact | $STORED stored, $(kv duplicates) duplicates | | | $([ "$INGEST_OK" = yes ] && echo met || echo "NOT met") |"
echo "| billing run, $EVENTS events, $INVOICES invoices | ≤ 30 s | $RUN_S s | bare aggregate $AGG_S s | $(awk -v a="$RUN_S" -v b="$AGG_S" 'BEGIN { printf "%.1f", a / b }') | $(met "$RUN_S" "<=" 30)$([ "$RUN_OK" = yes ] || echo ", results WRONG") |"
for shape in "${SHAPES[@]}"; do
  read -r p50 p95 p99 n <<<"${AN[$shape]}"
  echo "| analytics $shape (p50 / p95 / p99, $n requests) | p95 ≤ 50 ms | $p50 / $p95 / $p99 ms | | | $(met "$p95" "<=" 50) |"
done
echo
echo "PostgreSQL settings: shared_buffers 128MB, random_page_cost 1.1, fsync on$([ -z "${PG_CONF:-}" ] || echo "; extra: $PG_CONF")"
echo "environment: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), PostgreSQL $("$PGBIN/postgres" -V | awk '{ print $3 }'), .NET $(dotnet --version), commit $COMMIT$DIRTY; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "raw output and logs: $WORK"
