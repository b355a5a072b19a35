using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BigTechChat.EventBus.RedisStreams;

/// <summary>
/// The bus over Redis Streams: one stream per topic (<c>stream:{topic}</c>), one Redis consumer group per bus
/// consumer group. Entries are acknowledged only after the delivery callback returned; a consumer first re-reads
/// its own pending entries, and periodically claims entries that a dead consumer left unacknowledged.
/// </summary>
public sealed partial class RedisStreamsTransport(
    IConnectionMultiplexer redis,
    IOptions<RedisStreamsOptions> streamOptions,
    IOptions<EventBusOptions> busOptions,
    EventBusMetrics metrics,
    TimeProvider clock,
    ILogger<RedisStreamsTransport> logger) : IEventTransport
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, byte> _activeConsumers = new(StringComparer.Ordinal);
    private RedisStreamsOptions Options => streamOptions.Value;

    public string Name => "redis";

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        PublishBatchAsync([envelope], cancellationToken);

    /// <summary>
    /// One pipeline of <c>XADD</c>s: every command is written before the first reply is awaited, and one connection
    /// keeps them in order, so a batch costs about one round trip instead of one per envelope. A <c>PUBLISH</c> on each
    /// topic's wake channel follows, so idle consumers read at once instead of at their next poll.
    /// </summary>
    public async Task PublishBatchAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var added = envelopes.Select(envelope => batch.StreamAddAsync(
            RedisStreamsOptions.StreamKey(envelope.Topic),
            StreamEntryMapping.ToFields(envelope),
            messageId: null,
            maxLength: Options.MaxLength,
            useApproximateMaxLength: true)).ToList();
        foreach (var topic in envelopes.Select(e => e.Topic).Distinct(StringComparer.Ordinal))
        {
            // After the XADDs on the same connection: a woken consumer finds the entries there.
            _ = batch.PublishAsync(WakeChannel(topic), RedisValue.EmptyString, CommandFlags.FireAndForget);
        }

        batch.Execute();
        for (var i = 0; i < added.Count; i++)
        {
            try
            {
                await added[i].WaitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Observe the rest, so their faults are not reported as unobserved.
                _ = Task.WhenAll(added.Skip(i + 1)).ContinueWith(t => t.Exception, TaskScheduler.Default);
                throw new EventPublishException(i, exception);
            }
        }
    }

    public async Task ConsumeAsync(
        string topic,
        string consumerGroup,
        Func<EventEnvelope, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        var stream = new GroupStream(RedisStreamsOptions.StreamKey(topic), topic, consumerGroup, AcquireConsumerName(topic, consumerGroup));
        var perInstance = consumerGroup == busOptions.Value.PerInstanceGroup;
        // Fan-out groups only care about what happens from now on; service groups catch up on the retained stream.
        var startAt = perInstance ? StreamPosition.NewMessages : StreamPosition.Beginning;
        var failures = 0;
        var wake = new CoalescingSignal();
        Action<RedisChannel, RedisValue> onWake = (_, _) => wake.Notify();
        var subscribed = false;
        try
        {
            while (true)
            {
                try
                {
                    if (!subscribed)
                    {
                        await redis.GetSubscriber().SubscribeAsync(WakeChannel(topic), onWake);
                        subscribed = true;
                    }

                    await EnsureGroupAsync(stream, startAt);
                    await ConsumeUntilFailureAsync(stream, deliver, wake, () => failures = 0, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    LogConsumeFailed(logger, exception, stream.Key, consumerGroup, failures);
                    // The stream may have vanished with a Redis restart: a re-created group must not skip what arrived since.
                    startAt = StreamPosition.Beginning;
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 5))));
                    await Task.Delay(delay, clock, cancellationToken);
                }
            }
        }
        finally
        {
            if (subscribed)
            {
                redis.GetSubscriber().Unsubscribe(WakeChannel(topic), onWake, CommandFlags.FireAndForget);
            }

            _activeConsumers.TryRemove(stream.GroupConsumer, out _);
            metrics.ForgetConsumerLag(topic, consumerGroup);
            if (perInstance && cancellationToken.IsCancellationRequested)
            {
                // A per-instance group dies with its instance; left behind it would only collect pending entries.
                redis.GetDatabase().StreamDeleteConsumerGroup(stream.Key, consumerGroup, CommandFlags.FireAndForget);
            }
        }
    }

    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private async Task ConsumeUntilFailureAsync(
        GroupStream stream, Func<EventEnvelope, CancellationToken, Task> deliver, CoalescingSignal wake, Action succeeded,
        CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var position = StreamPosition.Beginning; // "0": this consumer's own pending entries first, then new ones
        var nextClaim = DateTimeOffset.MinValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.GetUtcNow() >= nextClaim)
            {
                await ClaimAbandonedAsync(db, stream, deliver, cancellationToken);
                nextClaim = clock.GetUtcNow() + Options.ClaimInterval;
            }

            var entries = await db.StreamReadGroupAsync(stream.Key, stream.Group, stream.Consumer, position, Options.BatchSize);
            succeeded();
            if (entries.Length == 0)
            {
                if (position == StreamPosition.Beginning)
                {
                    position = StreamPosition.NewMessages;
                    continue;
                }

                await wake.WaitAsync(Options.PollInterval, cancellationToken);
                continue;
            }

            await DeliverAndAckAsync(db, stream, entries, deliver, cancellationToken);
        }
    }

    private async Task ClaimAbandonedAsync(
        IDatabase db, GroupStream stream, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        RedisValue cursor = "0-0";
        do
        {
            var claimed = await db.StreamAutoClaimAsync(
                stream.Key, stream.Group, stream.Consumer, (long)Options.ClaimMinIdleTime.TotalMilliseconds, cursor, Options.BatchSize);
            if (claimed.ClaimedEntries.Length > 0)
            {
                LogClaimed(logger, claimed.ClaimedEntries.Length, stream.Key, stream.Group);
            }

            await DeliverAndAckAsync(db, stream, claimed.ClaimedEntries, deliver, cancellationToken);
            cursor = claimed.NextStartId;
        }
        while (cursor != "0-0" && !cursor.IsNullOrEmpty);

        await ForgetIdleConsumersAsync(db, stream);
        await RecordLagAsync(db, stream);
    }

    /// <summary>Consumers of instances long gone pile up in the group; one with nothing pending can go (XREADGROUP re-creates it).</summary>
    private async Task ForgetIdleConsumersAsync(IDatabase db, GroupStream stream)
    {
        var consumers = await db.StreamConsumerInfoAsync(stream.Key, stream.Group);
        foreach (var consumer in consumers.Where(c => c.PendingMessageCount == 0
            && c.IdleTimeInMilliseconds > Options.IdleConsumerRetention.TotalMilliseconds && c.Name != stream.Consumer))
        {
            await db.StreamDeleteConsumerAsync(stream.Key, stream.Group, consumer.Name);
        }
    }

    /// <summary>
    /// Delivers a batch, then acknowledges what was delivered with one <c>XACK</c> instead of a round trip each. Entries
    /// of one partition key are delivered in order; different keys up to <see cref="RedisStreamsOptions.DeliveryConcurrency"/>
    /// at once, since order is promised per key only (as by a Kafka partition) and a handler that waits on a database
    /// would otherwise hold up every key behind it. When a delivery throws, the entries delivered are acknowledged and
    /// the rest stay pending for redelivery.
    /// </summary>
    private async Task DeliverAndAckAsync(
        IDatabase db, GroupStream stream, StreamEntry[] entries, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        var delivered = new bool[entries.Length];
        try
        {
            var envelopes = new EventEnvelope?[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                // An entry trimmed away while pending comes back without fields: nothing left to deliver.
                delivered[i] = entries[i].Values is not { Length: > 0 };
                envelopes[i] = delivered[i] ? null : StreamEntryMapping.ToEnvelope(stream.Topic, entries[i]);
            }

            var sequences = Enumerable.Range(0, entries.Length)
                .Where(i => envelopes[i] is not null)
                .GroupBy(i => envelopes[i]!.Key, StringComparer.Ordinal);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.DeliveryConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(sequences, parallel, async (sequence, token) =>
            {
                foreach (var i in sequence)
                {
                    await deliver(envelopes[i]!, token);
                    Volatile.Write(ref delivered[i], true);
                }
            });
        }
        finally
        {
            RedisValue[] ids = [.. entries.Where((_, i) => Volatile.Read(ref delivered[i])).Select(e => e.Id)];
            if (ids.Length > 0)
            {
                await db.StreamAcknowledgeAsync(stream.Key, stream.Group, ids);
            }
        }
    }

    private async Task EnsureGroupAsync(GroupStream stream, RedisValue startAt)
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(stream.Key, stream.Group, startAt, createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists already; it keeps its position.
        }
    }

    private async Task RecordLagAsync(IDatabase db, GroupStream stream)
    {
        var groups = await db.StreamGroupInfoAsync(stream.Key);
        var info = groups.FirstOrDefault(g => g.Name == stream.Group);
        if (info.Lag is { } lag)
        {
            metrics.RecordConsumerLag(stream.Topic, stream.Group, 0, lag);
        }
    }

    /// <summary>Where a publish announces new entries of <paramref name="topic"/> (Pub/Sub: lost while disconnected, hence the poll).</summary>
    private static RedisChannel WakeChannel(string topic) => RedisChannel.Literal($"stream-wake:{topic}");

    /// <summary>A stable consumer name per loop, so a restarted loop finds its own pending entries again.</summary>
    private string AcquireConsumerName(string topic, string group)
    {
        for (var slot = 1; ; slot++)
        {
            var name = $"{busOptions.Value.InstanceId}-{slot}";
            if (_activeConsumers.TryAdd($"{topic}\n{group}\n{name}", 0))
            {
                return name;
            }
        }
    }

    private readonly record struct GroupStream(RedisKey Key, string Topic, string Group, string Consumer)
    {
        public string GroupConsumer => $"{Topic}\n{Group}\n{Consumer}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming {Stream} as {Group} failed (attempt {Failures}); retrying")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception, RedisKey stream, string group, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} abandoned entries of {Stream} for {Group}")]
    private static partial void LogClaimed(ILogger logger, int count, RedisKey stream, string group);
}
