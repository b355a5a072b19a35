using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;
using BigTechChat.EventBus.Kafka;
using BigTechChat.EventBus.RedisStreams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class EventBusExtensions
{
    public const string InProcessTransportName = "inprocess";
    public const string RedisTransportName = "redis";
    public const string KafkaTransportName = "kafka";

    /// <summary>
    /// The bus with the transport configuration picks (<c>EventBus:Transport</c>: <c>inprocess</c>, <c>redis</c>
    /// or <c>kafka</c>); Kafka when <c>ConnectionStrings:kafka</c> exists, else the in-process one.
    /// An in-process broker registered beforehand (the embedded AppHost does) is shared rather than replaced.
    /// </summary>
    public static EventBusBuilder AddEventBus<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptionsWithValidateOnStart<EventBusOptions>()
            .Bind(builder.Configuration.GetSection(EventBusOptions.SectionName))
            .ValidateDataAnnotations()
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
        builder.AddRedisStreamsTransport();
        builder.AddKafkaTransport();
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

    private static void AddRedisStreamsTransport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<RedisStreamsOptions>().Bind(builder.Configuration.GetSection(RedisStreamsOptions.SectionName)).ValidateDataAnnotations();
        var connectionString = builder.Configuration.GetConnectionString("redis");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // Aspire's Redis client, as BigTechChat.Security's AddRedisConnection: whichever runs first provides the one multiplexer.
            if (!builder.Services.Any(service => service.ServiceType == typeof(IConnectionMultiplexer)))
            {
                builder.AddRedisClient("redis", configureOptions: options => options.AbortOnConnectFail = false);
            }
        }

        builder.Services.TryAddKeyedSingleton<IEventTransport>(RedisTransportName, (sp, _) => new RedisStreamsTransport(
            sp.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException("EventBus:Transport 'redis' needs ConnectionStrings:redis."),
            sp.GetRequiredService<IOptions<RedisStreamsOptions>>(),
            sp.GetRequiredService<IOptions<EventBusOptions>>(),
            sp.GetRequiredService<EventBusMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RedisStreamsTransport>>()));
    }

    private static void AddKafkaTransport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<KafkaOptions>()
            .Bind(builder.Configuration.GetSection(KafkaOptions.SectionName))
            .ValidateDataAnnotations()
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.BootstrapServers))
                {
                    options.BootstrapServers = builder.Configuration.GetConnectionString("kafka") ?? string.Empty;
                }
            });
        builder.Services.TryAddKeyedSingleton<IEventTransport, KafkaTransport>(KafkaTransportName);
    }

    private static string ResolveTransportName(string? configured, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().ToLowerInvariant();
        }

        return string.IsNullOrWhiteSpace(configuration.GetConnectionString("kafka")) ? InProcessTransportName : KafkaTransportName;
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
