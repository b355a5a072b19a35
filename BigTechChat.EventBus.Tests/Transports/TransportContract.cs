using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EventBus.Tests.Transports;

/// <summary>
/// What every transport must do for the bus, run against in-process, Redis Streams and Kafka alike.
/// Subclasses only say how a host selects their transport.
/// </summary>
public abstract class TransportContract : IAsyncLifetime
{
    public const string ProbeType = "Probe";
    private readonly List<IHost> _hosts = [];
    private readonly List<RunningConsumer> _consumers = [];

    /// <summary>Each test has a topic of its own, so tests never see each other's events.</summary>
    protected string Topic { get; } = $"contract.{Guid.NewGuid():N}";

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync();
        }

        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the host use the transport under test (configuration and shared services).</summary>
    protected abstract void ConfigureTransport(HostApplicationBuilder builder);

    [Fact]
    public async Task Published_events_reach_every_consumer_group_once_in_order_per_key()
    {
        var transport = TransportOf(BuildHost());
        var first = Consume(transport, "group-a");
        var second = Consume(transport, "group-b");
        await WarmUpAsync(transport, Topic, first, second);

        var sent = Enumerable.Range(0, 30).Select(i => Envelope($"room-{i % 3}", i)).ToList();
        foreach (var envelope in sent)
        {
            await transport.PublishAsync(envelope, Cancellation);
        }

        foreach (var received in new[] { first, second })
        {
            await Eventually.HoldsAsync(() => received.Events.Count >= sent.Count, "every group received every event");
            Assert.Equal(sent.Select(e => e.EventId).Order(), received.Events.Select(e => e.EventId).Order());
            foreach (var key in sent.Select(e => e.Key).Distinct())
            {
                Assert.Equal(sent.Where(e => e.Key == key).Select(e => e.EventId), received.Events.Where(e => e.Key == key).Select(e => e.EventId));
            }
        }
    }

    [Fact]
    public async Task A_delivery_that_throws_is_redelivered_and_not_skipped()
    {
        var transport = TransportOf(BuildHost());
        var failing = Envelope("room-1", 1);
        var next = Envelope("room-1", 2);
        var attempts = 0;
        var received = new Received();
        StartConsumer(transport, "group-a", (envelope, _) =>
        {
            if (envelope.EventId == failing.EventId && Interlocked.Increment(ref attempts) == 1)
            {
                throw new InvalidOperationException("handler hiccup");
            }

            received.Add(envelope);
            return Task.CompletedTask;
        });
        await WarmUpAsync(transport, Topic, received);

        await transport.PublishAsync(failing, Cancellation);
        await transport.PublishAsync(next, Cancellation);

        await Eventually.HoldsAsync(() => received.Events.Count >= 2, "both events were delivered");
        Assert.Equal([failing.EventId, next.EventId], received.Events.Select(e => e.EventId));
        Assert.True(attempts >= 2, "the failed event was delivered again");
    }

    [Fact]
    public async Task A_second_consumer_in_the_same_group_shares_the_load()
    {
        var first = TransportOf(BuildHost());
        var second = TransportOf(BuildHost());
        var a = Consume(first, "shared", slow: true);
        var b = Consume(second, "shared", slow: true);
        await WarmUpAsync(first, Topic, a, b);

        var sent = Enumerable.Range(0, 40).Select(i => Envelope($"room-{i % 8}", i)).ToList();
        foreach (var envelope in sent)
        {
            await first.PublishAsync(envelope, Cancellation);
            await Task.Delay(10, Cancellation);
        }

        await Eventually.HoldsAsync(() => a.Events.Count + b.Events.Count >= sent.Count, "the group received every event");
        Assert.Equal(sent.Select(e => e.EventId).Order(), a.Events.Concat(b.Events).Select(e => e.EventId).Order());
        Assert.NotEmpty(a.Events);
        Assert.NotEmpty(b.Events);
    }

    [Fact]
    public async Task Identity_key_payload_and_headers_survive_the_trip()
    {
        var transport = TransportOf(BuildHost());
        var received = Consume(transport, "group-a");
        await WarmUpAsync(transport, Topic, received);
        var sent = Envelope("room-7", 7) with
        {
            Headers = new Dictionary<string, string>
            {
                [EventEnvelope.TraceParentHeader] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                ["x-origin"] = "contract",
            },
        };

        await transport.PublishAsync(sent, Cancellation);

        await Eventually.HoldsAsync(() => received.Events.Count == 1, "the event arrived");
        var arrived = received.Events[0];
        Assert.Equal(sent.EventId, arrived.EventId);
        Assert.Equal(sent.EventType, arrived.EventType);
        Assert.Equal(sent.Topic, arrived.Topic);
        Assert.Equal(sent.Key, arrived.Key);
        Assert.Equal(sent.Payload, arrived.Payload);
        Assert.Equal(sent.TraceParent, arrived.TraceParent);
        Assert.Equal("contract", arrived.Headers["x-origin"]);
        Assert.InRange(arrived.Timestamp, sent.Timestamp.AddSeconds(-1), sent.Timestamp.AddSeconds(1));
    }

    [Fact]
    public async Task A_poison_event_ends_on_the_dead_letter_topic_with_its_error()
    {
        var service = BuildHost("poisoned-service", bus => bus.AddSubscription<ContractEvent, PoisonHandler>(), new()
        {
            ["EventBus:MaxDeliveryAttempts"] = "2",
            ["EventBus:RetryBaseDelay"] = "00:00:00.010",
        });
        await service.StartAsync(Cancellation);
        var transport = TransportOf(service);
        var deadLetters = Consume(TransportOf(BuildHost("operator")), Topics.DeadLetter(ContractEvent.Topic), "operator");
        await WarmUpAsync(transport, Topics.DeadLetter(ContractEvent.Topic), deadLetters);

        var published = new List<Guid>();
        await Eventually.HoldsAsync(async () =>
        {
            // Re-sent until one lands: a consumer joining an in-process topic only sees events published after it joined.
            var poison = EventEnvelope.From(new ContractEvent("room-9", published.Count));
            published.Add(poison.EventId);
            await transport.PublishAsync(poison, Cancellation);
            return deadLetters.Events.Count > 0;
        }, "the poison event was dead-lettered", TimeSpan.FromSeconds(60));

        var deadLetter = deadLetters.Events[0];
        Assert.Contains(deadLetter.EventId, published);
        Assert.Equal(nameof(ContractEvent), deadLetter.EventType);
        Assert.Equal("room-9", deadLetter.Key);
        Assert.Contains(PoisonHandler.Failure, deadLetter.Headers[EventEnvelope.ErrorHeader], StringComparison.Ordinal);
        Assert.Equal("room-9", JsonDocument.Parse(deadLetter.Payload).RootElement.GetProperty("room_key").GetString());
    }

    [Fact]
    public async Task A_reachable_broker_is_available()
    {
        var transport = TransportOf(BuildHost());

        Assert.True(await transport.IsAvailableAsync(Cancellation));
    }

    protected IHost BuildHost(
        string service = "contract-service",
        Action<EventBusBuilder>? configure = null,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        ConfigureTransport(builder);
        services?.Invoke(builder.Services);
        var bus = builder.AddEventBus(service);
        configure?.Invoke(bus);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    protected static IEventTransport TransportOf(IHost host) => host.Services.GetRequiredService<IEventTransport>();

    protected Received Consume(IEventTransport transport, string group, bool slow = false) => Consume(transport, Topic, group, slow);

    protected Received Consume(IEventTransport transport, string topic, string group, bool slow = false)
    {
        var received = new Received();
        _consumers.Add(new RunningConsumer(transport, topic, group, async (envelope, cancellationToken) =>
        {
            received.Add(envelope);
            if (slow)
            {
                await Task.Delay(20, cancellationToken);
            }
        }));
        return received;
    }

    protected RunningConsumer StartConsumer(IEventTransport transport, string group, Func<EventEnvelope, CancellationToken, Task> deliver)
    {
        var consumer = new RunningConsumer(transport, Topic, group, deliver);
        _consumers.Add(consumer);
        return consumer;
    }

    /// <summary>Publishes probes until every consumer has seen one: they have joined and will see what follows.</summary>
    protected static async Task WarmUpAsync(IEventTransport transport, string topic, params Received[] consumers)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var probe = new EventEnvelope(Guid.NewGuid(), ProbeType, topic, Guid.NewGuid().ToString("N"), "{}", DateTime.UtcNow,
                new Dictionary<string, string>());
            await transport.PublishAsync(probe, Cancellation);
            await Task.Delay(200, Cancellation);
            return consumers.All(c => c.SawProbe);
        }, "every consumer joined", TimeSpan.FromSeconds(90));
    }

    protected EventEnvelope Envelope(string key, int number) => new(
        Guid.NewGuid(), "ContractPing", Topic, key, $$"""{"number":{{number}}}""", DateTime.UtcNow, new Dictionary<string, string>());
}
