using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>
/// Per instance, from chat.events: refreshes the fan-out's member list, ends the per-room streams of users who left,
/// and tells the members' per-user streams (<c>room_joined</c>, <c>room_updated</c>, <c>room_left</c>; the stream
/// builds each user's ChatRoomResponse itself, as it differs per viewer).
/// </summary>
public sealed class RoomEventsFanOut(StreamHub hub, RoomMembership membership) :
    IIntegrationEventHandler<RoomMembersChanged>,
    IIntegrationEventHandler<ChatRoomCreated>
{
    public Task HandleAsync(RoomMembersChanged e, CancellationToken cancellationToken)
    {
        membership.Invalidate(e.RoomId);
        hub.CloseAllBut(e.RoomId, e.MemberIds.ToHashSet());
        MembershipFrames.Publish(hub, e.RoomId, e.MemberIds, e.AddedIds, e.RemovedIds, e.Seq, e.Timestamp);
        return Task.CompletedTask;
    }

    public Task HandleAsync(ChatRoomCreated e, CancellationToken cancellationToken)
    {
        membership.Invalidate(e.RoomId);
        MembershipFrames.Publish(hub, e.RoomId, e.ParticipantIds, e.ParticipantIds, [], 0, e.Timestamp);
        return Task.CompletedTask;
    }
}
