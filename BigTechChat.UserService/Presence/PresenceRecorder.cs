using BigTechChat.EventBus.Outbox;
using BigTechChat.IntegrationEvents;
using BigTechChat.UserService.Infrastructure;
using BigTechChat.UserService.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Presence;

/// <summary>
/// Turns presence transitions into state: <c>last_seen_at</c> on the user and a <see cref="UserOnlineStatusChanged"/>
/// in the outbox, committed together.
/// </summary>
public sealed class PresenceRecorder(
    PresenceTracker tracker,
    UserDbContext db,
    IOptions<PresenceOptions> options,
    TimeProvider clock)
{
    /// <summary>Users per lapse transaction; bounds the statement's parameter count and the lock's hold time.</summary>
    public const int LapseBatchSize = 500;

    public TimeSpan TimeToLive => options.Value.TimeToLive;

    /// <summary>Keeps the user online for another TTL; reports the change when they were offline.</summary>
    public async Task HeartbeatAsync(long userId, CancellationToken cancellationToken)
    {
        if (await tracker.HeartbeatAsync(userId, TimeToLive, cancellationToken))
        {
            await RecordAsync(userId, isOnline: true, cancellationToken);
        }
    }

    /// <summary>Logout: offline at once, whatever the TTL says.</summary>
    public async Task GoOfflineAsync(long userId, CancellationToken cancellationToken)
    {
        await tracker.SetOfflineAsync(userId, cancellationToken);
        await RecordAsync(userId, isOnline: false, cancellationToken);
    }

    /// <summary>
    /// The lapses one sweep collected, recorded in one write per <see cref="LapseBatchSize"/> users: every lapse of
    /// a sweep lands at once, and one transaction each would hold the database's write lock in a burst.
    /// </summary>
    public async Task LapsedAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        foreach (var batch in userIds.Chunk(LapseBatchSize))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var users = await db.Users.Where(u => batch.Contains(u.Id)).ToListAsync(cancellationToken);
            foreach (var user in users)
            {
                Stage(user, isOnline: false, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private async Task RecordAsync(long userId, bool isOnline, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return;
        }

        Stage(user, isOnline, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One transition, unsaved: <c>last_seen_at</c> on the user and its event in the outbox.</summary>
    private void Stage(User user, bool isOnline, DateTime now)
    {
        user.LastSeenAt = now;
        db.AddIntegrationEvent(new UserOnlineStatusChanged(user.Id, isOnline, now) { Timestamp = now });
    }
}
