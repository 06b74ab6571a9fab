using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Reviews;

/// <summary>
/// Ratings and reviews. Only a user who has called an agent successfully may review it (verified use,
/// with the version they used), once (then edit); its publisher may reply once per review; an admin may
/// remove one. Every change to a verified review moves the agent's aggregates in the same transaction,
/// by increments, so they stay exact under concurrent reviews; unverified ones (from before the rule)
/// never count.
/// </summary>
internal sealed class ReviewBook(MarketplaceDbContext db, IMediator mediator, TimeProvider clock)
{
    public async Task<Result<ReviewView>> CreateAsync(Actor actor, Guid agentId, ReviewRequest request, CancellationToken ct)
    {
        var agent = await mediator.Send(new GetAgentSummary(agentId), ct);
        if (agent is null || (!agent.HasVerifiedVersion && !actor.MayManage(agent.OwnerId)))
        {
            return DomainError.NotFound("Agent");
        }

        if (agent.OwnerId == actor.UserId)
        {
            return DomainError.Forbidden("Publishers cannot review their own agents.");
        }

        if (await mediator.Send(new GetAgentUse(actor.UserId, agentId), ct) is not { } use)
        {
            return DomainError.Forbidden("Only users who have called this agent successfully may review it.");
        }

        var author = await mediator.Send(new GetPublisherProfile(actor.UserId), ct);
        var now = clock.GetUtcNow();
        var review = new Review
        {
            Id = Guid.CreateVersion7(),
            AgentId = agentId,
            UserId = actor.UserId,
            AuthorName = author?.DisplayName ?? "A user",
            Rating = request.Rating!.Value,
            Version = use.Version,
            VerifiedUse = true,
            Title = request.Title?.Trim(),
            Body = request.Body?.Trim(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var saved = await InTransactionAsync(async () =>
        {
            db.Reviews.Add(review);
            await db.SaveChangesAsync(ct);
            await MoveAggregatesAsync(agentId, removed: null, added: review.Rating, ct);
        }, ct);
        return saved ? ReviewView.From(review) : AlreadyReviewed();
    }

    public async Task<Result<ReviewView>> EditMineAsync(Actor actor, Guid agentId, ReviewRequest request, CancellationToken ct)
    {
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.AgentId == agentId && r.UserId == actor.UserId, ct);
        if (review is null)
        {
            return DomainError.NotFound("Your review of this agent");
        }

        var counted = review.VerifiedUse ? review.Rating : (int?)null;
        if (!review.VerifiedUse && await mediator.Send(new GetAgentUse(actor.UserId, agentId), ct) is { } use)
        {
            // Written before reviews needed use: it counts from the first edit after a successful call.
            (review.VerifiedUse, review.Version) = (true, use.Version);
        }

        review.Rating = request.Rating!.Value;
        review.Title = request.Title?.Trim();
        review.Body = request.Body?.Trim();
        review.UpdatedAt = clock.GetUtcNow();
        // The row version makes a concurrent edit of the same review fail (409) rather than move the aggregates twice.
        await InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await MoveAggregatesAsync(agentId, counted, review.VerifiedUse ? review.Rating : null, ct);
        }, ct);
        return ReviewView.From(review);
    }

    public async Task<Result<ReviewView>> ReplyAsync(Actor actor, Guid agentId, Guid reviewId, string body, CancellationToken ct)
    {
        var agent = await mediator.Send(new GetAgentSummary(agentId), ct);
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId && r.AgentId == agentId, ct);
        if (agent is null || review is null || agent.OwnerId != actor.UserId)
        {
            return DomainError.NotFound("Review");
        }

        if (review.Reply is not null)
        {
            return DomainError.Conflict("This review already has the publisher's reply; a publisher replies once per review.");
        }

        review.Reply = body.Trim();
        review.RepliedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ReviewView.From(review);
    }

    /// <summary>An admin removes any review; a user their own (<paramref name="reviewId"/> null).</summary>
    public async Task<bool> RemoveAsync(Actor actor, Guid agentId, Guid? reviewId, CancellationToken ct)
    {
        var review = reviewId is { } id
            ? (actor.IsAdmin ? await db.Reviews.FirstOrDefaultAsync(r => r.Id == id && r.AgentId == agentId, ct) : null)
            : await db.Reviews.FirstOrDefaultAsync(r => r.AgentId == agentId && r.UserId == actor.UserId, ct);
        if (review is null)
        {
            return false;
        }

        await InTransactionAsync(async () =>
        {
            db.Reviews.Remove(review);
            await db.SaveChangesAsync(ct);
            await MoveAggregatesAsync(agentId, review.VerifiedUse ? review.Rating : null, added: null, ct);
        }, ct);
        return true;
    }

    public async Task<Result<Page<ReviewView>>> ListAsync(Actor? viewer, Guid agentId, PageRequest page, CancellationToken ct)
    {
        var agent = await mediator.Send(new GetAgentSummary(agentId), ct);
        if (agent is null || (!agent.HasVerifiedVersion && viewer?.MayManage(agent.OwnerId) != true))
        {
            return DomainError.NotFound("Agent");
        }

        var rows = await page.Apply(db.Reviews.AsNoTracking().Where(r => r.AgentId == agentId)).ToListAsync(ct);
        return page.ToPage(rows, ReviewView.From);
    }

    public async Task<AgentRating> AggregatesAsync(Guid agentId, CancellationToken ct) =>
        await db.Ratings.AsNoTracking().FirstOrDefaultAsync(r => r.AgentId == agentId, ct) ?? new AgentRating { AgentId = agentId };

    /// <summary>Runs <paramref name="change"/> in a transaction; false when it hit the one-review-per-user constraint.</summary>
    private async Task<bool> InTransactionAsync(Func<Task> change, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await change();
                await transaction.CommitAsync(ct);
            });
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return false;
        }
    }

    /// <summary>
    /// Takes one <paramref name="removed"/> star rating out of the agent's aggregates and puts one
    /// <paramref name="added"/> in, under the aggregate row's lock, then copies the totals onto the
    /// listing (the search document) in the same transaction.
    /// </summary>
    private async Task MoveAggregatesAsync(Guid agentId, int? removed, int? added, CancellationToken ct)
    {
        if (removed is null && added is null)
        {
            return;
        }

        int Delta(int stars) => (added == stars ? 1 : 0) - (removed == stars ? 1 : 0);
        var count = (added is null ? 0 : 1) - (removed is null ? 0 : 1);
        var sum = (added ?? 0) - (removed ?? 0);
        await RatingStatements.MoveAsync(db, agentId, count, sum, [Delta(1), Delta(2), Delta(3), Delta(4), Delta(5)], ct);
    }

    private static DomainError AlreadyReviewed() =>
        DomainError.Conflict("You have already reviewed this agent; edit your review with PUT /api/v1/agents/{id}/reviews/mine.");
}
