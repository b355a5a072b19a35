using System.Globalization;
using StackExchange.Redis;

namespace BigTechChat.EventBus.RedisStreams;

/// <summary>An envelope as stream fields: identity, routing and payload, plus one <c>h:</c> field per header.</summary>
internal static class StreamEntryMapping
{
    private const string HeaderPrefix = "h:";

    public static NameValueEntry[] ToFields(EventEnvelope envelope)
    {
        var fields = new List<NameValueEntry>(6 + envelope.Headers.Count)
        {
            new("event_id", envelope.EventId.ToString()),
            new("event_type", envelope.EventType),
            new("key", envelope.Key),
            new("timestamp", envelope.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            new("payload", envelope.Payload),
        };
        fields.AddRange(envelope.Headers.Select(h => new NameValueEntry(HeaderPrefix + h.Key, h.Value)));
        return [.. fields];
    }

    public static EventEnvelope ToEnvelope(string topic, StreamEntry entry)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Field(string name) => entry.Values.FirstOrDefault(v => v.Name == name).Value;
        foreach (var value in entry.Values)
        {
            var name = value.Name.ToString();
            if (name.StartsWith(HeaderPrefix, StringComparison.Ordinal))
            {
                headers[name[HeaderPrefix.Length..]] = value.Value.ToString();
            }
        }

        return new EventEnvelope(
            Guid.TryParse(Field("event_id"), out var id) ? id : Guid.Empty,
            Field("event_type") ?? string.Empty,
            topic,
            Field("key") ?? string.Empty,
            Field("payload") ?? string.Empty,
            DateTime.TryParse(Field("timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : DateTime.UnixEpoch,
            headers);
    }
}
