using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BigTechChat.ApiConventions;

/// <summary>
/// Refuses request targets whose path has a dot segment (<c>.</c>, <c>..</c>, also percent-encoded as <c>%2E</c>)
/// or an encoded slash (<c>%2F</c>, <c>%5C</c>) with 400 <c>invalid_input</c>. Kestrel removes dot segments
/// (RFC 3986 §5.2.4) before routing, so <c>DELETE /api/messages/{id}/reactions/%2E%2E</c> would otherwise run
/// <c>DELETE /api/messages/{id}</c>; no API path of ours has such a segment, so none is lost by refusing them.
/// Each hop checks the target it received, so a gateway forwarding <c>%252E</c> as <c>%2E</c> is caught by the next.
/// </summary>
public static class RequestTargetGuard
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is not null && HasAmbiguousSegment(target))
        {
            await ApiProblem.BadRequest("The path must not contain '.' or '..' segments or encoded slashes").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>True when a segment of the target's path decodes to "." or "..", or holds an encoded '/' or '\'.</summary>
    public static bool HasAmbiguousSegment(string rawTarget)
    {
        var path = PathOf(rawTarget);
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or ".." || decoded.Contains('/', StringComparison.Ordinal) || decoded.Contains('\\', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The path of an origin-form (<c>/a/b?q</c>) or absolute-form (<c>http://h/a/b?q</c>) target.</summary>
    private static string PathOf(string rawTarget)
    {
        var path = rawTarget;
        if (!path.StartsWith('/'))
        {
            var scheme = path.IndexOf("://", StringComparison.Ordinal);
            var start = scheme < 0 ? -1 : path.IndexOf('/', scheme + 3);
            path = start < 0 ? string.Empty : path[start..];
        }

        var end = path.IndexOfAny(['?', '#']);
        return end < 0 ? path : path[..end];
    }
}
