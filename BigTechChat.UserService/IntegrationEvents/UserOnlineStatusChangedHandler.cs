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

        var watching = hub.Watching.ToArray();
        var friendsWatching = await db.FriendLinks.AsNoTracking()
            .Where(l => l.FriendId == integrationEvent.UserId && watching.Contains(l.UserId))
            .Select(l => l.UserId)
            .ToListAsync(cancellationToken);
        hub.Deliver(friendsWatching,
            new FriendStatus(integrationEvent.UserId, integrationEvent.IsOnline, integrationEvent.LastSeenAt));
    }
}
