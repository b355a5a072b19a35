using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// The per-room stream's resume point: <c>Last-Event-ID</c> (as EventSource sends it on reconnect) or
/// <c>?last_event_id=</c> (for a first connect), a message seq after which to replay (API.md §5, Resume).
/// </summary>
public static class ResumeCursor
{
    public const string Field = "last_event_id";

    /// <summary>
    /// The header wins when both are given: EventSource keeps the first URL but sends the newest id in the header.
    /// A blank value counts as absent. Anything but plain decimal digits that fit an int64 is a 422 naming
    /// <c>last_event_id</c>: sign, spaces, fractions and overflow are refused rather than guessed at.
    /// </summary>
    public static (long? Cursor, ProblemHttpResult? Problem) Parse(string? header, string? query)
    {
        var given = string.IsNullOrWhiteSpace(header) ? query : header;
        if (string.IsNullOrWhiteSpace(given))
        {
            return (null, null);
        }

        return long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
            ? (cursor, null)
            : (null, new ValidationErrors().Add(Field, "last_event_id must be a message seq: a non-negative integer of at most 19 digits").ToProblem());
    }

    /// <summary>
    /// A cursor beyond the room's newest stored seq cannot name a message this room ever delivered (its frames are
    /// written only after the message is stored). Resuming after it would silently skip the next live messages, so the
    /// stream resumes from the newest stored seq instead and says so with a <c>resync</c> frame whose id is that seq.
    /// Deleted messages keep their seq, so they count.
    /// </summary>
    public static async Task<(long? ResumeAfter, SseItem<string>? Resync)> CheckAgainstRoomAsync(
        IMessageStore store, long roomId, long? cursor, CancellationToken cancellationToken)
    {
        if (cursor is not { } asked || asked == 0)
        {
            return (cursor, null);
        }

        var newest = (await store.GetLastSeqsAsync([roomId], cancellationToken)).GetValueOrDefault(roomId);
        if (asked <= newest)
        {
            return (asked, null);
        }

        var data = JsonSerializer.Serialize(new ResyncNotice(roomId, "cursor_ahead", asked, newest), ApiJson.Options);
        return (newest, new SseItem<string>(data, "resync") { EventId = newest.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>Payload of the <c>resync</c> frame; the client should reload the room's history over REST.</summary>
    public sealed record ResyncNotice(long RoomId, string Reason, long LastEventId, long NewestSeq);
}
