using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Infrastructure;
using BigTechChat.FriendService.Model;
using BigTechChat.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Apis;

/// <summary>Accepted friendships: listing, checking and ending them.</summary>
public static class FriendshipsApi
{
    public const string NotFriends = "Friendship not found";

    public static RouteGroupBuilder MapFriendships(this RouteGroupBuilder api)
    {
        api.MapGet("/list", ListFriends)
            .WithName("ListFriends")
            .WithSummary("The caller's accepted friends, ordered by username");
        api.MapGet("/check/{user_id}", CheckFriendship)
            .WithName("CheckFriendship")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Whether the caller and user_id are friends");
        api.MapDelete("/{friend_user_id}", RemoveFriend)
            .WithName("RemoveFriend")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("End the friendship with friend_user_id");
        return api;
    }

    public static async Task<Ok<List<FriendResponse>>> ListFriends([AsParameters] FriendServices services)
    {
        var (me, ct) = (services.UserId, services.CancellationToken);
        var friendIds = await services.Db.Friendships.AsNoTracking()
            .Where(f => (f.RequesterId == me || f.AddresseeId == me) && f.Status == FriendshipStatus.Accepted)
            .Select(f => f.RequesterId == me ? f.AddresseeId : f.RequesterId)
            .ToListAsync(ct);
        var users = await services.Directory.FindManyAsync(friendIds, ct);
        List<FriendResponse> friends =
        [
            .. from id in friendIds.Distinct()
               let user = users.GetValueOrDefault(id)
               where user is not null
               orderby user.Username.ToUpperInvariant(), user.Username, user.Id
               select new FriendResponse(user.Id, user.Username, user.DisplayName, string.Empty, user.IsOnline, user.LastSeenAt),
        ];
        return TypedResults.Ok(friends);
    }

    public static async Task<Results<Ok<FriendCheckResponse>, ProblemHttpResult>> CheckFriendship(
        [FromRoute(Name = "user_id")] long userId, [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("user_id", userId) is { } invalid)
        {
            return invalid;
        }

        var live = await services.Db.FindLiveAsync(services.UserId, userId, services.CancellationToken);
        return TypedResults.Ok(new FriendCheckResponse(live?.Status == FriendshipStatus.Accepted));
    }

    public static async Task<Results<Ok<UserMessageResponse>, ProblemHttpResult>> RemoveFriend(
        [FromRoute(Name = "friend_user_id")] long friendUserId, [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("friend_user_id", friendUserId) is { } invalid)
        {
            return invalid;
        }

        var (me, db, ct) = (services.UserId, services.Db, services.CancellationToken);
        var friendship = await db.FindLiveAsync(me, friendUserId, ct);
        if (friendship is not { Status: FriendshipStatus.Accepted })
        {
            return ApiProblem.NotFound(NotFriends);
        }

        friendship.End(FriendshipStatus.Removed, services.Now);
        db.AddIntegrationEvent(new FriendRemoved(me, friendUserId) { FriendshipId = friendship.Id });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblem.NotFound(NotFriends); // Removed (or blocked) meanwhile.
        }

        return TypedResults.Ok(new UserMessageResponse("Friend removed", friendUserId));
    }
}
