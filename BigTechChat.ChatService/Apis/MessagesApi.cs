using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Apis;

public sealed record MessageServices(RoomAccess Access, IMessageStore Store, ChatMetrics Metrics, TimeProvider Clock);

public static partial class MessagesApi
{
    public const int MaxContentLength = 300;
    public const int MaxClientMessageIdLength = 100;
    public const int MaxReadBatch = 500;
    private static readonly string[] MessageTypes = ["text", "image", "file", "system"];

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization();
        api.MapPost("/read", MarkReadAsync).WithName("MarkMessagesRead").WithSummary("Read receipts for messages of one room");
        api.MapPost("/{roomId}", SendAsync).WithName("SendMessage").WithSummary("Send a message (idempotent by client_message_id)");
        api.MapGet("/{roomId}", GetHistoryAsync).WithName("GetMessages").WithSummary("History: offset pages (newest first) or seq cursors");
        api.MapPost("/{roomId}/read-up-to", ReadUpToAsync).WithName("ReadUpTo").WithSummary("Mark everything up to a seq read");
        api.MapGet("/room/{roomId}/unread-count", UnreadCountAsync).WithName("UnreadCount").WithSummary("Exact unread count of the caller in a room");
        api.MapPut("/{messageId}", EditAsync).WithName("EditMessage").WithSummary("Edit one's own message");
        api.MapDelete("/{messageId}", DeleteAsync).WithName("DeleteMessage").WithSummary("Delete one's own message");
        api.MapPost("/{messageId}/reactions", AddReactionAsync).WithName("AddReaction").WithSummary("React with an emoji (once per user and emoji)");
        api.MapDelete("/{messageId}/reactions/{emoji}", RemoveReactionAsync).WithName("RemoveReaction").WithSummary("Take a reaction back");
        api.MapDelete("/{messageId}/reactions", RemoveReactionByQueryAsync).WithName("RemoveReactionByQuery").WithSummary("Take a reaction back (?emoji=)");
        app.MapMessageStream();
        return app;
    }

    public static async Task<Results<Created<MessageResponse>, Ok<MessageResponse>, ProblemHttpResult>> SendAsync(
        long roomId, SendMessageRequest request, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var messageType = request.MessageType ?? "text";
        var errors = new ValidationErrors()
            .Required("content", request.Content)
            .Length("content", request.Content, 1, MaxContentLength)
            .Length("client_message_id", request.ClientMessageId, 1, MaxClientMessageIdLength);
        if (!MessageTypes.Contains(messageType))
        {
            errors.Add("message_type", "message_type must be one of text, image, file, system");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return ApiProblem.BadRequest("Message content cannot be empty");
        }

        var me = user.GetUserId();
        var (room, problem) = await s.Access.ForWriterAsync(roomId, me, ct);
        if (room is null)
        {
            return problem!;
        }

        var now = s.Clock.GetUtcNow().UtcDateTime;
        var username = user.GetUsername() is { Length: > 0 } name ? name : $"user{me}";
        var result = await s.Store.AppendAsync(
            new NewMessage(roomId, me, username, request.Content!, messageType, request.ClientMessageId, now),
            m => new MessageSent(m.Id, m.RoomId, m.Seq, m.UserId, m.Username, m.Content, m.MessageType, m.CreatedAt)
            {
                ClientMessageId = m.ClientMessageId,
                RoomType = room.RoomType,
            },
            ct);
        var response = MessageViews.ToResponse(result.Message, room.RoomType);
        if (!result.Created)
        {
            return TypedResults.Ok(response);
        }

        s.Metrics.MessageSent(room.RoomType);
        return TypedResults.Created($"/api/messages/{roomId}", response);
    }

    public static async Task<Results<Ok<MessageListResponse>, ProblemHttpResult>> GetHistoryAsync(
        long roomId,
        [AsParameters] MessageServices s,
        ClaimsPrincipal user,
        CancellationToken ct,
        int limit = 50,
        int skip = 0,
        [FromQuery(Name = "before_seq")] long? beforeSeq = null,
        [FromQuery(Name = "after_seq")] long? afterSeq = null)
    {
        var errors = new ValidationErrors()
            .Range("limit", limit, 1, 100)
            .Range("skip", skip, 0, int.MaxValue)
            .Range("before_seq", beforeSeq, 1, long.MaxValue)
            .Range("after_seq", afterSeq, 0, long.MaxValue);
        if (beforeSeq is not null && afterSeq is not null)
        {
            errors.Add("before_seq", "Use before_seq or after_seq, not both");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var (room, problem) = await s.Access.ForMemberAsync(roomId, user.GetUserId(), ct);
        if (room is null)
        {
            return problem!;
        }

        var page = beforeSeq is { } before ? await s.Store.GetBeforeSeqAsync(roomId, before, limit, ct)
            : afterSeq is { } after ? await s.Store.GetAfterSeqAsync(roomId, after, limit, ct)
            : await s.Store.GetPageAsync(roomId, skip, limit, ct);
        return TypedResults.Ok(new MessageListResponse(
            page.Messages.Select(m => MessageViews.ToResponse(m, room.RoomType)).ToList(), page.TotalCount, page.HasMore));
    }

    public static async Task<Results<Ok<ReadResponse>, ProblemHttpResult>> MarkReadAsync(
        MarkReadRequest request, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("room_id", request.RoomId).Required("message_ids", request.MessageIds);
        if (request.MessageIds is { Count: 0 } or { Count: > MaxReadBatch })
        {
            errors.Add("message_ids", $"message_ids must hold 1 to {MaxReadBatch} ids");
        }
        else if (request.MessageIds?.Any(id => id is null) == true)
        {
            errors.Add("message_ids", "message_ids must not contain null");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var me = user.GetUserId();
        var roomId = request.RoomId!.Value;
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        if (room is null)
        {
            return problem!;
        }

        var ids = request.MessageIds!.Distinct(StringComparer.Ordinal).ToList();

        try
        {
            var count = await s.Store.MarkReadAsync(roomId, me, ids, _ => new MessagesRead(roomId, me, ids, null), ct);
            return TypedResults.Ok(new ReadResponse(true, count, $"{count} messages marked as read"));
        }
        catch (MessagesNotInRoomException)
        {
            return ApiProblem.BadRequest("Some messages do not belong to this room");
        }
    }

    public static async Task<Results<Ok<ReadResponse>, ProblemHttpResult>> ReadUpToAsync(
        long roomId, ReadUpToRequest request, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("seq", request.Seq).Range("seq", request.Seq, 0, long.MaxValue);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var me = user.GetUserId();
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        if (room is null)
        {
            return problem!;
        }

        var seq = request.Seq!.Value;
        var count = await s.Store.MarkReadUpToAsync(roomId, me, seq, _ => new MessagesRead(roomId, me, [], seq), ct);
        return TypedResults.Ok(new ReadResponse(true, count, $"{count} messages marked as read"));
    }

    public static async Task<Results<Ok<UnreadCountResponse>, ProblemHttpResult>> UnreadCountAsync(
        long roomId, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        return room is null ? problem! : TypedResults.Ok(new UnreadCountResponse(await s.Store.CountUnreadAsync(roomId, me, ct)));
    }
}
