namespace BigTechChat.ChatService.Infrastructure;

public static class RoomTypes
{
    public const string Direct = "direct";
    public const string Group = "group";
}

public sealed class ChatRoom
{
    public long Id { get; set; }

    public required string RoomType { get; set; }

    public string? Name { get; set; }

    /// <summary>Direct rooms only: the lower user id of the pair; with <see cref="User2Id"/> unique, so one room per pair.</summary>
    public long? User1Id { get; set; }

    public long? User2Id { get; set; }

    public long CreatorId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the room last had a message (or was created): the order of the room list.</summary>
    public DateTime LastActivityAt { get; set; }

    public List<RoomMember> Members { get; set; } = [];
}

public sealed class RoomMember
{
    public long RoomId { get; set; }

    public long UserId { get; set; }

    public bool IsOwner { get; set; }

    public DateTime JoinedAt { get; set; }

    /// <summary>The room's newest message seq when the user joined: the per-user stream replays only what came after.</summary>
    public long JoinedSeq { get; set; }
}

/// <summary>A user leaving (or removed from) a room: the per-user stream replays the room up to <see cref="LeftSeq"/> and no further.</summary>
public sealed class RoomDeparture
{
    public long Id { get; set; }

    public long RoomId { get; set; }

    public long UserId { get; set; }

    /// <summary>The room's newest message seq when the user left.</summary>
    public long LeftSeq { get; set; }

    public DateTime LeftAt { get; set; }
}

/// <summary>
/// A per-user stream's resume point: for each room the user was in, the seq of the last message the stream had
/// delivered. Frame ids name a checkpoint plus the rooms that advanced since (docs/api.md, per-user stream).
/// </summary>
public sealed class StreamCheckpoint
{
    /// <summary>128 random bits, lower-case hex: unguessable, so a cursor cannot be forged for another user.</summary>
    public required string Id { get; set; }

    public long UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>JSON object {"roomId": seq}.</summary>
    public required string Seqs { get; set; }
}

/// <summary>The chat service's copy of a block, kept from friend.events.</summary>
public sealed class UserBlock
{
    public long BlockerId { get; set; }

    public long BlockedId { get; set; }

    public DateTime CreatedAt { get; set; }
}
