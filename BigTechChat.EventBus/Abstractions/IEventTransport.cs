namespace BigTechChat.EventBus;

/// <summary>
/// What a broker must do for the bus: publish durably, and feed a consumer group one envelope at a time,
/// acknowledging only after the delivery callback returned. In-process, Redis Streams and Kafka implement it.
/// </summary>
public interface IEventTransport
{
    string Name { get; }

    Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>Runs until cancelled. The callback is only ever retried, never skipped, if it throws.</summary>
    Task ConsumeAsync(
        string topic,
        string consumerGroup,
        Func<EventEnvelope, CancellationToken, Task> deliver,
        CancellationToken cancellationToken);

    /// <summary>True when the broker answers; drives <c>/health</c>.</summary>
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);
}

/// <summary>Publishes straight to the transport; state changes should go through the outbox instead.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default);
}
