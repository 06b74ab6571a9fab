-- wrk script: POST the JSON in BODY (env) with the headers the target needs.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("API_KEY")
if key and key ~= "" then
  wrk.headers["X-Api-Key"] = key
end
-- MCP=1: a Streamable HTTP POST as an MCP client on the 2025-11-25 revision sends it.
if os.getenv("MCP") == "1" then
  wrk.headers["Accept"] = "application/json, text/event-stream"
  wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
end
