using BigTechChat.EventBus;
using static BigTechChat.ChatService.Tests.Infrastructure.ChatApi;

namespace BigTechChat.ChatService.Tests.Infrastructure;

/// <summary>Publishes events on the host's in-process broker, as another service would.</summary>
public static class Events
{
    /// <summary>
    /// Publishes until the effect shows: a consumer group joins the in-process broker only once its loop runs,
    /// and the handlers are idempotent, so a repeat is harmless.
    /// </summary>
    public static async Task PublishUntilAsync(ChatServiceFactory host, IntegrationEvent integrationEvent, Func<Task<bool>> effect, string what)
    {
        _ = host.Services;
        var published = DateTime.MinValue;
        await EventuallyAsync(async () =>
        {
            if (DateTime.UtcNow - published > TimeSpan.FromMilliseconds(500))
            {
                host.Broker.Publish(EventEnvelope.From(integrationEvent with { EventId = Guid.NewGuid() }));
                published = DateTime.UtcNow;
            }

            return await effect();
        }, what);
    }

    /// <summary>Publishes once; for use after <see cref="PublishUntilAsync"/> proved the topic's consumer is listening.</summary>
    public static Task PublishAsync(this ChatServiceFactory host, IntegrationEvent integrationEvent)
    {
        host.Broker.Publish(EventEnvelope.From(integrationEvent));
        return Task.CompletedTask;
    }
}
