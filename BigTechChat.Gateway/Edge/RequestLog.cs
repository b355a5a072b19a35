using System.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace BigTechChat.Gateway.Edge;

/// <summary>
/// The gateway's access log. The framework's own request logs are turned off because they print the raw URL,
/// and a stream URL may carry <c>?access_token=</c>; this one prints the query with secrets redacted. Requests are
/// logged at Debug (an Information line per request cost ~3 % of the gateway's CPU, issue 10); 5xx answers at Warning,
/// except refusals (see <see cref="LevelOf"/>).
/// </summary>
public static partial class RequestLog
{
    public const string Redacted = "[redacted]";

    /// <summary>Categories whose messages include full request URLs.</summary>
    public static readonly string[] UrlLoggingCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Yarp.ReverseProxy.Forwarder.HttpForwarder",
    ];

    private static readonly string[] SecretQueryParameters = ["access_token", "token", "password"];

    public static WebApplication UseRequestLog(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BigTechChat.Gateway.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var level = LevelOf(context.Response);
                if (logger.IsEnabled(level))
                {
                    LogRequest(logger, level, context.Request.Method, context.Request.Path + RedactQuery(context.Request.Query),
                        context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
                }
            }
        });
        return app;
    }

    /// <summary>
    /// Warning for a 5xx, except a 503 with <c>Retry-After</c>: a deliberate refusal under load (a service's admission
    /// control, the gateway's stream cap; RFC 9110 §15.6.4) that metrics already count (<c>bigtechchat.requests.refused</c>,
    /// <c>http.server.request.duration</c> by status), and at thousands a second a line each would cost the capacity it
    /// protects (34,760 lines in one 30 s overload run). Debug for everything else, 429 included.
    /// </summary>
    private static LogLevel LevelOf(HttpResponse response) =>
        response.StatusCode >= 500 && !IsRefusal(response) ? LogLevel.Warning : LogLevel.Debug;

    private static bool IsRefusal(HttpResponse response) =>
        response.StatusCode == StatusCodes.Status503ServiceUnavailable && response.Headers.RetryAfter.Count > 0;

    public static string RedactQuery(IQueryCollection query)
    {
        if (query.Count == 0)
        {
            return string.Empty;
        }

        var redacted = query.Select(p => new KeyValuePair<string, StringValues>(p.Key,
            SecretQueryParameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase) ? Redacted : p.Value));
        return QueryString.Create(redacted).Value!.Replace("%5Bredacted%5D", Redacted, StringComparison.Ordinal);
    }

    [LoggerMessage(Message = "{Method} {Target} responded {StatusCode} in {ElapsedMs:0.0} ms (request {RequestId})")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string target, int statusCode, double elapsedMs, string requestId);
}
