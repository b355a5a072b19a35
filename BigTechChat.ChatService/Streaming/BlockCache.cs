using System.Collections.Concurrent;
using BigTechChat.ChatService.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Streaming;

/// <summary>
/// Who each user has a block with (either way), as the stream fan-out and replays need it for every event: read once
/// per user and kept for <see cref="StreamOptions.BlockCacheTime"/>. Every instance hears UserBlocked/UserUnblocked
/// (<see cref="IntegrationEvents.BlockCacheUpdater"/>) and applies them to what it holds, and also on top of any read
/// made while the shared handler may not have stored the change yet, so a cached set is never behind a heard event.
/// </summary>
public sealed class BlockCache(IServiceScopeFactory scopes, IOptions<StreamOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, (HashSet<(long Blocker, long Blocked)> Pairs, DateTimeOffset ReadAt)> _cache = new();
    private readonly Lock _gate = new();
    private readonly List<(long Blocker, long Blocked, bool IsBlocked, DateTimeOffset HeardAt)> _heard = [];

    /// <summary>The users who blocked <paramref name="userId"/> or whom they blocked.</summary>
    public async Task<IReadOnlySet<long>> BlockedWithAsync(long userId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(userId, out var cached) && clock.GetUtcNow() - cached.ReadAt < options.Value.BlockCacheTime)
        {
            lock (_gate)
            {
                return OthersOf(userId, cached.Pairs);
            }
        }

        var readAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var rows = await db.Blocks.AsNoTracking()
            .Where(x => x.BlockerId == userId || x.BlockedId == userId)
            .Select(x => new { x.BlockerId, x.BlockedId })
            .ToListAsync(cancellationToken);
        lock (_gate)
        {
            var pairs = rows.Select(x => (x.BlockerId, x.BlockedId)).ToHashSet();
            foreach (var heard in _heard.Where(h => h.Blocker == userId || h.Blocked == userId))
            {
                // The shared consumer may not have stored what this instance heard yet: what was heard wins.
                Apply(pairs, heard.Blocker, heard.Blocked, heard.IsBlocked);
            }

            _cache[userId] = (pairs, readAt);

            return OthersOf(userId, pairs);
        }
    }

    /// <summary>Applies a block or unblock this instance heard of to what it holds and to reads still to come.</summary>
    public void Heard(long blockerId, long blockedId, bool isBlocked)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            _heard.RemoveAll(h => now - h.HeardAt > options.Value.BlockCacheTime);
            _heard.Add((blockerId, blockedId, isBlocked, now));
            foreach (var userId in new[] { blockerId, blockedId })
            {
                if (_cache.TryGetValue(userId, out var cached))
                {
                    Apply(cached.Pairs, blockerId, blockedId, isBlocked);
                }
            }
        }
    }

    private static void Apply(HashSet<(long, long)> pairs, long blocker, long blocked, bool isBlocked)
    {
        if (isBlocked)
        {
            pairs.Add((blocker, blocked));
        }
        else
        {
            pairs.Remove((blocker, blocked));
        }
    }

    private static HashSet<long> OthersOf(long userId, HashSet<(long Blocker, long Blocked)> pairs) =>
        pairs.Select(p => p.Blocker == userId ? p.Blocked : p.Blocker).ToHashSet();
}
