using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BigTechChat.EventBus;

/// <summary>
/// The bus's meters (<c>events_published_total</c>, <c>events_consumed_total</c>, <c>events_dead_lettered_total</c>,
/// <c>events_consumer_lag</c>) and its span source.
/// </summary>
public sealed class EventBusMetrics
{
    public static readonly ActivitySource ActivitySource = new("BigTechChat.EventBus");

    private readonly Counter<long> _published;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _deadLettered;
    private readonly ConcurrentDictionary<(string Topic, string Group, int Partition), long> _lag = new();

    public EventBusMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("BigTechChat.EventBus");
        _published = meter.CreateCounter<long>("events_published_total", description: "Integration events published");
        _consumed = meter.CreateCounter<long>("events_consumed_total", description: "Integration events handled");
        _deadLettered = meter.CreateCounter<long>("events_dead_lettered_total", description: "Events sent to a dead-letter topic");
        meter.CreateObservableGauge("events_consumer_lag", ObserveLag, unit: "{event}",
            description: "Events of a topic partition not yet handled by a consumer group");
    }

    public void Published(string topic) => _published.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void Consumed(string topic, string group) =>
        _consumed.Add(1, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("group", group));

    public void DeadLettered(string topic) => _deadLettered.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <summary>Transports report what a group still has to read; the gauge exports the latest value.</summary>
    public void RecordConsumerLag(string topic, string group, int partition, long lag) => _lag[(topic, group, partition)] = Math.Max(0, lag);

    public void ForgetConsumerLag(string topic, string group, int? partition = null)
    {
        foreach (var key in _lag.Keys.Where(k => k.Topic == topic && k.Group == group && (partition is null || k.Partition == partition)))
        {
            _lag.TryRemove(key, out _);
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag() => _lag.Select(entry => new Measurement<long>(
        entry.Value,
        new KeyValuePair<string, object?>("topic", entry.Key.Topic),
        new KeyValuePair<string, object?>("group", entry.Key.Group),
        new KeyValuePair<string, object?>("partition", entry.Key.Partition)));
}
