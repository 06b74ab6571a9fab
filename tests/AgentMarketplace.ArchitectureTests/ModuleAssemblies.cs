using System.Reflection;

namespace AgentMarketplace.ArchitectureTests;

/// <summary>The modules as the build produced them: implementation and contracts assembly of each.</summary>
public static class ModuleAssemblies
{
    public static readonly string[] Modules = ["Users", "Registry", "Marketplace", "Deployment", "Billing", "Operations"];

    public static Assembly Implementation(string module) => Assembly.Load($"AgentMarketplace.{module}");

    public static Assembly Contracts(string module) => Assembly.Load($"AgentMarketplace.{module}.Contracts");

    public static Assembly Host => typeof(Program).Assembly;

    /// <summary>Edges: adapters from an outside protocol to the modules' contracts, owning no data (ARCHITECTURE.md).</summary>
    public static readonly string[] Edges = ["McpEdge"];

    public static Assembly Edge(string edge) => Assembly.Load($"AgentMarketplace.{edge}");

    /// <summary>
    /// Full names of every type a module implements. NetArchTest matches dependencies by name prefix,
    /// and a module's root namespace is a prefix of its contracts' namespace, so the rules name types.
    /// </summary>
    /// <remarks>
    /// Compiler-generated types (names starting with '&lt;', such as the collection-expression helper
    /// `&lt;&gt;z__ReadOnlyArray`) are emitted into every assembly that needs them, so they name no module.
    /// </remarks>
    public static string[] ImplementationTypeNames(string module) =>
        Implementation(module).GetTypes().Select(t => t.FullName!).Where(name => !name.StartsWith('<')).ToArray();

    public static TheoryData<string> All() => [.. Modules];

    public static TheoryData<string> AllEdges() => [.. Edges];
}
