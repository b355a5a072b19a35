using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Diagnostics;
using Polly;

namespace BigTechChat.FriendService;

/// <summary>
/// A directory miss that the user service cannot answer (down, timing out, circuit open) is a 503 for the caller,
/// not a 500: the request was fine, a dependency was not.
/// </summary>
internal sealed partial class UserServiceUnavailableHandler(ILogger<UserServiceUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = exception is HttpRequestException or ExecutionRejectedException
            || (exception is TaskCanceledException && !httpContext.RequestAborted.IsCancellationRequested);
        if (!unavailable)
        {
            return false;
        }

        LogUnavailable(logger, exception);
        await ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "User service unavailable").ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User service lookup failed")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
