namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> Users() => new()
    {
        ["RegisterUser"] = new("Creates an account; every user is a `consumer` and may call agents at once. " +
            "The password needs at least 10 characters. Sign-ups are limited per address (429 with `Retry-After`).")
        {
            Errors = [409],
            Request = """{"email":"ada@example.com","password":"a long passphrase","displayName":"Ada"}""",
            Response = """{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","email":"ada@example.com","displayName":"Ada","roles":["consumer"]}""",
        },
        ["IssueToken"] = new("Exchanges email and password for a JWT access token (`expiresIn` seconds). A wrong email and a wrong " +
            "password get the same 401; repeated failures lock the account for a while, and attempts are limited per address and per account.")
        {
            Errors = [401],
            Request = """{"email":"ada@example.com","password":"a long passphrase"}""",
            Response = """{"accessToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwZjhmYWQ1YiJ9.c2lnbmF0dXJl","tokenType":"Bearer","expiresIn":3600}""",
        },
        ["GetMe"] = new("The signed-in user's profile: roles, preferences and, for publishers, the publisher profile."),
        ["SetPreferences"] = new("Replaces the signed-in user's preferences (fields left out take their defaults).")
        {
            Request = """{"defaultEnvironment":"production","favoriteCategories":["summarization"],"notifyOnInvoice":true}""",
            Response = """{"defaultEnvironment":"production","favoriteCategories":["summarization"],"notifyOnInvoice":true}""",
        },
        ["BecomePublisher"] = new("Self-service publisher onboarding: the user gains the `publisher` role and may register agents. " +
            "A new token carries the new role; API keys see it at once.")
        {
            Errors = [409],
            Request = """{"publisherName":"Text Tools Inc","payoutEmail":"payouts@example.com"}""",
        },
        ["CreateApiKey"] = new("Creates an API key for `X-Api-Key`. The `key` is shown in this answer only (it is stored hashed); " +
            "a user holds at most 25 active keys (409).")
        {
            Errors = [409],
            Request = """{"name":"ci"}""",
            Response = """{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"ci","key":"amk_3Jd8s0aQ_h2l9sKc8a0zXq1w2e3r4t5y6u7i8o9p","prefix":"amk_3Jd8s0aQ","createdAt":"2026-05-01T12:00:00Z"}""",
        },
        ["ListApiKeys"] = new("The user's API keys, newest first, without their secrets (revoked ones show `revokedAt`)."),
        ["RevokeApiKey"] = new("Revokes one of the user's API keys; a request with it is answered 401 at once."),
        ["GetQuota"] = new("The user's plan, its limits, this month's calls and spend, and what remains. Invocations count against " +
            "`callsPerMonth` and `monthlySpendLimitCents`; `requestsPerMinute` limits invocations per minute.")
        {
            Response = """{"plan":"free","limits":{"requestsPerMinute":60,"callsPerMonth":10000,"monthlySpendLimitCents":5000},"used":{"callsThisMonth":3,"spendThisMonthCents":75},"remaining":{"callsThisMonth":9997,"spendThisMonthCents":4925}}""",
        },
        ["SetUserRoles"] = new("Sets a user's roles (`consumer` is always kept). An admin cannot remove their own admin role (409).")
        {
            Errors = [409],
            Request = """{"roles":["consumer","publisher"]}""",
        },
        ["SetUserQuota"] = new("Moves a user to another plan or overrides single limits; fields left out keep their value.")
        {
            Request = """{"plan":"pro","monthlySpendLimitCents":100000}""",
        },
    };
}
