using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BigTechChat.ChatService.Apis;

public static partial class MessagesApi
{
    /// <summary>Longest reaction text removal accepts: the storage column, so reactions stored before the emoji rule can go.</summary>
    public const int MaxStoredEmojiLength = 64;

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> EditAsync(
        string messageId, EditMessageRequest request, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors().Required("content", request.Content).Length("content", request.Content, 1, MaxContentLength);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        if (string.IsNullOrWhiteSpace(request.Content))
        {
            return ApiProblem.BadRequest("Message content cannot be empty");
        }

        var (message, room, problem) = await AuthorMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        // An edit shows on the other member's screen as a message does, so a block stops it as it stops sending.
        if (await s.Access.CanWriteAsync(room!, user.GetUserId(), ct) is { } blocked)
        {
            return blocked;
        }

        var now = s.Clock.GetUtcNow().UtcDateTime;
        var change = await s.Store.EditAsync(message.Id, request.Content!, now,
            m => new MessageUpdated(m.Id, m.RoomId, m.Seq, m.UserId, m.Content, now), ct);
        return change.Status switch
        {
            MessageChangeStatus.Changed => TypedResults.Ok(MessageViews.ToResponse(change.Message!, room!.RoomType)),
            MessageChangeStatus.AlreadyDeleted => AlreadyDeleted(),
            _ => MessageNotFound(),
        };
    }

    public static async Task<Results<Ok<DeletedResponse>, ProblemHttpResult>> DeleteAsync(
        string messageId, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var (message, _, problem) = await AuthorMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        var me = user.GetUserId();
        var change = await s.Store.DeleteAsync(message.Id, me, s.Clock.GetUtcNow().UtcDateTime,
            m => new MessageDeleted(m.Id, m.RoomId, me) { Seq = m.Seq }, ct);
        return change.Status switch
        {
            MessageChangeStatus.Changed => TypedResults.Ok(new DeletedResponse("Message deleted")),
            MessageChangeStatus.AlreadyDeleted => AlreadyDeleted(),
            _ => MessageNotFound(),
        };
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> AddReactionAsync(
        string messageId, ReactionRequest request, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!ReactionEmoji.IsValid(request.Emoji))
        {
            return new ValidationErrors().Required("emoji", request.Emoji)
                .Add("emoji", "emoji must be exactly one emoji (a pictograph with its modifiers, a flag or a keycap)").ToProblem();
        }

        var (message, room, problem) = await MemberMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        if (message.IsDeleted)
        {
            return AlreadyDeleted();
        }

        var me = user.GetUserId();
        if (await s.Access.CanReactAsync(room!, message.UserId, me, ct) is { } blocked)
        {
            return blocked;
        }

        var change = await s.Store.AddReactionAsync(message.Id, me, request.Emoji!,
            m => new ReactionAdded(m.Id, m.RoomId, me, request.Emoji!), ct);
        return change.Message switch
        {
            null => MessageNotFound(),
            { IsDeleted: true } => AlreadyDeleted(),
            _ => TypedResults.Ok(MessageViews.ToResponse(change.Message, room!.RoomType)),
        };
    }

    /// <summary>DELETE …/reactions?emoji=: the same as the path form, for clients that would rather not put the emoji in the path.</summary>
    public static Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RemoveReactionByQueryAsync(
        string messageId, [FromQuery] string? emoji, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct) =>
        RemoveReactionAsync(messageId, emoji!, s, user, ct);

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RemoveReactionAsync(
        string messageId, string emoji, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        if (ValidateRemovedEmoji(emoji) is { } invalid)
        {
            return invalid;
        }

        var (message, room, problem) = await MemberMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        if (message.IsDeleted)
        {
            return AlreadyDeleted();
        }

        var me = user.GetUserId();
        var change = await s.Store.RemoveReactionAsync(message.Id, me, emoji,
            m => new ReactionRemoved(m.Id, m.RoomId, me, emoji), ct);
        return change.Message is null ? MessageNotFound() : TypedResults.Ok(MessageViews.ToResponse(change.Message, room!.RoomType));
    }

    /// <summary>Removal takes any reaction that could ever be stored (older rules were looser), so none is stuck.</summary>
    private static ProblemHttpResult? ValidateRemovedEmoji(string? emoji)
    {
        var errors = new ValidationErrors().Required("emoji", emoji).Length("emoji", emoji, 1, MaxStoredEmojiLength).NoControlCharacters("emoji", emoji);
        return errors.HasErrors ? errors.ToProblem() : null;
    }

    /// <summary>The message, if it exists and the caller is a member of its room (404 / 403 otherwise).</summary>
    private static async Task<(StoredMessage? Message, ChatRoom? Room, ProblemHttpResult? Problem)> MemberMessageAsync(
        string messageId, MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var message = await s.Store.GetAsync(messageId, ct);
        if (message is null)
        {
            return (null, null, MessageNotFound());
        }

        var (room, problem) = await s.Access.ForMemberAsync(message.RoomId, user.GetUserId(), ct);
        return room is null ? (null, null, problem) : (message, room, null);
    }

    /// <summary>As <see cref="MemberMessageAsync"/>, and only its author may change it; deleted ones are final.</summary>
    private static async Task<(StoredMessage? Message, ChatRoom? Room, ProblemHttpResult? Problem)> AuthorMessageAsync(
        string messageId, MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await MemberMessageAsync(messageId, s, user, ct);
        if (found.Message is null)
        {
            return found;
        }

        if (found.Message.UserId != user.GetUserId())
        {
            return (null, null, ApiProblem.Forbidden("You can only change your own messages"));
        }

        return found.Message.IsDeleted ? (null, null, AlreadyDeleted()) : found;
    }

    private static ProblemHttpResult AlreadyDeleted() =>
        ApiProblem.BadRequest("Message already deleted", ErrorCodes.MessageAlreadyDeleted);

    private static ProblemHttpResult MessageNotFound() => ApiProblem.NotFound("Message not found");
}
