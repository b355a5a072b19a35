using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Diagnostics;

namespace BigTechChat.ChatService.Infrastructure;

/// <summary>The user service (asked about users not in the local directory yet) being down is a 503, not a 500.</summary>
internal sealed partial class DependencyUnavailableHandler(ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (HttpRequestException or Polly.ExecutionRejectedException))
        {
            return false;
        }

        LogUnavailable(logger, exception.Message);
        httpContext.Response.Headers.RetryAfter = "5";
        await ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "A service this request depends on is unavailable; try again shortly")
            .ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
