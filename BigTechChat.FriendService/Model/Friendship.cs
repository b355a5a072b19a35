namespace BigTechChat.FriendService.Model;

/// <summary>
/// One friend request and, once accepted, the friendship it became. Ended rows stay as history; only a live row
/// (pending or accepted) carries <see cref="LivePairKey"/>, whose unique index allows one live row per pair.
/// </summary>
public sealed class Friendship
{
    public const int MaxMessageLength = 500;

    public long Id { get; set; }

    public long RequesterId { get; set; }

    public long AddresseeId { get; set; }

    public FriendshipStatus Status { get; set; }

    public string? Message { get; set; }

    public string? LivePairKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public static Friendship Request(long requesterId, long addresseeId, string? message, DateTime now) => new()
    {
        RequesterId = requesterId,
        AddresseeId = addresseeId,
        Status = FriendshipStatus.Pending,
        Message = message,
        LivePairKey = PairKey(requesterId, addresseeId),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The same key whichever of the two asked first: "low:high".</summary>
    public static string PairKey(long a, long b) => $"{Math.Min(a, b)}:{Math.Max(a, b)}";

    public long OtherThan(long userId) => RequesterId == userId ? AddresseeId : RequesterId;

    public void Accept(DateTime now)
    {
        Status = FriendshipStatus.Accepted;
        UpdatedAt = now;
    }

    /// <summary>Moves the row to history and frees the pair for a new request.</summary>
    public void End(FriendshipStatus endState, DateTime now)
    {
        Status = endState;
        LivePairKey = null;
        UpdatedAt = now;
        DeletedAt = now;
    }
}

public enum FriendshipStatus
{
    Pending,
    Accepted,
    Rejected,
    Cancelled,
    Removed,
}
