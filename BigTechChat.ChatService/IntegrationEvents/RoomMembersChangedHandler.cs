using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>Per instance: refreshes the fan-out's member list and ends the streams of users who left.</summary>
public sealed class RoomMembersChangedHandler(StreamHub hub, RoomMembership membership) : IIntegrationEventHandler<RoomMembersChanged>
{
    public Task HandleAsync(RoomMembersChanged e, CancellationToken cancellationToken)
    {
        membership.Invalidate(e.RoomId);
        hub.CloseAllBut(e.RoomId, e.MemberIds.ToHashSet());
        return Task.CompletedTask;
    }
}
