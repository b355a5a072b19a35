using System.Text.Json;
using BigTechChat.ApiConventions;

namespace BigTechChat.EventBus;

/// <summary>An event as it travels: its identity, routing and JSON payload, plus headers such as <c>traceparent</c>.</summary>
public sealed record EventEnvelope(
    Guid EventId,
    string EventType,
    string Topic,
    string Key,
    string Payload,
    DateTime Timestamp,
    IReadOnlyDictionary<string, string> Headers)
{
    public const string TraceParentHeader = "traceparent";
    public const string ErrorHeader = "error";

    public static EventEnvelope From(IntegrationEvent integrationEvent, string? traceParent = null)
    {
        var type = integrationEvent.GetType();
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (traceParent is not null)
        {
            headers[TraceParentHeader] = traceParent;
        }

        return new EventEnvelope(
            integrationEvent.EventId,
            type.Name,
            TopicAttribute.Of(type),
            integrationEvent.GetPartitionKey(),
            JsonSerializer.Serialize(integrationEvent, type, ApiJson.Options),
            integrationEvent.Timestamp,
            headers);
    }

    public string? TraceParent => Headers.GetValueOrDefault(TraceParentHeader);
}
