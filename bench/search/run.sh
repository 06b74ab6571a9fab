#!/usr/bin/env bash
# Marketplace search benchmark (issues 4 and 20): GET /api/v1/marketplace/search over HTTP, six query shapes,
# p50/p95 at 10,000 and at 100,000 published listings in the same run, then EXPLAIN (ANALYZE, BUFFERS)
# of the slowest shape's slowest query at the larger size.
#
# Usage: bash bench/search/run.sh
#   REQUESTS=300 measured requests per shape and size (sequential, one keep-alive connection)
#   WARMUP=40    unmeasured requests per shape and size before measuring
#   SERVICE_WARMUP=400     unmeasured requests per shape before the first size is measured, so that the
#                          service's JIT has settled and the first size is not measured colder than the rest
#   SIZES="10000 100000"   listing counts to measure at (seeded incrementally, VACUUM ANALYZE after each)
#   DEEP_PAGES=50          how many pages the deep-cursor shape follows before measuring
#   REV=<commit>           build that commit (git archive) instead of the working tree
#   KEEP=1                 keep the PostgreSQL data directory afterwards
#   PG_CONF="random_page_cost = 4"     extra postgresql.conf lines, after ours so they win (what-if runs; default: none;
#                          one that sets shared_preload_libraries must keep auto_explain in it, or the plans come out empty)
# Needs: dotnet, PostgreSQL server binaries (initdb, pg_ctl, psql; 15 preferred), curl, awk, base64.
# Builds into a temporary artifacts folder (nothing written under src/), runs its own throwaway
# PostgreSQL cluster (trust auth on 127.0.0.1 only), and passes it to the service as
# ConnectionStrings__Marketplace; both are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-40}
SERVICE_WARMUP=${SERVICE_WARMUP:-400}
SIZES=${SIZES:-"10000 100000"}
DEEP_PAGES=${DEEP_PAGES:-50}
API_PORT=${API_PORT:-5280}
API=http://127.0.0.1:$API_PORT
SEARCH=$API/api/v1/marketplace/search
WORK=$(mktemp -d /tmp/amk-search-XXXX)
chmod 755 "$WORK"   # the postgres user must reach its data directory below
echo "results and logs: $WORK"

source "$ROOT/bench/lib/postgres.sh"
refuse_busy "$API"
trap '[ -z "${AUTO_EXPLAIN_ON:-}" ] || auto_explain off || true; stop_all "$WORK/src"' EXIT

# ---------------------------------------------------------------- build (Release, outside src/)
SRC=$ROOT
if [ -n "${REV:-}" ]; then
  SRC=$WORK/src; mkdir -p "$SRC"; git archive "$REV" | tar -x -C "$SRC"
fi
COMMIT=$(git -C "$ROOT" rev-parse --short "${REV:-HEAD}")
DIRTY=$([ -z "${REV:-}" ] && [ -n "$(git -C "$ROOT" status --porcelain -- src)" ] && echo " + uncommitted src changes" || true)
echo "building Release of $COMMIT$DIRTY…"
dotnet build -c Release -v q "$SRC/src/AgentMarketplace.Api" --artifacts-path "$WORK/artifacts" >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; exit 1; }
DLL=$WORK/artifacts/bin/AgentMarketplace.Api/release/AgentMarketplace.Api.dll

# ---------------------------------------------------------------- PostgreSQL of our own
mkdir -p "$WORK/data"
# auto_explain shows the plans of the statements the service runs (see explain_shape); it is idle until then.
USER_PG_CONF=${PG_CONF:-}
PG_CONF="shared_preload_libraries = 'auto_explain'${PG_CONF:+
$PG_CONF}"
start_postgres 55432

# ---------------------------------------------------------------- the service
# Development (as bench/gateway), logging at Warning. The maintenance job (popularity refresh and
# scheduled prices over all listings) runs at start-up and then every 300 s by default; it is pushed
# to once a day so that it cannot land inside a measurement (it is background work, not search).
(cd "$SRC/src/AgentMarketplace.Api" && ASPNETCORE_ENVIRONMENT=Development Platform__DataDirectory="$WORK/data" \
  ConnectionStrings__Marketplace="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=marketplace" \
  Serilog__MinimumLevel__Default=Warning Marketplace__MaintenanceIntervalSeconds=86400 \
  exec dotnet "$DLL" --urls "$API" >"$WORK/api.log" 2>&1) & API_PID=$!
