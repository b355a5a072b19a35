using System.Globalization;
using StackExchange.Redis;

namespace BigTechChat.UserService.Presence;

/// <summary>
/// Distributed mode: <c>user:online:{id}</c> keys with the TTL answer "is online"; a sorted set of expiries
/// records who was announced online, so that exactly one instance's sweeper reports each lapse.
/// </summary>
public sealed class RedisPresenceTracker(IConnectionMultiplexer redis, TimeProvider clock) : PresenceTracker
{
    public const string AnnouncedKey = "presence:announced";

    // Atomic, so a sweep cannot interleave with the renewal of the same user.
    private const string HeartbeatScript = """
        redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
        local isNew = redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
        return isNew
        """;

    private const string OfflineScript = """
        redis.call('DEL', KEYS[1])
        return redis.call('ZREM', KEYS[2], ARGV[1])
        """;

    // A member whose key is gone lapsed; ZREM decides which sweeper reports it. Live members get their score fixed.
    private const string CollectScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
        local lapsed = {}
        for _, member in ipairs(due) do
            local ttl = redis.call('PTTL', ARGV[2] .. member)
            if ttl > 0 then
                redis.call('ZADD', KEYS[1], ARGV[1] + ttl, member)
            elseif redis.call('ZREM', KEYS[1], member) == 1 then
                table.insert(lapsed, member)
            end
        end
        return lapsed
        """;

    public static RedisKey OnlineKey(long userId) => $"user:online:{userId.ToString(CultureInfo.InvariantCulture)}";

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override async Task<bool> HeartbeatAsync(long userId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        var ttl = (long)Math.Max(1, timeToLive.TotalMilliseconds);
        var added = await Database.ScriptEvaluateAsync(HeartbeatScript, [OnlineKey(userId), AnnouncedKey],
            [ttl, NowMs + ttl, userId]);
        return (long)added == 1;
    }

    public override async Task<bool> SetOfflineAsync(long userId, CancellationToken cancellationToken = default)
    {
        var removed = await Database.ScriptEvaluateAsync(OfflineScript, [OnlineKey(userId), AnnouncedKey], [userId]);
        return (long)removed == 1;
    }

    public override Task<bool> IsOnlineAsync(long userId, CancellationToken cancellationToken = default) =>
        Database.KeyExistsAsync(OnlineKey(userId));

    public override async Task<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return new HashSet<long>();
        }

        var ids = userIds.ToArray();
        var values = await Database.StringGetAsync(ids.Select(OnlineKey).ToArray());
        return ids.Where((_, i) => values[i].HasValue).ToHashSet();
    }

    public override async Task<IReadOnlyList<long>> CollectLapsedAsync(CancellationToken cancellationToken = default)
    {
        var result = await Database.ScriptEvaluateAsync(CollectScript, [AnnouncedKey], [NowMs, "user:online:"]);
        return ((RedisResult[])result!).Select(r => long.Parse((string)r!, CultureInfo.InvariantCulture)).ToList();
    }

    public override Task<long> CountOnlineAsync(CancellationToken cancellationToken = default) =>
        Database.SortedSetLengthAsync(AnnouncedKey);

    private IDatabase Database => redis.GetDatabase();
}
