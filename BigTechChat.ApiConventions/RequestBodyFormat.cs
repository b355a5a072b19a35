using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BigTechChat.ApiConventions;

/// <summary>
/// Checks a request body's declared format before any endpoint reads it (API.md §1: bodies are UTF-8). The charset
/// parameter may be quoted and in any case (RFC 9110 §8.3.1, §5.6.6); <c>utf-8</c> (and the common misspelling
/// <c>utf8</c>) is accepted and rewritten to the canonical <c>charset=utf-8</c> the framework understands. Any other
/// charset, an unparseable Content-Type and any content coding but <c>identity</c> answer 415 (RFC 9110 §15.5.16).
/// A declared Content-Length over the body limit answers 413 at once, before anything is read or forwarded.
/// </summary>
public static class RequestBodyFormat
{
    public const string Utf8 = "utf-8";

    public static async Task CheckAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.ContentLength > ApiLimits.MaxRequestBodyBytes)
        {
            await ApiProblem.Create(StatusCodes.Status413PayloadTooLarge, ApiLimits.TooLargeDetail, ErrorCodes.InvalidInput).ExecuteAsync(context);
            return;
        }

        if (Reject(context.Request) is { } reason)
        {
            // RFC 9110 §12.5.3: name the codings we do accept.
            context.Response.Headers.AcceptEncoding = "identity";
            await ApiProblem.Create(StatusCodes.Status415UnsupportedMediaType, reason, ErrorCodes.InvalidInput).ExecuteAsync(context);
            return;
        }

        await next();
    }

    /// <summary>Why the body's format is refused, or null when it is acceptable (the Content-Type may be normalised).</summary>
    public static string? Reject(HttpRequest request)
    {
        foreach (var coding in request.Headers.ContentEncoding.SelectMany(v => (v ?? string.Empty).Split(',')))
        {
            var name = coding.Trim();
            if (name.Length > 0 && !name.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                return $"Content-Encoding '{name}' is not supported; send the body uncompressed";
            }
        }

        if (StringValues.IsNullOrEmpty(request.Headers.ContentType))
        {
            return null;
        }

        if (request.Headers.ContentType.Count > 1 || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return "Content-Type is not a valid media type";
        }

        if (!mediaType.Charset.HasValue)
        {
            return null;
        }

        var charset = HeaderUtilities.RemoveQuotes(mediaType.Charset);
        if (!charset.Equals(Utf8, StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return $"charset '{charset}' is not supported; request bodies must be UTF-8";
        }

        if (mediaType.Charset.Value != Utf8)
        {
            mediaType.Charset = Utf8;
            request.ContentType = mediaType.ToString();
        }

        return null;
    }
}