for _ in $(seq 1 180); do
  curl -sf "$API/health/ready" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { echo "the service exited:" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$API/health/ready" >/dev/null || { echo "the service did not become ready" >&2; tail -30 "$WORK/api.log" >&2; exit 1; }
psql -d marketplace -tAc "SELECT 1 FROM information_schema.columns WHERE table_schema='marketplace' AND table_name='listings' AND column_name='search_vector'" | grep -q 1 \
  || { echo "marketplace.listings has no search_vector: migrations not applied?" >&2; exit 1; }

# ---------------------------------------------------------------- query shapes
# One file per shape, one query string per line; requests cycle through the lines.
cat >"$WORK/shape-text.txt" <<'EOF'
q=summarize
q=invoice
q=email
q=translate
q=customer
q=data
q=code
q=report
EOF
cat >"$WORK/shape-text+category+minRating.txt" <<'EOF'
q=invoice&category=extraction&minRating=3.5
q=meeting&category=summarization&minRating=4
q=email&category=generation&minRating=3
q=customer&category=analytics&minRating=4
q=code&category=coding&minRating=4.5
q=support&category=conversation&minRating=3.5
q=audio&category=audio&minRating=4
q=data&category=data&minRating=3
EOF
cat >"$WORK/shape-capability.txt" <<'EOF'
capability=summarize
capability=translate
capability=extract_entities
capability=code_review
capability=transcribe_audio
capability=web_search
capability=detect_objects
capability=word_count
EOF
cat >"$WORK/shape-sort=rating.txt" <<'EOF'
sort=rating
sort=rating&category=vision
sort=rating&pricingModel=free
sort=rating&verifiedOnly=true
sort=rating&maxPriceCents=50
EOF
# Reliability (issue 20): the success-rate filter and the reliability sort, alone and beside text and facets.
cat >"$WORK/shape-reliability.txt" <<'EOF'
sort=reliability
minSuccessRate=0.99
minSuccessRate=0.95&sort=reliability
category=data&sort=reliability
q=invoice&minSuccessRate=0.9
capability=translate&minSuccessRate=0.98
minSuccessRate=0.9&pricingModel=free&sort=reliability
q=data&sort=reliability
EOF
# The deep-cursor shape: these queries, DEEP_PAGES pages in (built per size, below).
cat >"$WORK/deep-bases.txt" <<'EOF'
sort=popular
sort=newest
sort=rating
pricingModel=per_call&sort=price
q=data
verifiedOnly=true&sort=newest
minSuccessRate=0.9&sort=reliability
EOF
SHAPES=("text" "text+category+minRating" "capability" "sort=rating" "reliability" "deep cursor")
shape_file() { if [ "$1" = "deep cursor" ]; then echo "$WORK/shape-deep-$2.txt"; else echo "$WORK/shape-$1.txt"; fi; }

cursor_of() { grep -o '"nextCursor":"[^"]*"' | cut -d'"' -f4 || true; }
total_of() { grep -o '"total":[0-9]*' | cut -d: -f2 || true; }

build_deep() { # size: follows each base query DEEP_PAGES pages and keeps the cursor of the next page
  local size=$1 base cursor page
  : >"$WORK/shape-deep-$size.txt"
  while read -r base; do
    cursor=$(curl -sf "$SEARCH?$base" | cursor_of)
    for page in $(seq 2 "$DEEP_PAGES"); do
      [ -n "$cursor" ] || break
      cursor=$(curl -sf "$SEARCH?$base&cursor=$cursor" | cursor_of)
    done
    [ -n "$cursor" ] || { echo "'$base' has fewer than $((DEEP_PAGES + 1)) pages at $size listings" >&2; exit 1; }
    echo "$base&cursor=$cursor" >>"$WORK/shape-deep-$size.txt"
  done <"$WORK/deep-bases.txt"
}

run_requests() { # file count out: count requests cycling through the file's queries, one connection
  local file=$1 count=$2 out=$3 n i
  mapfile -t queries <"$file"; n=${#queries[@]}
  : >"$out.curl"
  for ((i = 0; i < count; i++)); do echo "url = \"$SEARCH?${queries[i % n]}\"" >>"$out.curl"; done
  curl -s -K "$out.curl" -w '\n@@ %{http_code} %{time_total}\n' | grep '^@@' >"$out" || true
}

measure() { # shape size -> "p50 p95 p99 count" in ms
  local file out bad
  file=$(shape_file "$1" "$2"); out="$WORK/latency-${1// /-}-$2"
  run_requests "$file" "$WARMUP" "$out.warmup"
  run_requests "$file" "$REQUESTS" "$out.raw"
  bad=$(awk '$2 != 200' "$out.raw" | wc -l)
  [ "$bad" = 0 ] || { echo "$bad non-200 answers for shape $1 at $2 listings:" >&2; sort "$out.raw" | uniq -c | head >&2; exit 1; }
  awk '{ printf "%.3f\n", $3 * 1000 }' "$out.raw" | sort -n >"$out.ms"
  # Per query of the shape (request i used query i mod n): p50 and p95.
  awk -v n="$(wc -l <"$file")" '{ printf "%d %.3f\n", (NR - 1) % n + 1, $3 * 1000 }' "$out.raw" | sort -k1,1n -k2,2n |
    awk 'function flush() { if (c) printf "%s %.2f %.2f\n", k, v[int(0.5 * c + 0.999999)], v[int(0.95 * c + 0.999999)] }
         $1 != k { flush(); k = $1; c = 0 } { v[++c] = $2 } END { flush() }' |
    while read -r i p50 p95; do echo "$p50 $p95 $(sed -n "${i}p" "$file")"; done >"$out.per-query"
  awk '{ v[NR] = $1 } END { n = NR;
         i50 = int(0.50 * n + 0.999999); i95 = int(0.95 * n + 0.999999); i99 = int(0.99 * n + 0.999999);
         printf "%.2f %.2f %.2f %d\n", v[i50], v[i95], v[i99], n }' "$out.ms"
}

totals() { # shape size -> "min..max" of the totals its queries answer (counted up to 1,000 with text, 10,000 without)
  local file q t lo= hi=
  file=$(shape_file "$1" "$2")
  while read -r q; do
    t=$(curl -sf "$SEARCH?$q" | total_of)
    [ -z "$lo" ] || [ "$t" -lt "$lo" ] && lo=$t
    [ -z "$hi" ] || [ "$t" -gt "$hi" ] && hi=$t
  done <"$file"
  echo "$lo..$hi"
}

# ---------------------------------------------------------------- seed, measure, repeat
seeded=0
declare -A P50 P95 P99 COUNT TOTALS
for size in $SIZES; do
  if [ "$size" -gt "$seeded" ]; then
    start=$(date +%s)
    psql -d marketplace -v from=$((seeded + 1)) -v to="$size" <"$ROOT/bench/search/seed.sql"
    psql -d marketplace -c 'VACUUM (ANALYZE) marketplace.listings, marketplace.search_documents, marketplace.search_facets, marketplace.prices, marketplace.agent_activity'
    echo "seeded listings $((seeded + 1))..$size and vacuumed/analyzed in $(( $(date +%s) - start )) s"
    seeded=$size
  fi
  echo "three of the seeded listings:"
  psql -d marketplace -c "SELECT name, left(summary, 90) || '…' AS summary, categories, tags, capabilities, pricing_model AS model,
      price_cents AS cents, rating_count AS ratings, round(rating_average::numeric, 2) AS avg, popularity AS pop, published_at::date
      FROM marketplace.listings WHERE id IN (md5('listing-1')::uuid, md5('listing-2')::uuid, md5('listing-3')::uuid)" | cut -c1-400
  published=$(psql -d marketplace -tAc "SELECT count(*) FROM marketplace.listings WHERE status = 'published'")
  [ "$published" = "$size" ] || { echo "expected $size published listings, found $published" >&2; exit 1; }
  build_deep "$size"
  if [ "$SERVICE_WARMUP" -gt 0 ]; then
    for shape in "${SHAPES[@]}"; do run_requests "$(shape_file "$shape" "$size")" "$SERVICE_WARMUP" "$WORK/service-warmup"; done
    SERVICE_WARMUP=0
  fi
  for shape in "${SHAPES[@]}"; do
    result=$(measure "$shape" "$size")
    read -r p50 p95 p99 n <<<"$result"
    P50[$shape,$size]=$p50; P95[$shape,$size]=$p95; P99[$shape,$size]=$p99; COUNT[$shape,$size]=$n
    TOTALS[$shape,$size]=$(totals "$shape" "$size")
    printf '  %-24s at %6d listings: p50 %7s ms  p95 %7s ms  p99 %7s ms  (%d requests; totals %s)\n' \
      "$shape" "$size" "$p50" "$p95" "$p99" "$n" "${TOTALS[$shape,$size]}"
  done
done

# ---------------------------------------------------------------- the table
set -- $SIZES; SMALL=$1; LARGE=${!#}
k() { awk -v n="$1" 'BEGIN { if (n >= 1000) printf "%dk", n / 1000; else printf "%d", n }'; }
echo
echo "| shape | p50@$(k "$SMALL") | p95@$(k "$SMALL") | p50@$(k "$LARGE") | p95@$(k "$LARGE") | ratio p95 | total@$(k "$LARGE") |"
echo "|---|---|---|---|---|---|---|"
slowest=; worst=0
for shape in "${SHAPES[@]}"; do
  ratio=$(awk -v a="${P95[$shape,$LARGE]}" -v b="${P95[$shape,$SMALL]}" 'BEGIN { printf "%.2f×", a / b }')
  echo "| $shape | ${P50[$shape,$SMALL]} ms | ${P95[$shape,$SMALL]} ms | ${P50[$shape,$LARGE]} ms | ${P95[$shape,$LARGE]} ms | $ratio | ${TOTALS[$shape,$LARGE]} |"
  if awk -v a="${P95[$shape,$LARGE]}" -v b="$worst" 'BEGIN { exit !(a > b) }'; then worst=${P95[$shape,$LARGE]}; slowest=$shape; fi
done
echo
echo "targets: p95 ≤ 25 ms per shape at $(k "$LARGE"); p95@$(k "$LARGE") ≤ 3 × p95@$(k "$SMALL")"
for shape in "${SHAPES[@]}"; do
  awk -v s="$shape" -v a="${P95[$shape,$LARGE]}" -v b="${P95[$shape,$SMALL]}" 'BEGIN {
    printf "  %-24s p95 %s ms: %s;  ratio %.2f: %s\n", s, a, (a <= 25 ? "met" : "NOT met"), a / b, (a <= 3 * b ? "met" : "NOT met") }'
done

# ---------------------------------------------------------------- EXPLAIN of the slowest shape
# The plans of the statements the service itself ran for a query, from PostgreSQL's auto_explain
# (preloaded at start, switched on only here, with ANALYZE and BUFFERS): nothing is rebuilt by hand.
auto_explain() { # on|off (the EXIT trap switches it off if the script stops in between)
  if [ "$1" = on ]; then
    AUTO_EXPLAIN_ON=1
    psql -d marketplace -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "ALTER SYSTEM SET auto_explain.log_analyze = on" \
      -c "ALTER SYSTEM SET auto_explain.log_buffers = on" -c "SELECT pg_reload_conf()" >/dev/null
  else
    AUTO_EXPLAIN_ON=
    psql -d marketplace -c "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "ALTER SYSTEM RESET auto_explain.log_analyze" \
      -c "ALTER SYSTEM RESET auto_explain.log_buffers" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  sleep 0.5   # every backend applies a reload at its next command; give them that moment
}

explain_shape() { # shape -> its slowest query (p95 at the larger size), the answer's total, and the plans of what it ran
  local q log first
  q=$(sort -k2,2gr "$WORK/latency-${1// /-}-$LARGE.per-query" | head -1 | cut -d' ' -f3-)
  echo "query: ?${q:0:160}$([ ${#q} -gt 160 ] && echo …)"
  echo "answer: $(curl -sf "$SEARCH?$q" | grep -o '"total":[0-9]*,"totalExact":[a-z]*')"
  log=$WORK/pg/postgres.log
  first=$(($(wc -l <"$log") + 1))
  auto_explain on
  curl -sf "$SEARCH?$q" >/dev/null
  auto_explain off
  # Each plan is a "duration: … plan:" line and the tab-indented lines after it.
  tail -n +"$first" "$log" | awk '/LOG:  duration: .* plan:/ { keep = 1; print ""; sub(/.*LOG:  /, ""); print; next }
                                  /^\t/ && keep { print; next } { keep = 0 }'
}

echo
echo "per query at $(k "$SMALL") and $(k "$LARGE") (p50 / p95 ms; the deep-cursor cursors differ between sizes):"
for shape in "${SHAPES[@]}"; do
  echo "  $shape"
  awk '{ q = $3; sub(/&cursor=.*/, "\\&cursor=…", q) }
       FNR == NR { small[q] = $1 " / " $2; next }
       { printf "    %17s   %8s / %8s   %s\n", small[q], $1, $2, q }' \
    "$WORK/latency-${shape// /-}-$SMALL.per-query" "$WORK/latency-${shape// /-}-$LARGE.per-query"
done

for shape in "${SHAPES[@]}"; do explain_shape "$shape" >"$WORK/explain-${shape// /-}.txt" 2>&1 || true; done
echo
echo "EXPLAIN (ANALYZE, BUFFERS) of the slowest shape at $(k "$LARGE") ($slowest, p95 $worst ms), its slowest query; every shape's is in $WORK/explain-*.txt"
echo
cat "$WORK/explain-${slowest// /-}.txt"
echo
echo "PostgreSQL settings: random_page_cost = 1.1$([ -z "$USER_PG_CONF" ] || echo "; extra (PG_CONF, these win): $USER_PG_CONF")"
echo "environment: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), PostgreSQL $("$PGBIN/postgres" -V | awk '{ print $3 }'), .NET $(dotnet --version), commit $COMMIT$DIRTY"
echo "raw latencies, plans and logs: $WORK"
