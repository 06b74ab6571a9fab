// Outage load: CLIENTS connections invoke a deployment through the gateway while PostgreSQL is stopped
// (immediate) and started again; a second loop registers users (a route that needs the database and not
// the gateway); /health/live and /health/ready are probed alongside on connections of their own.
// Prints key=value lines (times in ms, from the moment the stop command was issued, or the start command
// returned) and the status counts per phase on stderr.
// Environment: API, DEPLOYMENT, API_KEY, CLIENTS (64), WARM_S (5), OUTAGE_S (8), AFTER_S (10),
// STOP_CMD, START_CMD (run with bash -c), LIVE_TIMEOUT_MS (1000).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

static string Env(string name, string? fallback = null) =>
    Environment.GetEnvironmentVariable(name) ?? fallback ?? throw new InvalidOperationException($"{name} is not set");

var api = Env("API");
var invokeUrl = $"{api}/api/v1/deployments/{Env("DEPLOYMENT")}/invoke";
var apiKey = Env("API_KEY");
var clients = int.Parse(Env("CLIENTS", "64"));
var (warm, outage, after) = (double.Parse(Env("WARM_S", "5")), double.Parse(Env("OUTAGE_S", "8")), double.Parse(Env("AFTER_S", "10")));
var liveTimeout = TimeSpan.FromMilliseconds(int.Parse(Env("LIVE_TIMEOUT_MS", "1000")));
const string Body = """{"capability":"word-count","input":{"text":"the quick brown fox jumps over the lazy dog"}}""";

var clock = Stopwatch.StartNew();
double Now() => clock.Elapsed.TotalMilliseconds;
double stoppedAt = double.NaN, startedAt = double.NaN;   // stop issued; start returned (PostgreSQL accepts connections)
var done = new CancellationTokenSource();
var answers = new ConcurrentBag<(string Route, double Sent, double Answered, int Status)>();
var probes = new ConcurrentBag<(string Route, double Sent, double Answered, int Status)>();

using var load = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 1 }) { Timeout = TimeSpan.FromSeconds(60) };
async Task LoopAsync(string route, Func<HttpRequestMessage> request)
{
    while (!done.IsCancellationRequested)
    {
        var sent = Now();
        int status;
        try
        {
            using var message = request();
            using var response = await load.SendAsync(message);
            await response.Content.ReadAsByteArrayAsync();
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            status = 0; // no HTTP answer at all
        }

        answers.Add((route, sent, Now(), status));
    }
}

HttpRequestMessage Invoke()
{
    var message = new HttpRequestMessage(HttpMethod.Post, invokeUrl) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
    message.Headers.Add("X-Api-Key", apiKey);
    return message;
}

HttpRequestMessage Register() => new(HttpMethod.Post, $"{api}/api/v1/users/register")
{
    Content = new StringContent($$"""{"email":"outage-{{Guid.NewGuid():N}}@bench.test","password":"bench-password-123","displayName":"Outage"}""",
        Encoding.UTF8, "application/json"),
};

// Probes: a fresh client each, so a probe never waits behind the load's connections.
async Task ProbeAsync(string route, TimeSpan every, TimeSpan timeout)
{
    using var probe = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = timeout };
    while (!done.IsCancellationRequested)
    {
        var sent = Now();
        int status;
        try
        {
            using var response = await probe.GetAsync($"{api}{route}");
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0; // no answer within the timeout
        }

        probes.Add((route, sent, Now(), status));
        await Task.Delay(every);
    }
}

async Task RunAsync(string command)
{
    using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        Console.Error.WriteLine($"`{command}` failed: {await process.StandardError.ReadToEndAsync()}");
    }
}

var workers = Enumerable.Range(0, clients).Select(_ => LoopAsync("invoke", Invoke))
    .Append(LoopAsync("register", Register))
    .Append(ProbeAsync("/health/live", TimeSpan.FromMilliseconds(100), liveTimeout))
    .Append(ProbeAsync("/health/ready", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)))
    .ToList();

await Task.Delay(TimeSpan.FromSeconds(warm));
stoppedAt = Now();
await RunAsync(Env("STOP_CMD"));
await Task.Delay(TimeSpan.FromSeconds(outage) - TimeSpan.FromMilliseconds(Now() - stoppedAt));
await RunAsync(Env("START_CMD"));
startedAt = Now();
await Task.Delay(TimeSpan.FromSeconds(after));
done.Cancel();
await Task.WhenAll(workers);

