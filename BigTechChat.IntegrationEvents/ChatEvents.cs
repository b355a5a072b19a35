using System.Globalization;
using BigTechChat.EventBus;

namespace BigTechChat.IntegrationEvents;

[Topic(Topics.MessageEvents)]
public abstract record MessageEvent(long RoomId) : IntegrationEvent
{
    public override string GetPartitionKey() => RoomId.ToString(CultureInfo.InvariantCulture);
}

public sealed record MessageSent(
    string MessageId,
    long RoomId,
    long Seq,
    long UserId,
    string Username,
    string Content,
    string MessageType,
    DateTime CreatedAt) : MessageEvent(RoomId)
{
    public string? ClientMessageId { get; init; }

    public string? RoomType { get; init; }
}

public sealed record MessageUpdated(
    string MessageId, long RoomId, long Seq, long UserId, string Content, DateTime EditedAt) : MessageEvent(RoomId);

public sealed record MessageDeleted(string MessageId, long RoomId, long DeletedBy) : MessageEvent(RoomId)
{
    public long Seq { get; init; }
}

public sealed record MessagesRead(long RoomId, long UserId, IReadOnlyList<string> MessageIds, long? UpToSeq) : MessageEvent(RoomId);

public sealed record ReactionAdded(string MessageId, long RoomId, long UserId, string Emoji) : MessageEvent(RoomId);

public sealed record ReactionRemoved(string MessageId, long RoomId, long UserId, string Emoji) : MessageEvent(RoomId);

[Topic(Topics.ChatEvents)]
public abstract record ChatEvent(long RoomId) : IntegrationEvent
{
    public override string GetPartitionKey() => RoomId.ToString(CultureInfo.InvariantCulture);
}

public sealed record ChatRoomCreated(long RoomId, string RoomType, long CreatorId, IReadOnlyList<long> ParticipantIds) : ChatEvent(RoomId);

public sealed record RoomMembersChanged(long RoomId, IReadOnlyList<long> MemberIds) : ChatEvent(RoomId)
{
    /// <summary>Who joined with this change (empty in events written before it was added).</summary>
    public IReadOnlyList<long> AddedIds { get; init; } = [];

    /// <summary>Who left or was removed with this change.</summary>
    public IReadOnlyList<long> RemovedIds { get; init; } = [];

    /// <summary>The room's newest message seq at the change: joiners' streams start after it, leavers' end with it.</summary>
    public long Seq { get; init; }
}
