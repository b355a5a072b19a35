using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Model;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserService.IntegrationEvents;

/// <summary>Accepted friends see each other's presence: store the link both ways.</summary>
public sealed class FriendRequestAcceptedHandler(UserDbContext db) : IIntegrationEventHandler<FriendRequestAccepted>
{
    public async Task HandleAsync(FriendRequestAccepted integrationEvent, CancellationToken cancellationToken)
    {
        long a = integrationEvent.RequesterId, b = integrationEvent.AddresseeId;
        if (a == b)
        {
            return;
        }

        var existing = await db.FriendLinks
            .Where(l => (l.UserId == a && l.FriendId == b) || (l.UserId == b && l.FriendId == a))
            .Select(l => l.UserId)
            .ToListAsync(cancellationToken);
        foreach (var (userId, friendId) in new[] { (a, b), (b, a) })
        {
            if (!existing.Contains(userId))
            {
                db.FriendLinks.Add(new FriendLink { UserId = userId, FriendId = friendId });
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // A redelivery stored the same links concurrently; the outcome is the same.
        }
    }
}
