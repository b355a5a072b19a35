using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.EventBus.Kafka;

/// <summary>Bound from <c>EventBus:Kafka</c>; the bootstrap servers come from <c>ConnectionStrings:kafka</c>.</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "EventBus:Kafka";

    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>-1 lets the broker's <c>default.replication.factor</c> decide.</summary>
    [Range(-1, 100)]
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>Partitions of a topic that is not one of API.md §8's (and of every <c>.dlq</c> topic).</summary>
    [Range(1, 10_000)]
    public int DefaultPartitions { get; set; } = 3;

    [TimeSpanRange("00:00:01", "3650.00:00:00")]
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a publish may wait for the broker before it fails (and the outbox relay retries).</summary>
    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
