using BigTechChat.ChatService.Apis;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.UserDirectory;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Rooms;

/// <summary>Builds <see cref="ChatRoomResponse"/>s: real names from the directory, last message and exact unread count.</summary>
public sealed class RoomViews(ChatDbContext db, IUserDirectory directory, IMessageStore messages)
{
    public async Task<ChatRoomResponse> ForAsync(long roomId, long viewerId, CancellationToken cancellationToken)
    {
        var room = await db.Rooms.AsNoTracking().Include(r => r.Members).FirstAsync(r => r.Id == roomId, cancellationToken);
        return (await ForAsync([room], viewerId, cancellationToken))[0];
    }

    public async Task<IReadOnlyList<ChatRoomResponse>> ForAsync(IReadOnlyList<ChatRoom> rooms, long viewerId, CancellationToken cancellationToken)
    {
        if (rooms.Count == 0)
        {
            return [];
        }

        var roomIds = rooms.Select(r => r.Id).ToArray();
        var users = await directory.FindManyAsync(rooms.SelectMany(r => r.Members.Select(m => m.UserId)), cancellationToken);
        var last = await messages.GetLastMessagesAsync(roomIds, cancellationToken);
        var unread = await messages.CountUnreadAsync(roomIds, viewerId, cancellationToken);
        return rooms.Select(room => ToResponse(
            room, users, last.TryGetValue(room.Id, out var message) ? message : null, unread.GetValueOrDefault(room.Id))).ToList();
    }

    /// <summary>
    /// The view of a room this request has just created (its members loaded): nothing is sent in it yet, so no last
    /// message and nothing unread — no reload and no message queries.
    /// </summary>
    public async Task<ChatRoomResponse> ForCreatedAsync(ChatRoom room, CancellationToken cancellationToken) =>
        ToResponse(room, await directory.FindManyAsync(room.Members.Select(m => m.UserId), cancellationToken), null, 0);

    private static ChatRoomResponse ToResponse(ChatRoom room, IReadOnlyDictionary<long, DirectoryUser> users, StoredMessage? last, long unread) => new(
        room.Id,
        room.RoomType,
        room.Name,
        room.User1Id,
        room.User2Id,
        room.CreatedAt,
        room.UpdatedAt,
        room.Members.OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId)
            .Select(m => users.TryGetValue(m.UserId, out var user)
                ? new ParticipantResponse(user.Id, user.Username, user.DisplayName)
                : new ParticipantResponse(m.UserId, $"user{m.UserId}", null))
            .ToList(),
        last is null ? null : MessageViews.ToResponse(last, room.RoomType),
        unread);
}

public static class MessageViews
{
    public static MessageResponse ToResponse(StoredMessage m, string roomType) => new(
        m.Id, m.UserId, m.Username, m.RoomId, roomType, m.Content, m.MessageType, m.ClientMessageId, m.Reactions,
        m.IsDeleted, m.DeletedAt, m.IsEdited, m.EditedAt, m.CreatedAt, m.UpdatedAt, m.Seq);
}
