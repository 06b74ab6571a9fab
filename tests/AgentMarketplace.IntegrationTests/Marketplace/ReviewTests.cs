using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

public sealed class ReviewTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private async Task<(PublishedAgent Agent, HttpClient Reviewer)> DeployedByANewUserAsync()
    {
        var published = await api.PublishSampleAsync(agent);
        var reviewer = api.ClientFor(await api.RegisterAsync());
        await reviewer.UseSampleAsync(published.AgentId);
        return (published, reviewer);
    }

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient client, Guid agentId, int rating, string? title = "Solid", string? body = "Does what it says.") =>
        client.PostAsJsonAsync($"/api/v1/agents/{agentId}/reviews", new { rating, title, body });

    private async Task<System.Text.Json.JsonElement> StatisticsAsync(Guid agentId) =>
        await (await api.CreateClient().GetAsync($"/api/v1/agents/{agentId}/statistics")).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_user_who_deployed_the_agent_reviews_it_and_the_review_is_listed()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();

        var created = await (await ReviewAsync(reviewer, published.AgentId, 4)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(4, created.GetProperty("rating").GetInt32());
        Assert.Equal("Solid", created.GetProperty("title").GetString());
        var listed = await (await api.CreateClient().GetAsync($"/api/v1/agents/{published.AgentId}/reviews")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("id").GetGuid(), listed.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_user_who_has_not_called_the_agent_gets_403_and_the_publisher_cannot_review_their_own()
    {
        var published = await api.PublishSampleAsync(agent);
        using var stranger = api.ClientFor(await api.RegisterAsync());
        using var deployedOnly = api.ClientFor(await api.RegisterAsync());
        using var owner = api.ClientFor(published.Publisher);
        await owner.UseSampleAsync(published.AgentId);
        // Deploying and deleting without a call is what throwaway accounts did to rate an agent.
        var deployment = await deployedOnly.DeployAsync(published.AgentId);
        Assert.Equal(HttpStatusCode.NoContent, (await deployedOnly.DeleteAsync($"/api/v1/deployments/{deployment.GetProperty("id").GetGuid()}")).StatusCode);

        await (await ReviewAsync(stranger, published.AgentId, 5)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var refused = await (await ReviewAsync(deployedOnly, published.AgentId, 5)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("called this agent successfully", refused.GetProperty("detail").GetString());
        await (await ReviewAsync(owner, published.AgentId, 5)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await StatisticsAsync(published.AgentId)).GetProperty("ratingCount").GetInt32());
    }

    [Fact]
    public async Task A_review_after_a_successful_call_shows_verified_use_and_the_version_used()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0", "1.1.0");
        using var reviewer = api.ClientFor(await api.RegisterAsync());
        // The reviewer runs the older version, not the latest: the review names the one they used.
        var deployment = (await reviewer.DeployAsync(published.AgentId, version: "1.0.0")).GetProperty("id").GetGuid();
        await (await reviewer.InvokeAsync(deployment, "echo", new { text = "hello" })).JsonAsync(HttpStatusCode.OK);

        var review = await (await ReviewAsync(reviewer, published.AgentId, 4)).JsonAsync(HttpStatusCode.Created);

        Assert.True(review.GetProperty("verifiedUse").GetBoolean());
        Assert.Equal("1.0.0", review.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Reviewing_an_unknown_agent_is_404_and_anonymous_is_401()
    {
        using var user = api.ClientFor(await api.RegisterAsync());

        await (await ReviewAsync(user, Guid.NewGuid(), 5)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReviewAsync(api.CreateClient(), Guid.NewGuid(), 5)).StatusCode);
    }

    [Fact]
    public async Task A_second_review_is_409_and_the_user_edits_theirs_with_put_mine()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();
        await ReviewAsync(reviewer, published.AgentId, 2);

        await (await ReviewAsync(reviewer, published.AgentId, 5)).AssertProblemAsync(HttpStatusCode.Conflict);
        var edited = await (await reviewer.PutAsJsonAsync($"/api/v1/agents/{published.AgentId}/reviews/mine",
            new { rating = 5, title = "Better now", body = "The update fixed it." })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(5, edited.GetProperty("rating").GetInt32());
        var statistics = await StatisticsAsync(published.AgentId);
        Assert.Equal(1, statistics.GetProperty("ratingCount").GetInt32());
        Assert.Equal(5.0, statistics.GetProperty("ratingAverage").GetDouble());
        Assert.Equal(0, statistics.GetProperty("ratingDistribution").GetProperty("2").GetInt32());
        Assert.Equal(1, statistics.GetProperty("ratingDistribution").GetProperty("5").GetInt32());
    }

    [Fact]
    public async Task Editing_without_a_review_is_404()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();

        var response = await reviewer.PutAsJsonAsync($"/api/v1/agents/{published.AgentId}/reviews/mine", new { rating = 3 });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<object, string> InvalidReviews => new()
    {
        { new { rating = 0 }, "rating" },
        { new { rating = 6 }, "rating" },
        { new { title = "No rating" }, "rating" },
        { new { rating = 3, title = new string('t', 121) }, "title" },
        { new { rating = 3, body = new string('b', 4001) }, "body" },
        { new { rating = 3, title = "bad\u0007bell" }, "title" },
    };

    [Theory]
    [MemberData(nameof(InvalidReviews))]
    public async Task Invalid_reviews_are_a_400_naming_the_field_and_nothing_is_stored(object review, string field)
    {
        var (published, reviewer) = await DeployedByANewUserAsync();

        await (await reviewer.PostAsJsonAsync($"/api/v1/agents/{published.AgentId}/reviews", review)).AssertValidationErrorAsync(field);

        Assert.Equal(0, (await StatisticsAsync(published.AgentId)).GetProperty("ratingCount").GetInt32());
    }

    [Fact]
    public async Task The_longest_allowed_title_and_body_are_accepted()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();

        var response = await ReviewAsync(reviewer, published.AgentId, 3, new string('t', 120), new string('b', 4000));

        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_publisher_replies_once_and_nobody_else_may()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();
        var reviewId = (await (await ReviewAsync(reviewer, published.AgentId, 3)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var owner = api.ClientFor(published.Publisher);
        using var otherPublisher = api.ClientFor(await api.PublisherAsync());
        var route = $"/api/v1/agents/{published.AgentId}/reviews/{reviewId}/reply";

        await (await otherPublisher.PostAsJsonAsync(route, new { body = "Not mine to answer." })).AssertProblemAsync(HttpStatusCode.NotFound);
        var replied = await (await owner.PostAsJsonAsync(route, new { body = "Thanks, fixed in 1.1." })).JsonAsync(HttpStatusCode.OK);
        await (await owner.PostAsJsonAsync(route, new { body = "Again." })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("Thanks, fixed in 1.1.", replied.GetProperty("reply").GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_admin_removes_a_review_and_the_aggregates_follow_but_a_user_cannot()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();
        var reviewId = (await (await ReviewAsync(reviewer, published.AgentId, 1)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var admin = api.ClientFor(await api.AdminAsync());
        var route = $"/api/v1/agents/{published.AgentId}/reviews/{reviewId}";

        await (await reviewer.DeleteAsync(route)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(route)).StatusCode);
        await (await admin.DeleteAsync(route)).AssertProblemAsync(HttpStatusCode.NotFound);

        var statistics = await StatisticsAsync(published.AgentId);
        Assert.Equal(0, statistics.GetProperty("ratingCount").GetInt32());
        Assert.Equal(0, statistics.GetProperty("ratingDistribution").GetProperty("1").GetInt32());
    }

    [Fact]
    public async Task Aggregates_stay_exact_under_concurrent_reviews()
    {
        var published = await api.PublishSampleAsync(agent);
        var reviewers = new List<HttpClient>();
        for (var i = 0; i < 24; i++)
        {
            var client = api.ClientFor(await api.RegisterAsync());
            await client.UseSampleAsync(published.AgentId);
            reviewers.Add(client);
        }

        var ratings = reviewers.Select((_, i) => i % 5 + 1).ToList();
        var responses = await Task.WhenAll(reviewers.Select((client, i) => ReviewAsync(client, published.AgentId, ratings[i])));
        // And one user sending the same review twice at once: one is stored, the other is a conflict.
        var doubled = await Task.WhenAll(ReviewAsync(reviewers[0], published.AgentId, 5), ReviewAsync(reviewers[0], published.AgentId, 5));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(doubled, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var statistics = await StatisticsAsync(published.AgentId);
        Assert.Equal(24, statistics.GetProperty("ratingCount").GetInt32());
        Assert.Equal(Math.Round(ratings.Average(), 2), statistics.GetProperty("ratingAverage").GetDouble());
        foreach (var stars in Enumerable.Range(1, 5))
        {
            Assert.Equal(ratings.Count(r => r == stars), statistics.GetProperty("ratingDistribution").GetProperty(stars.ToString()).GetInt32());
        }
    }

    [Fact]
    public async Task Two_new_reviews_by_one_user_at_once_store_exactly_one()
    {
        var (published, reviewer) = await DeployedByANewUserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReviewAsync(reviewer, published.AgentId, 4)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, (await StatisticsAsync(published.AgentId)).GetProperty("ratingCount").GetInt32());
    }

    [Fact]
    public async Task Reviews_page_newest_first_without_duplicates()
    {
        var published = await api.PublishSampleAsync(agent);
        for (var i = 0; i < 5; i++)
        {
            var client = api.ClientFor(await api.RegisterAsync());
            await client.UseSampleAsync(published.AgentId);
            await ReviewAsync(client, published.AgentId, 3, $"Review {i}");
        }

        using var anonymous = api.CreateClient();
        var first = await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/reviews?limit=3")).JsonAsync(HttpStatusCode.OK);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/reviews?limit=3&cursor={cursor}")).JsonAsync(HttpStatusCode.OK);

        var titles = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(r => r.GetProperty("title").GetString()).ToList();
        Assert.Equal(["Review 4", "Review 3", "Review 2", "Review 1", "Review 0"], titles);
    }
}
