using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Cross-cutting defaults every BigTech Chat service shares: telemetry, health, discovery, resilience.</summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>Set by the embedded AppHost: the process owns one tracer pipeline, so hosts must not add their own.</summary>
    public const string EmbeddedTracingKey = "BigTechChat:ProcessWideTracing";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string displayName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(new ServiceIdentity(displayName));
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        builder.AddConnectionLimits();
        builder.AddQuietLoggingDefaults();
        return builder;
    }

    /// <summary>
    /// Services ship without appsettings.json, so the templates' defaults are set here: per-request (ASP.NET Core
    /// hosting, YARP) and per-SQL Information logs would cost more than the requests themselves (issue 10 measured
    /// ~3 % of CPU in the gateway). Warnings and errors still show; configuration still overrides each category.
    /// </summary>
    public static TBuilder AddQuietLoggingDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        foreach (var category in QuietLoggingCategories)
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }

        return builder;
    }

    /// <summary>Categories that log at Information once per request or per SQL command.</summary>
    public static readonly string[] QuietLoggingCategories = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Yarp"];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // Under the AppHost, OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES name the resource the dashboard shows.
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ServiceMeters.MeterNamePrefix + "*")
                .AddPrometheusExporter()
                .ConfigureServices(services => services.ConfigureOpenTelemetryMeterProvider((provider, meters) =>
                    meters.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())))));

        if (!builder.Configuration.GetValue<bool>(EmbeddedTracingKey))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ServiceMeters.ActivitySourceName + ".*")
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation());
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Meter listeners are process-wide: in the embedded mode one host's provider would also export the meters the
    /// other hosts created. Keep a meter only if this host's factory (or no factory, e.g. the runtime's) created it.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory hostMeters) =>
        instrument => instrument.Meter.Scope is IMeterFactory owner && !ReferenceEquals(owner, hostMeters)
            ? MetricStreamConfiguration.Drop
            : null;

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
            ResponseWriter = WriteHealthAsync,
        });
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        return app;
    }

    public static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var service = context.RequestServices.GetRequiredService<ServiceIdentity>().DisplayName;
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            ["service"] = service,
        };
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray();
        if (failing.Length > 0)
        {
            body["failing"] = failing;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>The human-readable name a service reports on <c>/health</c>, e.g. "User Service".</summary>
public sealed record ServiceIdentity(string DisplayName);

/// <summary>Every project names its meters and span sources under this prefix, so the defaults subscribe to them all.</summary>
public static class ServiceMeters
{
    public const string MeterNamePrefix = "BigTechChat.";
    public const string ActivitySourceName = "BigTechChat";
}
