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
        var known = await db.DirectoryUsers.AsNoTracking()
            .Where(u => wanted.Contains(u.Id))
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
            // An event stored the same user meanwhile; its copy is at least as fresh.
        }
        finally
        {
            db.Entry(user).State = EntityState.Detached;
        }
    }
}
