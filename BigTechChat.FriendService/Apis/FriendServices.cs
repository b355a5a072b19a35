using System.Security.Claims;
using BigTechChat.ApiConventions;
using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Infrastructure;
using BigTechChat.Security;
using BigTechChat.UserDirectory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BigTechChat.FriendService.Apis;

/// <summary>What every friend endpoint needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record FriendServices(
    ClaimsPrincipal User,
    FriendDbContext Db,
    IUserDirectory Directory,
    FriendMetrics Metrics,
    OutboxSignal Outbox,
    TimeProvider Clock,
    CancellationToken CancellationToken)
{
    public long UserId => User.GetUserId();

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The name events carry for a user: the directory's, else (for the caller) the token's.</summary>
    public string NameOf(long userId, IReadOnlyDictionary<long, DirectoryUser> users) =>
        users.TryGetValue(userId, out var found) ? found.Username
        : userId == UserId ? User.GetUsername()
        : string.Empty;

    /// <summary>Path ids are positive integers; anything else is a 422 naming the parameter.</summary>
    public static ProblemHttpResult? InvalidId(string parameter, long id) =>
        id > 0 ? null : new ValidationErrors().Add(parameter, $"{parameter} must be a positive integer").ToProblem();
}
