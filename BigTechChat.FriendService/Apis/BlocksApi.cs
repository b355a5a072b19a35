using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Infrastructure;
using BigTechChat.FriendService.Model;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Apis;

/// <summary>Blocking: ends any friendship or request and keeps the blocked user from coming back.</summary>
public static class BlocksApi
{
    public const string NotBlocked = "User is not blocked";

    public static RouteGroupBuilder MapBlocks(this RouteGroupBuilder api)
    {
        api.MapPost("/block/{user_id}", BlockUser)
            .WithName("BlockUser")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Block user_id (idempotent: blocking again answers the existing block with 201)");
        api.MapDelete("/block/{user_id}", UnblockUser)
            .WithName("UnblockUser")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Lift the caller's block of user_id");
        api.MapGet("/blocked", ListBlocked)
            .WithName("ListBlockedUsers")
            .WithSummary("Users the caller has blocked, most recent first");
        return api;
    }

    public static async Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockUser(
        [FromRoute(Name = "user_id")] long userId, [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("user_id", userId) is { } invalid)
        {
            return invalid;
        }

        var (me, db, ct) = (services.UserId, services.Db, services.CancellationToken);
        if (userId == me)
        {
            return ApiProblem.BadRequest("Cannot block yourself");
        }

        if (await services.Directory.FindAsync(userId, ct) is null)
        {
            return ApiProblem.NotFound("User not found");
        }

        for (var attempt = 0; ; attempt++)
        {
            if (await db.UserBlocks.AsNoTracking().FirstOrDefaultAsync(b => b.BlockerId == me && b.BlockedId == userId, ct) is { } existing)
            {
                return Created(existing);
            }

            var block = new UserBlock { BlockerId = me, BlockedId = userId, CreatedAt = services.Now };
            db.UserBlocks.Add(block);
            if (await db.FindLiveAsync(me, userId, ct) is { } friendship)
            {
                EndForBlock(db, friendship, me, userId, services.Now);
            }

            db.AddIntegrationEvent(new UserBlocked(me, userId));
            try
            {
                await db.SaveChangesAsync(ct);
                await EndRequestSentMeanwhileAsync(db, me, userId, services.Now, ct);
                return Created(block);
            }
            catch (DbUpdateException exception) when (attempt < 3 && (exception is DbUpdateConcurrencyException || exception.IsUniqueViolation()))
            {
                db.ChangeTracker.Clear(); // A concurrent block or friendship change won; look again.
            }
        }

        static Created<BlockResponse> Created(UserBlock block) =>
            TypedResults.Created($"/api/friends/blocked", new BlockResponse(block.BlockerId, block.BlockedId, block.CreatedAt));
    }

    public static async Task<Results<Ok<UserMessageResponse>, ProblemHttpResult>> UnblockUser(
        [FromRoute(Name = "user_id")] long userId, [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("user_id", userId) is { } invalid)
        {
            return invalid;
        }

        var (me, db, ct) = (services.UserId, services.Db, services.CancellationToken);
        var block = await db.UserBlocks.FirstOrDefaultAsync(b => b.BlockerId == me && b.BlockedId == userId, ct);
        if (block is null)
        {
            return ApiProblem.NotFound(NotBlocked);
        }

        db.UserBlocks.Remove(block);
        db.AddIntegrationEvent(new UserUnblocked(me, userId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblem.NotFound(NotBlocked); // Unblocked meanwhile.
        }

        return TypedResults.Ok(new UserMessageResponse("User unblocked", userId));
    }

    public static async Task<Ok<List<BlockedUserResponse>>> ListBlocked([AsParameters] FriendServices services)
    {
        var (me, ct) = (services.UserId, services.CancellationToken);
        var blocks = await services.Db.UserBlocks.AsNoTracking()
            .Where(b => b.BlockerId == me)
            .OrderByDescending(b => b.CreatedAt).ThenBy(b => b.BlockedId)
            .ToListAsync(ct);
        var users = await services.Directory.FindManyAsync(blocks.Select(b => b.BlockedId), ct);
        List<BlockedUserResponse> blocked =
        [
            .. from b in blocks
               let user = users.GetValueOrDefault(b.BlockedId)
               where user is not null
               select new BlockedUserResponse(user.Id, user.Username, user.DisplayName, b.CreatedAt),
        ];
        return TypedResults.Ok(blocked);
    }

    /// <summary>
    /// A request inserted after this block read the pair but before it committed would survive it; reading again
    /// after the commit closes that gap (the request side re-checks blocks after its own commit likewise).
    /// </summary>
    private static async Task EndRequestSentMeanwhileAsync(FriendDbContext db, long me, long blocked, DateTime now, CancellationToken ct)
    {
        if (await db.FindLiveAsync(me, blocked, ct) is not { } late)
        {
            return;
        }

        EndForBlock(db, late, me, blocked, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The requester's own re-check ended it first.
        }
    }

    /// <summary>A block ends what was between the two, and says so to those who track friendships.</summary>
    private static void EndForBlock(FriendDbContext db, Friendship friendship, long me, long blocked, DateTime now)
    {
        if (friendship.Status == FriendshipStatus.Accepted)
        {
            friendship.End(FriendshipStatus.Removed, now);
            db.AddIntegrationEvent(new FriendRemoved(me, blocked) { FriendshipId = friendship.Id });
        }
        else
        {
            friendship.End(FriendshipStatus.Cancelled, now);
            db.AddIntegrationEvent(new FriendRequestCancelled(friendship.Id, friendship.RequesterId, friendship.AddresseeId));
        }
    }
}
