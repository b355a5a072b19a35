using System.Net;
using BigTechChat.EventBus.InProcess;
using BigTechChat.EventBus.Kafka;
using BigTechChat.EventBus.RedisStreams;
using BigTechChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>How configuration picks a transport, and what a service shows when its broker is gone.</summary>
public sealed class TransportHostingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, null, null, typeof(InProcessTransport))]
    [InlineData(null, null, "127.0.0.1:1", typeof(KafkaTransport))]
    [InlineData("redis", "127.0.0.1:1,abortConnect=false", null, typeof(RedisStreamsTransport))]
    [InlineData("inprocess", null, "127.0.0.1:1", typeof(InProcessTransport))]
    [InlineData("Kafka", null, "127.0.0.1:1", typeof(KafkaTransport))]
    public void Configuration_picks_the_transport(string? transport, string? redis, string? kafka, Type expected)
    {
        using var host = BuildHost(new()
        {
            ["EventBus:Transport"] = transport,
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:kafka"] = kafka,
        });

        Assert.IsType(expected, host.Services.GetRequiredService<IEventTransport>());
    }

    [Fact]
    public void Redis_transport_without_a_connection_string_says_what_is_missing()
    {
        using var host = BuildHost(new() { ["EventBus:Transport"] = "redis" });

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IEventTransport>());
        Assert.Contains("ConnectionStrings:redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_transport_shares_the_one_multiplexer_registered_before_it()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "redis",
            ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false",
        });
        var multiplexer = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        builder.AddEventBus("svc");
        using var host = builder.Build();

        Assert.Single(host.Services.GetServices<IConnectionMultiplexer>());
        Assert.Same(multiplexer, host.Services.GetRequiredService<IConnectionMultiplexer>());
    }

    [Fact]
    public async Task Kafka_transport_reports_an_unreachable_broker_unavailable_and_fails_to_publish()
    {
        using var host = BuildHost(new()
        {
            ["ConnectionStrings:kafka"] = $"127.0.0.1:{LocalServerProcess.FreePort()}",
            ["EventBus:Kafka:MetadataTimeout"] = "00:00:00.500",
            ["EventBus:Kafka:PublishTimeout"] = "00:00:01",
        });
        var transport = host.Services.GetRequiredService<IEventTransport>();

        Assert.False(await transport.IsAvailableAsync(Cancellation));
        await Assert.ThrowsAnyAsync<Exception>(() => transport.PublishAsync(
            EventEnvelope.From(new ContractEvent("room-1", 1)), Cancellation));
    }

    [Fact]
    public async Task Health_is_unhealthy_while_the_broker_is_down_and_http_keeps_serving()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        if (!redis.IsOwned)
        {
            InfrastructureRequirement.SkipOrFail($"A Redis given by {RedisServer.ConnectionVariable} cannot be stopped to simulate an outage");
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "redis",
            ["ConnectionStrings:redis"] = redis.ConnectionString,
        });
        builder.AddServiceDefaults("Transport Test");
        builder.AddEventBus("svc").AddSubscription<ContractEvent, RecordingHandler>();
        builder.Services.AddSingleton<ContractEventLog>();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync(Cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await Eventually.HoldsAsync(async () => (await http.GetAsync("/health", Cancellation)).StatusCode == HttpStatusCode.OK, "healthy at first");
        await Eventually.HoldsAsync(
            async () => (await http.GetStringAsync("/metrics", Cancellation)).Contains("events_consumer_lag", StringComparison.Ordinal),
            "the consumer lag of the service group is exported");

        await redis.StopAsync();
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health", Cancellation)).StatusCode == HttpStatusCode.ServiceUnavailable, "unhealthy without Redis");
        using var health = await http.GetAsync("/health", Cancellation);
        Assert.Contains("\"eventbus\"", await health.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal("pong", await http.GetStringAsync("/ping", Cancellation));

        await redis.StartAsync();
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health", Cancellation)).StatusCode == HttpStatusCode.OK, "healthy again", TimeSpan.FromSeconds(60));
        await app.StopAsync(Cancellation);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventBus("svc");
        return builder.Build();
    }
}
