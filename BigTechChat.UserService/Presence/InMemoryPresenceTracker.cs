using System.Collections.Concurrent;

namespace BigTechChat.UserService.Presence;

/// <summary>Embedded mode: presence of this process only.</summary>
public sealed class InMemoryPresenceTracker(TimeProvider clock) : PresenceTracker
{
    private readonly ConcurrentDictionary<long, DateTime> _expiries = new();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public override Task<bool> HeartbeatAsync(long userId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var cameOnline = false;
        var expiry = Now + timeToLive;
        _expiries.AddOrUpdate(userId, _ =>
        {
            cameOnline = true;
            return expiry;
        }, (_, _) =>
        {
            cameOnline = false;
            return expiry;
        });
        return Task.FromResult(cameOnline);
    }

    public override Task<bool> SetOfflineAsync(long userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_expiries.TryRemove(userId, out _));

    public override Task<bool> IsOnlineAsync(long userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsLive(userId));

    public override Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<long>>(userIds.Where(IsLive).ToHashSet());

    public override Task<IReadOnlyList<long>> CollectLapsedAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        var lapsed = new List<long>();
        foreach (var entry in _expiries)
        {
            // Removing by key and value loses to a heartbeat that renewed the entry meanwhile.
            if (entry.Value <= now && _expiries.TryRemove(entry))
            {
                lapsed.Add(entry.Key);
            }
        }

        return Task.FromResult<IReadOnlyList<long>>(lapsed);
    }

    public override Task<long> CountOnlineAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult((long)_expiries.Count);

    private bool IsLive(long userId) => _expiries.TryGetValue(userId, out var expiry) && expiry > Now;
}
