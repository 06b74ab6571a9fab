using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// The document as a whole: a description per tag, and no schema that nothing references (the
/// framework's validation-problem type, replaced by the shared problem responses).
/// </summary>
internal sealed partial class DocumentShapeFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Users"] = "Accounts, tokens, API keys, preferences, publisher onboarding and quotas.",
        ["Registry"] = "Agents, their immutable versions and capabilities, imports (A2A cards, MCP server.json) and verification.",
        ["Marketplace"] = "Listings and their pricing, search, reviews and statistics.",
        ["Deployment"] = "Deployments of agent versions, the invoke gateway and monitoring.",
        ["Billing"] = "Metered usage, invoices, payments and publisher earnings.",
        ["Operations"] = "Error reports and analytics for admins and publishers.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
        }

        RemoveUnreferencedSchemas(swaggerDoc, context.SchemaRepository);
    }

    private static void RemoveUnreferencedSchemas(OpenApiDocument document, SchemaRepository repository)
    {
        // Schemas are written from the repository; a reference anywhere in the document keeps one.
        while (true)
        {
            var json = document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0).GetAwaiter().GetResult()
                + string.Concat(repository.Schemas.Values.Select(s => Serialize(s)));
            var used = SchemaReference().Matches(json).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var unused = repository.Schemas.Keys.Where(name => !used.Contains(name)).ToList();
            if (unused.Count == 0)
            {
                return;
            }

            foreach (var name in unused)
            {
                repository.Schemas.Remove(name);
            }
        }
    }

    private static string Serialize(IOpenApiSchema schema)
    {
        using var text = new StringWriter();
        schema.SerializeAsV3(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    [GeneratedRegex("#/components/schemas/([A-Za-z0-9_.-]+)\"")]
    private static partial Regex SchemaReference();
}
