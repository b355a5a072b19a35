using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Apis;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>
/// Every instance consumes message.events (per-instance group) and writes each event to its own open streams of
/// the room, to members only. The database stays the source of truth: a stream that misses a wake-up refills from it.
/// </summary>
public sealed class MessageEventsFanOut(StreamHub hub, RoomMembership membership, IMessageStore store) :
    IIntegrationEventHandler<MessageSent>,
    IIntegrationEventHandler<MessageUpdated>,
    IIntegrationEventHandler<MessageDeleted>,
    IIntegrationEventHandler<MessagesRead>,
    IIntegrationEventHandler<ReactionAdded>,
    IIntegrationEventHandler<ReactionRemoved>
{
    public Task HandleAsync(MessageSent e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, StreamFrame.NewMessage, e.Seq, room => new MessageResponse(
            e.MessageId, e.UserId, e.Username, e.RoomId, e.RoomType ?? room.RoomType, e.Content, e.MessageType, e.ClientMessageId,
            new Dictionary<string, IReadOnlyList<long>>(), false, null, false, null, e.CreatedAt, e.CreatedAt, e.Seq), cancellationToken);

    public async Task HandleAsync(MessageUpdated e, CancellationToken cancellationToken)
    {
        if (hub.HasListeners(e.RoomId) && await store.GetAsync(e.MessageId, cancellationToken) is { } message)
        {
            await DeliverAsync(e.RoomId, "message_updated", null, room => MessageViews.ToResponse(message, room.RoomType), cancellationToken);
        }
    }

    public Task HandleAsync(MessageDeleted e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, "message_deleted", null, _ => new { e.MessageId, e.RoomId, e.DeletedBy }, cancellationToken);

    public Task HandleAsync(MessagesRead e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, "messages_read", null, _ => new { e.RoomId, e.UserId, e.MessageIds, e.UpToSeq }, cancellationToken);

    public Task HandleAsync(ReactionAdded e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, "reaction_added", null, _ => new { e.MessageId, e.RoomId, e.UserId, e.Emoji }, cancellationToken);

    public Task HandleAsync(ReactionRemoved e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, "reaction_removed", null, _ => new { e.MessageId, e.RoomId, e.UserId, e.Emoji }, cancellationToken);

    private async Task DeliverAsync<T>(long roomId, string eventType, long? seq, Func<RoomAudience, T> data, CancellationToken cancellationToken)
    {
        if (!hub.HasListeners(roomId))
        {
            return;
        }

        var room = await membership.GetAsync(roomId, cancellationToken);
        var frame = new StreamFrame(eventType, seq, JsonSerializer.Serialize(data(room), ApiJson.Options));
        hub.Publish(roomId, frame, room.Members.Contains);
    }
}
