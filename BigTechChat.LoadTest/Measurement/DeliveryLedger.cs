using System.Collections.Concurrent;
using System.Diagnostics;

namespace BigTechChat.LoadTest.Measurement;

/// <summary>What one frame on one stream meant for the accounting.</summary>
public enum DeliveryOutcome
{
    /// <summary>The first copy of a planned message on a stream that should get it.</summary>
    Delivered,

    /// <summary>The same message id a second (or later) time on the same stream.</summary>
    Duplicate,

    /// <summary>A message this run did not plan for this stream (another run's, a failed send's, a stream not expected).</summary>
    Unexpected,

    /// <summary>A warm-up message (its client id starts with <see cref="DeliveryLedger.WarmupPrefix"/>): not accounted.</summary>
    Warmup,
}

/// <summary>
/// Loss and duplicate accounting for a fan-out run. Each message is planned before its send with the streams that
/// should receive it and its due time; each frame is observed per stream. A copy counts once per stream (by message
/// id); a copy of a message whose send failed does not count. Lost = expected copies of successful sends never
/// observed. Latency is from the due time (<see cref="OpenLoopSchedule"/>) to the observation.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly ConcurrentDictionary<string, PlannedMessage> _planned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, HashSet<string>> _seenPerStream = new();
    private long _duplicates;
    private long _unexpected;

    /// <summary>The client-message-id prefix of messages sent before the measured window.</summary>
    public const string WarmupPrefix = "warmup-";

    /// <summary>Registers a message before it is sent; <paramref name="key"/> is its client_message_id.</summary>
    public void Plan(string key, long dueAt, IReadOnlyCollection<int> streams) =>
        _planned[key] = new PlannedMessage(dueAt, [.. streams.Order()]);

    /// <summary>The send's outcome: only successful sends are expected to arrive.</summary>
    public void Settle(string key, bool sent)
    {
        if (_planned.TryGetValue(key, out var message))
        {
            message.Sent = sent;
        }
    }

    /// <summary>
    /// One <c>new_message</c> frame: <paramref name="messageId"/> is the server's id, <paramref name="key"/> its
    /// client_message_id (null when absent). Returns what it counted as and, for a delivery, the latency from the due time.
    /// </summary>
    public (DeliveryOutcome Outcome, TimeSpan Latency) Observe(int stream, string messageId, string? key, long observedAt)
    {
        if (key is not null && key.StartsWith(WarmupPrefix, StringComparison.Ordinal))
        {
            return (DeliveryOutcome.Warmup, TimeSpan.Zero);
        }

        var seen = _seenPerStream.GetOrAdd(stream, _ => new HashSet<string>(StringComparer.Ordinal));
        bool first;
        lock (seen)
        {
            first = seen.Add(messageId);
        }

        if (!first)
        {
            Interlocked.Increment(ref _duplicates);
            return (DeliveryOutcome.Duplicate, TimeSpan.Zero);
        }

        if (key is null || !_planned.TryGetValue(key, out var message) || Array.BinarySearch(message.Streams, stream) < 0)
        {
            Interlocked.Increment(ref _unexpected);
            return (DeliveryOutcome.Unexpected, TimeSpan.Zero);
        }

        Interlocked.Increment(ref message.Received);
        return (DeliveryOutcome.Delivered, Stopwatch.GetElapsedTime(message.DueAt, observedAt));
    }

    /// <summary>Copies expected from successful sends, and how many of those arrived; polled while draining.</summary>
    public (long Expected, long Delivered) Progress()
    {
        long expected = 0;
        long delivered = 0;
        foreach (var message in _planned.Values)
        {
            if (message.Sent == true)
            {
                expected += message.Streams.Length;
                delivered += Volatile.Read(ref message.Received);
            }
        }

        return (expected, delivered);
    }

    public Dictionary<string, object> ToJson()
    {
        var (expected, delivered) = Progress();
        return new Dictionary<string, object>
        {
            ["deliveries_expected"] = expected,
            ["deliveries_received"] = delivered,
            ["deliveries_lost"] = expected - delivered,
            ["duplicates"] = Interlocked.Read(ref _duplicates),
            ["unexpected"] = Interlocked.Read(ref _unexpected),
        };
    }

    private sealed class PlannedMessage(long dueAt, int[] streams)
    {
        public int Received;

        public long DueAt => dueAt;

        public int[] Streams => streams;

        public bool? Sent { get; set; }
    }
}
