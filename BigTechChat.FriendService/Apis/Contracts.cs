using System.Text.Json.Serialization;
using BigTechChat.FriendService.Model;

namespace BigTechChat.FriendService.Apis;

public sealed record SendFriendRequest([property: JsonPropertyName("user_id_2")] long? UserId2, string? Message);

public sealed record RespondToFriendRequest(string? Action);

/// <summary>A friendship row as the original served it; <c>user_id_1</c> is the requester.</summary>
public sealed record FriendshipResponse(
    long Id,
    [property: JsonPropertyName("user_id_1")] long UserId1,
    [property: JsonPropertyName("user_id_2")] long UserId2,
    FriendshipStatus Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt)
{
    public static FriendshipResponse From(Friendship f) =>
        new(f.Id, f.RequesterId, f.AddresseeId, f.Status, f.CreatedAt, f.UpdatedAt, f.DeletedAt);
}

public sealed record MessageResponse(string Message);

public sealed record RequestCancelledResponse(string Message, long TargetUserId);

public sealed record UserMessageResponse(string Message, long UserId);

/// <summary><c>email</c> stays empty as in the original: friends do not see each other's addresses.</summary>
public sealed record FriendResponse(
    long UserId, string Username, string? DisplayName, string Email, bool IsOnline, DateTime? LastSeenAt);

public sealed record FriendRequestItem(
    long FriendshipId,
    long UserId,
    string Username,
    string? DisplayName,
    string Email,
    FriendshipStatus Status,
    DateTime CreatedAt,
    string RequestType);

public sealed record FriendRequestsResponse(
    IReadOnlyList<FriendRequestItem> ReceivedRequests, IReadOnlyList<FriendRequestItem> SentRequests);

public sealed record FriendCheckResponse(bool AreFriends);

public sealed record BlockResponse(long BlockerId, long BlockedId, DateTime CreatedAt);

public sealed record BlockedUserResponse(long UserId, string Username, string? DisplayName, DateTime CreatedAt);
