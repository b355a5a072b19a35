using System.Text.Json;
using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Apis;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.IntegrationEvents;

/// <summary>
/// Every instance consumes message.events (per-instance group) and writes each event to its own open streams of
/// the room (per-room streams and the per-user streams of its members), to members only, serialised once.
/// The database stays the source of truth: a stream that misses a wake-up refills from it.
/// Privacy filters (docs/chat-service.md): a deleted message is never sent again, and an event caused by a user
/// reaches no stream of a user with whom they have a block, either way (only <c>message_deleted</c>, which removes).
/// </summary>
public sealed class MessageEventsFanOut(
    StreamHub hub, RoomMembership membership, IMessageStore store, BlockCache blocks, DeletedMessages deleted,
    IOptions<StreamOptions> options, TimeProvider clock) :
    IIntegrationEventHandler<MessageSent>,
    IIntegrationEventHandler<MessageUpdated>,
    IIntegrationEventHandler<MessageDeleted>,
    IIntegrationEventHandler<MessagesRead>,
    IIntegrationEventHandler<ReactionAdded>,
    IIntegrationEventHandler<ReactionRemoved>
{
    public async Task HandleAsync(MessageSent e, CancellationToken cancellationToken)
    {
        if (hub.HasListeners(e.RoomId) && await IsLiveAsync(e, cancellationToken))
        {
            await DeliverAsync(e.RoomId, e.UserId, StreamFrame.NewMessage, e.Seq, room => new MessageResponse(
                e.MessageId, e.UserId, e.Username, e.RoomId, e.RoomType ?? room.RoomType, e.Content, e.MessageType, e.ClientMessageId,
                new Dictionary<string, IReadOnlyList<long>>(), false, null, false, null, e.CreatedAt, e.CreatedAt, e.Seq), cancellationToken);
        }
    }

    public async Task HandleAsync(MessageUpdated e, CancellationToken cancellationToken)
    {
        if (hub.HasListeners(e.RoomId) && await store.GetAsync(e.MessageId, cancellationToken) is { IsDeleted: false } message)
        {
            await DeliverAsync(e.RoomId, e.UserId, "message_updated", null, room => MessageViews.ToResponse(message, room.RoomType), cancellationToken);
        }
    }

    public Task HandleAsync(MessageDeleted e, CancellationToken cancellationToken)
    {
        deleted.Saw(e.MessageId);
        return DeliverAsync(e.RoomId, null, "message_deleted", null, _ => new { e.MessageId, e.RoomId, e.DeletedBy }, cancellationToken);
    }

    public Task HandleAsync(MessagesRead e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, e.UserId, "messages_read", null, _ => new { e.RoomId, e.UserId, e.MessageIds, e.UpToSeq }, cancellationToken);

    public Task HandleAsync(ReactionAdded e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, e.UserId, "reaction_added", null, _ => new { e.MessageId, e.RoomId, e.UserId, e.Emoji }, cancellationToken);

    public Task HandleAsync(ReactionRemoved e, CancellationToken cancellationToken) =>
        DeliverAsync(e.RoomId, e.UserId, "reaction_removed", null, _ => new { e.MessageId, e.RoomId, e.UserId, e.Emoji }, cancellationToken);

    /// <summary>
    /// The event still holds the text of a message deleted before it was relayed, so storage decides — except for a
    /// fresh event (younger than <see cref="StreamOptions.FreshEventWindow"/>) of a message this instance has not seen
    /// deleted: its delete, if any, is at most that old and its message_deleted follows (docs/chat-service.md).
    /// </summary>
    private async Task<bool> IsLiveAsync(MessageSent e, CancellationToken cancellationToken)
    {
        if (deleted.Contains(e.MessageId))
        {
            return false;
        }

        var age = clock.GetUtcNow().UtcDateTime - e.Timestamp;
        return (age >= TimeSpan.Zero && age < options.Value.FreshEventWindow)
            || await store.IsLiveAsync(e.MessageId, cancellationToken);
    }

    /// <param name="actorId">Who caused the event; their blocks (either way) keep it from those users' streams. Null: everyone.</param>
    private async Task DeliverAsync<T>(long roomId, long? actorId, string eventType, long? seq, Func<RoomAudience, T> data, CancellationToken cancellationToken)
    {
        if (!hub.HasListeners(roomId))
        {
            return;
        }

        var room = await membership.GetAsync(roomId, cancellationToken);
        var blocked = actorId is { } actor ? await blocks.BlockedWithAsync(actor, cancellationToken) : null;
        var frame = new StreamFrame(eventType, seq, JsonSerializer.Serialize(data(room), ApiJson.Options)) { RoomId = roomId };
        hub.Publish(frame, room.Members, userId => blocked?.Contains(userId) != true);
    }
}
