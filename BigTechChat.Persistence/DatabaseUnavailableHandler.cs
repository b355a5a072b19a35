using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace BigTechChat.Persistence;

/// <summary>
/// A database that cannot serve right now — SQLite busy, out of descriptors, disk full or I/O error; MySQL unreachable or a
/// transient server error — is the server's temporary condition: 503 with <c>Retry-After</c>
/// (RFC 9110 §15.6.4) and a problem body, logged as an error, instead of a 500. The failed transaction rolled back,
/// but a request may have committed an earlier one (a group created, then its view read), so the answer does not
/// claim that nothing changed.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> of the answer, in seconds.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblem.Create(StatusCodes.Status503ServiceUnavailable,
            "The database cannot serve this request right now; retry shortly", ErrorCodes.ServiceUnavailable)
            .ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or an inner one) is a temporary database condition rather than a bug:
    /// SQLite result codes BUSY (5), LOCKED (6), NOMEM (7), IOERR (10), FULL (13), CANTOPEN (14), PROTOCOL (15)
    /// (https://sqlite.org/rescode.html); a MySqlException the connector marks transient or a host it cannot reach.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => ExceptionCauses.Of(exception).Any(cause => cause switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 7 or 10 or 13 or 14 or 15,
        MySqlException mysql => mysql.IsTransient || mysql.ErrorCode is MySqlErrorCode.UnableToConnectToHost,
        _ => false,
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable for {Method} {Path}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);
}
