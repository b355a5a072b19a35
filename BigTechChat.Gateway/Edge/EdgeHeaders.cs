using System.Buffers;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.Gateway.Edge;

/// <summary>What the edge adds to and removes from every exchange before anything else sees it.</summary>
public static class EdgeHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string IdentityHeaderPrefix = "X-User-";

    private const int MaxRequestIdLength = 128;

    private static readonly SearchValues<char> RequestIdChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    /// <summary>API responses are JSON or event streams: nothing in them may load, frame or run anything.</summary>
    private const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static WebApplication UseEdgeHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var requestId = AcceptOrCreateRequestId(context.Request.Headers[RequestId].ToString());
            context.Request.Headers[RequestId] = requestId;
            context.TraceIdentifier = requestId;
            StripIdentityHeaders(context.Request.Headers);
            context.Response.OnStarting(() =>
            {
                WriteResponseHeaders(context, requestId);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>Callers choose their own id for correlation, but only a short token-like one (it reaches logs).</summary>
    public static string AcceptOrCreateRequestId(string? supplied) =>
        !string.IsNullOrEmpty(supplied) && supplied.Length <= MaxRequestIdLength && !supplied.AsSpan().ContainsAnyExcept(RequestIdChars)
            ? supplied
            : Guid.NewGuid().ToString("N");

    /// <summary>Services never trust identity headers; removing them here keeps anyone from trying.</summary>
    private static void StripIdentityHeaders(IHeaderDictionary headers)
    {
        foreach (var name in headers.Keys.Where(k => k.StartsWith(IdentityHeaderPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }
    }

    private static void WriteResponseHeaders(HttpContext context, string requestId)
    {
        var headers = context.Response.Headers;
        headers[RequestId] = requestId;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-site";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // A response that chose its own policy (the web client's files) keeps it.
        if (!context.Request.Path.StartsWithSegments(ApiDocsExtensions.DocsPath) && !headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ApiContentSecurityPolicy;
        }

        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }
    }
}
