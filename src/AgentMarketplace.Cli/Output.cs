using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Cli;

/// <summary>What a command prints: plain lines and tables for people, the API's JSON with `--json` for scripts.</summary>
internal sealed class Output(CliContext context, bool json)
{
    public bool Json { get; } = json;

    public TextWriter Error => context.Error;

    /// <summary>A line for people; nothing with `--json`, where only the result is printed.</summary>
    public void Line(string text)
    {
        if (!Json)
        {
            context.Out.WriteLine(text);
        }
    }

    /// <summary>Progress and notes: on stderr, so stdout stays the result.</summary>
    public void Note(string text) => context.Error.WriteLine(text);

    /// <summary>The API's answer as JSON (with `--json`), else <paramref name="human"/> prints it for people.</summary>
    public async Task ResultAsync<T>(T value, Action human) where T : IParsable
    {
        if (Json)
        {
            await context.Out.WriteLineAsync(await KiotaJsonSerializer.SerializeAsStringAsync(value));
        }
        else
        {
            human();
        }
    }

    public async Task ResultAsync<T>(IEnumerable<T> values, Action human) where T : IParsable
    {
        if (Json)
        {
            await context.Out.WriteLineAsync(await KiotaJsonSerializer.SerializeAsStringAsync(values));
        }
        else
        {
            human();
        }
    }

    /// <summary>Rows under a header, each column as wide as its widest cell.</summary>
    public void Table(string[] header, IEnumerable<string?[]> rows)
    {
        var all = new[] { header }.Concat(rows.Select(r => r.Select(c => c ?? "").ToArray())).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            Line(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>A problem the API answered: status, title, detail and each field's errors, on stderr.</summary>
    public void Problem(ProblemDetails problem)
    {
        context.Error.WriteLine($"error: {problem.StatusCode()} {problem.Title}".TrimEnd());
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            context.Error.WriteLine($"  {problem.Detail}");
        }

        foreach (var (field, messages) in problem.FieldErrors())
        {
            foreach (var message in messages)
            {
                context.Error.WriteLine($"  {field}: {message}");
            }
        }
    }
}
