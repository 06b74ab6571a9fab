#!/usr/bin/env bash
# Marketplace search benchmark (issue 4): GET /api/v1/marketplace/search over HTTP, five query shapes,
# p50/p95 at 10,000 and at 100,000 published listings in the same run, then EXPLAIN (ANALYZE, BUFFERS)
# of the slowest shape's slowest query at the larger size.
#
# Usage: bash bench/search/run.sh
#   REQUESTS=300 measured requests per shape and size (sequential, one keep-alive connection)
#   WARMUP=40    unmeasured requests per shape and size before measuring
#   SIZES="10000 100000"   listing counts to measure at (seeded incrementally, VACUUM ANALYZE after each)
#   DEEP_PAGES=50          how many pages the deep-cursor shape follows before measuring
#   REV=<commit>           build that commit (git archive) instead of the working tree
#   KEEP=1                 keep the PostgreSQL data directory afterwards
#   PG_CONF="random_page_cost = 4"     extra postgresql.conf lines, after ours so they win (what-if runs; default: none)
# Needs: dotnet, PostgreSQL server binaries (initdb, pg_ctl, psql; 15 preferred), curl, awk, base64.
# Builds into a temporary artifacts folder (nothing written under src/), runs its own throwaway
# PostgreSQL cluster (trust auth on 127.0.0.1 only), and passes it to the service as
# ConnectionStrings__Marketplace; both are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-40}
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
trap 'stop_all "$WORK/src"' EXIT

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
# The deep-cursor shape: these queries, DEEP_PAGES pages in (built per size, below).
cat >"$WORK/deep-bases.txt" <<'EOF'
sort=popular
sort=newest
sort=rating
pricingModel=per_call&sort=price
q=data
verifiedOnly=true&sort=newest
EOF
SHAPES=("text" "text+category+minRating" "capability" "sort=rating" "deep cursor")
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

