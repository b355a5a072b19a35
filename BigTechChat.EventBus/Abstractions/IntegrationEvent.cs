using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace BigTechChat.EventBus;

/// <summary>
/// A fact one service tells the others. Serialized as snake_case JSON with <c>event_id</c>, <c>timestamp</c>
/// and <c>__event_type__</c>, as API.md §8.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public DateTime Timestamp { get; init; } = DateTime.UtcNow;

    [JsonPropertyName("__event_type__")]
    public string EventType => GetType().Name;

    /// <summary>The key that keeps related events in order on one partition (a user, a pair, a room).</summary>
    public abstract string GetPartitionKey();
}

/// <summary>Names the topic an event type is published on.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class TopicAttribute(string name) : Attribute
{
    // Read once per type: every outbox row asks, and reading an attribute constructs it anew each time.
    private static readonly ConcurrentDictionary<Type, string> Topics = new();

    public string Name { get; } = name;

    /// <summary>The topic of <paramref name="eventType"/>; <see cref="InvalidOperationException"/> when it has no <c>[Topic]</c>.</summary>
    public static string Of(Type eventType) => Topics.GetOrAdd(eventType, static type =>
        type.GetCustomAttributes(typeof(TopicAttribute), inherit: true).OfType<TopicAttribute>().FirstOrDefault()?.Name
        ?? throw new InvalidOperationException($"{type.Name} has no [Topic]."));
}

public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Marks a handler whose outcome is the same however often an event is applied, and whichever of two deliveries comes
/// last (it keeps the newest state by the event's own timestamp, say). Its consumer skips the inbox for it — the
/// duplicate check and the processed record, two statements and a commit per event — since a redelivery changes nothing.
/// </summary>
public interface IIdempotentEventHandler;
