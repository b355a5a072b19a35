using System.Text.Json;
using System.Threading.Channels;
using BigTechChat.EventBus;
using BigTechChat.EventBus.InProcess;

namespace BigTechChat.UserService.Tests;

/// <summary>A test consumer group on the in-process broker: sees every event published after it joined.</summary>
public sealed class BusProbe(InProcessBroker broker, string topic)
{
    private readonly ChannelReader<EventEnvelope> _reader = broker.Join(topic, $"probe-{Guid.NewGuid():N}");
    private readonly List<EventEnvelope> _seen = [];

    /// <summary>Waits for the first event of the type matching the predicate; returns its payload.</summary>
    public async Task<JsonElement> NextAsync(string eventType, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        foreach (var envelope in _seen.Where(e => e.EventType == eventType))
        {
            var payload = Parse(envelope);
            if (match(payload))
            {
                _seen.Remove(envelope);
                return payload;
            }
        }

        try
        {
            while (true)
            {
                var envelope = await _reader.ReadAsync(deadline.Token);
                if (envelope.EventType == eventType && match(Parse(envelope)))
                {
                    Assert.Equal(topic, envelope.Topic);
                    return Parse(envelope);
                }

                _seen.Add(envelope);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No {eventType} on {topic} within the deadline");
            throw;
        }
    }

    private static JsonElement Parse(EventEnvelope envelope)
    {
        using var document = JsonDocument.Parse(envelope.Payload);
        return document.RootElement.Clone();
    }
}
