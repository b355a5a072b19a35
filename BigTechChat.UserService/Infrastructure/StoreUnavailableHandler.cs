using System.Data.Common;
using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace BigTechChat.UserService.Infrastructure;

/// <summary>A database or Redis outage is the service's problem, not the caller's: answer 503, which clients retry, not 500.</summary>
internal sealed partial class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisException or RedisTimeoutException or DbException)
            && exception.InnerException is not (RedisException or DbException))
        {
            return false;
        }

        LogUnavailable(logger, exception, httpContext.Request.Path);
        httpContext.Response.Headers.RetryAfter = "5";
        await ApiProblem.Create(StatusCodes.Status503ServiceUnavailable, "A backing store is unavailable; try again shortly")
            .ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Store unavailable while serving {Path}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, PathString path);
}
