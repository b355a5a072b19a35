namespace BigTechChat.EventBus.InProcess;

/// <summary>The embedded mode's transport: delivery through an <see cref="InProcessBroker"/> shared by the hosts.</summary>
public sealed class InProcessTransport(InProcessBroker broker) : IEventTransport
{
    public string Name => "inprocess";

    public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        broker.Publish(envelope);
        return Task.CompletedTask;
    }

    public async Task ConsumeAsync(
        string topic,
        string consumerGroup,
        Func<EventEnvelope, CancellationToken, Task> deliver,
        CancellationToken cancellationToken)
    {
        var reader = broker.Join(topic, consumerGroup);
        await foreach (var envelope in reader.ReadAllAsync(cancellationToken))
        {
            await deliver(envelope, cancellationToken);
        }
    }

    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
