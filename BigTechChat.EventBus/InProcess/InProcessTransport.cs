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
            await DeliverUntilAcceptedAsync(envelope, deliver, cancellationToken);
        }
    }

    /// <summary>The channel has no pending list to redeliver from, so a failed delivery is retried in place.</summary>
    private static async Task DeliverUntilAcceptedAsync(
        EventEnvelope envelope, Func<EventEnvelope, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await deliver(envelope, cancellationToken);
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * Math.Pow(2, Math.Min(attempt, 7)))), cancellationToken);
            }
        }
    }

    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
