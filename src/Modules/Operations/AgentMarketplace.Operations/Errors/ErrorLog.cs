using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Operations.Contracts;
using AgentMarketplace.Operations.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Operations.Errors;

internal sealed record ErrorView(
    Guid Id, DateTimeOffset At, string Module, string Route, Guid? DeploymentId, Guid? AgentId, int Status, string TraceId, string Message)
{
    public static ErrorView From(ErrorReport e) => new(e.Id, e.CreatedAt, e.Module, e.Route, e.DeploymentId, e.AgentId, e.Status, e.TraceId, e.Message);
}

internal sealed record ErrorQuery(string? Module, Guid? DeploymentId, DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Cursor);

/// <summary>
/// Error reporting: every 5xx (from the host) and every agent failure (from Deployment's
/// notification) is kept, with its trace id, for admins to list and filter.
/// </summary>
internal sealed class ErrorLog(OperationsDbContext db) : ICommandHandler<RecordServerError>, INotificationHandler<AgentCallFailed>
{
    private const int MaxMessage = 500;

    public async ValueTask<Unit> Handle(RecordServerError command, CancellationToken cancellationToken)
    {
        await AddAsync(new ErrorReport
        {
            Id = Guid.CreateVersion7(),
            Module = Clip(command.Module, 32),
            Route = Clip(command.Route, 200),
            Status = command.Status,
            TraceId = Clip(command.TraceId, 64),
            Message = Clip(command.Message, MaxMessage),
            CreatedAt = command.At,
        }, cancellationToken);
        return Unit.Value;
    }

    public async ValueTask Handle(AgentCallFailed notification, CancellationToken cancellationToken) =>
        await AddAsync(new ErrorReport
        {
            Id = Guid.CreateVersion7(),
            Module = "Deployment",
            Route = Clip($"invoke {notification.Capability}", 200),
            DeploymentId = notification.DeploymentId,
            AgentId = notification.AgentId,
            Status = notification.Status,
            TraceId = Clip(notification.TraceId, 64),
            Message = Clip(notification.Error, MaxMessage),
            CreatedAt = notification.At,
        }, cancellationToken);

    public async Task<Result<Page<ErrorView>>> ListAsync(ErrorQuery query, CancellationToken ct)
    {
        if (!PageRequest.TryParse(query.Limit, query.Cursor, out var page, out var error))
        {
            return error!;
        }

        if (query.From is { } from && query.To is { } to && from > to)
        {
            return DomainError.Invalid("from", "'from' must not be after 'to'.");
        }

        var errors = db.Errors.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Module))
        {
            errors = errors.Where(e => e.Module == query.Module);
        }

        if (query.DeploymentId is { } deploymentId)
        {
            errors = errors.Where(e => e.DeploymentId == deploymentId);
        }

        if (query.From is { } since)
        {
            errors = errors.Where(e => e.CreatedAt >= since.ToUniversalTime());
        }

        if (query.To is { } until)
        {
            errors = errors.Where(e => e.CreatedAt < until.ToUniversalTime());
        }

        var rows = await page.Apply(errors).ToListAsync(ct);
        return page.ToPage(rows, ErrorView.From);
    }

    private async Task AddAsync(ErrorReport report, CancellationToken ct)
    {
        db.Errors.Add(report);
        await db.SaveChangesAsync(ct);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
