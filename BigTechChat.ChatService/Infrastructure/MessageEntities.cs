namespace BigTechChat.ChatService.Infrastructure;

public sealed class MessageRecord
{
    public required string Id { get; set; }

    public long RoomId { get; set; }

    public long Seq { get; set; }

    public long UserId { get; set; }

    public required string Username { get; set; }

    public required string Content { get; set; }

    public required string MessageType { get; set; }

    public string? ClientMessageId { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    public bool IsEdited { get; set; }

    public DateTime? EditedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The last seq handed out in a room; bumped inside the transaction that stores the message.</summary>
public sealed class RoomSequence
{
    public long RoomId { get; set; }

    public long LastSeq { get; set; }
}

public sealed class MessageReaction
{
    public long Id { get; set; }

    public required string MessageId { get; set; }

    public long UserId { get; set; }

    public required string Emoji { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A receipt for one message read out of order (ahead of the reader's cursor).</summary>
public sealed class MessageReceipt
{
    public required string MessageId { get; set; }

    public long UserId { get; set; }

    public long RoomId { get; set; }

    public long Seq { get; set; }
}

/// <summary>Everything up to <see cref="LastReadSeq"/> counts as read by the user.</summary>
public sealed class ReadCursor
{
    public long RoomId { get; set; }

    public long UserId { get; set; }

    public long LastReadSeq { get; set; }
}
