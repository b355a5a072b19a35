using System.Text.Json;

namespace BigTechChat.LoadTest.Api;

/// <summary>
/// A <c>new_message</c> frame (API.md §5): the server's message id, its room and seq, the sender's client_message_id,
/// and the frame's <c>id:</c> — a seq on a room stream, an opaque per-user cursor on the per-user stream.
/// </summary>
public sealed record MessageFrame(string MessageId, long RoomId, long Seq, string? ClientMessageId, string? Cursor);

/// <summary>Reads the frames the load tool counts out of parsed SSE events; anything else is ignored.</summary>
public static class StreamFrames
{
    public const string Connected = "connected";
    public const string NewMessage = "new_message";

    /// <summary>The MessageResponse of a <c>new_message</c> frame; null for other events or a payload without an id.</summary>
    public static MessageFrame? ReadNewMessage(SseEvent frame)
    {
        if (frame.Event != NewMessage)
        {
            return null;
        }

        using var json = Parse(frame.Data);
        if (json?.RootElement is not { ValueKind: JsonValueKind.Object } message
            || String(message, "id") is not { } id)
        {
            return null;
        }

        return new MessageFrame(id, Int64(message, "room_id"), Int64(message, "seq"), String(message, "client_message_id"), frame.Id);
    }

    /// <summary>The <c>user_id</c> of the <c>connected</c> frame that opens every stream; null for any other frame.</summary>
    public static long? ReadConnectedUserId(SseEvent frame)
    {
        if (frame.Event != Connected)
        {
            return null;
        }

        using var json = Parse(frame.Data);
        return json?.RootElement is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("user_id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var userId)
            ? userId
            : null;
    }

    private static JsonDocument? Parse(string data)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Int64(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
