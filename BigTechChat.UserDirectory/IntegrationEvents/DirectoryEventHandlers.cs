using BigTechChat.EventBus;
using BigTechChat.IntegrationEvents;
using BigTechChat.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserDirectory.IntegrationEvents;

/// <summary>Adds a newly registered user to the local copy.</summary>
public sealed class UserRegisteredHandler<TContext>(TContext db, TimeProvider clock) : IIntegrationEventHandler<UserRegistered>
    where TContext : DbContext, IUserDirectoryDbContext
{
    public Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken) =>
        DirectoryWriter.UpsertAsync(db, integrationEvent.UserId, clock, cancellationToken, user =>
        {
            user.Username = integrationEvent.Username;
            user.DisplayName = integrationEvent.DisplayName;
        });
}

/// <summary>Keeps display names current.</summary>
public sealed class UserProfileUpdatedHandler<TContext>(TContext db, TimeProvider clock) : IIntegrationEventHandler<UserProfileUpdated>
    where TContext : DbContext, IUserDirectoryDbContext
{
    public async Task HandleAsync(UserProfileUpdated integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent.Username is null && !await db.DirectoryUsers.AnyAsync(u => u.Id == integrationEvent.UserId, cancellationToken))
        {
            return; // Nothing to name the user by yet; the first lookup fetches the whole profile.
        }

        await DirectoryWriter.UpsertAsync(db, integrationEvent.UserId, clock, cancellationToken, user =>
        {
            user.Username = integrationEvent.Username ?? user.Username;
            user.DisplayName = integrationEvent.DisplayName;
        });
    }
}

/// <summary>
/// Keeps presence current, ignoring changes older than what is stored. <c>user.online_status</c> and
/// <c>user.events</c> are separate topics, so a new user's first heartbeat can arrive before
/// <see cref="UserRegistered"/>: the presence is then kept on a nameless row that the registration names later.
/// Idempotent by that timestamp, so presence changes (one per login, heartbeat lapse and logout, in every service with
/// a directory) skip the inbox.
/// </summary>
public sealed class UserOnlineStatusChangedHandler<TContext>(TContext db, TimeProvider clock)
    : IIntegrationEventHandler<UserOnlineStatusChanged>, IIdempotentEventHandler
    where TContext : DbContext, IUserDirectoryDbContext
{
    public Task HandleAsync(UserOnlineStatusChanged integrationEvent, CancellationToken cancellationToken) =>
        DirectoryWriter.UpsertAsync(db, integrationEvent.UserId, clock, cancellationToken, user =>
        {
            if (user.PresenceChangedAt > integrationEvent.Timestamp)
            {
                return;
            }

            user.IsOnline = integrationEvent.IsOnline;
            user.LastSeenAt = integrationEvent.LastSeenAt ?? user.LastSeenAt;
            user.PresenceChangedAt = integrationEvent.Timestamp;
        });
}

internal static class DirectoryWriter
{
    public static async Task UpsertAsync<TContext>(
        TContext db, long userId, TimeProvider clock, CancellationToken cancellationToken, Action<DirectoryUser> apply)
        where TContext : DbContext, IUserDirectoryDbContext
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var user = await db.DirectoryUsers.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
            var isNew = user is null;
            user ??= new DirectoryUser { Id = userId, Username = string.Empty };
            apply(user);
            user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (isNew)
            {
                db.DirectoryUsers.Add(user);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (isNew && exception.IsUniqueViolation())
            {
                db.ChangeTracker.Clear(); // A lookup stored the user first; apply the event on top of it.
            }
        }
    }
}
