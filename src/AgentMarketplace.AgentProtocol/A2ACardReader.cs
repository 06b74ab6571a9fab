using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>The skill ids an A2A agent's card lists, or why it could not be read.</summary>
public sealed record A2ACardSkills(IReadOnlyList<string>? SkillIds, string? Error);

/// <summary>
/// Reads an A2A agent's card from where the A2A specification puts it, `/.well-known/agent-card.json` at
/// the endpoint's origin, through the same guarded HttpClient, deadline and size cap as a call. Used to
/// notice drift: a registered skill the live card no longer lists.
/// </summary>
internal sealed class A2ACardReader(HttpClient http)
{
    public const string WellKnownPath = "/.well-known/agent-card.json";

    public async Task<A2ACardSkills> ReadSkillsAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var endpoint = new Uri(endpointUrl);
            using var response = await http.GetAsync(new Uri(endpoint, WellKnownPath), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await AgentAnswers.ReadCappedAsync(response.Content, maxResponseBytes, deadline.Token);
            if (body is null)
            {
                return new A2ACardSkills(null, $"The agent card is larger than {maxResponseBytes} bytes.");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new A2ACardSkills(null, $"The agent card answered HTTP {(int)response.StatusCode}.");
            }

            if (!AgentAnswers.TryParseObject(body, out var card) || card["skills"] is not JsonArray skills)
            {
                return new A2ACardSkills(null, "The agent card is not a JSON object with `skills`.");
            }

            return new A2ACardSkills(skills.OfType<JsonObject>()
                .Select(s => s["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null)
                .OfType<string>().ToList(), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new A2ACardSkills(null, $"The agent card did not come within {timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            return new A2ACardSkills(null, $"The agent card could not be fetched: {e.Message}");
        }
    }
}