totals() { # shape size -> "min..max" of the totals its queries match
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
  for shape in "${SHAPES[@]}"; do
    result=$(measure "$shape" "$size")
    read -r p50 p95 p99 n <<<"$result"
    P50[$shape,$size]=$p50; P95[$shape,$size]=$p95; P99[$shape,$size]=$p99; COUNT[$shape,$size]=$n
    TOTALS[$shape,$size]=$(totals "$shape" "$size")
    printf '  %-24s at %6d listings: p50 %7s ms  p95 %7s ms  p99 %7s ms  (%d requests; matches %s)\n' \
      "$shape" "$size" "$p50" "$p95" "$p99" "$n" "${TOTALS[$shape,$size]}"
  done
done

# ---------------------------------------------------------------- the table
set -- $SIZES; SMALL=$1; LARGE=${!#}
k() { awk -v n="$1" 'BEGIN { if (n >= 1000) printf "%dk", n / 1000; else printf "%d", n }'; }
echo
echo "| shape | p50@$(k "$SMALL") | p95@$(k "$SMALL") | p50@$(k "$LARGE") | p95@$(k "$LARGE") | ratio p95 | matches@$(k "$LARGE") |"
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
# The SQL ListingSearch builds, with the parameters written as literals. Every page is one statement;
# a first page's also counts every match (its first column, the total; from search_facets when one
# category, tag or capability is the only filter). Text: first the words as typed
# (strict; with no other filter and relevance order, over marketplace.search_documents); when that
# counts under a page (20), the typo-tolerant statement runs too and answers. Relevance ranks every
# match as (id, key) in a materialized CTE and joins the page's rows back to listings. Cursor pages:
# no count (the cursor carries the total and the mode), the keyset as a row comparison.
page_sql() { # from where key dir ranked count keyset(after-value) id [count-sql] -> the statement
  local from=$1 where=$2 key=$3 dir=$4 ranked=$5 count=$6 after=$7 id=$8 count_sql=${9:-} cmp total keyset=
  local cols="l.id, l.agent_id, l.agent_slug, l.name, l.summary, l.categories, l.rating_average, l.rating_count,
       l.pricing::text, l.verified, l.latest_version"
  cmp=$([ "$dir" = DESC ] && echo '<' || echo '>')
  if [ "$ranked" = true ]; then
    [ -z "$after" ] || keyset=" WHERE (sort_key, id) $cmp ($after, '$id'::uuid)"
    total=$([ "$count" = true ] && echo "(SELECT count(*) FROM matches)" || echo "NULL::bigint")
    echo "WITH matches AS MATERIALIZED (SELECT l.id, $key AS sort_key $from WHERE $where),
     page AS (SELECT id, sort_key FROM matches$keyset ORDER BY sort_key $dir, id $dir LIMIT 21)
SELECT $total AS total, $cols, page.sort_key
  FROM page JOIN marketplace.listings l ON l.id = page.id
 ORDER BY page.sort_key $dir, page.id $dir"
  else
    [ -z "$after" ] || keyset=" AND ($key, l.id) $cmp ($after, '$id'::uuid)"
    total=$([ "$count" = true ] && echo "(${count_sql:-SELECT count(*) $from WHERE $where})" || echo "NULL::bigint")
    echo "SELECT $total AS total, $cols, $key AS sort_key
  $from
 WHERE $where$keyset
 ORDER BY sort_key $dir, l.id $dir
 LIMIT 21"
  fi
}

sql_for() { # query string -> sets SQLS (array, the statements run, in order), MODE, CARRIED_TOTAL
  local qs=$1 q= category= tag= capability= model= maxprice= minrating= verified= sort= cursor= p key dir tsq json= after= id=
  local fuzzy w fuzzy_on=false filtered=false ranked=false input count strict_from strict_where first
  IFS='&' read -ra pairs <<<"$qs"
  for p in "${pairs[@]}"; do
    case ${p%%=*} in
      q) q=${p#*=};; category) category=${p#*=};; tag) tag=${p#*=};; capability) capability=${p#*=};;
      pricingModel) model=${p#*=};; maxPriceCents) maxprice=${p#*=};; minRating) minrating=${p#*=};;
      verifiedOnly) verified=${p#*=};; sort) sort=${p#*=};; cursor) cursor=${p#*=};;
    esac
  done
  q=$(echo "$q" | tr '[:upper:]' '[:lower:]')
  [ -n "$sort" ] || sort=relevance
  [ "$sort" = relevance ] && [ -z "$q" ] && sort=popular
  local where="l.status = 'published'" from="FROM marketplace.listings l"
  [ -n "$category" ] && where+=" AND l.categories @> ARRAY['$category']::text[]"
  [ -n "$tag" ] && where+=" AND l.tags @> ARRAY['$tag']::text[]"
  [ -n "$capability" ] && where+=" AND l.capabilities @> ARRAY['$capability']::text[]"
  [ -n "$model" ] && where+=" AND l.pricing_model = '$model'::text"
  [ -n "$maxprice" ] && where+=" AND l.price_cents <= $maxprice::bigint"
  [ -n "$minrating" ] && where+=" AND l.rating_average >= $minrating::float8"
  [ "$verified" = true ] && where+=" AND l.verified"
  [ "$where" = "l.status = 'published'" ] || filtered=true
  case $sort in
    relevance) key="(1 + ts_rank(l.search_vector, input.tsq))::float8"; dir=DESC; ranked=true;;
    rating) key=l.rating_score; dir=DESC;;
    newest) key=l.published_at; dir=DESC;;
    price) key=l.price_cents; dir=ASC;;
    *) key=l.popularity; dir=DESC;;
  esac
  count=true
  if [ -n "$cursor" ]; then
    count=false
    json=$(printf '%s' "$cursor" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d)
    case $sort in
      relevance|rating) after="$(echo "$json" | sed -E 's/.*"score":([^,}]+).*/\1/')::float8";;
      newest) after="'$(echo "$json" | sed -E 's/.*"time":"([^"]+)".*/\1/')'::timestamptz";;
      *) after="$(echo "$json" | sed -E 's/.*"number":([^,}]+).*/\1/')::bigint";;
    esac
    id=$(echo "$json" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    CARRIED_TOTAL=$(echo "$json" | sed -nE 's/.*"total":([0-9]+).*/\1/p')
  fi
  SQLS=(); MODE=
  if [ -z "$q" ]; then
    # One category, tag or capability and no other filter: the total comes from search_facets.
    local facet= value= column= facet_count=
    [ -n "$category" ] && facet=category value=$category column=categories
    [ -n "$tag" ] && facet=tag value=$tag column=tags
    [ -n "$capability" ] && facet=capability value=$capability column=capabilities
    [ "$where" = "l.status = 'published' AND l.$column @> ARRAY['$value']::text[]" ] &&
      facet_count="SELECT count(*) FROM marketplace.search_facets f WHERE f.kind = '$facet' AND f.value = '$value'"
    SQLS+=("$(page_sql "$from" "$where" "$key" "$dir" false "$count" "$after" "$id" "$facet_count")")
    return
  fi
  local words; words=$(echo "$q" | grep -oE '[[:alnum:]]+' | awk '!seen[$0]++' | head -12)
  tsq=$(echo "$words" | sed 's/$/:*/' | paste -sd'&' | sed 's/&/ \& /g')
  input="CROSS JOIN (SELECT to_tsquery('english', '$tsq') AS tsq) input"
  strict_from="FROM marketplace.listings l $input"; strict_where="$where AND l.search_vector @@ input.tsq"
  if [ "$filtered" = false ] && [ "$sort" = relevance ]; then
    strict_from="FROM marketplace.search_documents l $input"; strict_where="l.search_vector @@ input.tsq"
  fi
  # Typo-tolerant: each word full-text does not drop as a stop word, as a prefix or by trigram.
  fuzzy=$where
  local significant
  significant=$(psql -d marketplace -tAc "SELECT w FROM unnest(string_to_array('$(echo "$words" | paste -sd' ')', ' ')) WITH ORDINALITY AS t(w, n)
    WHERE numnode(to_tsquery('english', w || ':*')) > 0 ORDER BY n")
  [ -n "$significant" ] || fuzzy+=" AND false"
  for w in $significant; do fuzzy+=" AND (l.search_vector @@ to_tsquery('english', '$w:*') OR '$w' <% l.search_terms)"; done
  if [ -n "$cursor" ]; then
    echo "$json" | grep -q '"fuzzy":true' && fuzzy_on=true
  else
    first=$(page_sql "$strict_from" "$strict_where" "$key" "$dir" "$ranked" true "" "")
    SQLS+=("$first")
    [ "$(psql -d marketplace -tAc "SELECT coalesce((SELECT total FROM ($first) s LIMIT 1), 0)")" -lt 20 ] && fuzzy_on=true
  fi
  if [ "$fuzzy_on" = true ]; then
    MODE="typo-tolerant"
    [ "$sort" = relevance ] && key="(CASE WHEN l.search_vector @@ input.tsq THEN 1 + ts_rank(l.search_vector, input.tsq) ELSE word_similarity('$q', l.search_terms) END)::float8"
    SQLS+=("$(page_sql "FROM marketplace.listings l $input" "$fuzzy" "$key" "$dir" "$ranked" "$count" "$after" "$id")")
  else
    MODE="strict (words as typed)$([ "$strict_from" = "FROM marketplace.listings l $input" ] || echo ', over search_documents')"
    [ -z "$cursor" ] || SQLS+=("$(page_sql "$strict_from" "$strict_where" "$key" "$dir" "$ranked" false "$after" "$id")")
  fi
}

explain_shape() { # shape -> EXPLAIN of the SQL its slowest query (p95 at the larger size) runs, and a check against the API's total
  local q api_total sql_total s
  q=$(sort -k2,2gr "$WORK/latency-${1// /-}-$LARGE.per-query" | head -1 | cut -d' ' -f3-)
  CARRIED_TOTAL=
  sql_for "$q"
  api_total=$(curl -sf "$SEARCH?$q" | total_of)
  echo "query: ?${q:0:160}$([ ${#q} -gt 160 ] && echo …)"
  [ -z "$MODE" ] || echo "text match: $MODE"
  if [ -z "$CARRIED_TOTAL" ]; then
    sql_total=$(psql -d marketplace -tAc "SELECT coalesce((SELECT total FROM (${SQLS[-1]}) s LIMIT 1), 0)")
    echo "total from the API: $api_total; from the reconstructed SQL: $sql_total$([ "$api_total" = "$sql_total" ] && echo ' (same)' || echo ' (DIFFERENT)')"
  else
    echo "a cursor page: no count (total $CARRIED_TOTAL carried in the cursor; the API says $api_total)"
  fi
  for s in "${SQLS[@]}"; do
    echo; echo "$s;"
    psql -d marketplace -c "EXPLAIN (ANALYZE, BUFFERS) $s"
  done
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
echo "PostgreSQL settings: random_page_cost = 1.1$([ -z "${PG_CONF:-}" ] || echo "; extra (PG_CONF, these win): $PG_CONF")"
echo "environment: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), PostgreSQL $("$PGBIN/postgres" -V | awk '{ print $3 }'), .NET $(dotnet --version), commit $COMMIT$DIRTY"
echo "raw latencies, plans and logs: $WORK"
