using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BigTechChat.EventBus.InProcess;

/// <summary>
/// A broker in memory. The embedded AppHost hands one instance to every host so that events cross services
/// as they would through Kafka: each consumer group of a topic gets every event once, in publish order.
/// </summary>
public sealed class InProcessBroker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Channel<EventEnvelope>>> _topics = new(StringComparer.Ordinal);

    public void Publish(EventEnvelope envelope)
    {
        foreach (var group in GroupsOf(envelope.Topic).Values)
        {
            group.Writer.TryWrite(envelope);
        }
    }

    /// <summary>Joins (or rejoins) a group; a new group sees events published from now on.</summary>
    public ChannelReader<EventEnvelope> Join(string topic, string consumerGroup) =>
        GroupsOf(topic).GetOrAdd(consumerGroup, _ => Channel.CreateUnbounded<EventEnvelope>(
            new UnboundedChannelOptions { SingleReader = false, SingleWriter = false })).Reader;

    public int PendingCount(string topic, string consumerGroup) =>
        GroupsOf(topic).TryGetValue(consumerGroup, out var channel) ? channel.Reader.Count : 0;

    private ConcurrentDictionary<string, Channel<EventEnvelope>> GroupsOf(string topic) =>
        _topics.GetOrAdd(topic, _ => new ConcurrentDictionary<string, Channel<EventEnvelope>>(StringComparer.Ordinal));
}
