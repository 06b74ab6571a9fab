namespace AgentMarketplace.SampleAgent.Faults;

/// <summary>Holds back an invocation's answer by the configured delay, so callers can exercise their timeouts.</summary>
internal sealed class FaultDelayFilter(FaultSwitches faults) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var delayMs = faults.Current.DelayMs;
        if (delayMs > 0)
        {
            await Task.Delay(delayMs, context.HttpContext.RequestAborted);
        }

        return await next(context);
    }
}
