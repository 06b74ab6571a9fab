using System.Diagnostics;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition, not for a length of time: asks again until it holds, or fails saying what never happened.</summary>
public static class Eventually
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(50);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < timeout, $"Not true within {timeout.TotalSeconds:0.#} s: {because}");
            await Task.Delay(AskEvery);
        }
    }
}
