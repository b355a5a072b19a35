using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BigTechChat.EmbeddedHost;

/// <summary>
/// Activity sources are process-wide: with four hosts in one process, per-host tracing would export each request
/// several times. The embedded mode therefore runs one tracer pipeline that names the service by the port it serves.
/// </summary>
internal static class ProcessTracing
{
    public static TracerProvider? StartIfConfigured(EmbeddedSystemOptions options)
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return null;
        }

        var ports = options.Ports;
        var services = new Dictionary<int, string>
        {
            [ports.Gateway] = "gateway",
            [ports.User] = "user-service",
            [ports.Friend] = "friend-service",
            [ports.Chat] = "chat-service",
        };
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource =>
            {
                // Under the AppHost, OTEL_SERVICE_NAME names the resource, so the dashboard files the spans under it.
                if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                {
                    resource.AddService("bigtechchat-embedded");
                }
            })
            .AddSource(ServiceMeters.ActivitySourceName + ".*")
            .AddAspNetCoreInstrumentation(tracing => tracing.Filter = context => !Extensions.IsInfrastructurePath(context.Request.Path))
            .AddHttpClientInstrumentation()
            .AddProcessor(new ServiceTagProcessor(services))
            .AddOtlpExporter()
            .Build();
    }

    /// <summary>Tags each server span with the service that handled it (by the local port).</summary>
    private sealed class ServiceTagProcessor(IReadOnlyDictionary<int, string> services) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.GetTagItem("server.port") is int port && services.TryGetValue(port, out var service))
            {
                data.SetTag("bigtechchat.service", service);
            }
        }
    }
}