static string Ms(double value) => double.IsNaN(value) ? "none" : value.ToString("F0");
static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

var all = answers.OrderBy(a => a.Answered).ToList();
var invokes = all.Where(a => a.Route == "invoke").ToList();
// Sent while PostgreSQL was down; and calls in flight when it stopped (their group commit may be in doubt).
var sentDuring = all.Where(a => a.Sent >= stoppedAt && a.Sent < startedAt).ToList();
var invokesSentDuring = sentDuring.Where(a => a.Route == "invoke").ToList();
var inFlightAtStop = invokes.Where(a => a.Sent < stoppedAt && a.Answered >= stoppedAt).ToList();
static string Statuses(IEnumerable<(string Route, double Sent, double Answered, int Status)> list) =>
    string.Join(",", list.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"));
static string Latency(IEnumerable<(string Route, double Sent, double Answered, int Status)> list, double p) =>
    Ms(Percentile(list.Select(a => a.Answered - a.Sent), p));

var live = probes.Where(p => p.Route == "/health/live").OrderBy(p => p.Sent).ToList();
var liveInOutage = live.Where(p => p.Answered >= stoppedAt && p.Sent < startedAt).ToList();
var ready = probes.Where(p => p.Route == "/health/ready").OrderBy(p => p.Sent).ToList();
var sentAfterStart = invokes.Where(a => a.Sent >= startedAt).ToList();

var results = new (string Key, string Value)[]
{
    ("outage_ms", Ms(startedAt - stoppedAt)),
    ("invoke_ok", invokes.Count(a => a.Status == 200).ToString()),
    ("invoke_total", invokes.Count.ToString()),
    ("first_503_ms", Ms(invokes.Where(a => a.Answered >= stoppedAt && a.Status == 503).Select(a => a.Answered - stoppedAt).DefaultIfEmpty(double.NaN).Min())),
    ("first_invoke_failure_ms", Ms(invokes.Where(a => a.Answered >= stoppedAt && a.Status != 200).Select(a => a.Answered - stoppedAt).DefaultIfEmpty(double.NaN).Min())),
    ("during_statuses", Statuses(invokesSentDuring)),
    ("during_p50_ms", Latency(invokesSentDuring, 0.50)),
    ("during_p99_ms", Latency(invokesSentDuring, 0.99)),
    ("during_max_ms", Latency(invokesSentDuring, 1.0)),
    ("register_statuses", Statuses(sentDuring.Where(a => a.Route == "register"))),
    ("register_max_ms", Latency(sentDuring.Where(a => a.Route == "register"), 1.0)),
    ("in_flight_statuses", Statuses(inFlightAtStop)),
    ("in_flight_answered_after_start", inFlightAtStop.Count(a => a.Answered >= startedAt).ToString()),
    ("in_flight_max_ms", Latency(inFlightAtStop, 1.0)),
    ("other_than_2xx_503", all.Count(a => a.Answered >= stoppedAt && a.Status is not (200 or 201 or 503)).ToString()),
    ("live_probes_in_outage", liveInOutage.Count.ToString()),
    ("live_failed_in_outage", liveInOutage.Count(p => p.Status != 200).ToString()),
    ("live_max_ms", Ms(live.Select(p => p.Answered - p.Sent).DefaultIfEmpty(double.NaN).Max())),
    ("ready_down_after_ms", Ms(ready.Where(p => p.Sent >= stoppedAt && p.Status != 200).Select(p => p.Answered - stoppedAt).DefaultIfEmpty(double.NaN).Min())),
    ("ready_up_after_start_ms", Ms(ready.Where(p => p.Sent >= startedAt && p.Status == 200).Select(p => p.Answered - startedAt).DefaultIfEmpty(double.NaN).Min())),
    ("first_200_after_start_ms", Ms(sentAfterStart.Where(a => a.Status == 200).Select(a => a.Answered - startedAt).DefaultIfEmpty(double.NaN).Min())),
    ("last_failure_after_start_ms", Ms(sentAfterStart.Where(a => a.Status != 200).Select(a => a.Answered - startedAt).DefaultIfEmpty(0).Max())),
    ("after_statuses", Statuses(sentAfterStart)),
};
foreach (var (key, value) in results)
{
    Console.WriteLine($"{key}={value}");
}
