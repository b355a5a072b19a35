using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>
/// Per instance, from friend.events: the friend-request events of API.md §5 (per-user stream), each
/// <c>{friendship_id, user_id}</c> with user_id the other party. <c>friend_request_received</c> goes to the addressee;
/// the others go to both parties, so a user's other devices learn of their own actions too (docs/api.md).
/// </summary>
public sealed class FriendEventsFanOut(StreamHub hub) :
    IIntegrationEventHandler<FriendRequestSent>,
    IIntegrationEventHandler<FriendRequestAccepted>,
    IIntegrationEventHandler<FriendRequestRejected>,
    IIntegrationEventHandler<FriendRequestCancelled>,
    IIntegrationEventHandler<FriendRemoved>
{
    public Task HandleAsync(FriendRequestSent e, CancellationToken cancellationToken)
    {
        Send(e.AddresseeId, "friend_request_received", e.FriendshipId, e.RequesterId);
        return Task.CompletedTask;
    }

    public Task HandleAsync(FriendRequestAccepted e, CancellationToken cancellationToken) =>
        Both("friend_request_accepted", e.FriendshipId, e.RequesterId, e.AddresseeId);

    public Task HandleAsync(FriendRequestRejected e, CancellationToken cancellationToken) =>
        Both("friend_request_rejected", e.FriendshipId, e.RequesterId, e.AddresseeId);

    public Task HandleAsync(FriendRequestCancelled e, CancellationToken cancellationToken) =>
        Both("friend_request_cancelled", e.FriendshipId, e.RequesterId, e.AddresseeId);

    public Task HandleAsync(FriendRemoved e, CancellationToken cancellationToken) =>
        Both("friend_removed", e.FriendshipId, e.UserId, e.FriendId);

    private Task Both(string eventType, long friendshipId, long a, long b)
    {
        Send(a, eventType, friendshipId, b);
        Send(b, eventType, friendshipId, a);
        return Task.CompletedTask;
    }

    private void Send(long userId, string eventType, long friendshipId, long otherUserId)
    {
        if (hub.HasUserStream(userId))
        {
            var data = JsonSerializer.Serialize(new { FriendshipId = friendshipId, UserId = otherUserId }, ApiJson.Options);
            hub.PublishToUser(userId, new StreamFrame(eventType, null, data));
        }
    }
}
