using BigTechChat.EventBus;
using BigTechChat.EventBus.Outbox;
using BigTechChat.FriendService.Model;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.FriendService.Infrastructure;

public static class FriendQueries
{
    /// <summary>The pending or accepted row between two users, whichever of them asked.</summary>
    public static Task<Friendship?> FindLiveAsync(this FriendDbContext db, long a, long b, CancellationToken cancellationToken)
    {
        var key = Friendship.PairKey(a, b);
        return db.Friendships.FirstOrDefaultAsync(f => f.LivePairKey == key, cancellationToken);
    }

    public static Task<bool> IsBlockedEitherWayAsync(this FriendDbContext db, long a, long b, CancellationToken cancellationToken) =>
        db.UserBlocks.AnyAsync(
            x => (x.BlockerId == a && x.BlockedId == b) || (x.BlockerId == b && x.BlockedId == a), cancellationToken);

    /// <summary>
    /// Saves new rows first so their generated ids can go into the events, then the events, in one transaction;
    /// the relay is woken only after the commit so it never looks too early.
    /// </summary>
    public static async Task SaveWithEventsAsync(
        this FriendDbContext db, OutboxSignal signal, Func<IEnumerable<IntegrationEvent>> events, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var integrationEvent in events())
            {
                db.AddIntegrationEvent(integrationEvent);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify();
    }
}
