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
    RoomAccess Access, StreamHub Hub, IMessageStore Store, StoredMessages Stored, TokenLifetimeMonitor Tokens, IOptions<StreamOptions> Options);

/// <summary>
/// GET /api/messages/stream/{room_id}: SSE. Only <c>new_message</c> frames carry an <c>id</c> (the message's seq), so a
/// client's Last-Event-ID is always the last message it saw; other events carry no id and are not replayed — except
/// <c>resync</c>, whose id is the room's newest seq, the cursor the client continues from.
/// The stream ends (its response completes) when its token is revoked or expires or its user leaves the room.
/// </summary>
public static class MessageStreamApi
{
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
        StreamRequest.ReleaseWhenStarted(http);

        // Only singletons go into the stream: the request's scoped services (RoomAccess and its DbContext) end with its scope.
        return TypedResults.ServerSentEvents(FramesAsync(connection, room.RoomType, resumeAfter, resync, s.Stored, s.Options.Value.PingInterval, http, ct));
    }

    private static async IAsyncEnumerable<SseItem<string>> FramesAsync(
        StreamConnection connection, string roomType, long? lastEventId, SseItem<string>? resync, StoredMessages stored, TimeSpan pingInterval, HttpContext http,
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
            await foreach (var (message, visible) in stored.AfterAsync(connection.RoomId, connection.UserId, resumeAfter, long.MaxValue, ct))
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

        await foreach (var frame in StreamPings.ReadAsync(connection, pingInterval, http, ct))
        {
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
                await foreach (var (message, visible) in stored.AfterAsync(connection.RoomId, connection.UserId, delivered.Contiguous!.Value, seq - 1, ct))
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

    private static SseItem<string> NewMessage(StoredMessage message, string roomType) =>
        new(Json(MessageViews.ToResponse(message, roomType)), StreamFrame.NewMessage) { EventId = message.Seq.ToString(CultureInfo.InvariantCulture) };

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Options);
}
