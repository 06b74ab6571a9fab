using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace AgentMarketplace.ArchitectureTests;

/// <summary>
/// The storefront is a client of the platform (ARCHITECTURE.md): like an edge it owns no data and uses no
/// module's implementation, and it goes further — it calls the public API through the generated client, so
/// it references no module at all, not even a contract.
/// </summary>
public sealed class StorefrontBoundaryTests
{
    private static Assembly Storefront => Assembly.Load("AgentMarketplace.Storefront");

    [Fact]
    public void The_storefront_uses_no_modules_implementation()
    {
        var implementations = ModuleAssemblies.Modules.SelectMany(ModuleAssemblies.ImplementationTypeNames).ToArray();

        var result = ModuleBoundaryTests.ReachesInto(Storefront, implementations);

        Assert.True(result.IsSuccessful, ModuleBoundaryTests.Describe(result));
    }

    [Fact]
    public void The_storefront_references_the_generated_client_and_frameworks_only()
    {
        var ours = Storefront.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(name => name.StartsWith("AgentMarketplace.", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(["AgentMarketplace.Client"], ours);
    }

    [Fact]
    public void The_storefront_owns_no_data()
    {
        var result = ModuleBoundaryTests.ReachesInto(Storefront, ["Microsoft.EntityFrameworkCore", "Npgsql"]);

        Assert.True(result.IsSuccessful, ModuleBoundaryTests.Describe(result));
    }

    /// <summary>Razor components are public by construction (the compiler makes them so); nothing else is.</summary>
    [Fact]
    public void Only_the_registration_and_the_components_are_public()
    {
        var others = Storefront.GetExportedTypes()
            // A nested type is no more visible than the component that holds it.
            .Where(type => !type.IsNested && !typeof(IComponent).IsAssignableFrom(type))
            // The type of a public component parameter (ProblemMessage.Problem) must be public too; _Imports is
            // the Razor compiler's class for _Imports.razor.
            .Where(type => type.Name is not ("StorefrontModule" or "ApiProblem" or "_Imports"))
            .Select(type => type.FullName);

        Assert.Empty(others);
    }

    [Fact]
    public void No_module_depends_on_the_storefront()
    {
        var dependents = ModuleAssemblies.Modules
            .SelectMany(module => new[] { ModuleAssemblies.Implementation(module), ModuleAssemblies.Contracts(module) })
            .Where(assembly => assembly.GetReferencedAssemblies().Any(a => a.Name == "AgentMarketplace.Storefront"))
            .Select(assembly => assembly.GetName().Name);

        Assert.Empty(dependents);
    }
}
