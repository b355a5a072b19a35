using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.UserService.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.IntegrationEvents;

/// <summary>Removed friends stop seeing each other's presence.</summary>
public sealed class FriendRemovedHandler(UserDbContext db) : IIntegrationEventHandler<FriendRemoved>
{
    public Task HandleAsync(FriendRemoved integrationEvent, CancellationToken cancellationToken) =>
        FriendLinks.UnlinkAsync(db, integrationEvent.UserId, integrationEvent.FriendId, cancellationToken);
}

/// <summary>A block ends any friendship, so presence stops flowing both ways.</summary>
public sealed class UserBlockedHandler(UserDbContext db) : IIntegrationEventHandler<UserBlocked>
{
    public Task HandleAsync(UserBlocked integrationEvent, CancellationToken cancellationToken) =>
        FriendLinks.UnlinkAsync(db, integrationEvent.BlockerId, integrationEvent.BlockedId, cancellationToken);
}

internal static class FriendLinks
{
    public static Task UnlinkAsync(UserDbContext db, long a, long b, CancellationToken cancellationToken) =>
        db.FriendLinks
            .Where(l => (l.UserId == a && l.FriendId == b) || (l.UserId == b && l.FriendId == a))
            .ExecuteDeleteAsync(cancellationToken);
}
