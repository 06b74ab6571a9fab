using System.Net;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Operations;

public sealed class ErrorReportingTests(ErrorReportingFactory api, SampleAgentHost agent)
    : IClassFixture<ErrorReportingFactory>, IClassFixture<SampleAgentHost>
{
    private async Task<JsonElement> AdminErrorsAsync(string query = "")
    {
        using var admin = api.ClientFor(await api.AdminAsync());
        return await (await admin.GetAsync("/api/v1/admin/errors" + query)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_failing_agent_call_is_listed_for_admins_with_its_trace_id_and_without_the_request_body()
    {
        var published = await api.PublishSampleAsync(agent);
        using var user = api.ClientFor(await api.RegisterAsync());
        var deployment = (await user.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        var secretInput = "top-secret-" + new string('x', ErrorReportingFactory.MaxResponseBytes);

        var failed = await user.InvokeAsync(deployment, "echo", new { text = secretInput });

        var problem = await failed.AssertProblemAsync(HttpStatusCode.BadGateway);
        var traceId = problem.GetProperty("traceId").GetString()!;
        var errors = await AdminErrorsAsync($"?deploymentId={deployment}");
        var error = Assert.Single(errors.GetProperty("items").EnumerateArray());
        Assert.Equal("Deployment", error.GetProperty("module").GetString());
        Assert.Equal(502, error.GetProperty("status").GetInt32());
        Assert.Contains(error.GetProperty("traceId").GetString()!, traceId, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret", error.GetRawText(), StringComparison.Ordinal);
        Assert.Single((await AdminErrorsAsync("?module=Deployment")).GetProperty("items").EnumerateArray(),
            e => e.GetProperty("deploymentId").GetString() == deployment.ToString());
    }

    [Fact]
    public async Task A_500_is_listed_with_its_trace_id_and_the_exception_type_but_not_its_message()
    {
        var response = await api.CreateClient().GetAsync(ErrorReportingFactory.BrokenPath);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        var errors = await AdminErrorsAsync("?module=Platform");
        var error = Assert.Single(errors.GetProperty("items").EnumerateArray());
        Assert.Equal(500, error.GetProperty("status").GetInt32());
        Assert.Contains(error.GetProperty("traceId").GetString()!, problem.GetProperty("traceId").GetString()!, StringComparison.Ordinal);
        Assert.Equal("Unhandled InvalidOperationException", error.GetProperty("message").GetString());
        Assert.DoesNotContain("hunter2", error.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_filters_by_time_and_bad_filters_are_400_and_only_admins_may_look()
    {
        var future = Uri.EscapeDataString(api.Clock.GetUtcNow().AddDays(1).ToString("o"));
        var past = Uri.EscapeDataString(api.Clock.GetUtcNow().AddDays(-1).ToString("o"));

        Assert.Empty((await AdminErrorsAsync($"?from={future}")).GetProperty("items").EnumerateArray());
        using var admin = api.ClientFor(await api.AdminAsync());
        await (await admin.GetAsync($"/api/v1/admin/errors?from={future}&to={past}")).AssertValidationErrorAsync("from");
        await (await admin.GetAsync("/api/v1/admin/errors?limit=1000")).AssertValidationErrorAsync("limit");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync("/api/v1/admin/errors")).StatusCode);
    }
}
