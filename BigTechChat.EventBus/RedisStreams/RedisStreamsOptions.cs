using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.EventBus.RedisStreams;

/// <summary>Bound from <c>EventBus:RedisStreams</c>; every value has a default that suits a small deployment.</summary>
public sealed class RedisStreamsOptions
{
    public const string SectionName = "EventBus:RedisStreams";

    /// <summary>Approximate length a stream is trimmed to on each XADD (<c>MAXLEN ~</c>).</summary>
    [Range(1, long.MaxValue)]
    public long MaxLength { get; set; } = 100_000;

    /// <summary>Entries fetched per XREADGROUP.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Partition keys of one batch delivered at once (each key's entries in order). Bounds the database connections a
    /// consumer loop holds; 1 delivers the whole batch in stream order.
    /// </summary>
    [Range(1, 1_000)]
    public int DeliveryConcurrency { get; set; } = 8;

    /// <summary>
    /// Longest pause before the next XREADGROUP when a stream had nothing new; a publish wakes the consumer at once
    /// (Pub/Sub), so this only bounds how late an entry is read when that wake-up was lost.
    /// </summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an entry may stay unacknowledged before another consumer of the group claims it.</summary>
    [TimeSpanRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan ClaimMinIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a consumer looks for entries abandoned by dead consumers (XAUTOCLAIM).</summary>
    [TimeSpanRange("00:00:00.001", "1.00:00:00")]
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A consumer with nothing pending that has been idle this long is removed from its group.</summary>
    [TimeSpanRange("00:00:00.001", "365.00:00:00")]
    public TimeSpan IdleConsumerRetention { get; set; } = TimeSpan.FromHours(1);

    public static string StreamKey(string topic) => $"stream:{topic}";
}
