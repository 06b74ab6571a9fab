using AgentMarketplace.Client.Generated;
using AgentMarketplace.Storefront.Api;
using AgentMarketplace.Storefront.Session;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Storefront.Components;

/// <summary>
/// What every page does the same way: find the visitor, call the API, and turn a problem into a message
/// (or, for an expired session, into the sign-in page) rather than an error page.
/// </summary>
public abstract class StorefrontPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? Http { get; set; }

    [Inject]
    private protected StorefrontApi Api { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    protected TimeProvider Clock { get; set; } = default!;

    /// <summary>The last problem a call ran into, shown by the page.</summary>
    protected ApiProblem? Problem { get; set; }

    private protected SignedInVisitor? Visitor { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Visitor = await StorefrontSession.CurrentAsync(Http!);
        await LoadAsync();
    }

    /// <summary>The page's reads, after the visitor is known.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>An anonymous call; a problem is kept in <see cref="Problem"/> and the result is default.</summary>
    private protected async Task<T?> CallAsync<T>(Func<MarketplaceApiClient, Task<T>> call)
    {
        var (value, problem) = await StorefrontApi.TryAsync(() => call(Api.Anonymous));
        Problem = problem ?? Problem;
        return value;
    }

    /// <summary>
    /// A call as the signed-in visitor. Nobody signed in, or a token the API no longer accepts: the visitor
    /// is sent to sign in and brought back here afterwards.
    /// </summary>
    private protected async Task<T?> CallAsVisitorAsync<T>(Func<MarketplaceApiClient, Task<T>> call)
    {
        var client = await Api.ForVisitorAsync();
        if (client is null)
        {
            SendToSignIn();
            return default;
        }

        var (value, problem) = await StorefrontApi.TryAsync(() => call(client));
        if (problem?.Status == StatusCodes.Status401Unauthorized)
        {
            await StorefrontSession.SignOutAsync(Http!);
            SendToSignIn();
        }

        Problem = problem ?? Problem;
        return value;
    }

    /// <summary>The API's 404 ("not found or not yours") becomes the site's not-found page, with its status.</summary>
    protected void AnswerNotFound() => Navigation.NotFound();

    private void SendToSignIn() =>
        Navigation.NavigateTo($"{StorefrontSession.SignInPath}?returnUrl={Uri.EscapeDataString(Navigation.ToBaseRelativePath(Navigation.Uri).Insert(0, "/"))}");
}
