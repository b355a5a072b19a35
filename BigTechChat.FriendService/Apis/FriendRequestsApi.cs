using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Infrastructure;
using BigTechChat.FriendService.Model;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using BigTechChat.UserDirectory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Apis;

/// <summary>Sending, answering and cancelling friend requests.</summary>
public static class FriendRequestsApi
{
    public const string AlreadyExists = "Friendship already exists or pending";
    public const string NotPending = "Friend request not found or already processed";
    public const string Blocked = "Friend requests between these users are blocked";
    public const string NothingToCancel = "No pending friend request to this user";

    public static RouteGroupBuilder MapFriendRequests(this RouteGroupBuilder api)
    {
        api.MapPost("/request", SendRequest)
            .WithName("SendFriendRequest")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Send a friend request to user_id_2");
        api.MapPut("/status/{requester_user_id}", RespondToRequest)
            .WithName("RespondToFriendRequest")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Accept or reject the pending request sent by requester_user_id");
        api.MapGet("/requests", ListRequests)
            .WithName("ListFriendRequests")
            .WithSummary("Pending requests received and sent by the caller");
        api.MapDelete("/request/{target_user_id}", CancelRequest)
            .WithName("CancelFriendRequest")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Cancel the caller's pending request to target_user_id");
        return api;
    }

    public static async Task<Results<Created<FriendshipResponse>, ProblemHttpResult>> SendRequest(
        SendFriendRequest body, [AsParameters] FriendServices services)
    {
        var errors = new ValidationErrors()
            .Required("user_id_2", body.UserId2)
            .Length("message", body.Message, 0, Friendship.MaxMessageLength);
        if (body.UserId2 is <= 0)
        {
            errors.Add("user_id_2", "user_id_2 must be a positive integer");
        }

        if (errors.HasErrors)
        {
            return errors.ToProblem();
        }

        var (me, target, db, ct) = (services.UserId, body.UserId2!.Value, services.Db, services.CancellationToken);
        if (target == me)
        {
            return ApiProblem.BadRequest("Cannot send friend request to yourself");
        }

        var users = await services.Directory.FindManyAsync([me, target], ct);
        if (!users.ContainsKey(target))
        {
            return ApiProblem.NotFound("Target user not found");
        }

        if (await db.IsBlockedEitherWayAsync(me, target, ct))
        {
            return ApiProblem.Forbidden(Blocked);
        }

        if (await db.FindLiveAsync(me, target, ct) is not null)
        {
            return ApiProblem.BadRequest(AlreadyExists);
        }

        var friendship = Friendship.Request(me, target, body.Message, services.Now);
        db.Friendships.Add(friendship);
        try
        {
            await db.SaveWithEventsAsync(services.Outbox, () =>
                [new FriendRequestSent(friendship.Id, me, services.NameOf(me, users), target, services.NameOf(target, users))], ct);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return ApiProblem.BadRequest(AlreadyExists); // The other side (or a retry) got there first.
        }

        if (await db.IsBlockedEitherWayAsync(me, target, ct))
        {
            // A block committed between the check and the insert: withdraw the request it would have ended.
            friendship.End(FriendshipStatus.Cancelled, services.Now);
            db.AddIntegrationEvent(new FriendRequestCancelled(friendship.Id, me, target));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The block's own re-check ended it first.
            }

            return ApiProblem.Forbidden(Blocked);
        }

        services.Metrics.Sent();
        return TypedResults.Created($"/api/friends/check/{target}", FriendshipResponse.From(friendship));
    }

    public static async Task<Results<Ok<FriendshipResponse>, Ok<MessageResponse>, ProblemHttpResult>> RespondToRequest(
        [FromRoute(Name = "requester_user_id")] long requesterUserId,
        RespondToFriendRequest body,
        [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("requester_user_id", requesterUserId) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrEmpty(body.Action))
        {
            return new ValidationErrors().Required("action", body.Action).ToProblem();
        }

        var accept = string.Equals(body.Action, "accept", StringComparison.OrdinalIgnoreCase);
        if (!accept && !string.Equals(body.Action, "reject", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblem.BadRequest("Invalid action. Use 'accept' or 'reject'");
        }

        var (me, db, ct) = (services.UserId, services.Db, services.CancellationToken);
        var friendship = await db.Friendships.FirstOrDefaultAsync(
            f => f.RequesterId == requesterUserId && f.AddresseeId == me && f.Status == FriendshipStatus.Pending, ct);
        if (friendship is null)
        {
            return ApiProblem.BadRequest(NotPending);
        }

        if (accept)
        {
            var users = await services.Directory.FindManyAsync([requesterUserId, me], ct);
            friendship.Accept(services.Now);
            db.AddIntegrationEvent(new FriendRequestAccepted(
                friendship.Id, requesterUserId, services.NameOf(requesterUserId, users), me, services.NameOf(me, users)));
        }
        else
        {
            friendship.End(FriendshipStatus.Rejected, services.Now);
            db.AddIntegrationEvent(new FriendRequestRejected(friendship.Id, requesterUserId, me));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblem.BadRequest(NotPending); // Cancelled or answered meanwhile.
        }

        if (accept)
        {
            services.Metrics.Accepted();
            return TypedResults.Ok(FriendshipResponse.From(friendship));
        }

        services.Metrics.Rejected();
        return TypedResults.Ok(new MessageResponse("Friend request rejected successfully"));
    }

    public static async Task<Ok<FriendRequestsResponse>> ListRequests([AsParameters] FriendServices services)
    {
        var (me, ct) = (services.UserId, services.CancellationToken);
        var pending = await services.Db.Friendships.AsNoTracking()
            .Where(f => (f.RequesterId == me || f.AddresseeId == me) && f.Status == FriendshipStatus.Pending)
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .ToListAsync(ct);
        var users = await services.Directory.FindManyAsync(pending.Select(f => f.OtherThan(me)), ct);

        List<FriendRequestItem> Describe(IEnumerable<Friendship> rows, string type) =>
        [
            .. from f in rows
               let other = users.GetValueOrDefault(f.OtherThan(me))
               where other is not null
               select new FriendRequestItem(f.Id, other.Id, other.Username, other.DisplayName, string.Empty, f.Status, f.CreatedAt, type),
        ];

        return TypedResults.Ok(new FriendRequestsResponse(
            Describe(pending.Where(f => f.AddresseeId == me), "received"),
            Describe(pending.Where(f => f.RequesterId == me), "sent")));
    }

    public static async Task<Results<Ok<RequestCancelledResponse>, ProblemHttpResult>> CancelRequest(
        [FromRoute(Name = "target_user_id")] long targetUserId, [AsParameters] FriendServices services)
    {
        if (FriendServices.InvalidId("target_user_id", targetUserId) is { } invalid)
        {
            return invalid;
        }

        var (me, db, ct) = (services.UserId, services.Db, services.CancellationToken);
        var friendship = await db.Friendships.FirstOrDefaultAsync(
            f => f.RequesterId == me && f.AddresseeId == targetUserId && f.Status == FriendshipStatus.Pending, ct);
        if (friendship is null)
        {
            return ApiProblem.BadRequest(NothingToCancel);
        }

        friendship.End(FriendshipStatus.Cancelled, services.Now);
        db.AddIntegrationEvent(new FriendRequestCancelled(friendship.Id, me, targetUserId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblem.BadRequest(NothingToCancel); // Answered meanwhile.
        }

        services.Metrics.Cancelled();
        return TypedResults.Ok(new RequestCancelledResponse("Friend request cancelled successfully", targetUserId));
    }
}
