using System.Collections;
using System.Text.Json;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for something the service does on its own after it answers — an announcement between
/// instances, a counter published after the callers are answered, a background job — by reading it
/// until it holds. Tests wait for conditions, never for a fixed time: the timeout only bounds how long
/// a broken condition takes to fail, and a passing test takes only as long as the service does.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough that only a condition that will never hold reaches it, on a busy machine too.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> is true; fails with <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because) =>
        ValueAsync(condition, holds => holds, timeout, because);

    /// <summary>
    /// Reads until <paramref name="until"/> holds for what was read, and returns it; fails with
    /// <paramref name="because"/> and the last value read after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan timeout, string because)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }

            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"{because}, but it did not within {timeout.TotalSeconds:0.#} s; the last value read: {Describe(value)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    private static string Describe(object? value)
    {
        var text = value switch
        {
            null => "null",
            string s => s,
            JsonElement json => json.GetRawText(),
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>()) + "]",
            _ => value.ToString() ?? "",
        };
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
