using BigTechChat.EventBus.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EventBus;

/// <summary>Reads as one fluent chain at startup: <c>AddEventBus(...).AddOutbox&lt;Db&gt;().AddSubscription&lt;E, H&gt;()</c>.</summary>
public sealed class EventBusBuilder(IHostApplicationBuilder builder)
{
    public IServiceCollection Services => builder.Services;

    public EventBusBuilder AddSubscription<TEvent, THandler>(SubscriptionScope scope = SubscriptionScope.Service)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(new Subscription(
            typeof(TEvent),
            typeof(THandler),
            TopicAttribute.Of(typeof(TEvent)),
            scope,
            (services, integrationEvent, cancellationToken) =>
                services.GetRequiredService<THandler>().HandleAsync((TEvent)integrationEvent, cancellationToken)));
        return this;
    }

    /// <summary>Stores events with the service's own writes and relays them; also makes consumers idempotent.</summary>
    public EventBusBuilder AddOutbox<TContext>()
        where TContext : DbContext, IOutboxDbContext
    {
        Services.TryAddSingleton<OutboxSignal>();
        Services.TryAddSingleton<OutboxSaveChangesInterceptor>();
        Services.TryAddScoped<IInbox, EfInbox<TContext>>();
        Services.AddSingleton<OutboxRelay<TContext>>();
        Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return this;
    }
}
