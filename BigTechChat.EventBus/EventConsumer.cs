using System.Diagnostics;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigTechChat.EventBus;

/// <summary>
/// Runs one consume loop per (topic, consumer group) and dispatches each event to its handlers: idempotent by
/// <c>event_id</c>, retried with backoff, and dead-lettered to <c>&lt;topic&gt;.dlq</c> when it keeps failing.
/// </summary>
internal sealed partial class EventConsumer(
    IEnumerable<Subscription> subscriptions,
    IServiceScopeFactory scopes,
    IEventTransport transport,
    EventBusMetrics metrics,
    IOptions<EventBusOptions> options,
    TimeProvider clock,
    ILogger<EventConsumer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = subscriptions
            .GroupBy(s => (s.Topic, Group: GroupName(s.Scope)))
            .Select(g => Task.Run(() => ConsumeLoopAsync(g.Key.Topic, g.Key.Group, g.ToArray(), stoppingToken), stoppingToken));
        return Task.WhenAll(loops);
    }

    private string GroupName(SubscriptionScope scope) =>
        scope == SubscriptionScope.PerInstance ? options.Value.PerInstanceGroup : options.Value.ServiceName;

    private async Task ConsumeLoopAsync(string topic, string group, Subscription[] handlers, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await transport.ConsumeAsync(topic, group, (envelope, ct) =>
                {
                    failures = 0; // The broker delivers again; the next outage starts its backoff afresh.
                    return DeliverAsync(envelope, group, handlers, ct);
                }, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                LogConsumeFailed(logger, exception, topic, group);
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(failures, 6))));
                await Task.Delay(delay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    internal async Task DeliverAsync(EventEnvelope envelope, string group, Subscription[] handlers, CancellationToken cancellationToken)
    {
        var matching = handlers.Where(h => h.EventType.Name == envelope.EventType).ToArray();
        if (matching.Length == 0)
        {
            return;
        }

        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        using var activity = EventBusMetrics.ActivitySource.StartActivity($"{envelope.Topic} process", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.destination.name", envelope.Topic);
        activity?.SetTag("messaging.consumer.group.name", group);
        activity?.SetTag("messaging.message.id", envelope.EventId.ToString());

        IntegrationEvent integrationEvent;
        try
        {
            integrationEvent = (IntegrationEvent)(JsonSerializer.Deserialize(envelope.Payload, matching[0].EventType, ApiJson.Options)
                ?? throw new JsonException("Event payload was null"));
        }
        catch (JsonException exception)
        {
            await DeadLetterAsync(envelope, exception, cancellationToken);
            return;
        }

        foreach (var subscription in matching)
        {
            await HandleWithRetriesAsync(envelope, integrationEvent, subscription, group, cancellationToken);
        }

        metrics.Consumed(envelope.Topic, group);
    }

    private async Task HandleWithRetriesAsync(
        EventEnvelope envelope, IntegrationEvent integrationEvent, Subscription subscription, string group, CancellationToken cancellationToken)
    {
        var consumer = $"{group}:{subscription.HandlerType.Name}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var inbox = subscription.UsesInbox ? scope.ServiceProvider.GetService<IInbox>() : null;
                if (inbox is not null && await inbox.HasProcessedAsync(envelope.EventId, consumer, cancellationToken))
                {
                    return;
                }

                await subscription.Invoke(scope.ServiceProvider, integrationEvent, cancellationToken);
                if (inbox is not null)
                {
                    await inbox.MarkProcessedAsync(envelope.EventId, consumer, cancellationToken);
                }

                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.Value.MaxDeliveryAttempts)
                {
                    await DeadLetterAsync(envelope, exception, cancellationToken);
                    return;
                }

                LogHandlerRetry(logger, exception, subscription.HandlerType.Name, envelope.EventId, attempt);
                var delay = options.Value.RetryBaseDelay * Math.Pow(2, attempt - 1);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    private async Task DeadLetterAsync(EventEnvelope envelope, Exception exception, CancellationToken cancellationToken)
    {
        LogDeadLettered(logger, exception, envelope.EventId, envelope.Topic);
        var headers = new Dictionary<string, string>(envelope.Headers, StringComparer.Ordinal)
        {
            [EventEnvelope.ErrorHeader] = $"{exception.GetType().Name}: {exception.Message}",
        };
        await transport.PublishAsync(envelope with { Topic = Topics.DeadLetter(envelope.Topic), Headers = headers }, cancellationToken);
        metrics.DeadLettered(envelope.Topic);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming {Topic} as {Group} failed; reconnecting")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception, string topic, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId} (attempt {Attempt}); retrying")]
    private static partial void LogHandlerRetry(ILogger logger, Exception exception, string handler, Guid eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} on {Topic} dead-lettered")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, Guid eventId, string topic);
}
