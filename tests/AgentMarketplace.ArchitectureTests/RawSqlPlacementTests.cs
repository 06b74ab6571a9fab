using System.Text.RegularExpressions;

namespace AgentMarketplace.ArchitectureTests;

/// <summary>
/// Raw SQL lives only in a <c>Persistence/</c> folder: one per module, and BuildingBlocks' own. Checked on
/// the source, not on the assemblies: SQL is text, and a compiled string no longer says which folder it came
/// from, while a reflection rule on EF's raw-SQL extension class would also flag <c>BeginTransactionAsync</c>
/// and <c>CreateExecutionStrategy</c>, which run no SQL. A file outside <c>Persistence/</c> fails if it calls
/// a raw-SQL API (<see cref="RawSqlApi"/>) or holds a string that starts an SQL statement
/// (<see cref="SqlStatement"/>: upper-case keywords, the codebase's convention for SQL, and never how a line
/// of C# starts). The scan proves it can see: it must find SQL inside every module's <c>Persistence/</c>.
/// </summary>
public sealed partial class RawSqlPlacementTests
{
    /// <summary>Files that may hold SQL outside Persistence/, each with the reason.</summary>
    private static readonly Dictionary<string, string> Exceptions = new()
    {
        ["src/AgentMarketplace.Api/Database/DatabaseReadyHealthCheck.cs"] = "the host's readiness probe (SELECT 1) reads no module's tables",
        ["src/AgentMarketplace.Api/Observability/ObservabilitySetup.cs"] = "matches EF's migration-history query text to keep it out of traces; runs no SQL",
        ["src/AgentMarketplace.LocalPostgres/LocalPostgresCluster.cs"] = "the development cluster creates its databases before any module exists",
    };

    [GeneratedRegex(@"\b(ExecuteSql\w*|FromSql\w*|SqlQuery\w*|CreateCommand|NpgsqlCommand|NpgsqlBatch\w*|CommandText)\b")]
    private static partial Regex RawSqlApi();

    /// <summary>A quoted string, or a line of a raw string literal, that begins a statement.</summary>
    [GeneratedRegex("""(^\s*|"\s*)(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|CREATE|ALTER|DROP|TRUNCATE|LOCK TABLE|LISTEN|NOTIFY)\s""", RegexOptions.Multiline)]
    private static partial Regex SqlStatement();

    [Fact]
    public void Raw_sql_appears_only_in_persistence_folders()
    {
        var offenders = SourceFiles()
            .Where(file => !file.InPersistence && !Exceptions.ContainsKey(file.Path))
            .Where(file => HoldsSql(file.Text))
            .Select(file => file.Path)
            .ToList();

        Assert.True(offenders.Count == 0,
            "Raw SQL outside a Persistence/ folder (move it into the module's Persistence/, behind a method named for what it does):\n  "
            + string.Join("\n  ", offenders));
    }

    [Fact]
    public void The_scan_finds_the_sql_in_every_modules_persistence_folder()
    {
        var withSql = SourceFiles().Where(file => file.InPersistence && HoldsSql(file.Text)).Select(file => file.Path).ToList();

        foreach (var module in ModuleAssemblies.Modules)
        {
            Assert.Contains(withSql, path => path.StartsWith($"src/Modules/{module}/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_exception_still_exists()
    {
        var paths = SourceFiles().Select(file => file.Path).ToHashSet();

        Assert.All(Exceptions.Keys, path => Assert.Contains(path, paths));
    }

    private static bool HoldsSql(string text) => RawSqlApi().IsMatch(WithoutComments(text)) || SqlStatement().IsMatch(WithoutComments(text));

    /// <summary>Line comments out (documentation may name the APIs); a "//" inside a string is rare enough in SQL to ignore.</summary>
    private static string WithoutComments(string text) => CommentLine().Replace(text, "");

    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    private sealed record SourceFile(string Path, string Text)
    {
        public bool InPersistence => Path.Contains("/Persistence/", StringComparison.Ordinal);
    }

    private static List<SourceFile> SourceFiles()
    {
        var root = RepositoryRoot();
        var skipped = new[] { "/bin/", "/obj/", "/Migrations/", "/Generated/" };
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !skipped.Any(dir => ("/" + path).Contains(dir, StringComparison.Ordinal)))
            .Select(path => new SourceFile(path, File.ReadAllText(Path.Combine(root, path))))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentMarketplace.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AgentMarketplace.sln above {AppContext.BaseDirectory}: the test reads the sources.");
    }
}
