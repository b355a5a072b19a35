using System.Text;
using Confluent.Kafka;

namespace BigTechChat.EventBus.Kafka;

/// <summary>An envelope as a Kafka record: key, JSON value, and headers for event id, type and the envelope's own headers.</summary>
internal static class KafkaMessageMapping
{
    public const string EventIdHeader = "event_id";
    public const string EventTypeHeader = "event_type";

    public static Message<string, string> ToMessage(EventEnvelope envelope)
    {
        var headers = new Headers
        {
            { EventIdHeader, Encoding.UTF8.GetBytes(envelope.EventId.ToString()) },
            { EventTypeHeader, Encoding.UTF8.GetBytes(envelope.EventType) },
        };
        foreach (var header in envelope.Headers)
        {
            headers.Add(header.Key, Encoding.UTF8.GetBytes(header.Value));
        }

        return new Message<string, string>
        {
            Key = envelope.Key,
            Value = envelope.Payload,
            Timestamp = new Timestamp(DateTime.SpecifyKind(envelope.Timestamp, DateTimeKind.Utc)),
            Headers = headers,
        };
    }

    public static EventEnvelope ToEnvelope(ConsumeResult<string, string> result)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in result.Message.Headers ?? [])
        {
            headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        }

        headers.Remove(EventIdHeader, out var eventId);
        headers.Remove(EventTypeHeader, out var eventType);
        return new EventEnvelope(
            Guid.TryParse(eventId, out var id) ? id : Guid.Empty,
            eventType ?? string.Empty,
            result.Topic,
            result.Message.Key ?? string.Empty,
            result.Message.Value ?? string.Empty,
            result.Message.Timestamp.UtcDateTime,
            headers);
    }
}
