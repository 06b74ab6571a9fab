namespace AgentMarketplace.SampleAgent.Faults;

/// <summary>The current <see cref="FaultSettings"/>, shared by every request; replaced whole, so readers never see half a change.</summary>
internal sealed class FaultSwitches
{
    private FaultSettings current;

    public FaultSwitches(FaultSettings initial)
    {
        if (initial.Problem() is { } problem)
        {
            throw new InvalidOperationException($"Configuration Agent:Faults is invalid: {problem}");
        }

        current = initial;
    }

    public FaultSettings Current => Volatile.Read(ref current);

    public void Replace(FaultSettings settings) => Volatile.Write(ref current, settings);
}
