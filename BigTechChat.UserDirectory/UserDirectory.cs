using BigTechChat.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BigTechChat.UserDirectory;

/// <summary>Names and presence of users, answered from the local copy; misses are fetched once and stored.</summary>
public interface IUserDirectory
{
    Task<DirectoryUser?> FindAsync(long userId, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<long, DirectoryUser>> FindManyAsync(IEnumerable<long> userIds, CancellationToken cancellationToken);
}

internal sealed class UserDirectory<TContext>(TContext db, UserServiceClient userService, TimeProvider clock) : IUserDirectory
    where TContext : DbContext, IUserDirectoryDbContext
{
    public async Task<DirectoryUser?> FindAsync(long userId, CancellationToken cancellationToken) =>
        (await FindManyAsync([userId], cancellationToken)).GetValueOrDefault(userId);

    public async Task<IReadOnlyDictionary<long, DirectoryUser>> FindManyAsync(IEnumerable<long> userIds, CancellationToken cancellationToken)
    {
        var wanted = userIds.Distinct().ToArray();
        // A nameless row only holds presence that arrived before the user's registration event; it is not known yet.
        var known = await db.DirectoryUsers.AsNoTracking()
            .Where(u => wanted.Contains(u.Id) && u.Username != string.Empty)
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var missing = wanted.Where(id => !known.ContainsKey(id)).ToArray();
        if (missing.Length == 0)
        {
            return known;
        }

        foreach (var profile in await userService.GetUsersAsync(missing, cancellationToken))
        {
            var user = new DirectoryUser
            {
                Id = profile.Id,
                Username = profile.Username,
                DisplayName = profile.DisplayName,
                IsOnline = profile.IsOnline,
                LastSeenAt = profile.LastSeenAt,
                UpdatedAt = clock.GetUtcNow().UtcDateTime,
            };
            known[user.Id] = user;
            await StoreAsync(user, cancellationToken);
        }

        return known;
    }

    private async Task StoreAsync(DirectoryUser user, CancellationToken cancellationToken)
    {
        db.DirectoryUsers.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // An event stored the same user meanwhile: its presence is at least as fresh; name it if it has no name yet.
            db.Entry(user).State = EntityState.Detached;
            await db.DirectoryUsers.Where(u => u.Id == user.Id && u.Username == string.Empty).ExecuteUpdateAsync(
                setters => setters.SetProperty(u => u.Username, user.Username).SetProperty(u => u.DisplayName, user.DisplayName),
                cancellationToken);
        }
        finally
        {
            db.Entry(user).State = EntityState.Detached;
        }
    }
}
