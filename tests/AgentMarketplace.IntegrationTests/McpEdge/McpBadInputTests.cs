using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.McpEdge;

/// <summary>
/// What `/mcp` answers to requests no well-behaved client sends, over raw HTTP: HTTP 401 for credentials,
/// JSON-RPC errors for the rest, never a 500, and nothing counted against anyone's quota.
/// </summary>
public sealed class McpBadInputTests(McpEdgeFactory api) : IClassFixture<McpEdgeFactory>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    private static HttpRequestMessage Post(string body, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        headers?.Invoke(request.Headers);
        return request;
    }

    /// <summary>The JSON-RPC message of an answer, sent as JSON or as the one event of an SSE stream.</summary>
    private static async Task<JsonElement> JsonRpcAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Single(line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]
            : text;
        return JsonDocument.Parse(json).RootElement;
    }

    private async Task<HttpClient> SignedInAsync() => api.ClientFor(await api.RegisterAsync());

    [Fact]
    public async Task Without_credentials_it_is_401_with_a_bearer_challenge()
    {
        using var anonymous = api.CreateClient();

        var response = await anonymous.SendAsync(Post(ToolsList));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("amk_not-a-key-this-server-issued")]
    [InlineData("garbage")]
    public async Task An_unknown_api_key_is_401_naming_the_header_to_send(string key)
    {
        using var anonymous = api.CreateClient();

        var response = await anonymous.SendAsync(Post(ToolsList, headers => headers.Add("X-Api-Key", key)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("ApiKey", challenge.Scheme);
        Assert.Contains("X-Api-Key", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_bearer_token_is_401()
    {
        using var client = api.ClientWithToken("not.a.token");

        var response = await client.SendAsync(Post(ToolsList));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task Get_is_405()
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync("/mcp");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("\"a string\"")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]""")]
    public async Task Malformed_json_rpc_and_batches_are_a_json_rpc_invalid_request(string body)
    {
        using var client = await SignedInAsync();

        var response = await client.SendAsync(Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await JsonRpcAsync(response)).GetProperty("error");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_unknown_method_is_method_not_found()
    {
        using var client = await SignedInAsync();

        var response = await client.SendAsync(Post("""{"jsonrpc":"2.0","id":7,"method":"tools/destroy","params":{}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonRpcAsync(response);
        Assert.Equal(7, answer.GetProperty("id").GetInt32());
        Assert.Equal(-32601, answer.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"no-such_00000000_tool","arguments":{}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"arguments":{}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":42}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"x","arguments":[1,2]}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":"a string"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/call"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":5}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":"%%%"}}""")]
    public async Task Params_that_name_no_tool_of_the_caller_or_have_the_wrong_shape_are_invalid_params(string body)
    {
        using var client = await SignedInAsync();

        var response = await client.SendAsync(Post(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = (await JsonRpcAsync(response)).GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.DoesNotContain("System.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task A_notification_alone_is_accepted_without_an_answer()
    {
        using var client = await SignedInAsync();

        var response = await client.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_platform_limit_is_413()
    {
        using var client = await SignedInAsync();
        var huge = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call",
            @params = new { name = "x", arguments = new { text = new string('x', 2 * 1024 * 1024) } } });

        var response = await client.SendAsync(Post(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_route_is_not_a_json_api_for_other_verbs()
    {
        using var client = await SignedInAsync();

        var response = await client.PutAsJsonAsync("/mcp", new { });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
