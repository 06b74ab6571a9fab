#!/usr/bin/env bash
# Gateway benchmark: the sample agent called directly, through a bare forwarding proxy (passthrough.cs: the
# floor any HTTP gateway pays for its extra hop) and through the gateway, same run, same machine. The gateway
# is measured on each protocol the same sample agent speaks: http-json, MCP (/mcp, the official SDK on both
# ends) and A2A 1.0 (/a2a, SendMessage), and each protocol's cost is reported as a ratio over http-json.
# The marketplace's own MCP endpoint (POST /mcp, tools/call) is measured against …/invoke on the same
# http-json deployment: its throughput ratio and the p50 it adds.
# Usage: bash bench/gateway/run.sh            (DURATION=20 CONNECTIONS="1 16 64" WARMUP=10 EXACT_DURATION=10 by default;
#        API, AGENT, PASSTHROUGH move the three listeners off 127.0.0.1:5180/5190/5191)
# Needs: dotnet, PostgreSQL server binaries, wrk (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
API=${API:-http://127.0.0.1:5180}
AGENT=${AGENT:-http://127.0.0.1:5190}
PASSTHROUGH=${PASSTHROUGH:-http://127.0.0.1:5191}
WORK=$(mktemp -d /tmp/amk-bench-XXXX)
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

echo "building (Release)…"
dotnet build -c Release -v q src/AgentMarketplace.Api >/dev/null
dotnet build -c Release -v q samples/AgentMarketplace.SampleAgent >/dev/null
dotnet build -c Release -v q -o "$WORK/passthrough" bench/gateway/passthrough.cs >/dev/null

cleanup() { kill "$API_PID" "$AGENT_PID" "$PASSTHROUGH_PID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
if curl -sf $API/health/live >/dev/null 2>&1; then echo "something already listens on $API; stop it first" >&2; exit 1; fi
dotnet samples/AgentMarketplace.SampleAgent/bin/Release/net10.0/AgentMarketplace.SampleAgent.dll --urls $AGENT \
  > "$WORK/agent.log" 2>&1 & AGENT_PID=$!
dotnet "$WORK/passthrough/passthrough.dll" $PASSTHROUGH $AGENT/invoke > "$WORK/passthrough.log" 2>&1 & PASSTHROUGH_PID=$!
# Development: the service starts its own PostgreSQL under $WORK; logging kept to warnings so it does not dominate.
(cd src/AgentMarketplace.Api && ASPNETCORE_ENVIRONMENT=Development Platform__DataDirectory="$WORK/data" \
  Serilog__MinimumLevel__Default=Warning Users__Login__PerAddressPerMinute=100000 \
  exec dotnet bin/Release/net10.0/AgentMarketplace.Api.dll --urls $API > "$WORK/api.log" 2>&1) & API_PID=$!
for _ in $(seq 1 120); do curl -sf $API/health/ready >/dev/null && curl -sf $AGENT/health >/dev/null && break; sleep 1; done
READY='{"capability":"word-count","input":{"text":"ready"}}'
for _ in $(seq 1 30); do curl -sf -XPOST $PASSTHROUGH/invoke -H 'content-type: application/json' -d "$READY" >/dev/null && break; sleep 1; done

J='content-type: application/json'
json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\\1/"; }
token() { curl -s -XPOST $API/api/v1/auth/token -H "$J" -d "{\"email\":\"$1\",\"password\":\"bench-password-123\"}" | json accessToken; }
curl -s -XPOST $API/api/v1/users/register -H "$J" -d '{"email":"pub@bench.test","password":"bench-password-123","displayName":"Pub"}' >/dev/null
curl -s -XPOST $API/api/v1/users/register -H "$J" -d '{"email":"user@bench.test","password":"bench-password-123","displayName":"User"}' >/dev/null
PUB=$(token pub@bench.test); USER=$(token user@bench.test)
ADMIN=$(curl -s -XPOST $API/api/v1/auth/token -H "$J" -d '{"email":"admin@localhost.test","password":"change-me-admin-password"}' | json accessToken)
curl -s -XPOST $API/api/v1/users/me/publisher -H "authorization: Bearer $PUB" -H "$J" -d '{"publisherName":"Bench"}' >/dev/null
AGENT_ID=$(curl -s -XPOST $API/api/v1/agents -H "authorization: Bearer $PUB" -H "$J" \
  -d '{"slug":"bench-agent","name":"Bench","description":"Sample agent.","categories":["other"],"tags":[]}' | json id)
curl -s $AGENT/registration.json | curl -s -XPOST $API/api/v1/agents/$AGENT_ID/versions -H "authorization: Bearer $PUB" -H "$J" -d @- >/dev/null
curl -s -XPOST $API/api/v1/agents/$AGENT_ID/versions/1.0.0/verify -H "authorization: Bearer $PUB" >/dev/null
USER_ID=$(curl -s $API/api/v1/users/me -H "authorization: Bearer $USER" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
curl -s -XPUT $API/api/v1/admin/users/$USER_ID/quota -H "authorization: Bearer $ADMIN" -H "$J" \
  -d '{"requestsPerMinute":100000000,"callsPerMonth":100000000}' >/dev/null
DEPLOYMENT=$(curl -s -XPOST $API/api/v1/deployments -H "authorization: Bearer $USER" -H "$J" \
  -d "{\"agentId\":\"$AGENT_ID\",\"environment\":\"production\"}" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
# The same agent as an MCP server (capabilities from its tools/list) and as an A2A 1.0 agent (from its card).
deploy() { curl -s -XPOST $API/api/v1/deployments -H "authorization: Bearer $USER" -H "$J" \
  -d "{\"agentId\":\"$1\",\"environment\":\"production\"}" | sed -E 's/^\{"id":"([^"]+)".*/\1/'; }
MCP_AGENT_ID=$(curl -s -XPOST $API/api/v1/agents -H "authorization: Bearer $PUB" -H "$J" \
  -d '{"slug":"bench-mcp","name":"Bench MCP","description":"Sample agent over MCP.","categories":["other"],"tags":[]}' | json id)
curl -s -XPOST $API/api/v1/agents/$MCP_AGENT_ID/versions -H "authorization: Bearer $PUB" -H "$J" \
  -d "{\"version\":\"1.0.0\",\"endpointUrl\":\"$AGENT/mcp\",\"protocol\":\"mcp\"}" >/dev/null
A2A10_AGENT_ID=$(curl -s $AGENT/.well-known/agent-card.json | curl -s -XPOST "$API/api/v1/agents/import/a2a?slug=bench-a2a10" \
  -H "authorization: Bearer $PUB" -H "$J" -d @- | sed -E 's/^\{"agent":\{"id":"([^"]+)".*/\1/')
for id in $MCP_AGENT_ID $A2A10_AGENT_ID; do
  curl -s -XPOST $API/api/v1/agents/$id/versions/1.0.0/verify -H "authorization: Bearer $PUB" | grep -q '"status":"verified"' \
    || { echo "agent $id did not verify" >&2; exit 1; }
done
MCP_DEPLOYMENT=$(deploy "$MCP_AGENT_ID"); A2A10_DEPLOYMENT=$(deploy "$A2A10_AGENT_ID")
KEY=$(curl -s -XPOST $API/api/v1/users/me/api-keys -H "authorization: Bearer $USER" -H "$J" -d '{"name":"bench"}' | json key)
# The same http-json deployment as a tool of the marketplace's own MCP endpoint: stateless Streamable HTTP, one
# POST per tools/call, sent as a client on the 2025-11-25 revision sends it (post.lua adds Accept and the version).
mcp_post() { curl -s -XPOST $API/mcp -H "X-Api-Key: $KEY" -H "$J" -H 'accept: application/json, text/event-stream' \
  -H 'mcp-protocol-version: 2025-11-25' -d "$1"; }
TOOL=$(mcp_post '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' | grep -o '"name":"bench-agent_[0-9a-f]*_word-count"' | head -n 1 | json name)
[ -n "$TOOL" ] || { echo "the bench deployment's word-count is not among /mcp's tools" >&2; exit 1; }
BODY_MCP="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$TOOL\",\"arguments\":{\"text\":\"the quick brown fox jumps over the lazy dog\"}}}"
mcp_post "$BODY_MCP" | grep -q '"structuredContent":{"words":9' || { echo "tools/call of $TOOL did not answer its words" >&2; exit 1; }
quota_used() { curl -s $API/api/v1/users/me/quota -H "authorization: Bearer $USER" | sed -E 's/.*"used":\{"callsThisMonth":([0-9]+).*/\1/'; }

run() { # name url body key connections
  BODY="$3" API_KEY="$4" MCP="${MCP:-}" wrk -t "$(( $5 < 2 ? 1 : 2 ))" -c "$5" -d "${DURATION}s" --latency -s bench/gateway/post.lua "$2" > "$WORK/$1-$5.txt"
  local rps p50 p99 non2xx requests
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1-$5.txt")
  p50=$(awk '/ 50%/ {print $2}' "$WORK/$1-$5.txt"); p99=$(awk '/ 99%/ {print $2}' "$WORK/$1-$5.txt")
  requests=$(awk '/requests in/ {print $1}' "$WORK/$1-$5.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$1-$5.txt"); non2xx=${non2xx:-0}
  printf '| %-8s | %3s | %10s | %8s | %8s | %9s | %6s |\n' "$1" "$5" "$rps" "$p50" "$p99" "$requests" "$non2xx"
  return 0
}
BODY_DIRECT='{"capability":"word-count","input":{"text":"the quick brown fox jumps over the lazy dog"}}'
BODY_GATEWAY='{"capability":"word-count","input":{"text":"the quick brown fox jumps over the lazy dog"}}'
# Warm-up, not measured: the service's first calls run unoptimized code while the JIT tiers it up.
BODY="$BODY_GATEWAY" API_KEY="$KEY" wrk -t 2 -c 16 -d "${WARMUP:-10}s" -s bench/gateway/post.lua "$API/api/v1/deployments/$DEPLOYMENT/invoke" >/dev/null
BODY="$BODY_DIRECT" wrk -t 2 -c 16 -d "${WARMUP:-10}s" -s bench/gateway/post.lua "$PASSTHROUGH/invoke" >/dev/null
for d in $MCP_DEPLOYMENT $A2A10_DEPLOYMENT; do
  BODY="$BODY_GATEWAY" API_KEY="$KEY" wrk -t 2 -c 16 -d "${WARMUP:-10}s" -s bench/gateway/post.lua "$API/api/v1/deployments/$d/invoke" >/dev/null
done
BODY="$BODY_MCP" API_KEY="$KEY" MCP=1 wrk -t 2 -c 16 -d "${WARMUP:-10}s" -s bench/gateway/post.lua "$API/mcp" >/dev/null
MCP_COUNTED=0
echo; echo "| target  | conns | req/s | p50 | p99 | requests | non-2xx |"; echo "|---|---|---|---|---|---|---|"
for c in $CONNECTIONS; do
  run direct "$AGENT/invoke" "$BODY_DIRECT" "" "$c"
  run passthru "$PASSTHROUGH/invoke" "$BODY_DIRECT" "" "$c"
  run gateway "$API/api/v1/deployments/$DEPLOYMENT/invoke" "$BODY_GATEWAY" "$KEY" "$c"
  # Right after the invoke row: the same deployment through /mcp, under as nearly the same load as can be.
  before=$(quota_used)
  MCP=1 run mcp-edge "$API/mcp" "$BODY_MCP" "$KEY" "$c"
  MCP_COUNTED=$(( MCP_COUNTED + $(quota_used) - before ))
  run gw-mcp "$API/api/v1/deployments/$MCP_DEPLOYMENT/invoke" "$BODY_GATEWAY" "$KEY" "$c"
  run gw-a2a10 "$API/api/v1/deployments/$A2A10_DEPLOYMENT/invoke" "$BODY_GATEWAY" "$KEY" "$c"
done

# Exactness: a load generator that awaits every response, then the platform's two counts of the same calls
# (the quota counter in Users and the usage events in Billing) must both have moved by exactly its successes.
usage_calls() { curl -s "$API/api/v1/billing/usage" -H "authorization: Bearer $USER" | grep -o "\"deploymentId\":\"$DEPLOYMENT\",\"calls\":[0-9]*" | sed -E 's/.*:([0-9]+)$/\1/'; }
# The service's own CPU time (user + system, clock ticks of /proc/<pid>/stat) over each exact run: CPU per call
# hardly depends on what else the machine runs, where req/s and latency do.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$API_PID/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)
QUOTA_BEFORE=$(quota_used); USAGE_BEFORE=$(usage_calls); CPU_BEFORE=$(cpu_ticks)
read -r EXACT_OK EXACT_FAILED EXACT_SECONDS < <(dotnet run bench/gateway/exact-load.cs -- \
  "$API/api/v1/deployments/$DEPLOYMENT/invoke" "${EXACT_CONNECTIONS:-64}" "${EXACT_DURATION:-10}" "$BODY_GATEWAY" "$KEY")
QUOTA_AFTER=$(quota_used); USAGE_AFTER=$(usage_calls); CPU_AFTER=$(cpu_ticks)
# The same through /mcp: its answers are 200 even when a call is refused, so exactness is what proves them calls.
MCP_QUOTA_BEFORE=$QUOTA_AFTER; MCP_USAGE_BEFORE=$USAGE_AFTER; MCP_CPU_BEFORE=$(cpu_ticks)
read -r MCP_OK MCP_FAILED MCP_SECONDS < <(MCP=1 dotnet run bench/gateway/exact-load.cs -- \
  "$API/mcp" "${EXACT_CONNECTIONS:-64}" "${EXACT_DURATION:-10}" "$BODY_MCP" "$KEY")
MCP_QUOTA_AFTER=$(quota_used); MCP_USAGE_AFTER=$(usage_calls); MCP_CPU_AFTER=$(cpu_ticks)
RSS_MB=$(( $(ps -o rss= -p "$API_PID") / 1024 ))
echo
echo "exact run (${EXACT_CONNECTIONS:-64} connections, ${EXACT_SECONDS}s, every response awaited): $EXACT_OK succeeded, $EXACT_FAILED failed"
echo "quota calls counted: $(( QUOTA_AFTER - QUOTA_BEFORE )); usage events' calls: $(( USAGE_AFTER - USAGE_BEFORE ))"
if [ $(( QUOTA_AFTER - QUOTA_BEFORE )) -eq "$EXACT_OK" ] && [ $(( USAGE_AFTER - USAGE_BEFORE )) -eq "$EXACT_OK" ]; then
  echo "usage exact: yes (nothing lost, nothing counted twice)"
else
  echo "usage exact: NO"
fi
echo "exact run through /mcp (tools/call, same deployment): $MCP_OK succeeded, $MCP_FAILED failed; quota calls counted: $(( MCP_QUOTA_AFTER - MCP_QUOTA_BEFORE )); usage events' calls: $(( MCP_USAGE_AFTER - MCP_USAGE_BEFORE ))"
if [ $(( MCP_QUOTA_AFTER - MCP_QUOTA_BEFORE )) -eq "$MCP_OK" ] && [ $(( MCP_USAGE_AFTER - MCP_USAGE_BEFORE )) -eq "$MCP_OK" ]; then
  echo "usage exact through /mcp: yes"
else
  echo "usage exact through /mcp: NO"
fi
awk -v a="$(( CPU_AFTER - CPU_BEFORE ))" -v n="$EXACT_OK" -v b="$(( MCP_CPU_AFTER - MCP_CPU_BEFORE ))" -v m="$MCP_OK" -v t="$TICKS_PER_SECOND" \
  'BEGIN { i = 1e6*a/t/n; p = 1e6*b/t/m; printf "service CPU per call: …/invoke %.0f us, /mcp tools/call %.0f us (x%.2f, %+.0f us)\n", i, p, p/i, p-i }'
echo "API resident memory at the end: ${RSS_MB} MB"
rps() { awk '/Requests\/sec/ {print $2}' "$WORK/$1-$2.txt"; }
for c in $CONNECTIONS; do
  awk -v c="$c" -v g="$(rps gateway "$c")" -v d="$(rps direct "$c")" -v p="$(rps passthru "$c")" \
    'BEGIN { printf "at %s connections: gateway = %.1f%% of direct, %.1f%% of passthrough; passthrough = %.1f%% of direct\n", c, 100*g/d, 100*g/p, 100*p/d }'
done
# The cost of each protocol over http-json, through the same gateway to the same agent: throughput and
# median latency as ratios (above 1 for latency, below 1 for throughput, means the protocol costs more).
ms() { awk '/ 50%/ { v=$2; if (v ~ /us$/) { sub(/us$/, "", v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v*=1000 }; print v }' "$WORK/$1-$2.txt"; }
for c in $CONNECTIONS; do
  for p in gw-mcp gw-a2a10; do
    awk -v c="$c" -v p="$p" -v r="$(rps "$p" "$c")" -v h="$(rps gateway "$c")" -v l="$(ms "$p" "$c")" -v hl="$(ms gateway "$c")" \
      'BEGIN { printf "at %s connections: %s over http-json: req/s x%.2f, p50 x%.2f\n", c, p, r/h, l/hl }'
  done
done
# The marketplace's MCP endpoint against …/invoke of the same deployment: the throughput ratio (target >= 0.8)
# and the median latency it adds (target <= 0.5 ms). Its answers are 200 whether or not the call was refused,
# so the quota counter says how many were real calls: wrk's count of answers, less those still in flight.
for c in $CONNECTIONS; do
  awk -v c="$c" -v r="$(rps mcp-edge "$c")" -v h="$(rps gateway "$c")" -v l="$(ms mcp-edge "$c")" -v hl="$(ms gateway "$c")" \
    'BEGIN { printf "at %s connections: /mcp tools/call over …/invoke (same deployment): req/s x%.2f, p50 %+.2f ms\n", c, r/h, l-hl }'
done
MCP_ANSWERS=0
for c in $CONNECTIONS; do MCP_ANSWERS=$(( MCP_ANSWERS + $(awk '/requests in/ {print $1}' "$WORK/mcp-edge-$c.txt") )); done
echo "/mcp: $MCP_ANSWERS answers counted by wrk, $MCP_COUNTED calls counted by the quota (the difference: calls in flight when wrk stopped)"
echo "raw wrk output: $WORK"
