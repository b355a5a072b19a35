using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Rooms;

/// <summary>
/// Who may see and write to a room: members only; in a direct room, not across a block. Blocks (either way, see
/// docs/chat-service.md) also stop reactions to the other user's messages in any room and new rooms between the two.
/// </summary>
public sealed class RoomAccess(ChatDbContext db)
{
    private static readonly CompiledPerModel<Func<ChatDbContext, long, long, CancellationToken, Task<WriterCheck?>>> WriterCheckQuery = new(CompileWriterCheck);

    /// <summary>
    /// The room (without its member list) when the user may send to it, in one query: 404 when it does not exist,
    /// 403 when the user is not a member or, in a direct room, across a block either way. Same answers as
    /// <see cref="ForMemberAsync"/> followed by <see cref="CanWriteAsync"/>.
    /// </summary>
    public async Task<(ChatRoom? Room, ProblemHttpResult? Problem)> ForWriterAsync(long roomId, long userId, CancellationToken cancellationToken)
    {
        var check = roomId <= 0 ? null : await WriterCheckQuery.For(db)(db, roomId, userId, cancellationToken);
        return check switch
        {
            null => (null, ApiProblem.NotFound("Chat room not found")),
            { IsMember: false } => (null, ApiProblem.Forbidden("You are not a member of this chat room")),
            { Blocked: true } => (null, ApiProblem.Forbidden("You cannot message this user")),
            _ => (check.Room, null),
        };
    }

    /// <summary>The room when the user is a member; otherwise the 404/403 problem to answer with.</summary>
    public async Task<(ChatRoom? Room, ProblemHttpResult? Problem)> ForMemberAsync(long roomId, long userId, CancellationToken cancellationToken)
    {
        var room = roomId <= 0 ? null : await db.Rooms.AsNoTracking().Include(r => r.Members).FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        if (room is null)
        {
            return (null, ApiProblem.NotFound("Chat room not found"));
        }

        return room.Members.Any(m => m.UserId == userId)
            ? (room, null)
            : (null, ApiProblem.Forbidden("You are not a member of this chat room"));
    }

    public Task<bool> IsMemberAsync(long roomId, long userId, CancellationToken cancellationToken) =>
        db.Members.AnyAsync(m => m.RoomId == roomId && m.UserId == userId, cancellationToken);

    /// <summary>True when either user blocked the other.</summary>
    public Task<bool> IsBlockedAsync(long a, long b, CancellationToken cancellationToken) =>
        db.Blocks.AnyAsync(x => (x.BlockerId == a && x.BlockedId == b) || (x.BlockerId == b && x.BlockedId == a), cancellationToken);

    /// <summary>The users who blocked <paramref name="userId"/> or whom they blocked.</summary>
    public async Task<IReadOnlySet<long>> BlockedWithAsync(long userId, CancellationToken cancellationToken)
    {
        var pairs = await db.Blocks.AsNoTracking()
            .Where(x => x.BlockerId == userId || x.BlockedId == userId)
            .Select(x => new { x.BlockerId, x.BlockedId })
            .ToListAsync(cancellationToken);
        return pairs.Select(x => x.BlockerId == userId ? x.BlockedId : x.BlockerId).ToHashSet();
    }

    /// <summary>
    /// A reaction is refused (403) in a direct room across a block, and anywhere on a message whose author has a
    /// block with the reacting user: it would appear under that author's message on their screen.
    /// </summary>
    public async Task<ProblemHttpResult?> CanReactAsync(ChatRoom room, long authorId, long userId, CancellationToken cancellationToken)
    {
        if (await CanWriteAsync(room, userId, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        return authorId != userId && await IsBlockedAsync(userId, authorId, cancellationToken)
            ? ApiProblem.Forbidden("You cannot react to this user's messages")
            : null;
    }

    /// <summary>In a direct room, a block either way stops messages (403).</summary>
    public async Task<ProblemHttpResult?> CanWriteAsync(ChatRoom room, long userId, CancellationToken cancellationToken)
    {
        if (room.RoomType != RoomTypes.Direct)
        {
            return null;
        }

        var other = room.User1Id == userId ? room.User2Id!.Value : room.User1Id!.Value;
        return await IsBlockedAsync(userId, other, cancellationToken)
            ? ApiProblem.Forbidden("You cannot message this user")
            : null;
    }

    private static Func<ChatDbContext, long, long, CancellationToken, Task<WriterCheck?>> CompileWriterCheck() =>
        EF.CompileAsyncQuery((ChatDbContext db, long roomId, long userId, CancellationToken _) => db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new WriterCheck(
                r,
                r.Members.Any(m => m.UserId == userId),
                r.RoomType == RoomTypes.Direct && db.Blocks.Any(b =>
                    (b.BlockerId == r.User1Id && b.BlockedId == r.User2Id) || (b.BlockerId == r.User2Id && b.BlockedId == r.User1Id))))
            .FirstOrDefault());
}

/// <summary>The send path's access facts about one room, read together.</summary>
internal sealed record WriterCheck(ChatRoom Room, bool IsMember, bool Blocked);
