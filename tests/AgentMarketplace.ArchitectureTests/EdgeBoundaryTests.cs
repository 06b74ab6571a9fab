using NetArchTest.Rules;

namespace AgentMarketplace.ArchitectureTests;

/// <summary>
/// An edge translates an outside protocol (MCP, the MCP Registry API) to the modules' contracts: it may use
/// contracts and the building blocks, never a module's implementation, and it owns no data.
/// </summary>
public sealed class EdgeBoundaryTests
{
    public static TheoryData<string> Edges => ModuleAssemblies.AllEdges();

    [Theory]
    [MemberData(nameof(Edges))]
    public void An_edge_uses_no_modules_implementation(string edge)
    {
        var implementations = ModuleAssemblies.Modules.SelectMany(ModuleAssemblies.ImplementationTypeNames).ToArray();

        var result = ModuleBoundaryTests.ReachesInto(ModuleAssemblies.Edge(edge), implementations);

        Assert.True(result.IsSuccessful, ModuleBoundaryTests.Describe(result));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void An_edge_references_contracts_building_blocks_and_frameworks_only(string edge)
    {
        var references = ModuleAssemblies.Edge(edge).GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var ours = references.Where(name => name.StartsWith("AgentMarketplace.", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(ours);
        Assert.All(ours, name => Assert.True(
            name == "AgentMarketplace.BuildingBlocks" || name.EndsWith(".Contracts", StringComparison.Ordinal),
            $"{edge} references {name}"));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void An_edge_owns_no_data(string edge)
    {
        var result = ModuleBoundaryTests.ReachesInto(ModuleAssemblies.Edge(edge), ["Microsoft.EntityFrameworkCore", "Npgsql"]);

        Assert.True(result.IsSuccessful, ModuleBoundaryTests.Describe(result));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void Only_the_edge_registration_is_public(string edge)
    {
        var result = Types.InAssembly(ModuleAssemblies.Edge(edge))
            .That().AreNotNested()
            .And().DoNotHaveName($"{edge}Module")
            .Should().NotBePublic()
            .GetResult();

        Assert.True(result.IsSuccessful, ModuleBoundaryTests.Describe(result));
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public void No_module_depends_on_an_edge(string edge)
    {
        var dependents = ModuleAssemblies.Modules
            .SelectMany(module => new[] { ModuleAssemblies.Implementation(module), ModuleAssemblies.Contracts(module) })
            .Where(assembly => assembly.GetReferencedAssemblies().Any(a => a.Name == $"AgentMarketplace.{edge}"))
            .Select(assembly => assembly.GetName().Name);

        Assert.Empty(dependents);
    }

    /// <summary>
    /// The rules above must be able to fail: the Deployment module's implementation does use EF Core and its
    /// own persistence, so checked against it they find offenders. Checked against the wrong assembly, they
    /// would pass forever.
    /// </summary>
    [Fact]
    public void The_edge_rules_detect_persistence_and_implementation_types()
    {
        var deployment = ModuleAssemblies.Implementation("Deployment");

        Assert.False(ModuleBoundaryTests.ReachesInto(deployment, ["Microsoft.EntityFrameworkCore", "Npgsql"]).IsSuccessful);
        Assert.Contains(deployment.GetReferencedAssemblies(), a => a.Name == "AgentMarketplace.AgentProtocol");
    }
}
