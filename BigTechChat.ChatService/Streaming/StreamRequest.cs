using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// What an SSE stream's request lets go of once its response has started (docs/chat-service.md, what a stream holds).
/// By then the stream is authorised, its token watched and its Last-Event-ID read, and no problem response can be
/// written any more; the request would otherwise keep, for the hours the stream is open, every request header (the
/// bearer token the largest), the authenticate result and the request's DI scope (the authentication handler and its
/// cached result, and any scoped service the endpoint resolved) for nothing.
/// </summary>
public static class StreamRequest
{
    /// <summary>Call when the endpoint has decided to stream: the release runs as the response starts.</summary>
    public static void ReleaseWhenStarted(HttpContext http) =>
        http.Response.OnStarting(static state => ReleaseAsync((HttpContext)state), http);

    private static async Task ReleaseAsync(HttpContext http)
    {
        // Remove, not Clear: Kestrel's Clear keeps the values to reuse them for the connection's next request.
        var headers = http.Request.Headers;
        foreach (var name in headers.Keys.Where(name => !string.Equals(name, HeaderNames.Host, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        // The authentication feature keeps the result beside the principal; setting the principal drops the result.
        var user = http.User;
        http.Features.Set<IAuthenticateResultFeature>(null);
        http.User = user;

        // A fresh feature creates a new scope only if something asks for request services later; the old one is done.
        var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();
        var services = http.Features.Get<IServiceProvidersFeature>();
        http.Features.Set<IServiceProvidersFeature>(new RequestServicesFeature(http, scopes));
        if (services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
