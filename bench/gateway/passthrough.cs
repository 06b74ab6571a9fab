#:sdk Microsoft.NET.Sdk.Web
// The floor for any HTTP gateway on this machine: a bare Kestrel app that forwards each POST body to
// the agent with one pooled HttpClient and copies the answer back — no authentication, no checks, no
// records. The benchmark drives it like the gateway, so gateway ÷ passthrough says what the platform's
// own work costs, apart from the extra hop every gateway pays.
// Usage: dotnet run bench/gateway/passthrough.cs -- <listen-url> <agent-invoke-url>
var (listen, target) = (args[0], new Uri(args[1]));
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(listen);
var app = builder.Build();
var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
app.MapPost("/invoke", async (HttpContext context) =>
{
    using var forward = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StreamContent(context.Request.Body) };
    forward.Content.Headers.ContentType = new("application/json");
    using var answer = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
    context.Response.StatusCode = (int)answer.StatusCode;
    context.Response.ContentType = "application/json";
    await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
});
app.Run();
