namespace BigTechChat.EventBus.Outbox;

/// <summary>An event stored in the same transaction as the change that caused it, waiting for the relay.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public Guid EventId { get; set; }

    public required string Topic { get; set; }

    public required string PartitionKey { get; set; }

    public required string EventType { get; set; }

    public required string Payload { get; set; }

    public string? TraceParent { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? PublishedAt { get; set; }

    /// <summary>A relay instance holds the row until then, so two instances do not publish it twice.</summary>
    public DateTime? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public EventEnvelope ToEnvelope()
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TraceParent is not null)
        {
            headers[EventEnvelope.TraceParentHeader] = TraceParent;
        }

        return new EventEnvelope(EventId, EventType, Topic, PartitionKey, Payload, CreatedAt, headers);
    }
}

/// <summary>Marks an event a consumer has handled, so a redelivery changes nothing.</summary>
public sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public required string Consumer { get; set; }

    public DateTime ProcessedAt { get; set; }
}
