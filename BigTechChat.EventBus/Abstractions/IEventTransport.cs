namespace BigTechChat.EventBus;

/// <summary>
/// What a broker must do for the bus: publish durably, and feed a consumer group one envelope at a time,
/// acknowledging only after the delivery callback returned. In-process, Redis Streams and Kafka implement it.
/// </summary>
public interface IEventTransport
{
    string Name { get; }

    Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes the envelopes in order, pipelined where the broker allows (the outbox relay's batches). When one fails,
    /// throws <see cref="EventPublishException"/> whose <see cref="EventPublishException.Published"/> counts the leading
    /// envelopes the broker took; later ones may have been taken too, so a retry can publish them again (at least once).
    /// Cancellation is thrown as is. This default publishes one at a time.
    /// </summary>
    async Task PublishBatchAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < envelopes.Count; i++)
        {
            try
            {
                await PublishAsync(envelopes[i], cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new EventPublishException(i, exception);
            }
        }
    }

    /// <summary>Runs until cancelled. The callback is only ever retried, never skipped, if it throws.</summary>
    Task ConsumeAsync(
        string topic,
        string consumerGroup,
        Func<EventEnvelope, CancellationToken, Task> deliver,
        CancellationToken cancellationToken);

    /// <summary>True when the broker answers; drives <c>/health</c>.</summary>
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);
}

/// <summary>A batch publish stopped at envelope <see cref="Published"/> (zero-based), which the broker refused.</summary>
public sealed class EventPublishException(int published, Exception innerException)
    : Exception($"The broker took {published} envelope(s) of the batch, then failed: {innerException.Message}", innerException)
{
    /// <summary>How many envelopes, from the first, were published before the failure.</summary>
    public int Published { get; } = published;
}

/// <summary>Publishes straight to the transport; state changes should go through the outbox instead.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default);
}
