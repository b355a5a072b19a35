using System.Globalization;
using System.Threading.RateLimiting;
using BigTechChat.ApiConventions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Edge;

/// <summary>Per-client-IP fixed windows: one for everything, a stricter one for password logins.</summary>
public static class EdgeRateLimits
{
    public const string LoginPathPrefix = "/api/auth/login";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddEdgeRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            // The framework default is 503, which tells clients the server is down rather than to slow down.
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        var request = context.Request;
        if (!settings.Enabled || HttpMethods.IsOptions(request.Method) || Microsoft.Extensions.Hosting.Extensions.IsInfrastructurePath(request.Path))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return request.Path.Value?.StartsWith(LoginPathPrefix, StringComparison.OrdinalIgnoreCase) == true
            ? FixedWindow("login:" + client, settings.LoginPermitsPerMinute)
            : FixedWindow("all:" + client, settings.PermitsPerMinute);
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var seconds = RetryAfterHeader.Seconds(retryAfter);
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblem.Create(StatusCodes.Status429TooManyRequests,
                $"Too many requests; retry after {seconds} seconds", ErrorCodes.RateLimitExceeded)
            .ExecuteAsync(rejected.HttpContext);
    }
}
