using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.ChatService.Streaming;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Apis;

public sealed record StreamServices(
    RoomAccess Access, StreamHub Hub, IMessageStore Store, TokenLifetimeMonitor Tokens, IOptions<StreamOptions> Options);

/// <summary>
/// GET /api/messages/stream/{room_id}: SSE. Only <c>new_message</c> frames carry an <c>id</c> (the message's seq), so a
/// client's Last-Event-ID is always the last message it saw; other events carry no id and are not replayed — except
/// <c>resync</c>, whose id is the room's newest seq, the cursor the client continues from.
/// The stream ends (its response completes) when its token is revoked or expires or its user leaves the room.
/// </summary>
public static class MessageStreamApi
{
    private static readonly byte[] Ping = Encoding.ASCII.GetBytes(": ping\n\n");

    public static IEndpointRouteBuilder MapMessageStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/messages/stream/{roomId}", OpenStreamAsync)
            .WithTags("Messages")
            .RequireAuthorization()
            .WithStreamLimit()
            .WithName("MessageStream")
            .WithSummary("Live SSE stream of a room; resumes after Last-Event-ID from storage");
        return app;
    }

    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> OpenStreamAsync(
        long roomId,
        [AsParameters] StreamServices s,
        HttpContext http,
        ClaimsPrincipal user,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery,
        CancellationToken ct)
    {
        var (lastEventId, invalid) = ResumeCursor.Parse(lastEventIdHeader, lastEventIdQuery);
        if (invalid is not null)
        {
            return invalid;
        }

        var me = user.GetUserId();

        // Subscribed before the membership check, so a removal that the check does not see yet still closes it.
        var connection = s.Hub.Connect(roomId, me);
        http.Response.RegisterForDispose(connection);
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        if (room is null)
        {
            connection.Dispose();
            return problem!;
        }

        var (resumeAfter, resync) = await ResumeCursor.CheckAgainstRoomAsync(s.Store, roomId, lastEventId, ct);
        var lifetime = s.Tokens.Watch(user);
        http.Response.RegisterForDispose(lifetime);
        lifetime.Ended.Register(connection.Close);

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(FramesAsync(connection, room.RoomType, resumeAfter, resync, s, http, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> FramesAsync(
        StreamConnection connection, string roomType, long? lastEventId, SseItem<string>? resync, StreamServices s, HttpContext http,
        [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<string>(Json(new { Message = "Connected to room stream", connection.RoomId, connection.UserId }), "connected");
        if (resync is { } notice)
        {
            yield return notice;
        }

        // Live frames queue up in the connection meanwhile; seqs already written are skipped below.
        var delivered = new DeliveredSeqs(lastEventId);
        if (lastEventId is { } resumeAfter)
        {
            await foreach (var (message, visible) in StoredAfterAsync(s, connection.RoomId, connection.UserId, resumeAfter, long.MaxValue, ct))
            {
                if (connection.IsClosed)
                {
                    yield break;
                }

                delivered.Add(message.Seq);
                if (visible)
                {
                    yield return NewMessage(message, roomType);
                }
            }
        }

        var reader = connection.Frames;
        Task<bool>? waiting = null;
        Task? pingDue = null;
        while (!ct.IsCancellationRequested && !connection.IsClosed)
        {
            if (!reader.TryRead(out var frame))
            {
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                pingDue ??= Task.Delay(s.Options.Value.PingInterval, ct);
                if (await Task.WhenAny(waiting, pingDue) == pingDue)
                {
                    pingDue = null;
                    await WritePingAsync(http, ct);
                    continue;
                }

                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    yield break;
                }

                continue;
            }

            if (frame.EventType != StreamFrame.NewMessage)
            {
                yield return new SseItem<string>(frame.Data, frame.EventType);
                continue;
            }

            var seq = frame.Seq!.Value;
            if (delivered.Contains(seq))
            {
                continue;
            }

            if (delivered.HasGapBefore(seq))
            {
                // A wake-up went missing (or came late): fill the gap from storage so order holds and nothing is lost.
                await foreach (var (message, visible) in StoredAfterAsync(s, connection.RoomId, connection.UserId, delivered.Contiguous!.Value, seq, ct))
                {
                    if (connection.IsClosed)
                    {
                        yield break;
                    }

                    if (!delivered.Contains(message.Seq))
                    {
                        delivered.Add(message.Seq);
                        if (visible)
                        {
                            yield return NewMessage(message, roomType);
                        }
                    }
                }
            }

            delivered.Add(seq);
            yield return new SseItem<string>(frame.Data, frame.EventType) { EventId = seq.ToString(CultureInfo.InvariantCulture) };
        }
    }

    /// <summary>
    /// Stored messages of the room after <paramref name="afterSeq"/> and before <paramref name="beforeSeq"/>, as the
    /// reader may see them on a stream: a message of a user with whom the reader has a block (either way) comes back
    /// with <c>Visible: false</c>, so its seq counts as passed but it is not written, exactly as the live fan-out leaves
    /// it out (docs/chat-service.md, blocks).
    /// </summary>
    private static async IAsyncEnumerable<(StoredMessage Message, bool Visible)> StoredAfterAsync(
        StreamServices s, long roomId, long readerId, long afterSeq, long beforeSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var page = await s.Store.GetAfterSeqAsync(roomId, afterSeq, s.Options.Value.ReplayBatchSize, ct);
            var blocked = await s.Access.BlockedWithAsync(readerId, ct);
            foreach (var message in page.Messages)
            {
                if (message.Seq >= beforeSeq)
                {
                    yield break;
                }

                afterSeq = message.Seq;
                yield return (message, !blocked.Contains(message.UserId));
            }

            if (!page.HasMore || page.Messages.Count == 0)
            {
                yield break;
            }
        }
    }

    private static SseItem<string> NewMessage(StoredMessage message, string roomType) =>
        new(Json(MessageViews.ToResponse(message, roomType)), StreamFrame.NewMessage) { EventId = message.Seq.ToString(CultureInfo.InvariantCulture) };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Options);

    /// <summary>
    /// SseItem cannot carry a comment line, so the ping goes straight to the body; the SSE writer has flushed
    /// every frame before it asks for the next one, so nothing interleaves.
    /// </summary>
    private static async Task WritePingAsync(HttpContext http, CancellationToken ct)
    {
        await http.Response.Body.WriteAsync(Ping, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
