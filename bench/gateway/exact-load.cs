// Exact-count load: N connections each POST the same body for D seconds, every response awaited,
// so the printed count of 2xx answers is exact (wrk leaves the last requests in flight uncounted).
// Usage: dotnet run bench/gateway/exact-load.cs -- <url> <connections> <seconds> <body> [api-key]
// MCP=1 in the environment: POST as an MCP client on the 2025-11-25 revision (Accept and MCP-Protocol-Version).
using System.Diagnostics;
using System.Text;

var (url, connections, seconds, body) = (args[0], int.Parse(args[1]), int.Parse(args[2]), args[3]);
var apiKey = args.Length > 4 ? args[4] : null;
var mcp = Environment.GetEnvironmentVariable("MCP") == "1";
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections });
long ok = 0, failed = 0;
var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
var until = Stopwatch.StartNew();
var workers = Enumerable.Range(0, connections).Select(async _ =>
{
    while (until.Elapsed.TotalSeconds < seconds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (mcp)
        {
            request.Headers.Add("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
            if (!response.IsSuccessStatusCode)
            {
                failures.AddOrUpdate(((int)response.StatusCode).ToString(), 1, (_, n) => n + 1);
            }
        }
        catch (HttpRequestException e)
        {
            Interlocked.Increment(ref failed);
            failures.AddOrUpdate(e.HttpRequestError.ToString(), 1, (_, n) => n + 1);
        }
    }
});
await Task.WhenAll(workers);
Console.WriteLine($"{ok} {failed} {until.Elapsed.TotalSeconds:F1}");
foreach (var (reason, count) in failures)
{
    Console.Error.WriteLine($"failed: {reason} × {count}");
}
