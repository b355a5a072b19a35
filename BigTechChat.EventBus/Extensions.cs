using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class EventBusExtensions
{
    public const string InProcessTransportName = "inprocess";

    /// <summary>
    /// The bus with the transport configuration picks (<c>EventBus:Transport</c>); the in-process one by default.
    /// An in-process broker registered beforehand (the embedded AppHost does) is shared rather than replaced.
    /// </summary>
    public static EventBusBuilder AddEventBus<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<EventBusOptions>()
            .Bind(builder.Configuration.GetSection(EventBusOptions.SectionName))
            .PostConfigure(options =>
            {
                options.ServiceName = serviceName;
                options.Transport = ResolveTransportName(options.Transport, builder.Configuration);
            });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<EventBusMetrics>();
        builder.Services.TryAddSingleton<InProcessBroker>();
        builder.Services.TryAddKeyedSingleton<IEventTransport>(InProcessTransportName,
            (sp, _) => new InProcessTransport(sp.GetRequiredService<InProcessBroker>()));
        builder.Services.TryAddSingleton(sp =>
        {
            var name = sp.GetRequiredService<IOptions<EventBusOptions>>().Value.Transport!;
            return sp.GetKeyedService<IEventTransport>(name)
                ?? throw new InvalidOperationException($"EventBus:Transport '{name}' is not registered.");
        });
        builder.Services.TryAddSingleton<IEventPublisher, TracedPublisher>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHealthChecks().AddCheck<EventTransportHealthCheck>("eventbus");
        return new EventBusBuilder(builder);
    }

    private static string ResolveTransportName(string? configured, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().ToLowerInvariant();
        }

        return string.IsNullOrWhiteSpace(configuration.GetConnectionString("kafka")) ? InProcessTransportName : "kafka";
    }
}

internal sealed class EventTransportHealthCheck(IEventTransport transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await transport.IsAvailableAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"{transport.Name} transport reachable")
                : HealthCheckResult.Unhealthy($"{transport.Name} transport unreachable");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{transport.Name} transport unreachable", exception);
        }
    }
}
