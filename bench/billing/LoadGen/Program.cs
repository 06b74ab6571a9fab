// Sends usage events to POST /api/v1/usage/batch as fast as CONCURRENCY connections allow and reports
// events/s, accepted and duplicate counts and batch latencies. Deterministic: event i always has the
// same key and content, so a replay is a true duplicate and the expected counts are known up front.
//
// Environment: API (base URL), TARGETS (file: one line per publisher, "apiKey<TAB>deploymentId,deploymentId,…"),
// EVENTS (unique events), BATCH (events per request), REPLAYS (replays of earlier events per batch),
// CONCURRENCY (requests in flight), T0 (unix seconds; events occur in [T0 - SPAN, T0)), SPAN (seconds).
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

var api = Environment.GetEnvironmentVariable("API") ?? "http://127.0.0.1:5380";
var targets = File.ReadAllLines(Environment.GetEnvironmentVariable("TARGETS") ?? throw new InvalidOperationException("TARGETS is required"))
    .Where(l => l.Length > 0)
    .Select(l => l.Split('\t'))
    .Select(p => (Key: p[0], Deployments: p[1].Split(',')))
    .ToArray();
var events = Int("EVENTS", 2_000_000);
var batch = Int("BATCH", 1_000);
var replays = Int("REPLAYS", 100);
var concurrency = Int("CONCURRENCY", 8);
var t0 = long.Parse(Environment.GetEnvironmentVariable("T0") ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var span = Int("SPAN", 20 * 86_400);
if (replays >= batch)
{
    throw new InvalidOperationException("REPLAYS must be smaller than BATCH");
}

var fresh = batch - replays;
var batches = (events + fresh - 1) / fresh;
var publishers = targets.Length;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(api),
    Timeout = TimeSpan.FromMinutes(2),
};

long sent = 0, accepted = 0, duplicates = 0, failed = 0, done = 0;
var latencies = new double[batches];
var next = -1;
var clock = Stopwatch.StartNew();
var progress = new object();
var reported = 0;

await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    var buffer = new ArrayBufferWriter<byte>(batch * 200);
    int b;
    while ((b = Interlocked.Increment(ref next)) < batches)
    {
        var publisher = b % publishers;
        buffer.ResetWrittenCount();
        var count = WriteBatch(buffer, b, publisher);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage/batch")
        {
            Content = new ReadOnlyMemoryContent(buffer.WrittenMemory) { Headers = { { "Content-Type", "application/json" } } },
        };
        request.Headers.Add("X-Api-Key", targets[publisher].Key);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        latencies[b] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Interlocked.Add(ref sent, count);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            using var json = JsonDocument.Parse(body);
            Interlocked.Add(ref accepted, json.RootElement.GetProperty("accepted").GetInt32());
            Interlocked.Add(ref duplicates, json.RootElement.GetProperty("duplicates").GetInt32());
        }
        else
        {
            if (Interlocked.Increment(ref failed) <= 5)
            {
                Console.Error.WriteLine($"batch {b}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
            }
        }

        var finished = Interlocked.Increment(ref done);
        lock (progress)
        {
            if (finished * 10 / batches > reported)
            {
                reported = (int)(finished * 10 / batches);
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"  {reported * 10,3}%: {Interlocked.Read(ref sent),9} events sent in {clock.Elapsed.TotalSeconds,6:F1} s, {Interlocked.Read(ref sent) / clock.Elapsed.TotalSeconds,8:F0} events/s so far"));
            }
        }
    }
}))).ConfigureAwait(false);

var seconds = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
Console.WriteLine(FormattableString.Invariant(
    $"seconds={seconds:F2} batches={batches} sent={sent} accepted={accepted} duplicates={duplicates} failed={failed} expected_unique={events} expected_duplicates={sent - events} sent_per_s={sent / seconds:F0} accepted_per_s={accepted / seconds:F0} batch_p50_ms={Percentile(0.50):F1} batch_p95_ms={Percentile(0.95):F1} batch_p99_ms={Percentile(0.99):F1}"));
return failed == 0 ? 0 : 1;

// New events [b * fresh, …) and, after the publisher's first batch, replays of events from its earlier batches.
int WriteBatch(ArrayBufferWriter<byte> buffer, int b, int publisher)
{
    using var writer = new Utf8JsonWriter(buffer);
    writer.WriteStartObject();
    writer.WriteStartArray("events");
    var count = 0;
    for (long i = (long)b * fresh; i < Math.Min((long)(b + 1) * fresh, events); i++, count++)
    {
        WriteEvent(writer, i, publisher);
    }

    var earlier = b / publishers;
    for (var r = 0; earlier > 0 && r < replays; r++, count++)
    {
        var previous = publisher + publishers * (int)(Mix((ulong)b * 1_000 + (ulong)r, 7) % (ulong)earlier);
        WriteEvent(writer, (long)previous * fresh + (long)(Mix((ulong)b * 1_000 + (ulong)r, 8) % (ulong)fresh), publisher);
    }

    writer.WriteEndArray();
    writer.WriteEndObject();
    writer.Flush();
    return count;
}

void WriteEvent(Utf8JsonWriter writer, long i, int publisher)
{
    var deployments = targets[publisher].Deployments;
    writer.WriteStartObject();
    writer.WriteString("idempotencyKey", string.Create(CultureInfo.InvariantCulture, $"bench-{i}"));
    writer.WriteString("deploymentId", deployments[Mix((ulong)i, 1) % (ulong)deployments.Length]);
    writer.WriteString("capability", "bench");
    writer.WriteNumber("units", 1 + (long)(Mix((ulong)i, 2) % 10));
    writer.WriteString("occurredAt", DateTimeOffset.FromUnixTimeSeconds(t0 - 1 - (long)(Mix((ulong)i, 3) % (ulong)span)));
    writer.WriteEndObject();
}

double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Max(0, (int)Math.Ceiling(p * latencies.Length) - 1)];

static ulong Mix(ulong x, ulong salt)
{
    // SplitMix64: a cheap, well-spread hash so choices look random but repeat exactly.
    x += 0x9E3779B97F4A7C15UL * (salt + 1);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
    return x ^ (x >> 31);
}

static int Int(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
