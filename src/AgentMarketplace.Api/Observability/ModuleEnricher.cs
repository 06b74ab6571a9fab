using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace AgentMarketplace.Api.Observability;

/// <summary>
/// Gives every log event written by a module's code a `Module` property named after the module whose
/// namespace the logger's category (SourceContext) is in — also from background jobs and from handlers
/// another module's request called, where the endpoint's scope would name the wrong module. Events from
/// framework code keep the module of the endpoint they ran under, if any.
/// </summary>
internal sealed class ModuleEnricher(IReadOnlyCollection<string> modules) : ILogEventEnricher
{
    private const string Root = "AgentMarketplace.";
    private readonly ConcurrentDictionary<string, LogEventProperty?> _bySource = new();

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var value)
            && value is ScalarValue { Value: string source }
            && _bySource.GetOrAdd(source, ModuleOf) is { } module)
        {
            logEvent.AddOrUpdateProperty(module);
        }
    }

    private LogEventProperty? ModuleOf(string source)
    {
        if (!source.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var name = source[Root.Length..].Split('.')[0];
        return modules.Contains(name) ? new LogEventProperty("Module", new ScalarValue(name)) : null;
    }
}
