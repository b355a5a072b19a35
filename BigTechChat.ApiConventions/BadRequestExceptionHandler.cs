using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace BigTechChat.ApiConventions;

/// <summary>
/// Turns the framework's binding and body-reading failures (malformed JSON, wrong types, oversized bodies, truncated
/// uploads, broken forms) into problem details, so bad input is always a 4xx with the error body, never a 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => FromJson(json),
            InvalidDataException => ApiProblem.BadRequest("Request body is not a valid form"),
            _ => null,
        };

        if (httpContext.RequestAborted.IsCancellationRequested || IsConnectionLost(exception))
        {
            // Nobody is left to read an answer; record it as the client's doing, not as a server fault. The transport's
            // reset can reach the body reader before Kestrel cancels RequestAborted, so the exception counts too.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        if (result is null)
        {
            return false;
        }

        LogRejected(logger, result.StatusCode, exception.Message);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>True when the client's connection broke (reset or aborted by the transport) anywhere in the chain.</summary>
    private static bool IsConnectionLost(Exception exception) =>
        ExceptionCauses.Of(exception).Any(e => e is Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Connections.ConnectionAbortedException);

    private static ProblemHttpResult FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ApiProblem.Create(413, ApiLimits.TooLargeDetail, ErrorCodes.InvalidInput),
            StatusCodes.Status415UnsupportedMediaType => ApiProblem.Create(415, "Unsupported content type", ErrorCodes.InvalidInput),
            StatusCodes.Status400BadRequest when IsParameterFailure(exception.Message) => ApiProblem.Validation(new Dictionary<string, string[]>
            {
                [ParameterName(exception.Message)] = [exception.Message],
            }),
            StatusCodes.Status400BadRequest => ApiProblem.BadRequest("The request body could not be read"),
            _ => ApiProblem.Create(exception.StatusCode, "The request could not be read"),
        };
    }

    private static ProblemHttpResult FromJson(JsonException exception)
    {
        var field = exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
        var message = field == "body" ? "Request body is not valid JSON" : $"{field} has an invalid value";
        return ApiProblem.Validation(new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>The framework's binding messages name a parameter; Kestrel's body errors (truncated upload ...) do not.</summary>
    private static bool IsParameterFailure(string message) => message.Contains("parameter \"", StringComparison.Ordinal);

    private static string ParameterName(string message)
    {
        // The framework's messages quote the parameter: Failed to bind parameter "long id" from "abc".
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start < 0 || end <= start)
        {
            return "request";
        }

        var quoted = message[(start + 1)..end];
        var space = quoted.LastIndexOf(' ');
        return space >= 0 ? quoted[(space + 1)..] : quoted;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected request with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int? status, string reason);
}
