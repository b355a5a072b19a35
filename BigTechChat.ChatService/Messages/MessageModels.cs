namespace BigTechChat.ChatService.Messages;

public sealed record NewMessage(long RoomId, long UserId, string Username, string Content, string MessageType, string? ClientMessageId, DateTime CreatedAt);

public sealed record StoredMessage(
    string Id,
    long RoomId,
    long Seq,
    long UserId,
    string Username,
    string Content,
    string MessageType,
    string? ClientMessageId,
    IReadOnlyDictionary<string, IReadOnlyList<long>> Reactions,
    bool IsDeleted,
    DateTime? DeletedAt,
    bool IsEdited,
    DateTime? EditedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record AppendResult(StoredMessage Message, bool Created);

/// <summary>A page ordered oldest→newest; <c>TotalCount</c> is every message of the room.</summary>
public sealed record MessagePage(IReadOnlyList<StoredMessage> Messages, long TotalCount, bool HasMore);

public enum MessageChangeStatus
{
    Changed,
    NotFound,
    AlreadyDeleted,
}

public sealed record MessageChange(MessageChangeStatus Status, StoredMessage? Message)
{
    public static MessageChange NotFound { get; } = new(MessageChangeStatus.NotFound, null);
}

/// <summary>Message is null when it does not exist; Changed is false when the reaction was already there (or absent).</summary>
public sealed record ReactionChange(StoredMessage? Message, bool Changed);

public sealed class MessagesNotInRoomException(long roomId)
    : Exception($"Some messages do not belong to room {roomId}")
{
    public long RoomId { get; } = roomId;
}

public static class MessageIds
{
    public static string NewId() => MongoDB.Bson.ObjectId.GenerateNewId().ToString();

    /// <summary>24 lowercase hex characters, the MongoDB ObjectId text form.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 24 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
