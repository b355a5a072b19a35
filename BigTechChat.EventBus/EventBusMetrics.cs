using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BigTechChat.EventBus;

/// <summary>The bus's meters (<c>events_published_total</c>, <c>events_consumed_total</c>) and its span source.</summary>
public sealed class EventBusMetrics
{
    public static readonly ActivitySource ActivitySource = new("BigTechChat.EventBus");

    private readonly Counter<long> _published;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLettered;

    public EventBusMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("BigTechChat.EventBus");
        _published = meter.CreateCounter<long>("events_published_total", description: "Integration events published");
        _consumed = meter.CreateCounter<long>("events_consumed_total", description: "Integration events handled");
        _deadLettered = meter.CreateCounter<long>("events_dead_lettered_total", description: "Events sent to a dead-letter topic");
    }

    public void Published(string topic) => _published.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void Consumed(string topic, string group) =>
        _consumed.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("group", group));

    public void DeadLettered(string topic) => _deadLettered.Add(1, new KeyValuePair<string, object?>("topic", topic));
}
