using System.Globalization;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BigTechChat.ChatService.Apis;

public static partial class MessagesApi
{
    public const int MaxEmojiLength = 32;

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

        var (message, roomType, problem) = await AuthorMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        var now = s.Clock.GetUtcNow().UtcDateTime;
        var change = await s.Store.EditAsync(message.Id, request.Content!, now,
            m => new MessageUpdated(m.Id, m.RoomId, m.Seq, m.UserId, m.Content, now), ct);
        return change.Status switch
        {
            MessageChangeStatus.Changed => TypedResults.Ok(MessageViews.ToResponse(change.Message!, roomType!)),
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
        if (ValidateEmoji(request.Emoji) is { } invalid)
        {
            return invalid;
        }

        var (message, roomType, problem) = await MemberMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        if (message.IsDeleted)
        {
            return AlreadyDeleted();
        }

        var me = user.GetUserId();
        var change = await s.Store.AddReactionAsync(message.Id, me, request.Emoji!,
            m => new ReactionAdded(m.Id, m.RoomId, me, request.Emoji!), ct);
        return change.Message is null ? MessageNotFound() : TypedResults.Ok(MessageViews.ToResponse(change.Message, roomType!));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RemoveReactionAsync(
        string messageId, string emoji, [AsParameters] MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        if (ValidateEmoji(emoji) is { } invalid)
        {
            return invalid;
        }

        var (message, roomType, problem) = await MemberMessageAsync(messageId, s, user, ct);
        if (message is null)
        {
            return problem!;
        }

        var me = user.GetUserId();
        var change = await s.Store.RemoveReactionAsync(message.Id, me, emoji,
            m => new ReactionRemoved(m.Id, m.RoomId, me, emoji), ct);
        return change.Message is null ? MessageNotFound() : TypedResults.Ok(MessageViews.ToResponse(change.Message, roomType!));
    }

    private static ProblemHttpResult? ValidateEmoji(string? emoji)
    {
        var errors = new ValidationErrors().Required("emoji", emoji).Length("emoji", emoji, 1, MaxEmojiLength).NoControlCharacters("emoji", emoji);
        if (emoji is { Length: > 0 } && (emoji.Any(char.IsWhiteSpace) || emoji.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("emoji", "emoji must be an emoji, not text or whitespace");
        }

        if (emoji is { Length: > 0 } && new StringInfo(emoji).LengthInTextElements > 4)
        {
            errors.Add("emoji", "emoji must be a single emoji");
        }

        return errors.HasErrors ? errors.ToProblem() : null;
    }

    /// <summary>The message, if it exists and the caller is a member of its room (404 / 403 otherwise).</summary>
    private static async Task<(StoredMessage? Message, string? RoomType, ProblemHttpResult? Problem)> MemberMessageAsync(
        string messageId, MessageServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var message = await s.Store.GetAsync(messageId, ct);
        if (message is null)
        {
            return (null, null, MessageNotFound());
        }

        var (room, problem) = await s.Access.ForMemberAsync(message.RoomId, user.GetUserId(), ct);
        return room is null ? (null, null, problem) : (message, room.RoomType, null);
    }

    /// <summary>As <see cref="MemberMessageAsync"/>, and only its author may change it; deleted ones are final.</summary>
    private static async Task<(StoredMessage? Message, string? RoomType, ProblemHttpResult? Problem)> AuthorMessageAsync(
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
