using System.Reflection;
using Mediator;
using NetArchTest.Rules;

namespace AgentMarketplace.ArchitectureTests;

public sealed class ModuleBoundaryTests
{
    public static TheoryData<string> Modules => ModuleAssemblies.All();

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_uses_no_other_modules_implementation(string module)
    {
        var foreignImplementation = ModuleAssemblies.Modules
            .Where(other => other != module)
            .SelectMany(ModuleAssemblies.ImplementationTypeNames)
            .ToArray();

        var result = ReachesInto(ModuleAssemblies.Implementation(module), foreignImplementation);

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Contracts_depend_on_no_implementation_persistence_or_web_framework(string module)
    {
        var forbidden = ModuleAssemblies.Modules
            .SelectMany(ModuleAssemblies.ImplementationTypeNames)
            .Concat(["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "AgentMarketplace.Api"])
            .ToArray();

        var result = ReachesInto(ModuleAssemblies.Contracts(module), forbidden);

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Contracts_reference_only_the_mediator_abstractions_and_the_framework(string module)
    {
        var references = ModuleAssemblies.Contracts(module).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal)
            || name is "netstandard" or "Mediator" or "AgentMarketplace.BuildingBlocks"
            || name.EndsWith(".Contracts", StringComparison.Ordinal),
            $"{module}.Contracts references {name}"));
    }

    /// <summary>
    /// Contracts may use BuildingBlocks (e.g. WriteBatch), so the persistence and web rule above would
    /// pass for a BuildingBlocks type that merely wraps EF Core or Npgsql: what contracts use from it must
    /// not show those in its own public members either.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modules))]
    public void Building_blocks_that_contracts_use_show_no_persistence_or_web_framework(string module)
    {
        var buildingBlocks = typeof(AgentMarketplace.BuildingBlocks.Persistence.WriteBatch).Assembly;
        var used = ModuleAssemblies.Contracts(module).GetTypes()
            .SelectMany(SignatureTypes)
            .Where(t => t.Assembly == buildingBlocks)
            .Distinct();

        Assert.Empty(used.SelectMany(FrameworkLeaks));
    }

    /// <summary>The check above must be able to fail: the module database registration shows EF Core.</summary>
    [Fact]
    public void The_building_blocks_rule_detects_a_persistence_type_in_a_public_signature()
    {
        Assert.NotEmpty(FrameworkLeaks(typeof(AgentMarketplace.BuildingBlocks.Persistence.ModuleDatabaseRegistration)));
    }

    private static readonly string[] FrameworkNamespaces = ["Npgsql", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore"];

    private static IEnumerable<string> FrameworkLeaks(Type type) =>
        SignatureTypes(type)
            .Where(t => FrameworkNamespaces.Any(ns => t.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true))
            .Select(t => $"{type.FullName} shows {t.FullName}");

    /// <summary>Every type in a type's public (declared) members: properties, fields, constructors' and methods' parameters and results.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = type.GetProperties(Public).Select(p => p.PropertyType)
            .Concat(type.GetFields(Public).Select(f => f.FieldType))
            .Concat(type.GetConstructors(Public).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(Public).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        return types.SelectMany(Unwrapped);
    }

    private static IEnumerable<Type> Unwrapped(Type type) =>
        type.HasElementType ? Unwrapped(type.GetElementType()!)
        : type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrapped).Prepend(type)
        : [type];

    [Theory]
    [MemberData(nameof(Modules))]
    public void Only_the_module_registration_is_public_in_an_implementation(string module)
    {
        var result = Types.InAssembly(ModuleAssemblies.Implementation(module))
            // A nested type is no more visible than its container, which this rule checks.
            .That().AreNotNested()
            .And().DoNotHaveName($"{module}Module")
            .And().DoNotResideInNamespace($"AgentMarketplace.{module}.Persistence.Migrations")
            .Should().NotBePublic()
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Mediator_handlers_are_internal(string module)
    {
        var handlerInterfaces = new[]
        {
            typeof(IRequestHandler<,>), typeof(IQueryHandler<,>), typeof(ICommandHandler<,>), typeof(INotificationHandler<>),
        };
        var publicHandlers = ModuleAssemblies.Implementation(module).GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && handlerInterfaces.Contains(i.GetGenericTypeDefinition())))
            .Where(t => t.IsPublic || t.IsNestedPublic)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(publicHandlers);
    }

    /// <summary>
    /// The rule above must be able to fail: the host does reference every module's implementation,
    /// so checked against the host it has to find them. An architecture test that inspects the wrong
    /// assembly would pass forever; this one proves the check sees real references.
    /// </summary>
    [Fact]
    public void The_boundary_rule_detects_a_reference_into_a_module_implementation()
    {
        var usersImplementation = ModuleAssemblies.ImplementationTypeNames("Users");

        var result = ReachesInto(ModuleAssemblies.Host, usersImplementation);

        Assert.False(result.IsSuccessful);
        Assert.Contains(result.FailingTypeNames, name => name.StartsWith("AgentMarketplace.Api", StringComparison.Ordinal));
    }

    internal static TestResult ReachesInto(Assembly assembly, string[] forbiddenTypeNames) =>
        Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbiddenTypeNames).GetResult();

    internal static string Describe(TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
