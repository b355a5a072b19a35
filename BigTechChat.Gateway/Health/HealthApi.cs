using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BigTechChat.Gateway.Health;

/// <summary>The gateway's own infrastructure endpoints; <c>/health</c> reports the whole system, not just this process.</summary>
public static class HealthApi
{
    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapGet(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, GetSystemHealth)
            .WithName("GetSystemHealth")
            .WithSummary("Health of the gateway and of every back-end service (503 when one is down)")
            .AllowAnonymous();
        app.MapHealthChecks(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new { status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy" }),
        }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath).AllowAnonymous();
        return app;
    }

    public static async Task<JsonHttpResult<GatewayHealth>> GetSystemHealth(ServiceHealthProbe probe, CancellationToken cancellationToken)
    {
        var health = await probe.CheckAsync(cancellationToken);
        return TypedResults.Json(health, statusCode: health.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
