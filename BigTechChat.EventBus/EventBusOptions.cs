using System.ComponentModel.DataAnnotations;
using BigTechChat.ApiConventions;

namespace BigTechChat.EventBus;

/// <summary>Bound from the <c>EventBus</c> configuration section.</summary>
public sealed class EventBusOptions
{
    public const string SectionName = "EventBus";

    /// <summary><c>inprocess</c>, <c>redis</c> or <c>kafka</c>; empty picks Kafka when a kafka connection string exists.</summary>
    [AllowedValues(null, "", "inprocess", "redis", "kafka")]
    public string? Transport { get; set; }

    /// <summary>The service's consumer group, e.g. <c>friend-service</c>.</summary>
    [Required]
    public string ServiceName { get; set; } = "service";

    /// <summary>Distinguishes instances of one service for per-instance groups (fan-out).</summary>
    [Required]
    public string InstanceId { get; set; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The consumer group of this instance's <see cref="SubscriptionScope.PerInstance"/> subscriptions.</summary>
    public string PerInstanceGroup => $"{ServiceName}-{InstanceId}";

    /// <summary>Attempts of one delivery before it goes to the dead-letter topic.</summary>
    [Range(1, 1000)]
    public int MaxDeliveryAttempts { get; set; } = 5;

    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    [TimeSpanRange("00:00:00.001", "01:00:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the outbox relay waits, once a commit has woken it, before it reads the outbox, so that rows committed
    /// meanwhile go out in the same batch (a producer's linger); 0 – 1 s. At a few hundred sends a second, one pass of
    /// three statements per row cost the chat service more CPU than the sends themselves (docs/benchmarks.md).
    /// </summary>
    [TimeSpanRange("00:00:00", "00:00:01")]
    public TimeSpan OutboxLinger { get; set; } = TimeSpan.FromMilliseconds(5);

    [TimeSpanRange("00:00:00.001", "365.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Who must see an event: one instance of the service, or every instance (stream fan-out).</summary>
public enum SubscriptionScope
{
    Service,
    PerInstance,
}

public sealed record Subscription(
    Type EventType,
    Type HandlerType,
    string Topic,
    SubscriptionScope Scope,
    Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> Invoke)
{
    /// <summary>
    /// True when deliveries go through the inbox (exactly-once effect): a service-wide subscription whose handler is not
    /// an <see cref="IIdempotentEventHandler"/>. Per-instance subscriptions only feed streams and never use it.
    /// </summary>
    public bool UsesInbox => Scope == SubscriptionScope.Service && !typeof(IIdempotentEventHandler).IsAssignableFrom(HandlerType);
}
