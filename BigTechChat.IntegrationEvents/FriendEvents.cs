using System.Globalization;
using BigTechChat.EventBus;

namespace BigTechChat.IntegrationEvents;

/// <summary>Keyed by the lower user id of the pair, so every event about one pair stays in order.</summary>
[Topic(Topics.FriendEvents)]
public abstract record FriendEvent : IntegrationEvent
{
    protected abstract (long A, long B) Pair { get; }

    public override string GetPartitionKey() => Math.Min(Pair.A, Pair.B).ToString(CultureInfo.InvariantCulture);
}

public sealed record FriendRequestSent(
    long FriendshipId, long RequesterId, string RequesterName, long AddresseeId, string AddresseeName) : FriendEvent
{
    protected override (long A, long B) Pair => (RequesterId, AddresseeId);
}

public sealed record FriendRequestAccepted(
    long FriendshipId, long RequesterId, string RequesterName, long AddresseeId, string AddresseeName) : FriendEvent
{
    protected override (long A, long B) Pair => (RequesterId, AddresseeId);
}

public sealed record FriendRequestRejected(long FriendshipId, long RequesterId, long AddresseeId) : FriendEvent
{
    protected override (long A, long B) Pair => (RequesterId, AddresseeId);
}

public sealed record FriendRequestCancelled(long FriendshipId, long RequesterId, long AddresseeId) : FriendEvent
{
    protected override (long A, long B) Pair => (RequesterId, AddresseeId);
}

public sealed record FriendRemoved(long UserId, long FriendId) : FriendEvent
{
    /// <summary>The friendship that ended (0 in events written before it was added).</summary>
    public long FriendshipId { get; init; }

    protected override (long A, long B) Pair => (UserId, FriendId);
}

public sealed record UserBlocked(long BlockerId, long BlockedId) : FriendEvent
{
    protected override (long A, long B) Pair => (BlockerId, BlockedId);
}

public sealed record UserUnblocked(long BlockerId, long BlockedId) : FriendEvent
{
    protected override (long A, long B) Pair => (BlockerId, BlockedId);
}
