using BigTechChat.ApiConventions;
using BigTechChat.ChatService.Infrastructure;
using BigTechChat.ChatService.Messages;
using BigTechChat.ChatService.Rooms;
using BigTechChat.ChatService.Streaming;
using BigTechChat.EventBus.Outbox;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using BigTechChat.UserDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.ChatService.Apis;

public sealed record RoomServices(
    ChatDbContext Db, RoomAccess Access, RoomViews Views, IUserDirectory Directory, TimeProvider Clock, StreamHub Hub, RoomMembership Membership,
    IMessageStore Messages);

public static class ChatRoomsApi
{
    public const int MaxGroupMembers = 100;

    public static IEndpointRouteBuilder MapChatRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/chat-rooms").WithTags("Chat rooms").RequireAuthorization();
        api.MapGet("/", ListRoomsAsync).WithName("ListChatRooms").WithSummary("The caller's rooms, most recently active first");
        api.MapGet("/check/{participantId}", GetOrCreateDirectRoomAsync).WithName("GetOrCreateDirectRoom").WithSummary("Get or create the direct room with a user");
        api.MapGet("/{roomId}", GetRoomAsync).WithName("GetChatRoom").WithSummary("One room the caller belongs to");
        api.MapPost("/group", CreateGroupAsync).WithName("CreateGroupRoom").WithSummary("Create a group room; the caller owns it");
        api.MapPost("/{roomId}/members", AddMembersAsync).WithName("AddRoomMembers").WithSummary("Add users to a group room");
        api.MapDelete("/{roomId}/members/{userId}", RemoveMemberAsync).WithName("RemoveRoomMember").WithSummary("Leave a group, or (owner) remove a member");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ChatRoomResponse>>, ProblemHttpResult>> ListRoomsAsync(
        [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct, int skip = 0, int limit = 10)
    {
        var errors = new ValidationErrors().Range("skip", skip, 0, int.MaxValue).Range("limit", limit, 1, 100);
        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var me = user.GetUserId();
        var rooms = await s.Db.Rooms.AsNoTracking().Include(r => r.Members)
            .Where(r => r.Members.Any(m => m.UserId == me))
            .OrderByDescending(r => r.LastActivityAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(limit)
            .ToListAsync(ct);
        return TypedResults.Ok(await s.Views.ForAsync(rooms, me, ct));
    }

    public static async Task<Results<Ok<ChatRoomResponse>, ProblemHttpResult>> GetOrCreateDirectRoomAsync(
        long participantId, [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        if (participantId == me)
        {
            return ApiProblem.Unprocessable("Cannot create chat room with yourself", ErrorCodes.CannotChatSelf);
        }

        if (participantId <= 0 || await s.Directory.FindAsync(participantId, ct) is null)
        {
            return ApiProblem.NotFound("User not found");
        }

        if (await s.Access.IsBlockedAsync(me, participantId, ct))
        {
            return ApiProblem.Forbidden("You cannot chat with this user");
        }

        var (low, high) = (Math.Min(me, participantId), Math.Max(me, participantId));
        var roomId = await FindDirectRoomAsync(s.Db, low, high, ct);
        if (roomId is null)
        {
            var now = s.Clock.GetUtcNow().UtcDateTime;
            var room = new ChatRoom
            {
                RoomType = RoomTypes.Direct,
                User1Id = low,
                User2Id = high,
                CreatorId = me,
                CreatedAt = now,
                UpdatedAt = now,
                LastActivityAt = now,
                Members = [new RoomMember { UserId = low, JoinedAt = now }, new RoomMember { UserId = high, JoinedAt = now }],
            };
            s.Db.Rooms.Add(room);
            try
            {
                await SaveCreatedAsync(s, room, ct);
                return TypedResults.Ok(await s.Views.ForCreatedAsync(room, ct));
            }
            catch (DbUpdateException exception) when (exception.IsUniqueViolation())
            {
                // A concurrent call created the pair's room first; the unique index kept it to one.
                s.Db.ChangeTracker.Clear();
                roomId = await FindDirectRoomAsync(s.Db, low, high, ct);
            }
        }

        return TypedResults.Ok(await s.Views.ForAsync(roomId!.Value, me, ct));
    }

    public static async Task<Results<Ok<ChatRoomResponse>, ProblemHttpResult>> GetRoomAsync(
        long roomId, [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        return room is null ? problem! : TypedResults.Ok((await s.Views.ForAsync([room], me, ct))[0]);
    }

    public static async Task<Results<Created<ChatRoomResponse>, ProblemHttpResult>> CreateGroupAsync(
        CreateGroupRequest request, [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        var memberIds = (request.MemberIds ?? []).Append(me).Distinct().ToList();
        var errors = new ValidationErrors().Required("name", request.Name).Length("name", request.Name, 1, 100).Required("member_ids", request.MemberIds);
        if (request.Name is { Length: > 0 } name && string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "name must not be blank");
        }

        if (request.MemberIds is not null && (memberIds.Count < 2 || memberIds.Count > MaxGroupMembers))
        {
            errors.Add("member_ids", $"A group has 2 to {MaxGroupMembers} members including the creator");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        if (await FindUnknownUserAsync(s.Directory, memberIds, ct) is { } unknown)
        {
            return unknown;
        }

        if (await FindBlockedAsync(s.Access, me, memberIds, ct) is { } blocked)
        {
            return blocked;
        }

        var now = s.Clock.GetUtcNow().UtcDateTime;
        var room = new ChatRoom
        {
            RoomType = RoomTypes.Group,
            Name = request.Name!.Trim(),
            CreatorId = me,
            CreatedAt = now,
            UpdatedAt = now,
            LastActivityAt = now,
            Members = memberIds.Select(id => new RoomMember { UserId = id, IsOwner = id == me, JoinedAt = now }).ToList(),
        };
        s.Db.Rooms.Add(room);
        await SaveCreatedAsync(s, room, ct);
        return TypedResults.Created($"/api/chat-rooms/{room.Id}", await s.Views.ForCreatedAsync(room, ct));
    }

    public static async Task<Results<Ok<ChatRoomResponse>, ProblemHttpResult>> AddMembersAsync(
        long roomId, AddMembersRequest request, [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        var errors = new ValidationErrors().Required("user_ids", request.UserIds);
        if (request.UserIds is { Count: 0 } or { Count: > MaxGroupMembers })
        {
            errors.Add("user_ids", $"user_ids must hold 1 to {MaxGroupMembers} ids");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        if (room is null)
        {
            return problem!;
        }

        if (room.RoomType != RoomTypes.Group)
        {
            return ApiProblem.BadRequest("Members can only be added to group rooms");
        }

        var joining = request.UserIds!.Distinct().Where(id => room.Members.All(m => m.UserId != id)).ToList();
        if (room.Members.Count + joining.Count > MaxGroupMembers)
        {
            return new ValidationErrors().Add("user_ids", $"A group has at most {MaxGroupMembers} members").ToProblem();
        }

        if (await FindUnknownUserAsync(s.Directory, joining, ct) is { } unknown)
        {
            return unknown;
        }

        if (await FindBlockedAsync(s.Access, me, joining, ct) is { } blocked)
        {
            return blocked;
        }

        if (joining.Count > 0)
        {
            var now = s.Clock.GetUtcNow().UtcDateTime;
            var seq = await NewestSeqAsync(s.Messages, roomId, ct);
            s.Db.Members.AddRange(joining.Select(id => new RoomMember { RoomId = roomId, UserId = id, JoinedAt = now, JoinedSeq = seq }));
            await SaveMembersChangedAsync(s, roomId, joining, [], seq, now, ct);
        }

        return TypedResults.Ok(await s.Views.ForAsync(roomId, me, ct));
    }

    public static async Task<Results<Ok<ChatRoomResponse>, ProblemHttpResult>> RemoveMemberAsync(
        long roomId, long userId, [AsParameters] RoomServices s, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.GetUserId();
        var (room, problem) = await s.Access.ForMemberAsync(roomId, me, ct);
        if (room is null)
        {
            return problem!;
        }

        if (room.RoomType != RoomTypes.Group)
        {
            return ApiProblem.BadRequest("Members can only be removed from group rooms");
        }

        if (userId != me && !room.Members.Any(m => m.UserId == me && m.IsOwner))
        {
            return ApiProblem.Forbidden("Only the room owner can remove other members");
        }

        var leaving = await s.Db.Members.FirstOrDefaultAsync(m => m.RoomId == roomId && m.UserId == userId, ct);
        if (leaving is null)
        {
            return ApiProblem.NotFound("User is not a member of this room");
        }

        s.Db.Members.Remove(leaving);
        if (leaving.IsOwner)
        {
            // The room keeps an owner: the longest-standing remaining member.
            var heir = await s.Db.Members.Where(m => m.RoomId == roomId && m.UserId != userId)
                .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId).FirstOrDefaultAsync(ct);
            heir?.IsOwner = true;
        }

        var now = s.Clock.GetUtcNow().UtcDateTime;
        var leftSeq = await NewestSeqAsync(s.Messages, roomId, ct);
        s.Db.Departures.Add(new RoomDeparture { RoomId = roomId, UserId = userId, LeftSeq = leftSeq, LeftAt = now });
        await SaveMembersChangedAsync(s, roomId, [], [userId], leftSeq, now, ct);

        // This instance stops delivering to the leaver now; other instances do when RoomMembersChanged reaches them.
        s.Hub.Close(roomId, userId);
        return TypedResults.Ok(await s.Views.ForAsync(roomId, me, ct));
    }

    private static Task<long?> FindDirectRoomAsync(ChatDbContext db, long low, long high, CancellationToken ct) =>
        db.Rooms.Where(r => r.User1Id == low && r.User2Id == high).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);

    /// <summary>The room's newest message seq (deleted ones count): where a joiner's per-user stream starts and a leaver's ends.</summary>
    private static async Task<long> NewestSeqAsync(IMessageStore messages, long roomId, CancellationToken ct) =>
        (await messages.GetLastSeqsAsync([roomId], ct)).GetValueOrDefault(roomId);

    private static async Task SaveCreatedAsync(RoomServices s, ChatRoom room, CancellationToken ct)
    {
        // The id exists only after the insert; the event goes in the same transaction.
        var db = s.Db;
        var members = room.Members.Select(m => m.UserId).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            db.AddIntegrationEvent(new ChatRoomCreated(room.Id, room.RoomType, room.CreatorId, members) { Timestamp = room.CreatedAt });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        // This instance's per-user streams hear of it now; every instance's (again, ignored) from chat.events.
        MembershipFrames.Publish(s.Hub, room.Id, members, members, [], 0, room.CreatedAt);
    }

    private static async Task SaveMembersChangedAsync(
        RoomServices s, long roomId, IReadOnlyList<long> added, IReadOnlyList<long> removed, long seq, DateTime now, CancellationToken ct)
    {
        var db = s.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Someone added the same member concurrently: the outcome asked for holds already.
            db.ChangeTracker.Clear();
        }

        await db.Rooms.Where(r => r.Id == roomId).ExecuteUpdateAsync(set => set.SetProperty(r => r.UpdatedAt, now), ct);
        var members = await db.Members.Where(m => m.RoomId == roomId).Select(m => m.UserId).ToListAsync(ct);
        db.AddIntegrationEvent(new RoomMembersChanged(roomId, members) { AddedIds = added, RemovedIds = removed, Seq = seq, Timestamp = now });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        s.Membership.Invalidate(roomId);
        MembershipFrames.Publish(s.Hub, roomId, members, added, removed, seq, now);
    }

    /// <summary>No one brings a user they have a block with (either way) into a room with them: 403.</summary>
    private static async Task<ProblemHttpResult?> FindBlockedAsync(RoomAccess access, long me, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var blocked = await access.BlockedWithAsync(me, ct);
        return ids.Any(blocked.Contains) ? ApiProblem.Forbidden("You cannot add a user you have blocked or who blocked you") : null;
    }

    private static async Task<ProblemHttpResult?> FindUnknownUserAsync(IUserDirectory directory, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Any(id => id <= 0))
        {
            return ApiProblem.NotFound("User not found");
        }

        var known = await directory.FindManyAsync(ids, ct);
        var missing = ids.FirstOrDefault(id => !known.ContainsKey(id));
        return missing == 0 ? null : ApiProblem.NotFound($"User {missing} not found");
    }
}
