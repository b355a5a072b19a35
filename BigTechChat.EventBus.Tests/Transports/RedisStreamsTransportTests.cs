using BigTechChat.EventBus.RedisStreams;
using BigTechChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BigTechChat.EventBus.Tests.Transports;

public sealed class RedisStreamsTransportTests : BrokerTransportContract
{
    private RedisServer _redis = null!;

    public override async ValueTask InitializeAsync() => _redis = await RedisServer.StartOrSkipAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }

    protected override void ConfigureTransport(HostApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "redis",
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["EventBus:RedisStreams:ClaimMinIdleTime"] = "00:00:01",
            ["EventBus:RedisStreams:ClaimInterval"] = "00:00:00.250",
            ["EventBus:RedisStreams:MaxLength"] = "100",
            ["EventBus:RedisStreams:IdleConsumerRetention"] = "00:00:02",
        });

    protected override Task StopBrokerAsync()
    {
        RequireOwnedServer();
        return _redis.StopAsync();
    }

    protected override Task StartBrokerAsync() => _redis.StartAsync();

    [Fact]
    public async Task Pending_entries_of_a_consumer_that_died_are_claimed_by_another_and_the_dead_consumer_forgotten()
    {
        var dying = TransportOf(BuildHost());
        var abandoned = Envelope("room-1", 1);
        var taken = new TaskCompletionSource();
        var deadConsumer = StartConsumer(dying, "group-a", async (envelope, cancellationToken) =>
        {
            taken.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        await dying.PublishAsync(abandoned, Cancellation);
        await taken.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        await deadConsumer.DisposeAsync();

        var survivor = Consume(TransportOf(BuildHost()), "group-a");

        await Eventually.HoldsAsync(() => survivor.Events.Any(e => e.EventId == abandoned.EventId), "the survivor claimed the abandoned entry");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        await Eventually.HoldsAsync(
            async () => (await redis.GetDatabase().StreamConsumerInfoAsync(RedisStreamsOptions.StreamKey(Topic), "group-a")).Length == 1,
            "the dead consumer was removed from the group");
    }

    [Fact]
    public async Task A_batch_is_acknowledged_with_one_xack_and_a_failure_acknowledges_only_what_was_delivered()
    {
        RequireOwnedServer(); // XACK calls are counted server-wide
        var transport = TransportOf(BuildHost());
        var events = Enumerable.Range(0, 20).Select(i => Envelope("room-1", i)).ToList();
        var firstTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = 0;
        var received = new Received();
        StartConsumer(transport, "group-a", async (envelope, _) =>
        {
            if (envelope.EventId == events[0].EventId)
            {
                firstTaken.TrySetResult();
                await release.Task; // the other 19 are published meanwhile, so the next read takes them as one batch
            }

            if (envelope.EventId == events[^1].EventId && Interlocked.Increment(ref failures) == 1)
            {
                throw new InvalidOperationException("handler hiccup");
            }

            received.Add(envelope);
        });
        await WarmUpAsync(transport, Topic, received);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        var acksBefore = await XackCallsAsync(redis);

        await transport.PublishAsync(events[0], Cancellation);
        await firstTaken.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        foreach (var envelope in events.Skip(1))
        {
            await transport.PublishAsync(envelope, Cancellation);
        }

        release.SetResult();
        await Eventually.HoldsAsync(() => received.Events.Count >= events.Count, "every event was delivered");
        Assert.Equal(events.Select(e => e.EventId), received.Events.Select(e => e.EventId));
        await Eventually.HoldsAsync(
            async () => (await redis.GetDatabase().StreamPendingAsync(RedisStreamsOptions.StreamKey(Topic), "group-a")).PendingMessageCount == 0,
            "nothing is left pending");
        // One XACK for the first event, one for the 18 delivered before the failure, one for the redelivered last.
        Assert.InRange(await XackCallsAsync(redis) - acksBefore, 3, 4);
    }

    [Fact]
    public async Task A_key_whose_handler_waits_does_not_hold_up_other_keys_of_its_batch_and_each_key_stays_in_order()
    {
        var transport = TransportOf(BuildHost());
        var gate = Envelope("gate", 0);
        var slowRoom = Enumerable.Range(0, 3).Select(i => Envelope("room-slow", i)).ToList();
        var otherRooms = Enumerable.Range(0, 12).Select(i => Envelope($"room-{i % 3}", i)).ToList();
        var gateTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var openGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseSlowRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new Received();
        StartConsumer(transport, "group-a", async (envelope, cancellationToken) =>
        {
            if (envelope.EventId == gate.EventId)
            {
                gateTaken.TrySetResult();
                await openGate.Task.WaitAsync(cancellationToken); // the rest is published meanwhile: the next read is one batch
            }
            else if (envelope.EventId == slowRoom[0].EventId)
            {
                await releaseSlowRoom.Task.WaitAsync(cancellationToken);
            }

            received.Add(envelope);
        });
        await WarmUpAsync(transport, Topic, received);

        await transport.PublishAsync(gate, Cancellation);
        await gateTaken.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        foreach (var envelope in slowRoom.Concat(otherRooms))
        {
            await transport.PublishAsync(envelope, Cancellation);
        }

        openGate.SetResult();
        await Eventually.HoldsAsync(
            () => otherRooms.All(e => received.Events.Any(r => r.EventId == e.EventId)),
            "the other rooms' events were delivered while the slow room's first handler waited");
        Assert.DoesNotContain(received.Events, e => e.Key == "room-slow");

        releaseSlowRoom.SetResult();
        await Eventually.HoldsAsync(() => received.Events.Count(e => e.Key == "room-slow") == slowRoom.Count, "the slow room's events followed");
        foreach (var key in slowRoom.Concat(otherRooms).Select(e => e.Key).Distinct())
        {
            var published = slowRoom.Concat(otherRooms).Where(e => e.Key == key).Select(e => e.EventId);
            Assert.Equal(published, received.Events.Where(e => e.Key == key).Select(e => e.EventId));
        }
    }

    [Fact]
    public async Task An_idle_consumer_is_woken_by_a_publish_rather_than_by_its_poll()
    {
        var transport = TransportOf(BuildHost(settings: new() { ["EventBus:RedisStreams:PollInterval"] = "00:05:00" }));
        var received = Consume(transport, "group-a");
        await WarmUpAsync(transport, Topic, received);

        for (var i = 0; i < 3; i++)
        {
            var envelope = Envelope("room-1", i);
            await transport.PublishAsync(envelope, Cancellation);
            await Eventually.HoldsAsync(
                () => received.Events.Any(e => e.EventId == envelope.EventId), $"event {i} arrived long before the 5-minute poll", TimeSpan.FromSeconds(20));
        }
    }

    private static async Task<long> XackCallsAsync(IConnectionMultiplexer redis)
    {
        var stats = await redis.GetServers()[0].InfoAsync("commandstats");
        var xack = stats.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "cmdstat_xack").Value;
        return xack is null ? 0 : long.Parse(xack.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_per_instance_group_starts_at_events_published_after_it_joined()
    {
        var host = BuildHost();
        var transport = TransportOf(host);
        var before = Envelope("room-1", 1);
        await transport.PublishAsync(before, Cancellation);

        var fanOut = Consume(transport, host.Services.GetRequiredService<IOptions<EventBusOptions>>().Value.PerInstanceGroup);
        await WarmUpAsync(transport, Topic, fanOut);
        var after = Envelope("room-1", 2);
        await transport.PublishAsync(after, Cancellation);

        await Eventually.HoldsAsync(() => fanOut.Events.Any(e => e.EventId == after.EventId), "the later event arrived");
        Assert.DoesNotContain(fanOut.Events, e => e.EventId == before.EventId);
    }

    [Fact]
    public async Task Streams_are_trimmed_to_about_the_configured_length_and_carry_headers_as_fields()
    {
        var transport = TransportOf(BuildHost());
        var traced = Envelope("room-1", 0) with
        {
            Headers = new Dictionary<string, string> { [EventEnvelope.TraceParentHeader] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        };

        for (var number = 0; number < 1000; number++)
        {
            await transport.PublishAsync(number == 999 ? traced : Envelope("room-1", number), Cancellation);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var stream = RedisStreamsOptions.StreamKey(Topic);
        Assert.InRange(await redis.GetDatabase().StreamLengthAsync(stream), 100, 300);
        var last = (await redis.GetDatabase().StreamRangeAsync(stream, "-", "+", count: 1, Order.Descending)).Single();
        var fields = last.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
        Assert.Equal(traced.EventId.ToString(), fields["event_id"]);
        Assert.Equal(traced.Payload, fields["payload"]);
        Assert.Equal(traced.TraceParent, fields["h:traceparent"]);
    }

    private void RequireOwnedServer()
    {
        if (!_redis.IsOwned)
        {
            InfrastructureRequirement.SkipOrFail($"A Redis given by {RedisServer.ConnectionVariable} cannot be stopped to simulate an outage");
        }
    }
}
