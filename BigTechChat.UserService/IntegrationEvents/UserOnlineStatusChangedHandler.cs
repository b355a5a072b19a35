using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Presence;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.IntegrationEvents;

/// <summary>Every instance consumes presence changes and writes them to its own open streams of the user's friends.</summary>
public sealed class UserOnlineStatusChangedHandler(StatusStreamHub hub, UserDbContext db) : IIntegrationEventHandler<UserOnlineStatusChanged>
{
    public async Task HandleAsync(UserOnlineStatusChanged integrationEvent, CancellationToken cancellationToken)
    {
        if (!hub.HasWatchers)
        {
            return;
        }

        // A user's friend list is short; the hub skips friends without an open stream here.
        var friends = await db.FriendLinks.AsNoTracking()
            .Where(l => l.FriendId == integrationEvent.UserId)
            .Select(l => l.UserId)
            .ToListAsync(cancellationToken);
        hub.Deliver(friends,
            new FriendStatus(integrationEvent.UserId, integrationEvent.IsOnline, integrationEvent.LastSeenAt));
    }
}
