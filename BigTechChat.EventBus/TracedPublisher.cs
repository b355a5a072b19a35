using System.Diagnostics;

namespace BigTechChat.EventBus;

/// <summary>Publishes directly (no outbox) with trace context and metrics.</summary>
internal sealed class TracedPublisher(IEventTransport transport, EventBusMetrics metrics) : IEventPublisher
{
    public async Task PublishAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken = default)
    {
        var envelope = EventEnvelope.From(integrationEvent, Activity.Current?.Id);
        await transport.PublishAsync(envelope, cancellationToken);
        metrics.Published(envelope.Topic);
    }
}
