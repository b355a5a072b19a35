using System.Diagnostics.Metrics;

namespace BigTechChat.ChatService;

public sealed class ChatMetrics
{
    public const string MeterName = "BigTechChat.Chat";

    private readonly Counter<long> _messagesSent;
    private readonly UpDownCounter<long> _streams;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _messagesSent = meter.CreateCounter<long>("chat_messages_sent_total", description: "Messages accepted (first sends only)");
        _streams = meter.CreateUpDownCounter<long>("chat_sse_connections", description: "Open message streams on this instance");
    }

    public void MessageSent(string roomType) => _messagesSent.Add(1, new KeyValuePair<string, object?>("room_type", roomType));

    public void StreamOpened() => _streams.Add(1);

    public void StreamClosed() => _streams.Add(-1);
}
