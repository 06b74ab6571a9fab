using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Marketplace.Persistence;
using FluentValidation;

namespace AgentMarketplace.Marketplace.Reviews;

internal static class ReviewRules
{
    public const int MaxTitle = 120;
    public const int MaxBody = 4000;
}

internal sealed record ReviewRequest(int? Rating, string? Title, string? Body);

internal sealed record ReplyRequest(string? Body);

/// <summary><see cref="VerifiedUse"/>: the author had called the agent successfully (<see cref="Version"/>); only such reviews count.</summary>
internal sealed record ReviewView(
    Guid Id, Guid AgentId, string Author, int Rating, string? Title, string? Body,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, PublisherReply? Reply, bool VerifiedUse, string? Version)
{
    public static ReviewView From(Review review) => new(
        review.Id, review.AgentId, review.AuthorName, review.Rating, review.Title, review.Body, review.CreatedAt, review.UpdatedAt,
        review.Reply is null ? null : new PublisherReply(review.Reply, review.RepliedAt!.Value), review.VerifiedUse, review.Version);
}

internal sealed record PublisherReply(string Body, DateTimeOffset RepliedAt);

internal sealed class ReviewRequestValidator : AbstractValidator<ReviewRequest>
{
    public ReviewRequestValidator()
    {
        RuleFor(r => r.Rating).NotNull().InclusiveBetween(1, 5);
        RuleFor(r => r.Title).DisplayText(ReviewRules.MaxTitle).When(r => r.Title is not null);
        RuleFor(r => r.Body).ProseText(ReviewRules.MaxBody);
    }
}

internal sealed class ReplyRequestValidator : AbstractValidator<ReplyRequest>
{
    public ReplyRequestValidator() => RuleFor(r => r.Body).NotEmpty().ProseText(ReviewRules.MaxBody);
}
