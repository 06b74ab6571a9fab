using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Faults;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.HttpJson;

/// <summary>The http-json protocol: <c>POST /invoke</c> with <c>{capability, input}</c> answers <c>{output, usage: {units}}</c>.</summary>
internal static class InvokeEndpoint
{
    public static void MapInvoke(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/invoke", InvokeAsync).AddEndpointFilter<FaultDelayFilter>();

    private static async Task<IResult> InvokeAsync(HttpRequest request, SkillInvoker invoker, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        if (!body.IsWellFormed)
        {
            return BadRequest("The body is not well-formed JSON.");
        }

        if (body.Value is not JsonObject call)
        {
            return BadRequest("The body must be a JSON object {capability, input}.");
        }

        if (call["capability"].StringValue() is not { } capability)
        {
            return BadRequest("`capability` is required and must be a string.");
        }

        var result = invoker.Invoke(capability, call["input"]);
        return result.Succeeded
            ? Results.Json(new JsonObject { ["output"] = result.Output, ["usage"] = new JsonObject { ["units"] = result.Units } })
            : BadRequest(result.Error);
    }

    private static IResult BadRequest(string error) => Results.BadRequest(new { error });
}
