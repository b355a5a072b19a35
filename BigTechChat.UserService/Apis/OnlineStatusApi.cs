using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using BigTechChat.ApiConventions;
using BigTechChat.Security;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Presence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Apis;

public static class OnlineStatusApi
{
    public const string StatusEvent = "status";
    private static readonly byte[] PingFrame = Encoding.UTF8.GetBytes(": ping\n\n");

    public static IEndpointRouteBuilder MapOnlineStatusApi(this IEndpointRouteBuilder app)
    {
        var status = app.MapGroup("/api/online-status").WithTags("Presence").RequireAuthorization();
        status.MapPost("/heartbeat", HeartbeatAsync).WithName("Heartbeat").WithSummary("Stay online for another 60 s");
        status.MapGet("/user/{id}", GetUserStatusAsync).WithName("GetUserStatus").WithSummary("One user's presence");
        status.MapGet("/friends", GetFriendsStatusAsync).WithName("GetFriendsStatus").WithSummary("Presence of the caller's friends");
        status.MapGet("/stream", StreamStatus).WithStreamLimit().WithName("StreamFriendsStatus")
            .WithSummary("Server-Sent Events: friends' presence changes as they happen (Bearer or ?access_token)");
        return app;
    }

    public static async Task<Ok<HeartbeatResponse>> HeartbeatAsync(
        HttpContext context, PresenceRecorder presence, CancellationToken cancellationToken)
    {
        var userId = context.User.GetUserId();
        await presence.HeartbeatAsync(userId, cancellationToken);
        return TypedResults.Ok(new HeartbeatResponse(true, userId, (int)presence.TimeToLive.TotalSeconds));
    }

    public static async Task<Results<Ok<FriendStatus>, ProblemHttpResult>> GetUserStatusAsync(
        long id, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        if (id <= 0)
        {
            return new ValidationErrors().Add("id", "id must be a positive integer").ToProblem();
        }

        var lastSeen = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.LastSeenAt }).FirstOrDefaultAsync(cancellationToken);
        if (lastSeen is null)
        {
            return ApiProblem.NotFound("User not found");
        }

        return TypedResults.Ok(new FriendStatus(id, await presence.IsOnlineAsync(id, cancellationToken), lastSeen.LastSeenAt));
    }

    public static async Task<Ok<List<FriendStatus>>> GetFriendsStatusAsync(
        HttpContext context, UserDbContext db, PresenceTracker presence, CancellationToken cancellationToken)
    {
        var userId = context.User.GetUserId();
        var friends = await db.FriendLinks.AsNoTracking().Where(l => l.UserId == userId)
            .Join(db.Users, l => l.FriendId, u => u.Id, (_, u) => new { u.Id, u.LastSeenAt })
            .OrderBy(f => f.Id)
            .ToListAsync(cancellationToken);
        var online = await presence.OnlineAmongAsync(friends.Select(f => f.Id).ToArray(), cancellationToken);
        return TypedResults.Ok(friends.Select(f => new FriendStatus(f.Id, online.Contains(f.Id), f.LastSeenAt)).ToList());
    }

    /// <summary>Ends (the response completes) when the token is revoked or expires; see <see cref="TokenLifetimeMonitor"/>.</summary>
    public static ServerSentEventsResult<FriendStatus> StreamStatus(
        HttpContext context, StatusStreamHub hub, PresenceRecorder presence, TokenLifetimeMonitor tokens, IOptions<PresenceOptions> options)
    {
        var userId = context.User.GetUserId();
        var lifetime = tokens.Watch(context.User);
        context.Response.RegisterForDispose(lifetime);
        return TypedResults.ServerSentEvents(
            FriendChangesAsync(context, userId, hub, presence, lifetime, options.Value.StreamPingInterval, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<FriendStatus>> FriendChangesAsync(
        HttpContext context, long userId, StatusStreamHub hub, PresenceRecorder presence, TokenLifetime lifetime, TimeSpan pingInterval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(userId);
        if (lifetime.Ended.IsCancellationRequested)
        {
            yield break;
        }

        // The formatter writes only between items, so comment frames written here never interleave with events.
        await WritePingAsync(context, cancellationToken);
        await presence.HeartbeatAsync(userId, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            FriendStatus? change = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Ended))
            {
                wait.CancelAfter(pingInterval);
                try
                {
                    change = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !lifetime.Ended.IsCancellationRequested)
                {
                    // Quiet for a whole interval: keep the connection and the user's presence alive.
                }
                catch (OperationCanceledException)
                {
                    // The client went away, or the token stopped authorising the stream: complete the response.
                    yield break;
                }
            }

            if (lifetime.Ended.IsCancellationRequested)
            {
                yield break;
            }

            if (change is null)
            {
                await WritePingAsync(context, cancellationToken);
                await presence.HeartbeatAsync(userId, cancellationToken);
                continue;
            }

            yield return new SseItem<FriendStatus>(change, StatusEvent);
        }
    }

    private static async Task WritePingAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(PingFrame, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
